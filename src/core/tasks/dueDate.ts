// Due dates in a TODO's text. Each kind of expression has its own rules (dates/):
//
//   clockTimes      times of day: "at 10:30", "15h30", "3p", "20 past 3pm", "a quarter to noon"
//   timeZones       a zone after a time: "Thursday 8:00 PST", "9am PT"
//   weekdays        "last Tuesday", "Wednesday next week", "first Tuesday of October"
//   relativeCounts  "a week hence", "3 Fridays from now", "2 Thursdays back", "10 days before"
//   durations       "in 2.5 hours", "in 1/2 h", "within 2 weeks", and those that are not deadlines
//   holidays        "Thanksgiving", "Black Friday", "Easter Monday", by the user's locale
//   businessDates   EOD and COB (17:00), EOW, end of month, end of quarter
//   conventions     next week, next month, the day after tomorrow, "on the 25th"
//   chronoDates     chrono-node for everything else ("March 3", "3/25", "tomorrow", "mañana")
//
// What they find is put together: a day, a time of day, a part of the day and an offset that stand
// next to each other ("at 5 tomorrow afternoon", "EOD Friday", "Thursday 8:00 PST", "10 days
// before Christmas") make one due date. A time alone is today, or tomorrow when it has passed. Of
// several, the one after "by", "due", "before"… wins, else the first day (a weak one, such as a
// holiday heading a line, only when there is no other), else the first time. When in doubt, no
// date: a wrong due date is worse than none.
// Results are local wall times: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm` when a time was given.

import { findEndsOfDay, findPeriodEnds } from './dates/businessDates';
import { findChronoDates, languagesFor, type Lang } from './dates/chronoDates';
import { findClockTimes, resolveClock } from './dates/clockTimes';
import { findConventions } from './dates/conventions';
import { findDurations } from './dates/durations';
import { findHolidays, holidayRegion } from './dates/holidays';
import { blankSpans, findPeriods, textBefore, withoutOverlaps, type ClockMention, type DayMention, type DayPeriod, type OffsetMention, type Span } from './dates/mentions';
import { isScheduleOrExample } from './dates/notDates';
import { findOffsets, findRelativeCounts } from './dates/relativeCounts';
import { fixTypos, squeezeSpaces } from './dates/textMaps';
import { instantOf, todayIn } from './dates/timeZones';
import { findQualifiedWeekdays } from './dates/weekdays';
import { addDays, civilInZone, formatDate, formatDateTime, type CivilDate } from './timeZone';

export interface DueContext {
  now: Date;
  timeZone: string;
  /** BCP 47 locale of the user: which holidays apply. Default en-US. */
  locale?: string;
}

export interface DueMatch {
  due: string;
  /** Span in the input, including a leading "by", "due", "bis", "para el" and the like. */
  start: number;
  end: number;
}

type Mention =
  | ({ kind: 'day' } & DayMention)
  | ({ kind: 'clock' } & ClockMention)
  | ({ kind: 'period'; period: DayPeriod } & Span)
  | ({ kind: 'offset' } & OffsetMention)
  | ({ kind: 'veto' } & Span);

/** A day, a time, a part of the day and an offset standing together: one possible due date. */
interface Candidate extends Span {
  day?: DayMention;
  clock?: ClockMention;
  period?: DayPeriod;
  shift?: (date: CivilDate) => CivilDate;
}

