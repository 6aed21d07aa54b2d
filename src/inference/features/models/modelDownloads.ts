// Model downloads: a download job per file that is not ready yet and one promise for the whole
// model, one aggregated progress per model (throttled, a change of state at once), each verified
// file recorded in the models folder, the reason of the last failure, pause (remembered in the
// models folder, so a restart does not continue it), resume, cancel, and continuing at start the
// downloads an earlier worker left unfinished.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { LocalFocusError, toLocalFocusError } from '../../../core/errors';
import type { CatalogEntry, CatalogFile } from '../../../core/models/catalogTypes';
import { isLoopbackHost } from '../../../core/models/catalogSchema';
import type { ModelDownloadProgress } from '../../../core/modelsProtocol';
import { DownloadError, DownloadJob, Downloader, proxyFromEnv } from '../../download';
import { OWNER_OF_SOURCE } from '../../modelsOnDisk/inPlaceEntry';
import { combineFileProgress, downloadProgressEvent, FileProgress } from './downloadProgress';
import type { GgufHeaders } from './ggufHeaders';
import type { ListedEntry, ModelCatalog } from './modelCatalog';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelMemory } from './modelMemory';
import type { ModelsFolder } from './modelsFolder';
import type { ModelJobSnapshot } from './modelState';
import { ProgressThrottle } from './progressThrottle';

/** One model's download: a job per file that was not ready, and one promise for the whole model. */
interface ModelDownload {
  entry: ListedEntry;
  files: { file: CatalogFile; job: DownloadJob }[];
  alreadyReadyBytes: number;
  recorded: number;
  finishing: boolean;
  settled: Promise<void>;
  settle: { resolve: () => void; reject: (err: LocalFocusError) => void };
  unsubscribe: (() => void)[];
}

