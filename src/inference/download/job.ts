// One file's download: its states (queued, downloading, paused, verifying, ready, failed,
// cancelled), pause/resume/cancel, the attempts with exponential backoff between them, and the
// size and SHA-256 check before the file is renamed into place.
import { EventEmitter } from 'node:events';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { insecureUrlReason } from '../../core/models/catalogSchema';
import { formatBytes } from '../../core/models/formatBytes';
import { resolveInside } from '../../core/models/safePath';
import { attempt, type AttemptTarget } from './attempt';
import { classifyNetworkError, DownloadError } from './errors';
import { PartialFile } from './partialFile';
import { ProgressCounter } from './progress';
import type { DownloadProgress, DownloadRequest, DownloadResult, DownloadState } from './request';
import { describesSameFile } from './sidecar';
import type { Transport } from './transport';

type JobEvents = {
  progress: [DownloadProgress];
  state: [DownloadState, DownloadError | undefined];
};

/** The queue as a job sees it: a job leaves it when paused while waiting, and returns on resume. */
export interface JobQueue {
  dequeue(job: DownloadJob): void;
  requeue(job: DownloadJob): void;
}

/** One file's download: its state, progress events, and pause/resume/cancel. */
export class DownloadJob extends EventEmitter<JobEvents> {
  readonly id: string;
  readonly request: Required<Pick<DownloadRequest, 'url' | 'destDir' | 'fileName'>> & Pick<DownloadRequest, 'size' | 'sha256' | 'credentials'>;
  readonly path: string;
  private donePromise!: Promise<DownloadResult>;
  private _state: DownloadState = 'queued';
  private _error: DownloadError | undefined;
  private abort: AbortController | undefined;
  private stopReason: 'pause' | 'cancel' | undefined;
  private readonly partial: PartialFile;
  private readonly counter: ProgressCounter;
  private settle!: { resolve: (r: DownloadResult) => void; reject: (e: DownloadError) => void };

  constructor(request: DownloadRequest, private readonly queue: JobQueue, private readonly transport: Transport) {
    super();
    try {
      this.path = resolveInside(request.destDir, request.fileName);
    } catch (err) {
      throw new DownloadError('unsafe-path', (err as Error).message);
    }
    this.id = request.id ?? this.path;
    this.request = {
      url: request.url,
      destDir: request.destDir,
      fileName: request.fileName,
      size: request.size ?? null,
      sha256: request.sha256?.toLowerCase() ?? null,
      ...(request.credentials ? { credentials: request.credentials } : {}),
    };
    this.partial = new PartialFile(this.path, this.request);
    this.counter = new ProgressCounter(this.request.size ?? null, transport.opts.progressIntervalMs, () => this.emit('progress', this.progress()));
    this.newDonePromise();
  }

  /** Settles when the file is ready (DownloadResult) or has failed or been cancelled (DownloadError). */
  get done(): Promise<DownloadResult> {
    return this.donePromise;
  }

  private newDonePromise(): void {
    this.donePromise = new Promise<DownloadResult>((resolve, reject) => (this.settle = { resolve, reject }));
    // Nobody may be awaiting `done` (a UI that listens to events instead); that is not an error.
    this.donePromise.catch(() => undefined);
  }

  get state(): DownloadState {
    return this._state;
  }
  get error(): DownloadError | undefined {
    return this._error;
  }
  get partialPath(): string {
    return this.partial.partialPath;
  }
  get sidecarPath(): string {
    return this.partial.sidecarPath;
  }

  progress(): DownloadProgress {
    const { bytes, total } = this.counter;
    const speed = this.counter.speed();
    const left = total !== null ? Math.max(0, total - bytes) : null;
    return {
      id: this.id,
      fileName: this.request.fileName,
      state: this._state,
      bytes,
      total,
      speed,
      etaSeconds: left !== null && speed > 0 ? left / speed : null,
    };
  }

  /** Stops the transfer and keeps the partial file; resume() continues from it. */
  pause(): void {
    if (this._state === 'queued') {
      this.queue.dequeue(this);
      this.setState('paused');
    } else if (this._state === 'downloading') {
      this.stopReason = 'pause';
      this.abort?.abort(new DownloadError('cancelled', 'Paused.'));
    }
  }

  /** Queues a paused or failed download again; it continues from its partial file. */
  resume(): void {
    if (this._state !== 'paused' && this._state !== 'failed') return;
    if (this._state === 'failed') this.newDonePromise(); // the old promise already rejected
    this._error = undefined;
    this.setState('queued');
    this.queue.requeue(this);
  }

  /** Stops the transfer and deletes the partial file; `done` rejects with "cancelled". */
  cancel(): void {
    if (this._state === 'ready' || this._state === 'cancelled') return;
    if (this._state === 'downloading' || this._state === 'verifying') {
      this.stopReason = 'cancel';
      this.abort?.abort(new DownloadError('cancelled', 'Cancelled.'));
      return;
    }
    this.queue.dequeue(this);
    void this.finishCancel();
  }

  private async finishCancel(): Promise<void> {
    await this.partial.discard();
    const err = new DownloadError('cancelled', `The download of ${this.request.fileName} was cancelled.`);
    this._error = err;
    this.setState('cancelled', err);
    this.settle.reject(err);
  }

