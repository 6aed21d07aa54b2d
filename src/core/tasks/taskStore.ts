// The task file on disk, shared with a person editing it by hand and with git. Every change is
// an operation applied to the file's content as it is on disk at that moment, never a snapshot
// written back: an edit made outside since the last read is read first and kept. Just before the
// atomic rename the file is checked once more, and when it moved in between, the operation runs
// again on the new content. A field edit based on a task the caller saw conflicts if that task's
// line was changed outside meanwhile, rather than overwriting it. A task ticked by hand in the
// file gets its `done=` stamp from the store that notices it (handTicks.ts), written the same way;
// a store that has not read the file before compares it with the open tasks last seen on this
// machine (seenTasksRecord.ts), which every store keeps up to date.

import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError } from '../errors';
import { removeOrphanedTempFiles, writeFileAtomicIfUnchanged } from '../atomicWrite';
import { isClosedUnstamped, openTaskIds, stampTickedTasks, tasksTickedByHand, tasksTickedSince } from './handTicks';
import { SeenTasksRecord, type SeenTasks } from './seenTasksRecord';
import { findTaskLine, formatTaskLine, parseTaskFile, removeTask, serializeTaskFile, tasksOf, upsertTask, type TaskFileDocument, type TaskFileFormatOptions } from './taskFile';
import type { TaskUpdate } from './taskIdentity';
import { patchTask, type Task, type TaskPatch, type TaskStatus } from './task';
import { withStarted, withStatus } from './taskStatusChange';

export interface TaskStoreOptions {
  /** Absolute path of the task file (setting localFocus.tasks.file resolved against the workspace). */
  filePath: string;
  /** The task file's folder relative to the workspace folder; source links are written relative to it. */
  linkBase?: string;
  /** Attempts when the file keeps changing under a write. Default 3. */
  maxAttempts?: number;
  /** The clock that stamps when a task is started and done (taskStatusChange.ts). Default: the system's. */
  now?: () => Date;
  /**
   * The record of the open tasks this machine last saw in the file (seenTasksRecord.ts; the CLI
   * and the editor pass `seenTasksRecordFile`). Without it a store knows only what it read itself.
   */
  seenRecordPath?: string;
  /** Test seam: runs after the new content is staged and before the final check and rename. */
  beforeCommit?: () => Promise<void> | void;
}

/** The file changed on disk in a way an operation cannot merge with. */
export class TaskFileConflictError extends LocalFocusError {
  constructor(message: string, data?: Record<string, unknown>) {
    super('bad-input', message, { reason: 'conflict', ...data });
    this.name = 'TaskFileConflictError';
  }
}