/** Everything the rules read in `text`; chrono reads only what the other rules left. */
function findMentions(text: string, langs: readonly Lang[], ctx: DueContext, today: CivilDate): Mention[] {
  const counting = { now: ctx.now, timeZone: ctx.timeZone, today };
  const durations = findDurations(text, counting);
  const holidays = findHolidays(text, today, holidayRegion(ctx.locale ?? 'en-US'));
  const days = [
    ...findConventions(text, today),
    ...findPeriodEnds(text, today),
    ...findQualifiedWeekdays(text, today),
    ...findRelativeCounts(text, counting),
    ...durations.days,
    ...holidays.days,
  ];
  const own = withoutOverlaps<Mention>([
    ...days.map((d) => ({ kind: 'day' as const, ...d })),
    ...[...findClockTimes(text), ...findEndsOfDay(text)].map((c) => ({ kind: 'clock' as const, ...c })),
    ...findPeriods(text).map((p) => ({ kind: 'period' as const, ...p })),
    ...findOffsets(text).map((o) => ({ kind: 'offset' as const, ...o })),
    ...[...durations.vetoes, ...holidays.vetoes].map((v) => ({ kind: 'veto' as const, ...v })),
  ]);
  const chrono = findChronoDates(blankSpans(text, own), langs, ctx.now, ctx.timeZone, today);
  return [
    ...own,
    ...chrono.days.map((d) => ({ kind: 'day' as const, ...d })),
    ...chrono.clocks.map((c) => ({ kind: 'clock' as const, ...c })),
  ].sort((a, b) => a.start - b.start);
}

/** What may stand between the parts of one date: "Friday, 6pm", "tomorrow at 5", "5pm on Monday", "Thu · 3pm". */
const JOINER = /^[\s,·•|–—-]*(?:(?:at|@|on|by|around|sharp|um|à|a las|a la)\s*)?$/i;

function candidatesOf(mentions: readonly Mention[], text: string): Candidate[] {
  const out: Candidate[] = [];
  let current: Candidate | undefined;
  for (const m of mentions) {
    if (m.kind === 'veto') {
      current = undefined;
      continue;
    }
    // An offset applies to the day after it ("10 days before Christmas"), so it starts a candidate.
    const taken = current && ((m.kind === 'day' && current.day) || (m.kind === 'clock' && current.clock) || m.kind === 'offset');
    if (!current || taken || !JOINER.test(text.slice(current.end, m.start))) {
      current = { start: m.start, end: m.end };
      out.push(current);
    }
    current.end = Math.max(current.end, m.end);
    if (m.kind === 'day') current.day = m;
    else if (m.kind === 'clock') current.clock = m;
    else if (m.kind === 'offset') current.shift = m.shift;
    else current.period = m.period;
  }
  // An offset needs its day; a weekday abbreviation that is also a word needs a time ("fri 2:30pm").
  return out.filter((c) => (c.day || c.clock) && (!c.shift || c.day) && !(c.day?.needsTime && !c.clock));
}

/** The due date a candidate stands for, as a wall time in the user's zone. */
function resolve(c: Candidate, ctx: DueContext): string | undefined {
  const period = c.period ?? c.day?.period;
  const day = c.day && c.shift ? c.shift(c.day.date) : c.day?.date;
  if (c.day?.time) return formatDateTime(day!, c.day.time.hour, c.day.time.minute);
  if (c.clock) {
    const { hour, minute } = resolveClock(c.clock, period);
    const zone = c.clock.zone ?? ctx.timeZone;
    let date = day ?? todayIn(zone, ctx.now);
    // A time alone is the next one: today's, or tomorrow's once it has passed. EOD stays today's.
    if (!c.day && !c.clock.anchored && instantOf(date, hour, minute, zone).getTime() < ctx.now.getTime()) date = addDays(date, 1);
    if (!c.clock.zone) return formatDateTime(date, hour, minute);
    const local = civilInZone(instantOf(date, hour, minute, zone), ctx.timeZone);
    return formatDateTime(local, local.hour, local.minute);
  }
  if (!c.day || !day) return undefined;
  const date = c.day.todaysWeekday ? addDays(day, 7) : day;
  return c.day.defaultTime ? formatDateTime(date, c.day.defaultTime.hour, c.day.defaultTime.minute) : formatDate(date);
}

