// A stored due value (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm` when a time was given) read back into its
// wall-clock date and time, for everything that compares tasks with today: the Tasks view's groups
// and labels, and the next-task score; and the order of two due values.

import type { CivilDate } from './timeZone';

/** `YYYY-MM-DD[THH:mm]` → its date and, when given, minutes after midnight. */
export function parseDue(due: string): { date: CivilDate; minutes?: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(due);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return m[4] === undefined ? { date } : { date, minutes: Number(m[4]) * 60 + Number(m[5]) };
}

/** Earlier due first, a dated task before an undated one; a date without a time is due at the end of its day. */
export function compareDueValues(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  const key = (d: string) => (d.length === 10 ? `${d}T24:00` : d);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