  private setState(state: DownloadState, error?: DownloadError): void {
    this._state = state;
    this.emit('state', state, error);
    this.counter.report(true);
  }

  /** Runs the download to its end; called by the queue. */
  async run(): Promise<void> {
    this.abort = new AbortController();
    this.stopReason = undefined;
    this.counter.resetSpeed();
    this.setState('downloading');
    try {
      const result = await this.download(this.abort.signal);
      this.setState('ready');
      this.settle.resolve(result);
    } catch (err) {
      const stop = this.stopReason;
      this.stopReason = undefined;
      if (stop === 'pause') {
        this.transport.log(`Paused ${this.request.fileName} at ${formatBytes(this.counter.bytes)}; the partial file is kept.`);
        this.setState('paused');
      } else if (stop === 'cancel') {
        await this.finishCancel();
      } else {
        const e = classifyNetworkError(err);
        this._error = e;
        this.transport.log(`Download of ${this.request.fileName} failed (${e.reason}): ${e.message}`);
        this.setState('failed', e);
        this.settle.reject(e);
      }
    } finally {
      this.abort = undefined;
    }
  }

  private async download(signal: AbortSignal): Promise<DownloadResult> {
    const insecure = insecureUrlReason(this.request.url);
    if (insecure) throw new DownloadError('insecure-url', `The download URL ${insecure}.`);
    await fsp.mkdir(path.dirname(this.path), { recursive: true });
    const offset = await this.resumePoint();
    await this.attemptUntilWhole(offset, signal);
    return this.verify();
  }

  /** Where this download continues: the end of a partial file of the same file, else byte 0. */
  private async resumePoint(): Promise<number> {
    const { size } = this.request;
    const sidecar = await this.partial.readSidecar();
    const sameFile = describesSameFile(sidecar, this.request);
    this.partial.etag = sameFile ? sidecar.etag : undefined;
    if (!sameFile) await this.partial.removeBytes();
    let offset = await this.partial.size();
    if (size !== null && size !== undefined && offset > size) {
      offset = 0;
      await this.partial.removeBytes();
    }
    this.counter.bytes = offset;
    if (size !== null && size !== undefined) {
      await this.transport.checkFreeSpace(path.dirname(this.path), size - offset);
    }
    await this.partial.writeSidecar();
    if (offset === 0) await fsp.writeFile(this.partial.partialPath, Buffer.alloc(0));
    return offset;
  }

  /** Attempts until the partial file is whole, retrying with backoff while attempts bring new bytes. */
  private async attemptUntilWhole(offset: number, signal: AbortSignal): Promise<void> {
    const { retries, backoffMs, maxBackoffMs } = this.transport.opts;
    // Progress means bytes beyond the furthest point reached so far, so a server that keeps
    // sending the same first part and then restarting us cannot keep the retries going forever.
    let failuresWithoutProgress = 0;
    let furthest = offset;
    for (;;) {
      signal.throwIfAborted();
      const before = await this.partial.size();
      try {
        await this.partial.syncHash(before, signal);
        await attempt(this.attemptTarget(), before, signal);
        return;
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        const e = classifyNetworkError(err);
        if (!e.retryable) {
          if (e.reason === 'size-mismatch') await this.partial.discard();
          throw e;
        }
        const after = await this.partial.size();
        failuresWithoutProgress = after > furthest ? 1 : failuresWithoutProgress + 1;
        furthest = Math.max(furthest, after);
        if (failuresWithoutProgress > retries) {
          throw new DownloadError(e.reason, `${e.message} Gave up after ${retries + 1} attempts without progress; resume to try again.`, { retryable: false, ...(e.status ? { status: e.status } : {}) });
        }
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (failuresWithoutProgress - 1));
        this.transport.log(`Download of ${this.request.fileName} interrupted at ${formatBytes(after)} (${e.message}); retrying in ${delay} ms.`);
        await sleep(delay, undefined, { signal });
      }
    }
  }

  private attemptTarget(): AttemptTarget {
    return { request: this.request, path: this.path, transport: this.transport, partial: this.partial, progress: this.counter };
  }

  /** Checks size and hash, then flushes and renames the partial file into place; a bad file is deleted. */
  private async verify(): Promise<DownloadResult> {
    this.setState('verifying');
    const { size, sha256, fileName } = this.request;
    const bytes = await this.partial.size();
    const actual = await this.partial.digest(bytes);
    if (size !== null && size !== undefined && bytes !== size) {
      await this.partial.discard();
      throw new DownloadError('size-mismatch', `${fileName} arrived with ${bytes} bytes instead of ${size}; it was deleted.`);
    }
    if (sha256 && actual !== sha256) {
      await this.partial.discard();
      throw new DownloadError('hash-mismatch', `${fileName} failed its SHA-256 check (expected ${sha256}, got ${actual}); the file was deleted. Download it again; if it fails again the published file has changed.`);
    }
    await this.partial.moveIntoPlace();
    this.counter.bytes = bytes;
    this.counter.total = bytes;
    return { id: this.id, path: this.path, bytes, sha256: actual, verified: Boolean(sha256) };
  }
}
