// A task's status change, with the times it happened kept on the task so they survive in the task
// file. `done` dates the current closed state: stamped when a task leaves open (completed by hand
// or resolved in code) and dropped when it is reopened, so a reopened task is never reported done.
// `started` is stamped once, the first time work begins, and kept across a reopen: a task's
// duration runs from its first start to its last finish. The clock is the caller's, so tests fix it.

import type { Task, TaskStatus } from './task';

/** `task` with `status`, stamped at `now`; the same object when the status does not change. */
export function withStatus(task: Task, status: TaskStatus, now: Date): Task {
  if (task.status === status) return task;
  const next: Task = { ...task, status };
  delete next.done;
  if (status !== 'open') next.done = now.toISOString();
  return next;
}

/** `task` marked as begun at `now`; the same object when it was started before. */
export function withStarted(task: Task, now: Date): Task {
  return task.started ? task : { ...task, started: now.toISOString() };
}