export class ModelDownloads {
  private downloaderInUse: { downloader: Downloader; proxy: string | undefined } | undefined;
  private readonly running = new Map<string, ModelDownload>();
  /** The last download or verification failure per model, shown until the user acts again. */
  private readonly failures = new Map<string, string>();
  private readonly throttle = new ProgressThrottle(100);

  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly catalog: ModelCatalog,
    private readonly memory: ModelMemory,
    private readonly headers: GgufHeaders,
    private readonly onProgress: (progress: ModelDownloadProgress) => void,
    /** The headers that authorise a download from this URL (the Hub's token on the Hub's host), if any. */
    private readonly credentialsFor: (url: string) => Record<string, string> | undefined = () => undefined,
  ) {}

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** The running download's progress, undefined when the model has none. */
  snapshotOf(id: string): ModelJobSnapshot | undefined {
    const d = this.running.get(id);
    return d ? this.snapshot(d) : undefined;
  }

  failure(id: string): string | undefined {
    return this.failures.get(id);
  }

  recordFailure(id: string, reason: string): void {
    this.failures.set(id, reason);
  }

  forgetFailure(id: string): void {
    this.failures.delete(id);
  }

  /**
   * Starts the model's download, or resumes the one running; nothing when its files are ready.
   * With wait, returns when it has settled; a request aborted meanwhile pauses the download.
   */
  async download(entry: ListedEntry, opts: { wait?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    if (entry.inPlace) throw new LocalFocusError('bad-input', `${entry.name} is used where ${OWNER_OF_SOURCE[entry.inPlace.source]} keeps it; download it again there.`);
    let d = this.running.get(entry.id);
    if (!d) {
      const started = await this.start(entry);
      if (!started) return;
      d = started;
    } else {
      for (const { job } of d.files) if (job.state === 'paused') job.resume();
      await this.folder.paused().set(entry.id, false);
    }
    if (opts.wait) await this.settledOrPaused(d, entry, opts.signal);
  }

  async pause(entry: CatalogEntry): Promise<void> {
    const d = this.running.get(entry.id);
    if (d) for (const { job } of d.files) job.pause();
    await this.folder.paused().set(entry.id, true);
    if (d) await waitUntil(() => d.files.every(({ job }) => job.state !== 'downloading'), 5_000);
  }

  /** Stops the download and deletes its partial files; a model used in place has none of ours, and its folder is not touched. */
  async cancel(entry: CatalogEntry): Promise<void> {
    if (entry.inPlace) return;
    const d = this.running.get(entry.id);
    if (d) {
      for (const { job } of d.files) job.cancel();
      await d.settled.catch(() => undefined);
    }
    // Partial files left by an earlier worker have no job: delete them here.
    for (const file of entry.files) {
      const p = this.folder.store().pathOf(entry, file);
      const leftover = this.jobs().find((j) => j.path === p && j.state === 'paused');
      leftover?.cancel();
      await fsp.rm(p + '.partial', { force: true });
      await fsp.rm(p + '.partial.json', { force: true });
    }
    this.failures.delete(entry.id);
    await this.folder.paused().set(entry.id, false);
  }

  /** Continues partial downloads found on disk that the user did not pause; returns their ids. */
  async resumeInterrupted(): Promise<string[]> {
    const found = await Downloader.findResumable(this.folder.store().modelsDir);
    if (found.length === 0) return [];
    const { entries } = await this.catalog.read();
    const paused = await this.folder.paused().ids();
    // Local only promises that nothing connects off the machine unless the user asks, and the host
    // calls this on every worker start: a download left by an earlier session waits instead,
    // shown as paused (Resume in the Model Manager, or `models download <id>`). One from this
    // machine (a loopback server) still continues.
    const localOnly = this.host.currentConfig.mode === 'localOnly';
    const held = new Set<string>();
    const toContinue = new Map<string, ListedEntry>();
    for (const r of found) {
      const entry = entries.find((e) => e.files.some((f) => f.name === r.fileName && f.url === r.url && this.folder.store().folderOf(e) === path.resolve(r.destDir)));
      if (!entry || paused.has(entry.id) || this.running.has(entry.id)) continue;
      if (localOnly && !isLoopbackUrl(r.url)) held.add(entry.id);
      else toContinue.set(entry.id, entry);
    }
    for (const id of held) toContinue.delete(id);
    if (held.size) this.host.log('info', `Not continuing the interrupted download of ${[...held].join(', ')}: the mode is Local only; resume it in the Model Manager.`);
    for (const [id, entry] of toContinue) {
      this.host.log('info', `Continuing the interrupted download of ${id}.`);
      await this.download(entry);
    }
    return [...toContinue.keys()];
  }

  /** Pauses running downloads (keeping their partial files) so the next worker can continue them. */
  dispose(): void {
    for (const d of this.running.values()) for (const { job } of d.files) job.pause();
  }

  private async settledOrPaused(d: ModelDownload, entry: CatalogEntry, signal: AbortSignal | undefined): Promise<void> {
    const onAbort = () => void this.pause(entry).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await d.settled;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) throw new LocalFocusError('cancelled', `The download of ${entry.name} was paused; \`models download ${entry.id}\` continues it.`);
  }

  /** Starts a job for each file not ready yet; undefined when the model is ready already. */
  private async start(entry: ListedEntry): Promise<ModelDownload | undefined> {
    const status = await this.folder.store().status(entry);
    if (entry.files.some((f) => f.url.startsWith('file:'))) {
      if (status.state === 'ready') return undefined;
      throw new LocalFocusError('bad-input', `${entry.name} was imported from a file, not downloaded; import it again with "Import Model File…".`);
    }
    if (status.state === 'ready') return undefined;
    this.failures.delete(entry.id);
    const requests = (await this.folder.store().downloadRequests(entry)).map((r) => {
      const credentials = this.credentialsFor(r.url);
      return credentials ? { ...r, credentials } : r;
    });
    if (entry.format === 'gguf' && !entry.architecture) await this.headers.fetch(entry);
    const memory = await this.memory.viewOf(entry, status, (await this.catalog.read()).entries);
    this.host.log(memory.verdict === 'too-big' ? 'warn' : 'info', `Downloading ${entry.name} (${entry.id}): ${memory.sentence}`);
    await this.folder.paused().set(entry.id, false);

    const downloader = this.downloaderForNextDownload();
    let settle!: ModelDownload['settle'];
    const settled = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    settled.catch(() => undefined);
    const readyNames = new Set(requests.map((r) => r.fileName));
    const d: ModelDownload = {
      entry,
      files: [],
      alreadyReadyBytes: status.files.filter((f) => !readyNames.has(f.name)).reduce((s, f) => s + f.bytes, 0),
      recorded: 0,
      finishing: false,
      settled,
      settle,
      unsubscribe: [],
    };
    this.running.set(entry.id, d);
    for (const request of requests) {
      const file = entry.files.find((f) => f.name === request.fileName)!;
      const job = downloader.enqueue(request);
      // A job left paused by an earlier download of this model continues from its partial file.
      if (job.state === 'paused') job.resume();
      d.files.push({ file, job });
    }
    for (const { file, job } of d.files) this.watch(d, file, job);
    if (d.files.length === 0) void this.finish(d);
    else this.emitProgress(d);
    return d;
  }

  /**
   * The downloader for a new download. A changed proxy (setting or environment) applies to the
   * next download: the downloader is replaced here once nothing runs, so running ones keep their connection.
   */
  private downloaderForNextDownload(): Downloader {
    const fromEnv = proxyFromEnv();
    const proxy = this.host.currentConfig.proxy?.trim() || fromEnv.proxy;
    const busy = this.jobs().some((j) => j.state === 'downloading' || j.state === 'queued' || j.state === 'verifying');
    if (!this.downloaderInUse || (this.downloaderInUse.proxy !== proxy && !busy)) {
      this.downloaderInUse = {
        proxy,
        downloader: new Downloader({
          ...(proxy ? { proxy } : {}),
          ...(fromEnv.noProxy ? { noProxy: fromEnv.noProxy } : {}),
          log: (message) => this.host.log('info', message),
        }),
      };
    }
    return this.downloaderInUse.downloader;
  }

  private jobs(): DownloadJob[] {
    return this.downloaderInUse?.downloader.list() ?? [];
  }

  private watch(d: ModelDownload, file: CatalogFile, job: DownloadJob): void {
    const current = () => this.running.get(d.entry.id) === d;
    // A job emits progress on every state change too, so one listener sees both.
    const onProgress = () => current() && this.emitProgress(d);
    job.on('progress', onProgress);
    d.unsubscribe.push(() => job.off('progress', onProgress));
    job.done.then(
      async (result) => {
        if (!current()) return;
        try {
          await this.folder.queueRecordWrite(() => this.folder.store().recordVerified(d.entry, file, result.sha256));
        } catch (err) {
          // The file is in place but its record could not be written (the disk filled up just as it
          // finished, say): the download fails with the reason, and the worker keeps running.
          const why = toLocalFocusError(err).message;
          await this.fail(d, new LocalFocusError('bad-input', `${file.name} was downloaded and verified, but recording it in the models folder failed (${why}). Free some disk space and download it again.`));
          return;
        }
        d.recorded++;
        if (d.recorded === d.files.length) await this.finish(d);
      },
      (err: unknown) => {
        if (current()) void this.fail(d, err);
      },
    );
  }

  private async finish(d: ModelDownload): Promise<void> {
    d.finishing = true;
    try {
      // Files that were on disk before but never hashed are checked now, so "ready" always means verified.
      let status = await this.folder.store().status(d.entry);
      if (status.state === 'unverified') status = await this.folder.queueRecordWrite(() => this.folder.store().verify(d.entry));
      if (status.state !== 'ready') {
        const problems = status.files.filter((f) => f.state !== 'ready').map((f) => `${f.name} is ${f.state}${f.problem ? ` (${f.problem})` : ''}`);
        throw new LocalFocusError('model-corrupt', `${d.entry.name} is not complete after its download: ${problems.join('; ')}.`);
      }
    } catch (err) {
      await this.fail(d, err);
      return;
    }
    this.release(d);
    const total = d.files.reduce((s, f) => s + f.job.progress().bytes, 0) + d.alreadyReadyBytes;
    this.sendProgress(d.entry, { state: 'ready', bytes: total, totalBytes: total, speed: 0, etaSeconds: null });
    this.host.log('info', `Model ${d.entry.name} (${d.entry.id}) is downloaded and verified: ${this.folder.modelPath(d.entry)}.`);
    d.settle.resolve();
    this.host.statusChanged();
  }

  private async fail(d: ModelDownload, err: unknown): Promise<void> {
    const e = withHubAdvice(d.entry, toLocalFocusError(err));
    const cancelled = (err instanceof DownloadError && err.reason === 'cancelled') || e.code === 'cancelled';
    // The model cannot be whole now: stop its other files but keep their partial bytes.
    for (const { job } of d.files) {
      if (job.state !== 'queued' && job.state !== 'downloading') continue;
      if (cancelled) job.cancel();
      else job.pause();
    }
    this.release(d);
    const snap = this.snapshot(d);
    if (cancelled) {
      this.sendProgress(d.entry, { ...snap, state: 'cancelled', speed: 0, etaSeconds: null });
      d.settle.reject(new LocalFocusError('cancelled', `The download of ${d.entry.name} was cancelled.`));
      return;
    }
    this.failures.set(d.entry.id, e.message);
    this.host.log('warn', `Download of ${d.entry.name} (${d.entry.id}) failed: ${e.message}`);
    this.sendProgress(d.entry, { ...snap, state: 'failed', speed: 0, etaSeconds: null, reason: e.message });
    d.settle.reject(e);
  }

  private release(d: ModelDownload): void {
    if (this.running.get(d.entry.id) === d) this.running.delete(d.entry.id);
    d.unsubscribe.splice(0).forEach((off) => off());
    this.throttle.forget(d.entry.id);
  }

  private snapshot(d: ModelDownload): ModelJobSnapshot {
    const files: FileProgress[] = d.files.map(({ job }) => {
      const p = job.progress();
      return { state: p.state, bytes: p.bytes, total: p.total, speed: p.speed };
    });
    const snap = combineFileProgress(files, d.alreadyReadyBytes, this.failures.get(d.entry.id));
    // The files are in place but not yet recorded as verified: still verifying for the user.
    return snap.state === 'ready' || d.finishing ? { ...snap, state: 'verifying' } : snap;
  }

  /** Sends the model's progress unless one went out less than 100 ms ago in the same state. */
  private emitProgress(d: ModelDownload): void {
    const snap = this.snapshot(d);
    if (this.throttle.admit(d.entry.id, snap.state)) this.sendProgress(d.entry, snap);
  }

  private sendProgress(entry: CatalogEntry, snap: ModelJobSnapshot): void {
    const progress = downloadProgressEvent(entry, snap);
    this.host.progress(progress);
    this.onProgress(progress);
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** A URL served by this machine itself (its host is a loopback address or localhost). */
function isLoopbackUrl(raw: string): boolean {
  try {
    return isLoopbackHost(new URL(raw).hostname);
  } catch {
    return false;
  }
}

/** A Hub model refused with 401/403 is gated or private: the error says how to get access. */
function withHubAdvice(entry: CatalogEntry, e: LocalFocusError): LocalFocusError {
  const status = e.data?.status;
  if (!entry.hub || (status !== 401 && status !== 403)) return e;
  const advice = `${entry.hub.repo} is gated or private: accept its terms on the Hub, then set a Hugging Face token with access to it (Local Focus: Set Hugging Face Token, or HF_TOKEN for the CLI).`;
  return new LocalFocusError(e.code, `${e.message} ${advice}`, e.data);
}
