// How long a finished task took, the figure estimates are made from. The task file keeps
// `started=` (the first time work began) and `done=` (when it was finished or resolved in code),
// so the measured duration is the time between the two, counted as working time:
//
//   - up to a working day (8 hours) between started and done: that span, in minutes, as it is;
//   - longer: the span spent on work is taken as 8 hours in 24 (a third of the wall time: nights
//     and evenings are not effort), capped at 5 working days (2,400 minutes), past which a span
//     says more about a task left open than about its size;
//   - no usable span (never started, stamps that do not parse, done before started, or under a
//     minute: completed with one click after a Start): the task's own written estimate, when it
//     has one, is the best figure it gives;
//   - otherwise it gives none. Open tasks give none: they are not finished.

import type { Task } from '../task';

export const WORKING_DAY_MINUTES = 8 * 60;
export const MAX_RECORDED_MINUTES = 5 * WORKING_DAY_MINUTES;
const MINUTE_MS = 60_000;

/** A finished task's duration in minutes by the rules above; undefined when it gives none. */
export function recordedMinutes(task: Pick<Task, 'status' | 'started' | 'done' | 'estimateMinutes'>): number | undefined {
  if (task.status === 'open') return undefined;
  return measuredMinutes(task.started, task.done) ?? task.estimateMinutes;
}

function measuredMinutes(started: string | undefined, done: string | undefined): number | undefined {
  if (!started || !done) return undefined;
  const span = (Date.parse(done) - Date.parse(started)) / MINUTE_MS;
  if (!Number.isFinite(span) || span < 1) return undefined;
  const working = span <= WORKING_DAY_MINUTES ? span : Math.max(WORKING_DAY_MINUTES, span / 3);
  return Math.round(Math.min(working, MAX_RECORDED_MINUTES));
}
