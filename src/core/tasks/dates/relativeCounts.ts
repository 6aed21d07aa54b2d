// Counted days and weekdays from today:
//
//   a week hence, 3 days from now,          today plus that much; "from tomorrow" counts from
//     two weeks from today, 3 days out       tomorrow; hours and minutes count from the reference
//   2 hours from now                          time and give a time
//   a week today, a fortnight tomorrow      British: a week or two after today (tomorrow)
//   3 fridays from now, 2 mondays hence     the third Friday after today (today does not count)
//   2 thursdays back, 3 tuesdays ago        the second Thursday before today
//   a week from Monday, a fortnight on      a week (two) after the coming Monday (Tuesday)
//     Tuesday (British)
//   10 days before Christmas, the day       an offset, applied to the day that follows it
//     after Easter, the Monday after          (without a day after it, it is no date); "the
//     Christmas                               Monday after" is the first Monday after that day

import { addDays, weekdayOf, type CivilDate } from '../timeZone';
import { dateAfter, minutesPer, timeAfter, type DurationContext } from './durations';
import type { DayMention, OffsetMention } from './mentions';
import { amountOf, NUMBER_WORD_RE, WEEKDAY_WORD_RE, weekdayNamed } from './vocabulary';
import { nextWeekday } from './weekdays';

const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}\p{N}])`;
const AMOUNT = String.raw`(\d+(?:\.\d+)?|\d+/\d+|${NUMBER_WORD_RE})`;
const UNIT = String.raw`(mins?|minutes?|h|hrs?|hours?|days?|wks?|weeks?|fortnights?|months?|years?)`;
const FROM = String.raw`(hence|from\s+now|from\s+today|from\s+tomorrow|after\s+today|out)`;
const PLURAL_WEEKDAY = String.raw`(mon|tues|wednes|thurs|fri|satur|sun)days`;

const UNITS_FROM = new RegExp(String.raw`${B}${AMOUNT}\s*(?:-\s*)?${UNIT}\s+${FROM}${E}`, 'giu');
const WEEK_TODAY = new RegExp(String.raw`${B}(a|one|two)\s+(weeks?|fortnights?)\s+(today|tomorrow)${E}`, 'giu');
const WEEKDAYS_AHEAD = new RegExp(String.raw`${B}${AMOUNT}\s+${PLURAL_WEEKDAY}\s+(?:from\s+now|from\s+today|hence|ahead|out)${E}`, 'giu');
const UNITS_FROM_WEEKDAY = new RegExp(String.raw`${B}${AMOUNT}\s*(?:-\s*)?(days?|wks?|weeks?|fortnights?|months?)\s+(?:from|on)\s+(${WEEKDAY_WORD_RE})${E}`, 'giu');
const OFFSET = new RegExp(String.raw`${B}(?:${AMOUNT}\s+(days?|wks?|weeks?)|the\s+(day|week))\s+(before|after|prior\s+to)${E}`, 'giu');
const WEEKDAY_OFFSET = new RegExp(String.raw`${B}the\s+(${WEEKDAY_WORD_RE})\s+(before|after)${E}`, 'giu');
const WEEKDAYS_BACK = new RegExp(String.raw`${B}${AMOUNT}\s+${PLURAL_WEEKDAY}\s+(?:ago|back|before|earlier|prior)${E}`, 'giu');

/** The n-th such weekday after (n > 0) or before (n < 0) today, today not counting. */
function countedWeekday(today: CivilDate, weekday: number, n: number): CivilDate {
  const ahead = (weekday - weekdayOf(today) + 7) % 7 || 7;
  if (n > 0) return addDays(today, ahead + 7 * (n - 1));
  const back = (weekdayOf(today) - weekday + 7) % 7 || 7;
  return addDays(today, -(back + 7 * (-n - 1)));
}

function countFrom(m: RegExpMatchArray, ctx: DurationContext): Pick<DayMention, 'date' | 'time'> | undefined {
  const amount = amountOf(m[1]!);
  if (amount === undefined || amount <= 0) return undefined;
  const from = m[3]!.toLowerCase().replace(/\s+/g, ' ');
  const minutes = minutesPer(m[2]!);
  if (minutes !== undefined) return from === 'from tomorrow' ? undefined : timeAfter(ctx, amount * minutes);
  const start = from === 'from tomorrow' ? addDays(ctx.today, 1) : ctx.today;
  const date = dateAfter(start, amount, m[2]!);
  return date ? { date } : undefined;
}

/** Offsets before or after a day: "10 days before", "the day after", "the Monday after". */
export function findOffsets(text: string): OffsetMention[] {
  const out: OffsetMention[] = [];
  for (const m of text.matchAll(OFFSET)) {
    const amount = m[1] === undefined ? 1 : amountOf(m[1]);
    const unit = (m[2] ?? m[3]!).toLowerCase();
    if (amount === undefined || !Number.isInteger(amount) || amount > 366) continue;
    const days = amount * (unit.startsWith('w') ? 7 : 1) * (m[4]!.toLowerCase() === 'after' ? 1 : -1);
    out.push({ start: m.index!, end: m.index! + m[0].length, shift: (date) => addDays(date, days) });
  }
  for (const m of text.matchAll(WEEKDAY_OFFSET)) {
    const weekday = weekdayNamed(m[1]!)!;
    const n = m[2]!.toLowerCase() === 'after' ? 1 : -1;
    out.push({ start: m.index!, end: m.index! + m[0].length, shift: (date) => countedWeekday(date, weekday, n) });
  }
  return out;
}

/** Counted days and weekdays in `text`. */
export function findRelativeCounts(text: string, ctx: DurationContext): DayMention[] {
  const out: DayMention[] = [];
  const add = (m: RegExpMatchArray, found: Pick<DayMention, 'date' | 'time'> | undefined): void => {
    if (found) out.push({ start: m.index!, end: m.index! + m[0].length, ...found });
  };
  for (const m of text.matchAll(UNITS_FROM)) add(m, countFrom(m, ctx));
  for (const m of text.matchAll(UNITS_FROM_WEEKDAY)) {
    const amount = amountOf(m[1]!);
    const date = amount === undefined ? undefined : dateAfter(nextWeekday(ctx.today, weekdayNamed(m[3]!)!), amount, m[2]!);
    add(m, date ? { date } : undefined);
  }
  for (const m of text.matchAll(WEEK_TODAY)) {
    const start = m[3]!.toLowerCase() === 'tomorrow' ? addDays(ctx.today, 1) : ctx.today;
    const date = dateAfter(start, amountOf(m[1]!)!, m[2]!);
    add(m, date ? { date } : undefined);
  }
  for (const [re, sign] of [[WEEKDAYS_AHEAD, 1], [WEEKDAYS_BACK, -1]] as const) {
    for (const m of text.matchAll(re)) {
      const n = amountOf(m[1]!);
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 52) continue;
      add(m, { date: countedWeekday(ctx.today, weekdayNamed(`${m[2]}day`)!, sign * n) });
    }
  }
  return out;
}
