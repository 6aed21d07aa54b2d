// Suggestions the user put aside: Snooze hides one for two hours, Not Today until the next
// midnight on the user's wall clock. Each entry holds the instant it ends, so it expires by itself
// (a restart, a day later, a clock moved) and never needs to be cleared. A task is named by its
// workspace folder's key and its id, since a hand-written task's id is only unique in its file.

import { addDays, civilInZone, zoneOffsetMinutes } from '../timeZone';

export const SNOOZE_MS = 2 * 60 * 60_000;

export type HideKind = 'snooze' | 'not-today';

export interface HiddenSuggestion {
  /** `folderKey()` of the task file's workspace folder. */
  folder: string;
  taskId: string;
  kind: HideKind;
  /** ISO instant the suggestion may come back. */
  until: string;
}

/** When a suggestion hidden at `now` comes back. */
export function hiddenUntil(kind: HideKind, now: Date, timeZone: string): Date {
  return kind === 'snooze' ? new Date(now.getTime() + SNOOZE_MS) : nextMidnight(now, timeZone);
}

/** The first instant of tomorrow on the wall clock of `timeZone`. */
export function nextMidnight(now: Date, timeZone: string): Date {
  const tomorrow = addDays(civilInZone(now, timeZone), 1);
  const wallAsUtc = Date.UTC(tomorrow.year, tomorrow.month - 1, tomorrow.day);
  // The zone's offset at midnight may differ from now's (a daylight-saving change today): take the
  // offset at the first guess, then correct once with the offset at the corrected instant.
  const guess = wallAsUtc - zoneOffsetMinutes(new Date(wallAsUtc), timeZone) * 60_000;
  return new Date(wallAsUtc - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000);
}

/** The entries still in force at `now`; expired ones drop out. */
export function stillHidden(entries: readonly HiddenSuggestion[], now: Date): HiddenSuggestion[] {
  return entries.filter((e) => Date.parse(e.until) > now.getTime());
}

/** `entries` with `entry` in force at `now`, replacing an earlier hide of the same task. */
export function withHidden(entries: readonly HiddenSuggestion[], entry: HiddenSuggestion, now: Date): HiddenSuggestion[] {
  return [...stillHidden(entries, now).filter((e) => e.folder !== entry.folder || e.taskId !== entry.taskId), entry];
}

/** Whether a task of a folder is hidden at `now`. */
export function isHiddenAt(entries: readonly HiddenSuggestion[], folder: string, taskId: string, now: Date): boolean {
  return entries.some((e) => e.folder === folder && e.taskId === taskId && Date.parse(e.until) > now.getTime());
}
