// Holidays and observances by name, as their next occurrence (today counts). The user's locale
// decides the ones that differ by country: Mother's Day is Mothering Sunday (three weeks before
// Easter) in the UK and Ireland and the second Sunday of May elsewhere, and "the bank holiday"
// exists only there. The others are read the same everywhere: a UK user writing "Thanksgiving"
// means the American one.
//
// A name is not a date when it only describes the word after it, in the middle of a sentence and
// without "by", "on", "before"… in front: "remove the easter egg", "fix the Christmas theme".
// At the start of a line, calendar style, it is a date ("Christmas party planning"), but a weak
// one: any other day in the text wins ("Valentine's reservations this week").

import { addDays, compareDates, type CivilDate } from '../timeZone';
import { textBefore, type DayMention, type Span } from './mentions';
import { isFollowedByNoun } from './vocabulary';
import { nthWeekdayOfMonth } from './weekdays';

export type HolidayRegion = 'US' | 'GB';

interface Holiday {
  /** Lower-case names; "'" matches either apostrophe or none, "st " also "st." and "saint". */
  names: string[];
  date: (year: number, region: HolidayRegion) => CivilDate | undefined;
  /** Only in this region. */
  region?: HolidayRegion;
}

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const fixed = (month: number, day: number) => (year: number): CivilDate => ({ year, month, day });
const nth = (month: number, weekday: number, n: number) => (year: number): CivilDate | undefined => nthWeekdayOfMonth(year, month, weekday, n);
const fromEaster = (days: number) => (year: number): CivilDate => addDays(easterSunday(year), days);
const fromThanksgiving = (days: number) => (year: number): CivilDate => addDays(nthWeekdayOfMonth(year, 11, 4, 4)!, days);
const MON = 1;
const TUE = 2;
const SUN = 0;

const HOLIDAYS: readonly Holiday[] = [
  { names: ["new year's day", "new year's", 'new year'], date: fixed(1, 1) },
  { names: ["new year's eve", 'nye'], date: fixed(12, 31) },
  { names: ['mlk day', 'martin luther king day', 'martin luther king jr day', 'martin luther king jr. day'], date: nth(1, MON, 3) },
  { names: ['burns night'], date: fixed(1, 25) },
  { names: ['groundhog day'], date: fixed(2, 2) },
  { names: ["valentine's day", "valentine's", "st valentine's day"], date: fixed(2, 14) },
  { names: ["presidents' day", "president's day", "washington's birthday"], date: nth(2, MON, 3) },
  { names: ['mardi gras', 'shrove tuesday', 'pancake day', 'fat tuesday'], date: fromEaster(-47) },
  { names: ['ash wednesday'], date: fromEaster(-46) },
  { names: ["st david's day"], date: fixed(3, 1) },
  { names: ["st patrick's day", "st paddy's day", "paddy's day"], date: fixed(3, 17) },
  { names: ['mothering sunday'], date: fromEaster(-21) },
  { names: ["mother's day"], date: (year, region) => (region === 'GB' ? fromEaster(-21)(year) : nth(5, SUN, 2)(year)) },
  { names: ["april fools' day", "april fools'"], date: fixed(4, 1) },
  { names: ['palm sunday'], date: fromEaster(-7) },
  { names: ['maundy thursday'], date: fromEaster(-3) },
  { names: ['good friday'], date: fromEaster(-2) },
  { names: ['easter', 'easter sunday', 'easter day'], date: fromEaster(0) },
  { names: ['easter monday'], date: fromEaster(1) },
  { names: ["st george's day"], date: fixed(4, 23) },
  { names: ['early may bank holiday', 'may day bank holiday', 'may bank holiday'], date: nth(5, MON, 1), region: 'GB' },
  { names: ['memorial day'], date: nth(5, MON, -1) },
  { names: ['spring bank holiday', 'late may bank holiday', 'whitsun bank holiday'], date: nth(5, MON, -1), region: 'GB' },
  { names: ["father's day"], date: nth(6, SUN, 3) },
  { names: ['juneteenth'], date: fixed(6, 19) },
  { names: ['independence day', 'fourth of july', '4th of july'], date: fixed(7, 4) },
  { names: ['summer bank holiday', 'august bank holiday', 'late summer bank holiday'], date: nth(8, MON, -1), region: 'GB' },
  { names: ['labor day', 'labour day'], date: nth(9, MON, 1) },
  { names: ['columbus day', "indigenous peoples' day"], date: nth(10, MON, 2) },
  { names: ['halloween', "hallowe'en"], date: fixed(10, 31) },
  { names: ['election day'], date: (year) => addDays(nthWeekdayOfMonth(year, 11, MON, 1)!, TUE - MON) },
  { names: ['bonfire night', 'guy fawkes night', 'guy fawkes day'], date: fixed(11, 5) },
  { names: ["veterans' day", 'armistice day', 'remembrance day'], date: fixed(11, 11) },
  { names: ['remembrance sunday'], date: nth(11, SUN, 2) },
  { names: ['thanksgiving', 'thanksgiving day'], date: fromThanksgiving(0) },
  { names: ['black friday'], date: fromThanksgiving(1) },
  { names: ['cyber monday'], date: fromThanksgiving(4) },
  { names: ["st andrew's day"], date: fixed(11, 30) },
  { names: ['christmas eve', 'xmas eve'], date: fixed(12, 24) },
  { names: ['christmas', 'christmas day', 'xmas'], date: fixed(12, 25) },
  { names: ['boxing day', "st stephen's day"], date: fixed(12, 26) },
];

