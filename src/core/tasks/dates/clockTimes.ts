// Times of day in English text, in the forms people write them:
//
//   3pm, 3 p.m., 3:30 p m, 3.30pm      am/pm: always a time
//   3p, 10a                            short am/pm: a time unless a noun follows ("3p deps")
//   15:30, 09:15, 10:30                colon: a time unless it reads as a duration, line:column or ratio
//   15h30                              French and 24-hour style: always a time
//   9.30, 1030, 945, 0900              only after "at", "by", "@"… or next to a day ("monday 0930")
//   at 4, at five, 8 tonight           a bare hour: after "at"/"by"… with no noun after it, or before a day
//   noon, midday, lunchtime, midnight  always (lunchtime is 12:00)
//   20 past 3pm, a quarter to noon,    minutes past and to the hour ("half 5": 5:30, British;
//   half past four, ten to five          "a quarter after 5", American, with the minutes in words)
//
// A time after "after", "since", "from" or "between" starts something rather than ending it ("dark
// mode after 8pm", "from 9 to 5"), and one between "the" and a noun names the noun ("the 7:30
// train"): neither is a deadline.
// followed by an optional zone (see timeZones.ts). Without am/pm the hour is resolved later, once
// the part of the day next to it is known (resolveClock): 1–6 o'clock is afternoon, as in "call at
// 4"; 7–12 as written; a leading zero or 13–23 is 24-hour.

import { textBefore, withoutOverlaps, type ClockMention, type DayPeriod } from './mentions';
import { DETERMINER_BEFORE } from './notDates';
import { ZONE_AFTER_TIME, zoneNamed } from './timeZones';
import { alternation, isFollowedByNoun, WEEKDAY_RE } from './vocabulary';

const HOUR_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const MINUTE_WORDS: Readonly<Record<string, number>> = { five: 5, ten: 10, twenty: 20, 'twenty-five': 25, 'twenty five': 25, quarter: 15, 'a quarter': 15, half: 30 };
const HOUR_WORD_RE = alternation(Object.keys(HOUR_WORDS));

/** Not inside a word, a number, a path, a version or line:column. */
const BEFORE = String.raw`(?<![\p{L}\p{N}_.:/\\-])`;
/** Not followed by more of a number (10:30:45 is a timestamp, 3.5 a decimal). */
const AFTER = String.raw`(?![\p{L}\p{N}_]|[.:/-]\d)`;
const MERIDIEM = String.raw`\s?([ap])\.?\s?m\.?(?![\p{L}\p{N}])`;

const WITH_MERIDIEM = new RegExp(String.raw`${BEFORE}(\d{1,2})(?:[:.]([0-5]\d))?${MERIDIEM}`, 'giu');
const SHORT_MERIDIEM = new RegExp(String.raw`${BEFORE}(\d{1,2})(?:[:.]([0-5]\d))?([ap])(?![\p{L}\p{N}])`, 'giu');
const H_FORM = new RegExp(String.raw`${BEFORE}([01]?\d|2[0-3])h([0-5]\d)(?![\p{L}\p{N}])`, 'giu');
const SEPARATED = new RegExp(String.raw`${BEFORE}([01]?\d|2[0-3])([:.])([0-5]\d)(?::[0-5]\d)?${AFTER}`, 'gu');
const RUN_TOGETHER = new RegExp(String.raw`${BEFORE}(\d{1,2})([0-5]\d)${AFTER}`, 'gu');
const BARE_HOUR = new RegExp(String.raw`${BEFORE}(\d{1,2}|${HOUR_WORD_RE})(\s*o'?\s?clock)?(?![\p{L}\p{N}_%]|[.:/-]\d|\s*(?:%|x\b|/))`, 'giu');
/** An hour right before am/pm, which may follow the hour of "20 past 3pm". */
const THEN_MERIDIEM_OR_END = String.raw`(?:(?=\s?[ap]\.?\s?m\.?(?![\p{L}\p{N}]))|(?![\p{L}\p{N}]|:\d))`;
const NOON = /(?<![\p{L}])(noon|midday|lunch\s?time|midnight)(?![\p{L}])/giu;
const PAST_OR_TO = new RegExp(
  String.raw`${BEFORE}(${alternation(Object.keys(MINUTE_WORDS))}|\d{1,2})(?:\s+min(?:ute)?s?)?\s+(past|after|to|till|til)\s+(\d{1,2}|${HOUR_WORD_RE}|noon|midnight)${THEN_MERIDIEM_OR_END}`,
  'giu',
);
const HALF_HOUR = new RegExp(String.raw`${BEFORE}half\s+(\d{1,2}|${HOUR_WORD_RE})(?![\p{L}\p{N}]|:\d)`, 'giu');

