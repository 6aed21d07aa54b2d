// What the date rules find in a text before they are put together into one due date: days,
// times of day and parts of the day, each with its span in the text.

import type { CivilDate } from '../timeZone';

export interface Span {
  start: number;
  end: number;
}

export type DayPeriod = 'morning' | 'afternoon' | 'evening';

/** A day the text names ("tomorrow", "March 3", "the first Tuesday of June"). */
export interface DayMention extends Span {
  date: CivilDate;
  /** A time the same words fix ("in 2 hours", "2027-01-04T09:00"): no other time joins it. */
  time?: { hour: number; minute: number };
  /** The part of the day the same words name ("tomorrow afternoon", "tonight"). */
  period?: DayPeriod;
  /**
   * Today's weekday named alone ("by Tuesday" on a Tuesday): next week's, since today would have
   * been written "today", unless a time joins it ("Tuesday 3pm" is today's).
   */
  todaysWeekday?: boolean;
  /**
   * A word that is a day only next to a time or after "on", "by"…: a weekday abbreviation that is
   * also a word ("sat", "sun", "fri") standing alone.
   */
  needsTime?: boolean;
  /**
   * A name that may only describe the word after it ("Valentine's reservations this week"): any
   * other day in the text is the due date rather than this one.
   */
  weak?: boolean;
  /** The time that part of the day stands for when no time joins it ("tomorrow morning": 09:00). */
  defaultTime?: { hour: number; minute: number };
}

/** A time of day the text names ("at 10:30", "3pm", "a quarter to noon", "EOD"). */
export interface ClockMention extends Span {
  /** The hour as written, 0–23. */
  hour: number;
  minute: number;
  /** Minutes to add to hour:minute once the hour is known ("ten to five": -10). */
  offsetMinutes: number;
  /** True when am/pm, a 24-hour form or a word (noon) fixed which half of the day it is. */
  meridiemFixed: boolean;
  /** IANA zone or fixed offset (`+05:30`) the time is written in; absent: the user's zone. */
  zone?: string;
  /** EOD and COB: the time of the day named, even when it has already passed. */
  anchored?: boolean;
}

/** A shift of the day that follows: "10 days before Christmas", "the Monday after Easter". */
export interface OffsetMention extends Span {
  shift: (date: CivilDate) => CivilDate;
}

/** A part of the day named apart from a day ("at 6 in the evening"). */
export interface PeriodMention extends Span {
  period: DayPeriod;
}

/**
 * The end of the text before `index`, long enough for the words that introduce a date ("no later
 * than", "every other"): tests of what precedes a match look only there, so that many matches in
 * a long text do not each read all of it.
 */
export function textBefore(text: string, index: number): string {
  return text.slice(Math.max(0, index - 48), index);
}

/** Whether two spans share a character. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The spans that do not overlap one taken before them, taking the earliest first and, of those
 * starting together, the longest: "Wednesday next week" wins over "next week" inside it.
 */
export function withoutOverlaps<T extends Span>(spans: readonly T[]): T[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  for (const s of sorted) if (!kept.some((k) => overlaps(k, s))) kept.push(s);
  return kept;
}

/** `text` with the spans replaced by spaces, so that offsets stay the same. */
export function blankSpans(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

const PERIOD_WORDS: [RegExp, DayPeriod][] = [
  [/\b(?:morning|morgens?|vormittags?|matin|mañana por la mañana|first thing)\b/i, 'morning'],
  [/\b(?:afternoon|nachmittags?|après-midi|tarde)\b/i, 'afternoon'],
  [/\b(?:evening|tonight|night|abends?|soir|noche)\b/i, 'evening'],
];

/** The part of the day a phrase names, if any ("tomorrow afternoon" → afternoon). */
export function periodIn(text: string): DayPeriod | undefined {
  for (const [re, period] of PERIOD_WORDS) if (re.test(text)) return period;
  return undefined;
}

const DEFAULT_HOURS: [RegExp, number][] = [
  [/morning|morgens|vormittag|matin|mañana por la mañana/i, 9],
  [/afternoon|nachmittag|après-midi|tarde/i, 15],
  [/evening|abends|soir/i, 18],
];

/** The time a part of the day stands for when no time is given: morning 09:00, afternoon 15:00, evening 18:00. */
export function defaultTimeOf(text: string): { hour: number; minute: number } | undefined {
  for (const [re, hour] of DEFAULT_HOURS) if (re.test(text)) return { hour, minute: 0 };
  return undefined;
}

const PERIOD_PHRASE =
  /(?<![\p{L}])(?:(?:in\s+the\s+|at\s+)(morning|afternoon|evening|night)|(?:mid|late|early)[\s-](morning|afternoon|evening)|(first\s+thing)(?:\s+in\s+the\s+morning)?|(last\s+thing))(?![\p{L}])/giu;

/**
 * "in the evening", "at night", "mid-morning", "first thing", "last thing", and a.m./p.m. after a
 * day ("Sunday a.m."), standing apart from a day.
 */
export function findPeriods(text: string): PeriodMention[] {
  const out: PeriodMention[] = [];
  for (const m of text.matchAll(PERIOD_PHRASE)) {
    const period: DayPeriod = m[3] ? 'morning' : m[4] ? 'evening' : periodIn((m[1] ?? m[2])!)!;
    out.push({ start: m.index!, end: m.index! + m[0].length, period });
  }
  for (const m of text.matchAll(/(?<=(?:day|tomorrow|today)\s)([ap])\.m\.?/giu)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, period: m[1]!.toLowerCase() === 'a' ? 'morning' : 'afternoon' });
  }
  return out;
}
