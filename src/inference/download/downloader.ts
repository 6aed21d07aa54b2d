// The download queue: jobs by id, at most `maxConcurrent` running, the others waiting as "queued".
import { findResumable, type ResumableDownload } from './sidecar';
import { DownloadJob, type JobQueue } from './job';
import type { DownloaderOptions } from './options';
import type { DownloadRequest, DownloadResult } from './request';
import { Transport } from './transport';

/**
 * The download queue. One file downloads at a time by default; the others wait as "queued".
 *
 *   const downloader = new Downloader({ log });
 *   const job = downloader.enqueue({ url, destDir, fileName, size, sha256 });
 *   job.on('progress', (p) => …);   // at most ~10 per second
 *   await job.done;                  // DownloadResult, or a DownloadError (reason, code)
 */
export class Downloader implements JobQueue {
  private readonly transport: Transport;
  private readonly jobs = new Map<string, DownloadJob>();
  private readonly pending: DownloadJob[] = [];
  private readonly active = new Set<DownloadJob>();

  constructor(options: DownloaderOptions = {}) {
    this.transport = new Transport(options);
  }

  /** Queues a download, or returns (and resumes, if paused) the job already there for the same id. */
  enqueue(request: DownloadRequest): DownloadJob {
    const job = new DownloadJob(request, this, this.transport);
    const existing = this.jobs.get(job.id);
    if (existing && existing.state !== 'ready' && existing.state !== 'cancelled' && existing.state !== 'failed') {
      if (existing.state === 'paused') existing.resume();
      return existing;
    }
    this.jobs.set(job.id, job);
    this.pending.push(job);
    // Start on the next tick, so the caller can attach listeners before the first state change.
    queueMicrotask(() => this.pump());
    return job;
  }

  /** Queues and awaits one download; an abort signal cancels it (deleting the partial file). */
  async download(request: DownloadRequest, signal?: AbortSignal): Promise<DownloadResult> {
    const job = this.enqueue(request);
    const onAbort = () => job.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await job.done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  get(id: string): DownloadJob | undefined {
    return this.jobs.get(id);
  }

  list(): DownloadJob[] {
    return [...this.jobs.values()];
  }

  /** @internal used by DownloadJob */
  dequeue(job: DownloadJob): void {
    const i = this.pending.indexOf(job);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** @internal used by DownloadJob */
  requeue(job: DownloadJob): void {
    // A job resumed before its previous run has fully returned is picked up when that run ends.
    if (!this.pending.includes(job) && !this.active.has(job)) this.pending.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.active.size < this.transport.opts.maxConcurrent && this.pending.length > 0) {
      const job = this.pending.shift()!;
      this.active.add(job);
      void job.run().finally(() => {
        this.active.delete(job);
        if (job.state === 'queued' && !this.pending.includes(job)) this.pending.push(job);
        this.pump();
      });
    }
  }

  /** Partial downloads left in a folder (recursively), e.g. by an editor that was closed mid-download. */
  static findResumable(dir: string): Promise<ResumableDownload[]> {
    return findResumable(dir);
  }
}