const PREPOSITIONS: Record<Lang, string> = {
  en: String.raw`by|due(?:\s+date)?|on|at|@|around|before|after|until|till|for|deadline|no\s+later\s+than|not\s+later\s+than|the`,
  de: String.raw`bis(?:\s+zu[mr])?|am|um|zum|vor|spätestens|ab|bis\s+spätestens`,
  es: String.raw`el|para(?:\s+el)?|antes\s+del?|antes\s+de\s+las?|hasta(?:\s+el)?|a\s+las|a`,
  fr: String.raw`le|avant(?:\s+le)?|pour(?:\s+le)?|d'ici(?:\s+le)?|à|au|jusqu'au|jusqu'à`,
};

/**
 * Extends a span backwards over the prepositions that introduce a date ("by", "para el", "bis zum").
 * Only a few spaces may separate them: code spans are blanked to spaces before this runs, and
 * "index on sessions.user_id by end of month" must not take "on" across the blanked identifier.
 */
function withPrepositions(text: string, start: number, lastPreposition: RegExp): number {
  const before = textBefore(text, start);
  let end = before.length;
  for (let m = lastPreposition.exec(before); m && m[0].length > 0; m = lastPreposition.exec(before.slice(0, end))) end = m.index;
  return start - (before.length - end);
}

/**
 * One preposition at the end of a text. withPrepositions strips them one at a time: a single
 * pattern for the whole run, (?:word\s{0,2}:?\s{0,2})+$, backtracks exponentially when the run
 * does not reach the end, because each space between two words can go to either \s{0,2}.
 */
function lastPrepositionOf(langs: readonly Lang[]): RegExp {
  const words = langs.map((l) => PREPOSITIONS[l]).join('|');
  return new RegExp(String.raw`(?<![\p{L}'])(?:${words})\s{0,2}:?\s{0,2}$`, 'iu');
}

const DUE_LEAD = /(?:\bby|\bdue|\bbefore|\buntil|\btill|\bdeadline|\bbis|\bavant|\bpara|\bantes|\bhasta|\bspätestens)[\s:]*$/i;
/** A candidate whose own words start with the lead ("by the 5th"). */
const LED = /^(?:by|due|before|until|till|deadline)\b/i;

/** A due date is written YYYY-MM-DD: a year that does not take four digits is not a deadline. */
function hasFourDigitYear(due: string): boolean {
  return /^\d{4}-/.test(due);
}

/** Finds the due date in `text` (code spans and consumed parts already blanked out). */
export function findDue(text: string, ctx: DueContext): DueMatch | undefined {
  const civil = civilInZone(ctx.now, ctx.timeZone);
  const today: CivilDate = { year: civil.year, month: civil.month, day: civil.day };
  const typed = fixTypos(text);
  const squeezed = squeezeSpaces(typed.text);
  const work = squeezed.text;
  const langs = languagesFor(work);

  // Leads and prepositions are read in the text before spaces were squeezed: the blanks left by a
  // code span keep "on" from reaching across it.
  const inTyped = (i: number): number => squeezed.toOriginal(i);
  const usable = candidatesOf(findMentions(work, langs, ctx, today), work)
    .map((c) => ({ ...c, start: inTyped(c.start), end: inTyped(c.end - 1) + 1, due: resolve(c, ctx) }))
    .filter((c): c is typeof c & { due: string } => c.due !== undefined && hasFourDigitYear(c.due) && !isScheduleOrExample(typed.text, c.start, c.end));
  const dated = usable.filter((c) => c.day);
  const pool = dated.length > 0 ? dated : usable;
  const led = (c: Candidate): boolean => DUE_LEAD.test(textBefore(typed.text, c.start)) || LED.test(typed.text.slice(c.start, c.end));
  const chosen = pool.find(led) ?? pool.find((c) => !c.day?.weak) ?? pool[0];
  if (!chosen) return undefined;
  const start = withPrepositions(typed.text, chosen.start, lastPrepositionOf(langs));
  return { due: chosen.due, start: typed.toOriginal(start), end: typed.toOriginal(chosen.end) };
}