/** A word that introduces a time: "at 4", "by 16:00", "@ 3pm". */
const LEAD = /(?:(?<![\p{L}])(at|by|before|until|till|til|around)|@)\s*$/iu;
/** "increase the limit by 5", "3 by 4": "by" there measures, it does not set a time. */
const MEASURING_BY = /(?:(?<![\p{L}])(?:increase[sd]?|decrease[sd]?|raise[sd]?|lower(?:ed|s)?|reduce[sd]?|grow(?:s|n)?|shrink(?:s)?|bump(?:ed|s)?|offset|multipl(?:y|ied|ies)|divide[sd]?|scale[sd]?|shift(?:ed|s)?|pad(?:ded|s)?|indent(?:ed|s)?|round(?:ed|s)?|off|up|down|only|drop(?:ped|s)?|cut|boost(?:ed|s)?|exceed(?:ed|s)?|miss(?:ed|es)?|differ(?:s)?|var(?:y|ies|ied)|change[sd]?|slow(?:ed|s)?|speed)(?:\s+[\p{L}]+){0,3}|\d)\s+by\s*$/iu;
/** Words before a time that make it the start of something, not a deadline. */
const STARTING_BEFORE = /(?<![\p{L}])(?:after|since|from|between)\s*$/iu;
/** The end of a range of hours, which the zone after it also applies to: "22:00–23:00 UTC". */
const RANGE_END = /^\s?[–-]\s?\d{1,2}(?:[:.]\d{2})?(?:\s?[ap]\.?m\.?)?/iu;
/** Words before a clock-like number that make it a duration, a position or a version. */
const NOT_A_TIME_BEFORE = /(?<![\p{L}])(?:took|takes|taking|lasted|lasts|for|in|of|ratio|aspect|line|lines|col|column|verse|chapter|version|v|step|steps|score|scored|between)\s*$/iu;
const DAY_WORD = String.raw`(?:today|tonight|tomorrow|tmrw|tmr|yesterday|${WEEKDAY_RE})`;
const PERIOD_WORD = String.raw`(?:morning|afternoon|evening|night)`;
const DAY_BEFORE = new RegExp(String.raw`(?<![\p{L}])(?:${DAY_WORD}(?:\s+${PERIOD_WORD})?|this\s+${PERIOD_WORD})[\s,]*(?:at\s*)?$`, 'iu');
const DAY_AFTER = new RegExp(String.raw`^\s*(?:${DAY_WORD}|this\s+(?:morning|afternoon|evening)|in\s+the\s+(?:morning|afternoon|evening))(?![\p{L}])`, 'iu');

interface Context {
  lead: boolean;
  /** The lead word is the first of the text: "at 5 send the digest" (calendar style). */
  leadsText: boolean;
  dayNear: boolean;
  atStart: boolean;
  nounAfter: boolean;
}

function contextOf(text: string, start: number, end: number): Context {
  const before = textBefore(text, start);
  const lead = LEAD.test(before) && !MEASURING_BY.test(before);
  const leadsText = lead && /^[\s\p{P}]*(?:at|by|before|until|till|til|around|@)\s*$/iu.test(text.slice(0, start));
  const dayNear = DAY_BEFORE.test(before) || DAY_AFTER.test(text.slice(end, end + 40));
  return { lead, leadsText, dayNear, atStart: /^[\s\p{P}]*$/u.test(text.slice(0, start)), nounAfter: isFollowedByNoun(text, end) };
}

