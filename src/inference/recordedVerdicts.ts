// A scan's use of the persisted record (src/core/todos/scanRecord.ts). Each file the walk lists
// gets the record's entry for it; the thread that reads it stamps it with one stat first
// (FileReader.scanUnlessUnchanged) and reads it only when the stamp differs, so the stats are
// shared between the scanning thread and its helper like the reads. What was read goes into the
// next record, except files changed so recently that a later change could keep the same stamp
// (file systems count mtime in steps of up to 2 s): those are read again next time, as git treats
// the entries of its index it calls racily clean.

import type { ScannedTodoFile } from '../core/tasksProtocol';
import type { RecordedFile, RecordedVerdict } from '../core/todos/scanRecord';
import type { FileVerdict } from './fileReader';
import type { PendingFile } from './scanWalk';

/** How long before the scan a file's last change must lie for its stamp to be trusted later. */
export const RACY_MARGIN_MS = 2_000;

export class RecordedVerdicts {
  /** The next record's files: the reused entries and what this scan read. */
  readonly next = new Map<string, RecordedFile>();
  /** Files whose verdict came from the record, unread. */
  reused = 0;
  /** Entries of the next record that the previous one did not hold as they are. */
  private fresh = 0;

  constructor(
    private readonly previous: ReadonlyMap<string, RecordedFile>,
    /** Wall-clock time the scan started, in the file system's clock (Date.now()). */
    private readonly startedAt: number,
  ) {}

  /**
   * Gives the file its recorded entry. An open editor's text is never answered from the record
   * (it is not what is on disk); its entry is kept as it was, still true of the file on disk or
   * else outdated by the file's own stamp.
   */
  attach(file: PendingFile): void {
    const old = this.previous.get(file.rel);
    if (!old) return;
    if (file.override !== undefined) this.next.set(file.rel, old);
    else file.recorded = old;
  }

  /** The verdict to report for a file once read: the recorded one when it was unchanged. What
   *  a stamped read found is remembered for the next record. */
  settle(file: PendingFile, verdict: FileVerdict | undefined): FileVerdict | undefined {
    if (verdict?.kind === 'unchanged' && file.recorded) {
      this.next.set(file.rel, file.recorded);
      this.reused++;
      return verdictOf(file.recorded.verdict);
    }
    const stamp = verdict?.stamp;
    if (verdict && stamp && Math.max(stamp.mtimeMs, stamp.ctimeMs) <= this.startedAt - RACY_MARGIN_MS) {
      this.next.set(file.rel, { stamp, verdict: recordedVerdictOf(verdict) });
      this.fresh++;
    }
    return verdict;
  }

  /** The previous record's files that held TODOs, in its order, as a scan reports them. */
  recordedTodoFiles(): ScannedTodoFile[] {
    const files: ScannedTodoFile[] = [];
    for (const [path, { verdict }] of this.previous) if (typeof verdict !== 'string' && verdict.length > 0) files.push({ path, todos: verdict });
    return files;
  }

  /** Whether the previous record held any file. */
  get heldAny(): boolean {
    return this.previous.size > 0;
  }

  /** Whether the next record differs from the previous one, so that it is worth writing. */
  get changed(): boolean {
    return this.fresh > 0 || this.next.size !== this.previous.size;
  }
}

function verdictOf(recorded: RecordedVerdict): FileVerdict {
  return typeof recorded === 'string' ? { kind: recorded } : { kind: 'todos', todos: recorded };
}

function recordedVerdictOf(verdict: FileVerdict): RecordedVerdict {
  if (verdict.kind === 'todos') return verdict.todos;
  if (verdict.kind === 'unchanged') throw new Error('an unchanged file has no verdict of its own to record');
  return verdict.kind;
}