/** England and Wales bank holidays by their dates, for "the bank holiday"; substitute days are not counted. */
const BANK_HOLIDAY_NAMES = ["new year's day", 'good friday', 'easter monday', 'early may bank holiday', 'spring bank holiday', 'summer bank holiday', 'christmas day', 'boxing day'];

/** The holiday region of a BCP 47 locale: the UK and Ireland, or the United States' customs elsewhere. */
export function holidayRegion(locale: string): HolidayRegion {
  return /[-_](?:GB|UK|IE)\b/i.test(locale) ? 'GB' : 'US';
}

function nameSource(name: string): string {
  return name
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/^st /, String.raw`(?:st\.?|saint) `)
    .replace(/'/g, "['’]?")
    .replace(/ /g, String.raw`\s+`);
}

const NAME_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:the\s+)?(?:next\s+)?(bank\s+holiday)(?:\s+monday)?|(${HOLIDAYS.flatMap((h) => h.names).sort((a, b) => b.length - a.length).map(nameSource).join('|')}))(?![\p{L}\p{N}])`,
  'giu',
);
const LEAD = /(?<![\p{L}])(?:by|before|on|for|until|till|til|due|after|since|over|around|at|from)\s+(?:the\s+)?$/iu;

function holidayNamed(written: string): Holiday | undefined {
  const name = written.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ');
  const key = name.replace(/^(?:st\.?|saint) /, 'st ');
  const bare = (n: string): string => n.replace(/'/g, '');
  return HOLIDAYS.find((h) => h.names.some((n) => n === key || bare(n) === bare(key)));
}

/** The first date on or after today that `date` gives, this year or next. */
function nextOccurrence(date: (year: number) => CivilDate | undefined, today: CivilDate): CivilDate | undefined {
  for (const year of [today.year, today.year + 1]) {
    const d = date(year);
    if (d && compareDates(d, today) >= 0) return d;
  }
  return undefined;
}

function nextBankHoliday(today: CivilDate): CivilDate | undefined {
  const dates = BANK_HOLIDAY_NAMES.map((n) => nextOccurrence((y) => holidayNamed(n)!.date(y, 'GB'), today)).filter((d): d is CivilDate => !!d);
  return dates.sort(compareDates)[0];
}

/** How the name at `start`–`end` is used: as a date, as a heading, or only to describe the noun after it. */
function usage(text: string, start: number, end: number): 'date' | 'heading' | 'describes' {
  if (LEAD.test(textBefore(text, start)) || !isFollowedByNoun(text, end)) return 'date';
  return /^[\s\p{P}]*$/u.test(text.slice(0, start)) ? 'heading' : 'describes';
}

/**
 * Holiday names in `text` as their next occurrence, and the spans of names that are not dates,
 * which no other reader may take ("Black Friday banner" is not a Friday either).
 */
export function findHolidays(text: string, today: CivilDate, region: HolidayRegion): { days: DayMention[]; vetoes: Span[] } {
  const days: DayMention[] = [];
  const vetoes: Span[] = [];
  for (const m of text.matchAll(NAME_RE)) {
    const span = { start: m.index!, end: m.index! + m[0].length };
    const holiday = m[2] ? holidayNamed(m[2]) : undefined;
    const use = usage(text, span.start, span.end);
    if (use === 'describes') {
      vetoes.push(span);
      continue;
    }
    const weak = use === 'heading';
    if (m[1]) {
      const date = region === 'GB' ? nextBankHoliday(today) : undefined;
      if (date) days.push({ ...span, date, weak });
      continue;
    }
    if (!holiday || (holiday.region && holiday.region !== region)) continue;
    const date = nextOccurrence((y) => holiday.date(y, region), today);
    if (date) days.push({ ...span, date, weak });
  }
  return { days, vetoes };
}
