// What a summary says about a period, from the tasks of a workspace: what was done, what was
// resolved in code (its TODO left the code), what was added, what is overdue and what is due next.
// "When" comes from the task line's timestamps: `done=` for the first two (a task ticked by hand
// gets it when a store notices, handTicks.ts; one closed before Local Focus saw it open has none,
// and is left out rather than guessed into the period),
// `created=` for added. Overdue and due next look at open tasks only and at now, not at the
// period: they say what is waiting, whatever the period. A plain due date is due until its day
// ends, as in the Tasks view and Next.

import { compareDueValues, parseDue } from '../dueValue';
import { dueUrgency } from '../next/dueUrgency';
import type { Task } from '../task';
import { civilInZone, daysBetween } from '../timeZone';
import type { SummaryClock, SummaryPeriod } from './summaryPeriod';
import { groupByTag, type TagGroup } from './tagGroups';

/** Days ahead that "due next" covers, today included. */
export const DUE_NEXT_DAYS = 7;

export type SummarySectionKind = 'done' | 'resolved' | 'added' | 'overdue' | 'dueNext';

/** The order the sections are shown in: what happened, then what is waiting. */
export const SUMMARY_SECTION_KINDS: readonly SummarySectionKind[] = ['done', 'resolved', 'added', 'overdue', 'dueNext'];

export interface SummarySection {
  kind: SummarySectionKind;
  count: number;
  groups: TagGroup[];
}

export interface TaskSummary {
  period: SummaryPeriod;
  timeZone: string;
  sections: SummarySection[];
}

export function summariseTasks(tasks: readonly Task[], period: SummaryPeriod, clock: SummaryClock): TaskSummary {
  const picked: Record<SummarySectionKind, Task[]> = {
    done: tasks.filter((t) => t.status === 'done' && inPeriod(t.done, period)).sort(byTime((t) => t.done)),
    resolved: tasks.filter((t) => t.status === 'resolved-in-code' && inPeriod(t.done, period)).sort(byTime((t) => t.done)),
    added: tasks.filter((t) => inPeriod(t.created, period)).sort(byTime((t) => t.created)),
    overdue: tasks.filter((t) => t.status === 'open' && isOverdue(t, clock)).sort(byDue),
    dueNext: tasks.filter((t) => t.status === 'open' && isDueNext(t, clock)).sort(byDue),
  };
  return {
    period,
    timeZone: clock.timeZone,
    sections: SUMMARY_SECTION_KINDS.map((kind) => ({ kind, count: picked[kind].length, groups: groupByTag(picked[kind]) })),
  };
}

/** Whether an ISO time stamp falls in the period; a missing or unreadable one does not. */
function inPeriod(stamp: string | undefined, period: SummaryPeriod): boolean {
  const ms = stamp ? Date.parse(stamp) : NaN;
  return !Number.isNaN(ms) && ms >= period.since.getTime() && ms <= period.until.getTime();
}

function isOverdue(task: Task, clock: SummaryClock): boolean {
  return dueUrgency(task.due, civilInZone(clock.now, clock.timeZone))?.kind === 'overdue';
}

/** Due from now to the end of the DUE_NEXT_DAYS-th day, today being the first. */
function isDueNext(task: Task, clock: SummaryClock): boolean {
  const due = task.due ? parseDue(task.due) : undefined;
  if (!due || isOverdue(task, clock)) return false;
  return daysBetween(civilInZone(clock.now, clock.timeZone), due.date) < DUE_NEXT_DAYS;
}

function byTime(stampOf: (t: Task) => string | undefined): (a: Task, b: Task) => number {
  return (a, b) => (Date.parse(stampOf(a) ?? '') || 0) - (Date.parse(stampOf(b) ?? '') || 0) || a.title.localeCompare(b.title);
}

function byDue(a: Task, b: Task): number {
  return compareDueValues(a.due, b.due) || a.title.localeCompare(b.title);
}
