// A scan's use of the persisted record (src/core/todos/scanRecord.ts). Each file the walk lists is
// stamped with one stat before it is read; a file whose stamp equals the record's takes its
// verdict from there and is not read. The stat comes before the read, so a change made while the
// file is read leaves a stamp older than the content, which the next scan sees as a change. What
// was read goes into the next record, except files changed so recently that a later change could
// keep the same stamp (file systems count mtime in steps of up to 2 s): those are read again next
// time, as git treats the entries of its index it calls racily clean.

import * as fs from 'node:fs';
import { sameStamp, type FileStamp, type RecordedFile, type RecordedVerdict } from '../core/todos/scanRecord';
import type { FileVerdict } from './fileReader';
import type { PendingFile } from './scanWalk';

/** How long before the scan a file's last change must lie for its stamp to be trusted later. */
const RACY_MARGIN_MS = 2_000;

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
   * Stamps the file and returns its recorded verdict when it is unchanged. An open editor's text
   * is never answered from the record (it is not what is on disk); its entry is kept as it was,
   * still true of the file on disk or else outdated by the file's own stamp.
   */
  lookup(file: PendingFile): FileVerdict | undefined {
    const old = this.previous.get(file.rel);
    if (file.override !== undefined) {
      if (old) this.next.set(file.rel, old);
      return undefined;
    }
    const stats = fs.statSync(file.absPath, { throwIfNoEntry: false });
    if (!stats) return undefined; // gone since the folder was listed: the read finds out
    const stamp: FileStamp = { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
    if (old && sameStamp(old.stamp, stamp)) {
      this.next.set(file.rel, old);
      this.reused++;
      return verdictOf(old.verdict);
    }
    file.stamp = stamp;
    return undefined;
  }

  /** Records what reading a file stamped by lookup() found. */
  remember(file: PendingFile, verdict: FileVerdict | undefined): void {
    if (!file.stamp || !verdict) return;
    const { mtimeMs, ctimeMs } = file.stamp;
    if (Math.max(mtimeMs, ctimeMs) > this.startedAt - RACY_MARGIN_MS) return;
    this.next.set(file.rel, { stamp: file.stamp, verdict: recordedVerdictOf(verdict) });
    this.fresh++;
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
  return verdict.kind === 'todos' ? verdict.todos : verdict.kind;
}