interface Snapshot {
  hash: string;
  text: string;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function readText(filePath: string): Promise<string> {
  try {
    return await fsp.readFile(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

export class TaskStore {
  private snapshot: Snapshot | undefined;
  private doc: TaskFileDocument | undefined;
  private readonly format: TaskFileFormatOptions;
  /** Operations of this store run one after another: two writes of ours never race each other. */
  private queue: Promise<unknown> = Promise.resolve();
  private orphansRemoved = false;
  /** Tasks seen ticked by hand and not stamped yet, with when they were noticed. */
  private readonly ticked = new Map<string, Date>();
  private readonly seenRecord: SeenTasksRecord | undefined;
  /** The record as it was before this store's first look, read once. */
  private recorded: Promise<SeenTasks | undefined> | undefined;
  /** The open ids the record holds now (sorted, one a line); undefined when it holds none or is unreadable. */
  private recordedOpen: string | undefined;

  constructor(private readonly opts: TaskStoreOptions) {
    this.format = { linkBase: opts.linkBase ?? '' };
    this.seenRecord = opts.seenRecordPath ? new SeenTasksRecord(opts.seenRecordPath) : undefined;
  }

  get filePath(): string {
    return this.opts.filePath;
  }

  /** Tasks as of the last read or write. */
  get tasks(): Task[] {
    return this.doc ? tasksOf(this.doc) : [];
  }

  /**
   * Reads the file (a missing file is an empty list); returns whether it differs from what this
   * store last saw. A task ticked by hand since then is stamped done and written back first.
   */
  async read(): Promise<{ tasks: Task[]; changed: boolean }> {
    const text = await readText(this.opts.filePath);
    const hash = hashOf(text);
    const changed = this.snapshot?.hash !== hash;
    const doc = parseTaskFile(text, this.format);
    await this.noticeTicks(doc);
    this.snapshot = { hash, text };
    this.doc = doc;
    if (this.ticked.size > 0) await this.writeTickStamps();
    await this.rememberOpenTasks();
    return { tasks: tasksOf(this.doc), changed };
  }

  /**
   * Remembers the tasks ticked by hand between the version this store saw last and `doc`, or,
   * before its first look, between the open tasks of the record and `doc`.
   */
  private async noticeTicks(doc: TaskFileDocument): Promise<void> {
    if (this.doc) {
      this.remember(tasksTickedByHand(this.doc, doc), this.clock());
      return;
    }
    const recorded = await this.recordedBeforeFirstLook();
    if (!recorded) return;
    const ids = tasksTickedSince(new Set(recorded.open), doc);
    if (ids.length > 0) this.remember(ids, await this.tickedBetween(recorded));
  }

  private remember(ids: readonly string[], at: Date): void {
    for (const id of ids) if (!this.ticked.has(id)) this.ticked.set(id, at);
  }

  /**
   * When a tick found against the record happened: after the record's `seenAt` (the task was open
   * then) and no later than the file's last modification (the tick is in the file). The
   * modification time is the closest known, raised to `seenAt` when older (a copy that kept an
   * older time); the store's clock when the file cannot be asked. A tick the record carried as
   * still waiting for its stamp happened before `seenAt`, so it gets a time a little late, never
   * one before it happened.
   */
  private async tickedBetween(recorded: SeenTasks): Promise<Date> {
    const modified = await fsp.stat(this.opts.filePath).then((s) => s.mtime, () => this.clock());
    const seenAt = new Date(recorded.seenAt);
    return modified < seenAt ? seenAt : modified;
  }

  private recordedBeforeFirstLook(): Promise<SeenTasks | undefined> {
    this.recorded ??= (this.seenRecord?.read() ?? Promise.resolve(undefined)).then((r) => {
      this.recordedOpen = r ? keyOf(r.open) : undefined;
      return r;
    });
    return this.recorded;
  }

  /**
   * Writes the open tasks of the version last seen (and the ticks still waiting for their stamp,
   * so the next store stamps them if this one cannot) to the record, when they differ from what it
   * holds. The record is a help, never a cost: a failed write leaves the read or write it follows
   * as it was.
   */
  private async rememberOpenTasks(): Promise<void> {
    if (!this.seenRecord || !this.doc) return;
    await this.recordedBeforeFirstLook();
    const open = [...new Set([...openTaskIds(this.doc), ...this.ticked.keys()])].sort();
    if (keyOf(open) === this.recordedOpen) return;
    try {
      await this.seenRecord.write({ file: this.opts.filePath, seenAt: this.clock().toISOString(), open });
      this.recordedOpen = keyOf(open);
    } catch {
      /* the next read or write tries again */
    }
  }

  /**
   * An update that changes nothing else writes the pending stamps. A stamp must never cost the
   * read: when the write fails (a conflict, a folder that cannot be written), the stamps wait for
   * the next read or write, and the tasks are returned as read.
   */
  private async writeTickStamps(): Promise<void> {
    await this.update(() => undefined).catch(() => undefined);
  }

  /** Whether the file on disk is no longer what this store last read or wrote. */
  async changedOnDisk(): Promise<boolean> {
    const text = await readText(this.opts.filePath);
    return this.snapshot?.hash !== hashOf(text);
  }

  /**
   * Applies `mutate` to the file's current content and writes it atomically. `mutate` may run more
   * than once (when the file changes under the write), so it must only edit the document it gets.
   */
  update<T>(mutate: (doc: TaskFileDocument) => T): Promise<T> {
    const run = this.queue.then(() => this.applyUpdate(mutate));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyUpdate<T>(mutate: (doc: TaskFileDocument) => T): Promise<T> {
    const attempts = this.opts.maxAttempts ?? 3;
    if (!this.orphansRemoved) {
      // A writer killed between its temp file and the rename (an editor or CLI crash) leaves
      // ".TASKS.md.<pid>.<hex>.tmp" in the workspace, where git shows it and `git add -A` commits
      // it; one is left per such crash. Removed once per store.
      this.orphansRemoved = true;
      await removeOrphanedTempFiles(this.opts.filePath).catch(() => 0);
    }
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const base = await readText(this.opts.filePath);
      const baseHash = hashOf(base);
      const doc = parseTaskFile(base, this.format);
      await this.noticeTicks(doc);
      stampTickedTasks(doc, this.ticked);
      const result = mutate(doc);
      const next = serializeTaskFile(doc, this.format);
      if (next === base) {
        this.saw(base, doc);
        await this.rememberOpenTasks();
        return result;
      }
      await fsp.mkdir(path.dirname(this.opts.filePath), { recursive: true });
      // Compare-and-swap: the content we built on must still be the file's content.
      const written = await writeFileAtomicIfUnchanged(this.opts.filePath, next, async () => {
        await this.opts.beforeCommit?.();
        return hashOf(await readText(this.opts.filePath)) === baseHash;
      });
      if (!written) continue;
      this.saw(next, parseTaskFile(next, this.format));
      await this.rememberOpenTasks();
      return result;
    }
    throw new TaskFileConflictError(`${path.basename(this.opts.filePath)} kept changing on disk while saving; nothing was written. Try again.`, {
      file: this.opts.filePath,
    });
  }

  /** Records the file's content as seen; a ticked task that no longer waits for a stamp is let go. */
  private saw(text: string, doc: TaskFileDocument): void {
    this.snapshot = { hash: hashOf(text), text };
    this.doc = doc;
    for (const id of [...this.ticked.keys()]) if (!isClosedUnstamped(doc, id)) this.ticked.delete(id);
  }

  /** Adds a task, or replaces the one with the same id (a repeated capture). */
  addTask(task: Task): Promise<'added' | 'updated'> {
    return this.update((doc) => upsertTask(doc, task));
  }

  setStatus(id: string, status: TaskStatus): Promise<Task> {
    return this.changeTask(id, (task, now) => withStatus(task, status, now));
  }

  /** Records that work on a task began (once: a second start keeps the first time). */
  startTask(id: string): Promise<Task> {
    return this.changeTask(id, (task, now) => withStarted(task, now));
  }

  /** Replaces one task by `change(task, now)`; the line is rewritten only when the task changed. */
  private changeTask(id: string, change: (task: Task, now: Date) => Task): Promise<Task> {
    return this.update((doc) => {
      const line = findTaskLine(doc, id);
      if (!line) throw new TaskFileConflictError(`The task is no longer in ${path.basename(this.opts.filePath)}; it was removed or edited outside.`, { id });
      const next = change(line.task, this.clock());
      if (next !== line.task) {
        line.task = next;
        line.dirty = true;
      }
      return line.task;
    });
  }

  private clock(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /**
   * Changes a task's fields. With `seen` (the task as the caller showed it), the edit is refused
   * when the task's line changed on disk since, instead of silently replacing someone's edit.
   */
  editTask(id: string, patch: TaskPatch, seen?: Task): Promise<Task> {
    return this.update((doc) => {
      const line = findTaskLine(doc, id);
      if (!line) throw new TaskFileConflictError(`The task is no longer in ${path.basename(this.opts.filePath)}; it was removed or edited outside.`, { id });
      if (seen && formatTaskLine(seen, this.format) !== formatTaskLine(line.task, this.format)) {
        throw new TaskFileConflictError('This task was changed in the task file since it was shown; reload it and edit again.', { id });
      }
      line.task = patchTask(line.task, patch);
      line.dirty = true;
      return line.task;
    });
  }

  deleteTask(id: string): Promise<boolean> {
    return this.update((doc) => removeTask(doc, id));
  }

  /** Applies the status and source changes of a reconcile; tasks removed meanwhile are skipped. */
  applyUpdates(updates: readonly TaskUpdate[]): Promise<number> {
    if (updates.length === 0) return Promise.resolve(0);
    return this.update((doc) => {
      let applied = 0;
      for (const u of updates) {
        const line = findTaskLine(doc, u.id);
        if (!line) continue;
        // A task the person completed stays done, whatever happened to its TODO.
        const changes = line.task.status === 'done' ? { ...u.changes, status: undefined } : u.changes;
        const moved: Task = changes.source ? { ...line.task, source: changes.source } : line.task;
        const next = changes.status ? withStatus(moved, changes.status, this.clock()) : moved;
        if (formatTaskLine(next, this.format) !== formatTaskLine(line.task, this.format)) {
          line.task = next;
          line.dirty = true;
          applied++;
        }
      }
      return applied;
    });
  }
}

function keyOf(ids: readonly string[]): string {
  return [...ids].sort().join('\n');
}
