// The period a summary covers, from what the user typed after --since (or the editor's Week/Day):
// `today`; `Nd`, the last N calendar days counting today (`1d` is today, `7d` today and the six
// days before); or an ISO date `YYYY-MM-DD`. Every form starts at local midnight in the user's
// time zone, because a stand-up note speaks of days, and ends now. A start after now is refused:
// nothing can have happened in it yet.

import { instantOf } from '../dates/timeZones';
import { isValidDue } from '../task';
import { addDays, civilInZone, compareDates, formatDate, type CivilDate } from '../timeZone';

/** The wall clock a summary is taken at; tests pass a fixed one. */
export interface SummaryClock {
  now: Date;
  /** IANA name, such as Europe/Berlin. */
  timeZone: string;
}

export interface SummaryPeriod {
  /** What the user asked for, as typed (`7d`, `today`, `2026-03-01`). */
  asked: string;
  /** Local midnight of `firstDay`. */
  since: Date;
  until: Date;
  firstDay: CivilDate;
  lastDay: CivilDate;
}

/** The period the CLI summarises when --since is not given. */
export const DEFAULT_SUMMARY_SINCE = '7d';

/** At most a year back: a longer "stand-up" is a typo more often than a wish. */
const MAX_DAYS = 366;

export class SummaryPeriodError extends Error {}

export function parseSummaryPeriod(asked: string, clock: SummaryClock): SummaryPeriod {
  const text = asked.trim().toLowerCase();
  const today = dateOf(clock);
  const firstDay = firstDayOf(text, today);
  if (compareDates(firstDay, today) > 0) throw new SummaryPeriodError(`--since ${asked} is after today (${formatDate(today)})`);
  return { asked: asked.trim(), since: instantOf(firstDay, 0, 0, clock.timeZone), until: clock.now, firstDay, lastDay: today };
}

function firstDayOf(text: string, today: CivilDate): CivilDate {
  if (text === 'today') return today;
  const days = /^(\d{1,3})d$/.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > MAX_DAYS) throw new SummaryPeriodError(`--since ${text} must be from 1d to ${MAX_DAYS}d`);
    return addDays(today, -(n - 1));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso && isValidDue(text)) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  throw new SummaryPeriodError(`--since ${text || '""'} is not a period; use today, a number of days such as 7d, or a date such as 2026-03-01`);
}

function dateOf(clock: SummaryClock): CivilDate {
  const { year, month, day } = civilInZone(clock.now, clock.timeZone);
  return { year, month, day };
}
