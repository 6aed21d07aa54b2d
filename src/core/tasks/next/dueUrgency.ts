// How pressing a task's due date is, seen from the user's wall clock: overdue (a date before today,
// or a time today that has passed), due today, or due soon (within SOON_DAYS). Dates further away
// do not make a task a candidate for today. A plain date is due until its day ends, as in the
// Tasks view's groups.

import { parseDue } from '../dueValue';
import { compareDates, daysBetween, type CivilDateTime } from '../timeZone';

/** Days ahead that count as "soon": tomorrow and the two days after. */
export const SOON_DAYS = 3;

export type DueUrgency =
  /** `days` late: 0 for a time earlier today, else the days since the due date. */
  | { kind: 'overdue'; days: number }
  | { kind: 'today'; minutes?: number }
  /** `days` ahead, 1 to SOON_DAYS. */
  | { kind: 'soon'; days: number };

/** The urgency of a due value at `now`; undefined without a due date, or when it is further away. */
export function dueUrgency(due: string | undefined, now: CivilDateTime): DueUrgency | undefined {
  const parsed = due ? parseDue(due) : undefined;
  if (!parsed) return undefined;
  const days = daysBetween(now, parsed.date);
  if (days < 0) return { kind: 'overdue', days: -days };
  if (compareDates(parsed.date, now) === 0) {
    if (parsed.minutes !== undefined && parsed.minutes < now.hour * 60 + now.minute) return { kind: 'overdue', days: 0 };
    return parsed.minutes === undefined ? { kind: 'today' } : { kind: 'today', minutes: parsed.minutes };
  }
  return days <= SOON_DAYS ? { kind: 'soon', days } : undefined;
}
