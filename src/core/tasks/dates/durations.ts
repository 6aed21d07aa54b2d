// "in <amount> <unit>" and "within <amount> <unit>" as deadlines: the reference time plus that
// much. Minutes and hours give a time, to the minute ("in 2.5 hours", "in 1/2 h", "in an hour and
// a half", "in half an hour"); days, weeks, fortnights, months and years give a date ("in 3 days",
// "within 2 weeks", "in 2 weeks' time"; a fraction of a day is no date). Working (business) days
// skip Saturdays and Sundays: "within 5 working days".
//
// A duration that describes how something behaves is not a deadline, and no other reader may take
// it: "sessions expire in 30 days", "the job runs in 10 minute slices", "batch writes in 10 minutes
// chunks", "in 2.5 hours of testing", "requests must be answered within 30 days".

import { addDays, civilInZone, lastDayOfMonth, weekdayOf, type CivilDate } from '../timeZone';
import { textBefore, type DayMention, type Span } from './mentions';
import { amountOf, isFollowedByNoun, NUMBER_WORD_RE } from './vocabulary';

const AMOUNT = String.raw`(\d+(?:\.\d+)?|\d+/\d+|${NUMBER_WORD_RE})`;
const UNIT = String.raw`((?:working|business|work)\s+days?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|fortnights?|months?|years?)`;
const DURATION = new RegExp(
  String.raw`(?<![\p{L}])(in|within)\s+(?:(?:about|around|roughly|approx\.?)\s+|~\s*)?(?:(half)\s+an?\s+|a\s+(half)\s+|${AMOUNT}(\s+and\s+a\s+half)?\s*(?:-\s*)?)${UNIT}(\s+and\s+a\s+half)?(?:['’]s?\s+time|\s+time)?(?![\p{L}\p{N}])`,
  'giu',
);

/** Verbs whose duration says how long something lasts, not when it is due. */
const BEHAVIOUR_BEFORE = /(?<![\p{L}])(?:expires?|expired|expiring|runs|ran|completes|finishes|fires|elapses|resets|happens|occurs|refreshes|loads|responds|returns|times\s+out|timeouts?|decays|lapses|arrives|renews|ticks|retries|polls|syncs|rotates|rolls\s+over|takes|took)\s*$/iu;
/** Nouns that make the duration a size: "in 10 minute chunks", "in 2.5 hours of testing". */
const PORTION_AFTER = /^\s*(?:chunks?|intervals?|slices?|increments?|batch(?:es)?|blocks?|steps?|windows?|segments?|pieces?|bursts?|cycles?|buckets?|bins?|of|granularity|resolution|periods?|ticks?|units?|rounds?|shifts?|sprints?|iterations?)(?![\p{L}])/iu;
/** "must be answered within 30 days": a rule about something, not this task's deadline. */
const POLICY_BEFORE = /(?<![\p{L}])(?:must|should|shall|has\s+to|have\s+to|needs?\s+to)\s+be(?:\s+[\p{L}]+)?\s*$/iu;

export interface DurationContext {
  now: Date;
  timeZone: string;
  today: CivilDate;
}

/** Minutes in one minute or hour unit; undefined for the units that count days. */
export function minutesPer(unit: string): number | undefined {
  const u = unit.toLowerCase();
  if (/^(?:m|mins?|minutes?)$/.test(u)) return 1;
  if (/^(?:h|hrs?|hours?)$/.test(u)) return 60;
  return undefined;
}

function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + date.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, lastDayOfMonth(year, month)) };
}

/** The date `count` working days (Monday to Friday) after `from`. */
function addWorkingDays(from: CivilDate, count: number): CivilDate {
  let date = from;
  for (let left = count; left > 0; ) {
    date = addDays(date, 1);
    if (weekdayOf(date) !== 0 && weekdayOf(date) !== 6) left--;
  }
  return date;
}

/** Counts beyond this many days are not deadlines (and not representable dates). */
const MAX_DAYS = 3660;

/** The date `amount` units after `from`, for day, week, fortnight, month and year units. */
export function dateAfter(from: CivilDate, amount: number, unit: string): CivilDate | undefined {
  if (!Number.isInteger(amount)) return undefined;
  const u = unit.toLowerCase().replace(/\s+/g, ' ');
  if (/^(?:working|business|work) days?$/.test(u)) return amount <= MAX_DAYS / 2 ? addWorkingDays(from, amount) : undefined;
  const days = /^(?:d|days?)$/.test(u) ? amount : /^(?:w|wks?|weeks?)$/.test(u) ? 7 * amount : /^fortnights?$/.test(u) ? 14 * amount : undefined;
  if (days !== undefined) return days <= MAX_DAYS ? addDays(from, days) : undefined;
  const months = /^months?$/.test(u) ? amount : /^years?$/.test(u) ? 12 * amount : undefined;
  return months !== undefined && months * 31 <= MAX_DAYS ? addMonths(from, months) : undefined;
}

/** The date and time `minutes` after the reference time, in the user's zone. */
export function timeAfter(ctx: DurationContext, minutes: number): Pick<DayMention, 'date' | 'time'> | undefined {
  if (minutes > MAX_DAYS * 1440) return undefined;
  const at = civilInZone(new Date(Math.round((ctx.now.getTime() + minutes * 60_000) / 60_000) * 60_000), ctx.timeZone);
  return { date: { year: at.year, month: at.month, day: at.day }, time: { hour: at.hour, minute: at.minute } };
}

function amountIn(m: RegExpMatchArray): number | undefined {
  if (m[2] ?? m[3]) return 0.5;
  const amount = amountOf(m[4]!);
  if (amount === undefined) return undefined;
  return m[5] || m[7] ? amount + 0.5 : amount;
}

function describesBehaviour(text: string, m: RegExpMatchArray): boolean {
  const before = textBefore(text, m.index!);
  const end = m.index! + m[0].length;
  const unit = m[6]!.toLowerCase();
  const count = amountIn(m) ?? 0;
  // "5 minute chunks": a singular unit after a plural count makes the pair an adjective.
  const adjective = count !== 1 && !/s$/.test(unit) && unit.length > 2 && isFollowedByNoun(text, end);
  const policy = m[1]!.toLowerCase() === 'within' && POLICY_BEFORE.test(before);
  return BEHAVIOUR_BEFORE.test(before) || PORTION_AFTER.test(text.slice(end)) || adjective || policy;
}

/** Durations that are deadlines, and the spans of those that are not. */
export function findDurations(text: string, ctx: DurationContext): { days: DayMention[]; vetoes: Span[] } {
  const days: DayMention[] = [];
  const vetoes: Span[] = [];
  for (const m of text.matchAll(DURATION)) {
    const span = { start: m.index!, end: m.index! + m[0].length };
    const amount = amountIn(m);
    if (describesBehaviour(text, m)) {
      vetoes.push(span);
      continue;
    }
    if (amount === undefined || amount <= 0) continue;
    const minutes = minutesPer(m[6]!);
    if (minutes !== undefined) {
      const at = timeAfter(ctx, amount * minutes);
      if (at) days.push({ ...span, ...at });
      continue;
    }
    const date = dateAfter(ctx.today, amount, m[6]!);
    if (date) days.push({ ...span, date });
    else vetoes.push(span);
  }
  return { days, vetoes };
}
