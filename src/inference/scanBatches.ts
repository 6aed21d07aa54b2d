// The files of a TODO scan, read and lexed in batches, in order. Once a scan is big enough to
// share, some batches go to the helper thread (scanHelper.ts) while this thread walks the folders
// and reads the others; batches come out in the walk's order whichever thread read them. When the
// scan keeps a record, either thread stamps each file first and reads only those that changed.

import type { FileReader, FileVerdict } from './fileReader';
import { scanHelper } from './scanHelper';
import type { PendingFile } from './scanWalk';

/** Files per batch: big enough that a message costs little against the reading, small enough to share. */
const BATCH_FILES = 32;
/** Small scans (a few dozen files) stay in one thread: starting the helper would cost more. */
const SHARE_AFTER_BATCHES = 2;
/** Batches the helper holds at once: its answers arrive only when this thread gives the event loop a
 *  turn (every sliceMs), so it needs enough to stay busy that long. */
const HELPER_IN_FLIGHT = 8;
/** Batches waiting for the helper beyond which this thread reads some itself. */
const HELPER_BACKLOG = 4;

interface Batch {
  files: PendingFile[];
  /** Set once read, by either thread. */
  verdicts?: (FileVerdict | undefined)[];
  /** Settles when the batch is read, by either thread. */
  done?: Promise<void>;
  resolve?: () => void;
}

/** A batch's files and what reading each found (undefined: it could not be read). */
export interface ReadBatch {
  files: readonly PendingFile[];
  verdicts: readonly (FileVerdict | undefined)[];
}

/**
 * Whether the helper should read a batch: not when a file has an open editor's text (which stays
 * in this thread), nor when every file has a record entry. Those files are most likely unchanged,
 * so the batch costs one stat a file, less than sending it to the helper and its answer back.
 */
function worthSharing(files: readonly PendingFile[]): boolean {
  return !files.some((f) => f.override !== undefined) && files.some((f) => f.recorded === undefined && !f.untagged);
}

export interface ScanBatchesOptions {
  tags: readonly string[];
  maxBytes: number;
  /** Whether big scans may share the reading with the helper thread. */
  shareWithHelper: boolean;
  /** Whether the scan keeps a record: files are stamped, and read only when they changed. */
  stamped: boolean;
}

export class ScanBatches {
  /** Files added since the last batch was sent. */
  private current: PendingFile[] = [];
  private dispatched = 0;
  /** Every batch sent and not yet taken, in the walk's order. */
  private readonly queue: Batch[] = [];
  /**
   * Batches meant for the helper wait here until it has room; this thread takes them back from
   * the tail (the last in order) when the helper falls behind and once the walk is done, so both
   * threads stay busy to the end.
   */
  private readonly forHelper: Batch[] = [];

  constructor(
    private readonly reader: FileReader,
    private readonly opts: ScanBatchesOptions,
  ) {}

  /** Adds the walk's next file; true when that filled a batch, which is then sent to be read. */
  add(file: PendingFile): boolean {
    this.current.push(file);
    if (this.current.length < BATCH_FILES) return false;
    this.dispatch();
    return true;
  }

  /** Sends the files added so far to be read: here, or by the helper once the scan is big enough to share. */
  dispatch(): void {
    if (this.current.length === 0) return;
    const batch: Batch = { files: this.current };
    this.current = [];
    this.queue.push(batch);
    const share = this.dispatched++ >= SHARE_AFTER_BATCHES && this.opts.shareWithHelper && scanHelper.usable && worthSharing(batch.files);
    if (!share) return this.readHere(batch);
    batch.done = new Promise<void>((resolve) => (batch.resolve = resolve));
    this.forHelper.push(batch);
    this.feedHelper();
    while (this.forHelper.length > HELPER_BACKLOG) this.readHere(this.forHelper.pop()!);
  }

  /** Takes the batches at the front of the queue that are read, in order. */
  *takeRead(): Generator<ReadBatch> {
    while (this.queue.length > 0 && this.queue[0]!.verdicts) {
      const batch = this.queue.shift()!;
      yield { files: batch.files, verdicts: batch.verdicts! };
    }
  }

  /** Some batch is sent and not yet taken. */
  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** Once the walk is done: reads here a batch still waiting for the helper, or else waits for the first in order. */
  async readOrWait(): Promise<void> {
    if (this.forHelper.length > 0) {
      this.readHere(this.forHelper.pop()!);
      await new Promise<void>((resolve) => setImmediate(resolve)); // lets the helper's answers in, which feeds it again
    } else if (!this.queue[0]!.verdicts) {
      await this.queue[0]!.done;
    }
  }

  private readHere(batch: Batch): void {
    batch.verdicts = batch.files.map((f) => {
      if (!this.opts.stamped || f.override !== undefined) return this.reader.tryScan(f.absPath, f.syntax, f.override);
      const recorded = f.recorded?.stamp;
      return f.untagged ? this.reader.stampUntagged(f.absPath, recorded, f.stamp) : this.reader.scanUnlessUnchanged(f.absPath, f.syntax, recorded, f.stamp);
    });
    batch.resolve?.();
  }

  private feedHelper(): void {
    while (this.forHelper.length > 0 && scanHelper.inFlight < HELPER_IN_FLIGHT) {
      const batch = this.forHelper.shift()!;
      const { tags, maxBytes, stamped } = this.opts;
      const files = batch.files.map((f) => ({ absPath: f.absPath, name: f.name, ...(f.recorded ? { recorded: f.recorded.stamp } : {}) }));
      scanHelper.submit({ tags, maxBytes, stamped, files }).then(
        (verdicts) => {
          batch.verdicts = verdicts;
          batch.resolve?.();
          this.feedHelper();
        },
        () => this.readHere(batch), // the thread failed: this thread reads them
      );
    }
  }
}
