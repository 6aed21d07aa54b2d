// English words the date rules share: weekdays, months, numbers, ordinals, and the words that
// may follow a time without making it part of a noun phrase.

/** Weekday names and abbreviations → 0 (Sunday) … 6 (Saturday). */
export const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
};

const SMALL_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, 'forty five': 45,
  'twenty-five': 25, 'twenty five': 25, couple: 2, 'a couple of': 2, 'a couple': 2,
};

export const ORDINALS: Readonly<Record<string, number>> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5, last: -1,
};

/** Regex source matching any of `words`, longest first so that "thursday" wins over "thu". */
export function alternation(words: Iterable<string>): string {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

export const WEEKDAY_RE = String.raw`(?:${alternation(Object.keys(WEEKDAYS))})\.?`;
/** Weekdays without the abbreviations that are also words ("sat", "sun", "wed"). */
export const WEEKDAY_WORD_RE = String.raw`(?:${alternation(Object.keys(WEEKDAYS).filter((w) => !['sat', 'sun', 'wed'].includes(w)))})`;
export const MONTH_RE = String.raw`(?:${alternation(Object.keys(MONTHS))})\.?`;
export const NUMBER_WORD_RE = alternation(Object.keys(SMALL_NUMBERS));

/** The weekday a name means, ignoring case and a trailing dot. */
export function weekdayNamed(name: string): number | undefined {
  return WEEKDAYS[name.toLowerCase().replace(/\.$/, '')];
}

export function monthNamed(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

/** A count written in digits ("2", "2.5", "1/2") or words ("two", "a couple of"). */
export function amountOf(text: string): number | undefined {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  const fraction = /^(\d+)\/(\d+)$/.exec(t);
  if (fraction) return Number(fraction[2]) === 0 ? undefined : Number(fraction[1]) / Number(fraction[2]);
  return SMALL_NUMBERS[t];
}

/**
 * Words that may follow a time or a date without making it part of a noun phrase: "at 4 about
 * the release", "3p with Acme", "at 5 tomorrow". A time followed by another word ("at 2
 * replicas", "the 3p deps") describes that word, and is not read.
 */
const CLAUSE_WORDS = new Set([
  'about', 'with', 'w', 'for', 'to', 'and', 'then', 'so', 'if', 'please', 'pls', 'plz', 'on', 'in', 'at', 'by',
  'before', 'after', 'until', 'till', 'or', 'sharp', 'latest', 'the', 'our', 'my', 'your', 'their', 'his', 'her',
  'a', 'an', 'call', 'meeting', 'sync', 'today', 'tonight', 'tomorrow', 'tmrw', 'morning', 'afternoon', 'evening',
  'night', 'noon', 'next', 'this', 'coming', 'o', 'oclock', 'local', 'time', 're', 'via', 'from', 'we', 'i', 'you',
  'they', 'he', 'she', 'it', 'let', 'lets',
  ...Object.keys(WEEKDAYS), ...Object.keys(MONTHS),
]);

/** True when the first word after `end` turns what precedes it into a modifier of that word. */
export function isFollowedByNoun(text: string, end: number): boolean {
  const next = /^\s*([\p{L}][\p{L}']*)/u.exec(text.slice(end));
  if (!next) return false;
  const word = next[1]!.toLowerCase().replace(/'s$/, '');
  return !CLAUSE_WORDS.has(word);
}