function hourOf(written: string): number {
  return HOUR_WORDS[written.toLowerCase()] ?? Number(written);
}

function withMeridiem(hour: number, meridiem: string): number | undefined {
  if (hour < 1 || hour > 12) return undefined;
  return meridiem.toLowerCase() === 'p' ? (hour % 12) + 12 : hour % 12;
}

type Found = Omit<ClockMention, 'zone'>;

function clock(m: RegExpMatchArray, hour: number, minute: number, meridiemFixed: boolean, offsetMinutes = 0): Found {
  return { start: m.index!, end: m.index! + m[0].length, hour, minute, offsetMinutes, meridiemFixed };
}

function findMeridiemTimes(text: string, out: Found[]): void {
  for (const m of text.matchAll(WITH_MERIDIEM)) {
    const hour = withMeridiem(Number(m[1]), m[3]!);
    if (hour !== undefined) out.push(clock(m, hour, Number(m[2] ?? 0), true));
  }
  for (const m of text.matchAll(SHORT_MERIDIEM)) {
    const hour = withMeridiem(Number(m[1]), m[3]!);
    const c = contextOf(text, m.index!, m.index! + m[0].length);
    if (DETERMINER_BEFORE.test(textBefore(text, m.index!))) continue;
    if (hour !== undefined && (c.lead || c.dayNear || c.atStart || !c.nounAfter)) out.push(clock(m, hour, Number(m[2] ?? 0), true));
  }
  for (const m of text.matchAll(H_FORM)) out.push(clock(m, Number(m[1]), Number(m[2]), true));
}

/** A 24-hour reading is certain when the hour is 0 or 13–23, or written with a leading zero. */
function is24Hour(hour: string): boolean {
  return Number(hour) === 0 || Number(hour) >= 13 || /^0\d/.test(hour);
}

function findNumericTimes(text: string, out: Found[]): void {
  for (const m of text.matchAll(SEPARATED)) {
    const c = contextOf(text, m.index!, m.index! + m[0].length);
    if (NOT_A_TIME_BEFORE.test(textBefore(text, m.index!))) continue;
    // "9.30" is a decimal unless a time word stands next to it.
    if (m[2] === '.' && !c.lead && !c.dayNear) continue;
    out.push(clock(m, Number(m[1]), Number(m[3]), is24Hour(m[1]!)));
  }
  for (const m of text.matchAll(RUN_TOGETHER)) {
    const hour = Number(m[1]);
    const c = contextOf(text, m.index!, m.index! + m[0].length);
    // "by 2027" is a year: only "at" takes a four-digit number that could be one.
    const year = /^(?:19|20)\d\d$/.test(m[0]) && !/(?:(?<![\p{L}])at|@)\s*$/iu.test(textBefore(text, m.index!));
    if (hour > 23 || year || !(c.dayNear || c.leadsText || (c.lead && !c.nounAfter))) continue;
    out.push(clock(m, hour, Number(m[2]), is24Hour(m[1]!) || m[0].length === 4));
  }
  for (const m of text.matchAll(BARE_HOUR)) {
    const hour = hourOf(m[1]!);
    const c = contextOf(text, m.index!, m.index! + m[0].length);
    const oClock = m[2] !== undefined;
    if (hour > 23 || NOT_A_TIME_BEFORE.test(textBefore(text, m.index!))) continue;
    const ledAsTime = c.lead && (c.dayNear || c.leadsText || !c.nounAfter);
    if (oClock || ledAsTime || DAY_AFTER.test(text.slice(m.index! + m[0].length))) out.push(clock(m, hour, 0, is24Hour(m[1]!)));
  }
}

