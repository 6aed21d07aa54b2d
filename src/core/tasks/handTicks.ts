// Tasks ticked by hand: a person changed `- [ ]` to `- [x]` in the task file, so no status change
// of ours stamped `done=`, and a summary (which dates a done task by that stamp) would leave the
// task out. The store compares each version of the file it reads with the one it saw before, and
// a task that was open then and is closed now without a stamp is stamped with the time the store
// noticed: the closest time it can know. A store that has not read the file before compares it
// with the open tasks this machine last saw in it (seenTasksRecord.ts) instead, so a tick made
// while no store was looking (the editor closed, between two CLI runs) is stamped too, with the
// file's modification time (taskStore.ts). A task already closed the first time any store sees
// it is not stamped: when it was closed is unknown, and a guess would put it in the wrong period.
//
// A task line with an `lf:id` keeps its id when ticked. A hand-written line without one has an id
// taken from its text (handWrittenId), which the tick changes; it is matched by the id its line
// had before the tick, the same line with `[ ]`.

import { handWrittenId, tasksOf, type TaskFileDocument, type TaskLine } from './taskFile';

const TICKED_BOX_RE = /^(\s*[-*+] )\[[xX]\]/;

/** Ids (in `after`) of the tasks open in `before` and closed without a `done=` stamp in `after`. */
export function tasksTickedByHand(before: TaskFileDocument, after: TaskFileDocument): string[] {
  return tasksTickedSince(new Set(openTaskIds(before)), after);
}

/** Ids (in `after`) of the tasks whose id was in `openBefore` and are closed without a stamp in `after`. */
export function tasksTickedSince(openBefore: ReadonlySet<string>, after: TaskFileDocument): string[] {
  if (openBefore.size === 0) return [];
  return closedUnstamped(after)
    .filter((line) => openBefore.has(line.task.id) || openBefore.has(untickedId(line)))
    .map((line) => line.task.id);
}

/**
 * Stamps `done=` on the listed tasks that are still closed without one; returns how many it
 * stamped. The lines are marked dirty, so only they are rewritten.
 */
export function stampTickedTasks(doc: TaskFileDocument, noticedAt: ReadonlyMap<string, Date>): number {
  let stamped = 0;
  for (const line of closedUnstamped(doc)) {
    const at = noticedAt.get(line.task.id);
    if (!at) continue;
    line.task = { ...line.task, done: at.toISOString() };
    line.dirty = true;
    stamped++;
  }
  return stamped;
}

/** Ids of the open tasks of `doc`. */
export function openTaskIds(doc: TaskFileDocument): string[] {
  return tasksOf(doc)
    .filter((t) => t.status === 'open')
    .map((t) => t.id);
}

/** Whether the task `id` in `doc` still waits for its stamp (closed, unstamped). */
export function isClosedUnstamped(doc: TaskFileDocument, id: string): boolean {
  return closedUnstamped(doc).some((line) => line.task.id === id);
}

function closedUnstamped(doc: TaskFileDocument): TaskLine[] {
  return doc.lines.filter((l): l is TaskLine => l.kind === 'task' && l.task.status !== 'open' && !l.task.done);
}

/** The id a hand-written line had before its box was ticked; '' for a line with its own id. */
function untickedId(line: TaskLine): string {
  if (line.task.id !== handWrittenId(line.raw)) return '';
  return handWrittenId(line.raw.replace(TICKED_BOX_RE, '$1[ ]'));
}
