// The files of a TODO scan, read and lexed in batches, in order. Once a scan is big enough to
// share, some batches go to the helper thread (scanHelper.ts) while this thread walks the folders
// and reads the others; batches come out in the walk's order whichever thread read them. A file
// whose verdict the scan's record already holds is not read by either.

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
    private readonly tags: readonly string[],
    private readonly maxBytes: number,
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
    const unread = batch.files.some((f) => f.known === undefined);
    const share = this.dispatched++ >= SHARE_AFTER_BATCHES && unread && scanHelper.usable && !batch.files.some((f) => f.override !== undefined);
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
    batch.verdicts = batch.files.map((f) => f.known ?? this.reader.tryScan(f.absPath, f.syntax, f.override));
    batch.resolve?.();
  }

  private feedHelper(): void {
    while (this.forHelper.length > 0 && scanHelper.inFlight < HELPER_IN_FLIGHT) {
      const batch = this.forHelper.shift()!;
      const unread = batch.files.filter((f) => f.known === undefined);
      scanHelper.submit({ tags: this.tags, maxBytes: this.maxBytes, files: unread.map((f) => ({ absPath: f.absPath, name: f.name })) }).then(
        (verdicts) => {
          let k = 0;
          batch.verdicts = batch.files.map((f) => f.known ?? verdicts[k++]);
          batch.resolve?.();
          this.feedHelper();
        },
        () => this.readHere(batch), // the thread failed: this thread reads them
      );
    }
  }
}
