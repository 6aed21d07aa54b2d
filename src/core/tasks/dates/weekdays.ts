// Weekdays with a qualifier, which chrono reads wrongly or not at all:
//
//   last Tuesday                            the most recent Tuesday before today
//   Wednesday (of) next week, next week     the Wednesday of next week (weeks start on Monday);
//     Wednesday, Wednesday this week         "this week" the Wednesday of this week
//   next Friday                             the Friday of next week
//   this coming Monday                      the next Monday after today
//   Friday after next                       the second Friday after today
//   first Tuesday of October, the last      that weekday of that month: this year's unless it has
//     Friday of the month, second Monday      passed, then next year's; "the month" is this month
//     in July
//   Tuesday the 19th                        the next 19th that falls on a Tuesday (within a year)
//   Friday week (British)                   a week after the coming Friday
//
// After "last", "next", "coming" and before "next week" the abbreviations that are also words
// ("sat", "sun", "wed") are weekdays too.

import { addDays, compareDates, lastDayOfMonth, weekdayOf, type CivilDate } from '../timeZone';
import type { DayMention } from './mentions';
import { alternation, isFollowedByNoun, MONTH_RE, monthNamed, ORDINALS, WEEKDAY_RE, WEEKDAY_WORD_RE, weekdayNamed } from './vocabulary';

const WD = String.raw`(${WEEKDAY_WORD_RE})\.?`;
/** Any weekday name or abbreviation, where a qualifier makes it one. */
const QUALIFIED_WD = String.raw`(${WEEKDAY_RE})`;
const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}\p{N}])`;
const ORDINAL = `(${alternation(Object.keys(ORDINALS))})`;

const NTH_OF_MONTH = new RegExp(String.raw`${B}(?:the\s+)?${ORDINAL}\s+${WD}\s+(?:of|in)\s+(?:(${MONTH_RE})|(?:the\s+|(this|next)\s+)month)${E}`, 'giu');
const DAY_OF_WEEK = new RegExp(String.raw`${B}(?:${QUALIFIED_WD}(?:\s*,\s+|\s+)(?:of\s+)?(next|this)\s+week|(next|this)\s+week(?:'s)?(?:\s*,\s+|\s+)(?:on\s+)?${QUALIFIED_WD})${E}`, 'giu');
const LAST = new RegExp(String.raw`${B}last\s+${QUALIFIED_WD}${E}`, 'giu');
const COMING = new RegExp(String.raw`${B}(?:this\s+)?coming\s+${QUALIFIED_WD}${E}`, 'giu');
const NEXT = new RegExp(String.raw`${B}next\s+${QUALIFIED_WD}${E}`, 'giu');
const WEEK_AFTER = new RegExp(String.raw`${B}${WD}\s+week${E}`, 'giu');
const AFTER_NEXT = new RegExp(String.raw`${B}(?:the\s+)?${WD}\s+after\s+next${E}`, 'giu');
const WITH_DAY = new RegExp(String.raw`${B}${QUALIFIED_WD}\.?(?:\s*,\s+|\s+)(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)${E}(?!\s+(?:of\s+)?${MONTH_RE}${E})`, 'giu');

function mondayOf(date: CivilDate): CivilDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** The weekday's date in the week that starts on `monday`. */
function inWeek(monday: CivilDate, weekday: number): CivilDate {
  return addDays(monday, (weekday + 6) % 7);
}

/** The first such weekday after today (a week from today when today is that weekday). */
export function nextWeekday(today: CivilDate, weekday: number): CivilDate {
  return addDays(today, (weekday - weekdayOf(today) + 7) % 7 || 7);
}

function previousWeekday(today: CivilDate, weekday: number): CivilDate {
  return addDays(today, -((weekdayOf(today) - weekday + 7) % 7 || 7));
}

/** The n-th (1–5, or -1 for the last) such weekday of a month, if the month has one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): CivilDate | undefined {
  if (n === -1) {
    const last = { year, month, day: lastDayOfMonth(year, month) };
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = { year, month, day: 1 };
  const date = addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1));
  return date.month === month ? date : undefined;
}

function nthOfMonth(m: RegExpMatchArray, today: CivilDate): CivilDate | undefined {
  const n = ORDINALS[m[1]!.toLowerCase()]!;
  const weekday = weekdayNamed(m[2]!)!;
  if (m[3] === undefined) {
    const next = m[4]?.toLowerCase() === 'next';
    const [year, month] = next ? (today.month === 12 ? [today.year + 1, 1] : [today.year, today.month + 1]) : [today.year, today.month];
    return nthWeekdayOfMonth(year, month, weekday, n);
  }
  const month = monthNamed(m[3])!;
  const thisYear = nthWeekdayOfMonth(today.year, month, weekday, n);
  if (thisYear && compareDates(thisYear, today) >= 0) return thisYear;
  return nthWeekdayOfMonth(today.year + 1, month, weekday, n);
}

function withDay(m: RegExpMatchArray, today: CivilDate): CivilDate | undefined {
  const weekday = weekdayNamed(m[1]!)!;
  const day = Number(m[2]);
  let { year, month } = today;
  if (day < today.day) [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  for (let i = 0; i < 13; i++) {
    if (day <= lastDayOfMonth(year, month) && weekdayOf({ year, month, day }) === weekday) return { year, month, day };
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return undefined;
}

/** Weekdays with a qualifier in `text`, as days relative to `today`. */
export function findQualifiedWeekdays(text: string, today: CivilDate): DayMention[] {
  const out: DayMention[] = [];
  const add = (m: RegExpMatchArray, date: CivilDate | undefined): void => {
    if (date) out.push({ start: m.index!, end: m.index! + m[0].length, date });
  };
  const thisMonday = mondayOf(today);
  for (const m of text.matchAll(NTH_OF_MONTH)) add(m, nthOfMonth(m, today));
  for (const m of text.matchAll(DAY_OF_WEEK)) {
    const next = (m[2] ?? m[3])!.toLowerCase() === 'next';
    add(m, inWeek(next ? addDays(thisMonday, 7) : thisMonday, weekdayNamed((m[1] ?? m[4])!)!));
  }
  for (const m of text.matchAll(LAST)) add(m, previousWeekday(today, weekdayNamed(m[1]!)!));
  for (const m of text.matchAll(COMING)) add(m, nextWeekday(today, weekdayNamed(m[1]!)!));
  for (const m of text.matchAll(NEXT)) add(m, inWeek(addDays(thisMonday, 7), weekdayNamed(m[1]!)!));
  for (const m of text.matchAll(AFTER_NEXT)) add(m, addDays(nextWeekday(today, weekdayNamed(m[1]!)!), 7));
  for (const m of text.matchAll(WITH_DAY)) add(m, withDay(m, today));
  for (const m of text.matchAll(WEEK_AFTER)) {
    if (!isFollowedByNoun(text, m.index! + m[0].length)) add(m, addDays(nextWeekday(today, weekdayNamed(m[1]!)!), 7));
  }
  return out;
}