function findWordTimes(text: string, out: Found[]): void {
  for (const m of text.matchAll(NOON)) out.push(clock(m, m[1]!.toLowerCase() === 'midnight' ? 0 : 12, 0, true));
  for (const m of text.matchAll(PAST_OR_TO)) {
    const words = m[1]!.toLowerCase().replace(/\s+/g, ' ');
    const minutes = MINUTE_WORDS[words] ?? Number(words);
    const connector = m[2]!.toLowerCase();
    const toward = connector !== 'past' && connector !== 'after';
    const c = contextOf(text, m.index!, m.index! + m[0].length);
    if (minutes < 1 || minutes > 59 || (words === 'half' && toward) || (connector === 'after' && /^\d/.test(words))) continue;
    // "from 5 to 4" is a range; "5 to 10" alone could be one, so digits need a time word nearby.
    if (/(?<![\p{L}])(?:from|between)\s*$/iu.test(textBefore(text, m.index!))) continue;
    if (/^\d/.test(words) && toward && !(c.lead || c.dayNear || /^\s?[ap]\.?\s?m/i.test(text.slice(m.index! + m[0].length)))) continue;
    const target = m[3]!.toLowerCase();
    const noon = target === 'noon' ? 12 : target === 'midnight' ? 0 : undefined;
    const hour = noon ?? hourOf(target);
    if (hour > 23) continue;
    out.push(clock(m, hour, toward ? 0 : minutes, noon !== undefined, toward ? -minutes : 0));
  }
  for (const m of text.matchAll(HALF_HOUR)) {
    const c = contextOf(text, m.index!, m.index! + m[0].length);
    if (c.lead || c.dayNear || c.atStart || !c.nounAfter) out.push(clock(m, hourOf(m[1]!), 30, false));
  }
}

/** "3 PM sharp": the word belongs to the time. */
function withTrailingSharp(text: string, found: ClockMention): ClockMention {
  const m = /^\s+sharp(?![\p{L}])/iu.exec(text.slice(found.end));
  return m ? { ...found, end: found.end + m[0].length } : found;
}

/** An am/pm right after a matched hour ("20 past 3pm"), which the hour's pattern left out. */
function withTrailingMeridiem(text: string, found: Found): Found {
  const m = new RegExp(`^${MERIDIEM}`, 'iu').exec(text.slice(found.end));
  if (!m || found.meridiemFixed) return found;
  const hour = withMeridiem(found.hour, m[1]!);
  if (hour === undefined) return found;
  return { ...found, hour, meridiemFixed: true, end: found.end + m[0].length };
}

function withZone(text: string, found: Found): ClockMention {
  const range = RANGE_END.exec(text.slice(found.end))?.[0] ?? '';
  const after = found.end + range.length;
  const m = ZONE_AFTER_TIME.exec(text.slice(after));
  const zone = m ? zoneNamed(m[1] ?? m[2] ?? m[3]!) : undefined;
  return zone ? { ...found, zone, end: after + m![0].length } : found;
}

/** Times of day in `text`, none overlapping another. */
export function findClockTimes(text: string): ClockMention[] {
  const found: Found[] = [];
  findMeridiemTimes(text, found);
  findWordTimes(text, found);
  findNumericTimes(text, found);
  const times = withoutOverlaps(found.map((f) => withTrailingSharp(text, withZone(text, withTrailingMeridiem(text, f)))));
  return times.filter((t) => {
    const before = textBefore(text, t.start);
    return !STARTING_BEFORE.test(before) && !(DETERMINER_BEFORE.test(before) && isFollowedByNoun(text, t.end));
  });
}

/** Hour and minute of a time, once the part of the day next to it is known. */
export function resolveClock(clock: ClockMention, period?: DayPeriod): { hour: number; minute: number } {
  let hour = clock.hour;
  if (!clock.meridiemFixed) {
    if (period === 'afternoon' || period === 'evening') hour = hour < 12 ? hour + 12 : hour;
    else if (period !== 'morning' && hour >= 1 && hour <= 6) hour += 12;
  }
  const total = (((hour * 60 + clock.minute + clock.offsetMinutes) % 1440) + 1440) % 1440;
  return { hour: Math.floor(total / 60), minute: total % 60 };
}

