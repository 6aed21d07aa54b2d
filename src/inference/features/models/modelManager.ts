// The model manager inside the worker: the catalog (built-in + the user's file + imported models),
// each model's state, downloads with one aggregated progress per model, the memory check before
// download and before load, load/unload through the LLM runtime, and the device report.
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError, toLocalFocusError } from '../../../core/errors';
import { BUILTIN_CATALOG, entryDownloadSize } from '../../../core/models/catalog';
import { CatalogEntry, CatalogFile, MODEL_ROLE_LABELS, MODEL_ROLES, ModelRole } from '../../../core/models/catalogTypes';
import { formatBytes, formatDuration } from '../../../core/models/formatBytes';
import { GgufModelInfo, ggufModelInfo, readGgufHeaderFromFile, readGgufHeaderWith } from '../../../core/models/gguf';
import { DEFAULT_MEMORY_BUDGET_PERCENT, LlmShape, memoryBudget, shapeFromArchitecture, shapeFromGguf } from '../../../core/models/memoryBudget';
import { isLoopbackHost } from '../../../core/models/catalogSchema';
import { applyGgufInfo, entryForUrl, mergeUserCatalog } from '../../../core/models/userCatalog';
import {
  DeviceInfo,
  GpuInfo,
  MemoryShapeSource,
  ModelDownloadProgress,
  ModelListResult,
  ModelMemoryView,
  modelProgressRequestId,
  ModelVerifyReport,
  ModelView,
  RoleAssignment,
} from '../../../core/modelsProtocol';
import { localFocusHome } from '../../../core/paths';
import { Capability, LoadedModelInfo, ModelPaths, WorkerConfig } from '../../../core/protocol';
import { DownloadError, DownloadJob, Downloader, fetchLeadingBytes, proxyFromEnv } from '../../downloader';
import { llmContextSize, modelRunStats } from '../../llm';
import { ModelStatus, ModelStore } from '../../modelStore';
import type { WorkerService } from '../../service';
import { combineFileProgress, FileProgress } from './downloadProgress';
import { memoryViewFor } from './memoryView';
import { ModelJobSnapshot, modelStateOf } from './modelState';
import { PausedDownloads } from './pausedDownloads';
import { ProgressThrottle } from './progressThrottle';
import { readUserCatalog, upsertUserCatalogEntry } from './userCatalogFile';

/** A catalog entry and where the listing found it (imported models come from the models folder). */
export type ListedEntry = CatalogEntry & { source: ModelView['origin'] };

const CAPABILITY_OF_ROLE: Record<ModelRole, Capability> = { 'task-parsing': 'taskParsing', review: 'codeReview', embeddings: 'notesSearch' };
const SETTING_OF_ROLE: Record<ModelRole, keyof ModelPaths> = { 'task-parsing': 'taskParsing', review: 'codeReview', embeddings: 'embeddings' };

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

type ManagerEvents = { progress: [ModelDownloadProgress] };

export class ModelManager extends EventEmitter<ManagerEvents> {
  /** The store and paused list of the configured models folder; configure() replaces them when the folder changes. */
  private folder: { store: ModelStore; paused: PausedDownloads } | undefined;
  private downloaderInUse: { downloader: Downloader; proxy: string | undefined } | undefined;
  private readonly downloads = new Map<string, ModelDownload>();
  private readonly failures = new Map<string, string>();
  private readonly throttle = new ProgressThrottle(100);
  /** GGUF headers read from disk (keyed by path, size and mtime) and from servers (by URL). */
  private readonly fileHeaders = new Map<string, GgufModelInfo | null>();
  private readonly remoteHeaders = new Map<string, GgufModelInfo>();
  private gpu: Promise<GpuInfo> | undefined;
  /** The registry file is read-modify-written: one write at a time. */
  private registryQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly service: WorkerService) {
    super();
    service.onConfigure((config) => this.configure(config));
  }

  get catalogFile(): string {
    return path.join(localFocusHome(), 'catalog.json');
  }

  /** Follows the configured models folder: a new folder gets its own store and paused list. */
  private configure(config: WorkerConfig): void {
    if (this.folder?.store.modelsDir === config.modelsDir) return;
    this.folder = { store: new ModelStore(config.modelsDir), paused: new PausedDownloads(config.modelsDir) };
  }

  store(): ModelStore {
    return this.configuredFolder().store;
  }

  private paused(): PausedDownloads {
    return this.configuredFolder().paused;
  }

  private configuredFolder(): { store: ModelStore; paused: PausedDownloads } {
    if (!this.folder) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
    return this.folder;
  }

  /**
   * The downloader for a new download. A changed proxy (setting or environment) applies to the
   * next download, so the downloader is replaced here once nothing runs; running ones keep their connection.
   */
  private downloaderForNextDownload(): Downloader {
    const fromEnv = proxyFromEnv();
    const proxy = this.service.currentConfig.proxy?.trim() || fromEnv.proxy;
    const busy = this.downloaders().some((j) => j.state === 'downloading' || j.state === 'queued' || j.state === 'verifying');
    if (!this.downloaderInUse || (this.downloaderInUse.proxy !== proxy && !busy)) {
      this.downloaderInUse = {
        proxy,
        downloader: new Downloader({
          ...(proxy ? { proxy } : {}),
          ...(fromEnv.noProxy ? { noProxy: fromEnv.noProxy } : {}),
          log: (message) => this.service.log('info', message),
        }),
      };
    }
    return this.downloaderInUse.downloader;
  }

  private downloaders(): DownloadJob[] {
    return this.downloaderInUse?.downloader.list() ?? [];
  }

  // ---------------------------------------------------------------- catalog

  async catalog(): Promise<{ entries: ListedEntry[]; warnings: string[] }> {
    const { json, warning } = await readUserCatalog(this.catalogFile);
    const warnings: string[] = warning ? [warning] : [];
    const merged = json === undefined ? { entries: BUILTIN_CATALOG.map((e) => ({ ...e })), warnings: [] } : mergeUserCatalog(BUILTIN_CATALOG, json);
    warnings.push(...merged.warnings);
    const entries: ListedEntry[] = merged.entries.map((e) => ({ ...e, source: e.origin ?? 'builtin' }));
    for (const imported of await this.store().imported()) {
      if (entries.some((e) => e.id === imported.id)) continue;
      entries.push({ ...imported, source: 'imported' });
    }
    return { entries, warnings };
  }

  async entry(id: string): Promise<ListedEntry> {
    if (typeof id !== 'string' || !id) throw new LocalFocusError('bad-input', 'Name a model by its id (see `local-focus models list`).');
    const found = (await this.catalog()).entries.find((e) => e.id === id);
    if (!found) throw new LocalFocusError('bad-input', `There is no model "${id}" in the catalog; \`local-focus models list\` shows the ids.`);
    return found;
  }

  /** The file the worker loads (GGUF) or the model's folder (ONNX). */
  modelPath(entry: CatalogEntry): string {
    return entry.format === 'gguf' && entry.files.length === 1 ? this.store().pathOf(entry, entry.files[0]!) : this.store().folderOf(entry);
  }

  // ---------------------------------------------------------------- views

  private totalRam(): number {
    return this.service.tuning.totalRamBytes ?? os.totalmem();
  }

  private budgetPercent(): number {
    const p = this.service.currentConfig.memoryBudgetPercent;
    return typeof p === 'number' && Number.isFinite(p) && p > 0 ? p : DEFAULT_MEMORY_BUDGET_PERCENT;
  }

  private loadedModels(): LoadedModelInfo[] {
    return this.service.status().loadedModels;
  }

  private isEntryLoaded(entry: CatalogEntry, loaded: readonly LoadedModelInfo[]): boolean {
    const p = this.modelPath(entry);
    return loaded.some((m) => m.path === p || m.path.startsWith(p + path.sep));
  }

  private async fileHeader(p: string): Promise<GgufModelInfo | undefined> {
    let st: fs.Stats;
    try {
      st = await fsp.stat(p);
    } catch {
      return undefined;
    }
    const key = `${p}|${st.size}|${st.mtimeMs}`;
    if (!this.fileHeaders.has(key)) {
      try {
        this.fileHeaders.set(key, ggufModelInfo(await readGgufHeaderFromFile(p, { stopAtModelInfo: true })));
      } catch {
        this.fileHeaders.set(key, null);
      }
    }
    return this.fileHeaders.get(key) ?? undefined;
  }

  /** The transformer's shape and the context it loads with, best source first. */
  private async shapeOf(entry: CatalogEntry, onDisk: boolean): Promise<{ shape?: LlmShape; source: MemoryShapeSource; contextLength: number }> {
    if (entry.format !== 'gguf') return { source: 'none', contextLength: entry.contextLength };
    if (onDisk) {
      const info = await this.fileHeader(this.modelPath(entry));
      if (info) return { shape: shapeFromGguf(info), source: 'gguf-file', contextLength: info.contextLength || entry.contextLength };
    }
    const remote = this.remoteHeaders.get(entry.files[0]!.url);
    if (remote) return { shape: shapeFromGguf(remote), source: 'gguf-remote', contextLength: remote.contextLength || entry.contextLength };
    if (entry.architecture) return { shape: shapeFromArchitecture(entry.architecture), source: 'catalog', contextLength: entry.contextLength };
    return { source: 'none', contextLength: entry.contextLength };
  }

  private async memoryOf(entry: CatalogEntry, status: ModelStatus, loadedBytes: number): Promise<ModelMemoryView> {
    const onDisk = status.state === 'ready' || status.state === 'unverified';
    const { shape, source, contextLength } = await this.shapeOf(entry, onDisk);
    const size = entryDownloadSize(entry);
    const weightsBytes = onDisk ? status.bytesOnDisk : size.exact ? size.bytes : Math.max(size.bytes, status.bytesOnDisk);
    return memoryViewFor({
      weightsBytes,
      ...(shape ? { shape } : {}),
      shapeSource: source,
      contextSize: entry.format === 'gguf' ? llmContextSize(contextLength) : contextLength,
      totalRamBytes: this.totalRam(),
      percent: this.budgetPercent(),
      loadedBytes,
    });
  }

  /**
   * Memory held by loaded models, by their estimates. Loading a chat model swaps out the one in
   * memory, so for a GGUF model the loaded LLM does not count against it.
   */
  private async loadedBytes(entries: readonly ListedEntry[], forEntry?: CatalogEntry): Promise<number> {
    let total = 0;
    for (const m of this.loadedModels()) {
      if (forEntry && this.isEntryLoaded(forEntry, [m])) continue;
      if (forEntry?.format === 'gguf' && m.kind === 'llm') continue;
      const entry = entries.find((e) => this.isEntryLoaded(e, [m]));
      if (entry) {
        const status = await this.store().status(entry);
        total += (await this.memoryOf(entry, status, 0)).totalBytes;
      } else {
        total += await fsp.stat(m.path).then((s) => s.size, () => 0);
      }
    }
    return total;
  }

  private roleAssignments(entries: readonly ListedEntry[]): RoleAssignment[] {
    const config = this.service.currentConfig;
    return MODEL_ROLES.map((role) => {
      const configured = Boolean(config.models[SETTING_OF_ROLE[role]]?.trim());
      let p: string;
      try {
        p = this.service.modelPath(CAPABILITY_OF_ROLE[role]);
      } catch (err) {
        return { role, label: MODEL_ROLE_LABELS[role], path: toLocalFocusError(err).message, present: false, configured };
      }
      const entry = entries.find((e) => this.modelPath(e) === p);
      return { role, label: MODEL_ROLE_LABELS[role], path: p, ...(entry ? { modelId: entry.id } : {}), present: fs.existsSync(p), configured };
    });
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

  async view(entry: ListedEntry, ctx?: { entries: readonly ListedEntry[]; roles: RoleAssignment[]; loaded: LoadedModelInfo[] }): Promise<ModelView> {
    const entries = ctx?.entries ?? (await this.catalog()).entries;
    const roles = ctx?.roles ?? this.roleAssignments(entries);
    const loaded = ctx?.loaded ?? this.loadedModels();
    const status = await this.store().status(entry);
    const download = this.downloads.get(entry.id);
    const isLoaded = this.isEntryLoaded(entry, loaded);
    const failure = this.failures.get(entry.id);
    const state = modelStateOf({ store: status, ...(download ? { job: this.snapshot(download) } : {}), ...(failure ? { failure } : {}), loaded: isLoaded });
    const size = entryDownloadSize(entry);
    const modelPath = this.modelPath(entry);
    const stats = entry.format === 'gguf' ? modelRunStats(modelPath) : undefined;
    return {
      id: entry.id,
      name: entry.name,
      roles: [...entry.roles],
      publisher: entry.publisher,
      trust: entry.trust,
      verified: entry.verified,
      origin: entry.source,
      format: entry.format,
      quantization: entry.quantization,
      parameters: entry.parameters,
      contextLength: entry.contextLength,
      license: entry.license,
      sizeBytes: size.exact ? size.bytes : Math.max(size.bytes, status.bytesOnDisk),
      sizeExact: size.exact,
      ...state,
      memory: await this.memoryOf(entry, status, await this.loadedBytes(entries, entry)),
      path: modelPath,
      usedFor: roles.filter((r) => r.path === modelPath).map((r) => r.role),
      ...(stats ? { stats } : {}),
    };
  }

  async list(): Promise<ModelListResult> {
    const { entries, warnings } = await this.catalog();
    const roles = this.roleAssignments(entries);
    const loaded = this.loadedModels();
    const models: ModelView[] = [];
    for (const entry of entries) models.push(await this.view(entry, { entries, roles, loaded }));
    return { models, roles, modelsDir: this.store().modelsDir, catalogFile: this.catalogFile, warnings, device: await this.device(false, entries) };
  }

  async device(withGpu: boolean, knownEntries?: readonly ListedEntry[]): Promise<DeviceInfo> {
    const entries = knownEntries ?? (await this.catalog()).entries;
    const budget = memoryBudget({ totalRamBytes: this.totalRam(), percent: this.budgetPercent(), loadedBytes: await this.loadedBytes(entries) });
    const cpus = os.cpus();
    let gpu: GpuInfo | undefined;
    if (withGpu) {
      const runtime = this.service.llmRuntime();
      if (runtime) {
        this.gpu ??= runtime.gpuInfo();
        gpu = await this.gpu;
      } else {
        gpu = { backend: 'none', devices: [], error: 'the worker is not configured yet' };
      }
    } else if (this.gpu) {
      gpu = await this.gpu;
    }
    return {
      totalRamBytes: budget.totalRamBytes,
      freeRamBytes: os.freemem(),
      budgetPercent: budget.percent,
      budgetBytes: budget.budgetBytes,
      loadedBytes: budget.loadedBytes,
      remainingBytes: budget.remainingBytes,
      cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
      cpuModel: cpus[0]?.model?.trim() || os.arch(),
      threads: this.service.threads,
      platform: os.platform(),
      arch: os.arch(),
      ...(gpu ? { gpu } : {}),
    };
  }

  // ---------------------------------------------------------------- downloads

  /** Sends the model's progress unless one went out less than 100 ms ago in the same state. */
  private emitProgress(d: ModelDownload): void {
    const snap = this.snapshot(d);
    if (this.throttle.admit(d.entry.id, snap.state)) this.sendProgress(d.entry, snap);
  }

  private sendProgress(entry: CatalogEntry, snap: ModelJobSnapshot): void {
    const pct = snap.totalBytes ? Math.floor((snap.bytes / snap.totalBytes) * 100) : undefined;
    const parts = [`${entry.name}: ${snap.state}`];
    if (snap.state === 'downloading' || snap.state === 'paused' || snap.state === 'queued') {
      parts.push(`${pct !== undefined ? `${pct}% ` : ''}(${formatBytes(snap.bytes)}${snap.totalBytes ? ` of ${formatBytes(snap.totalBytes)}` : ''})`);
      if (snap.state === 'downloading' && snap.speed > 0) parts.push(`${formatBytes(snap.speed)}/s`, snap.etaSeconds !== null ? `${formatDuration(snap.etaSeconds)} left` : '');
    }
    if (snap.reason) parts.push(snap.reason);
    const progress: ModelDownloadProgress = {
      requestId: modelProgressRequestId(entry.id),
      modelId: entry.id,
      state: snap.state,
      bytes: snap.bytes,
      totalBytes: snap.totalBytes,
      speed: snap.speed,
      etaSeconds: snap.etaSeconds,
      message: parts.filter(Boolean).join(' · '),
      done: snap.bytes,
      ...(snap.totalBytes !== null ? { total: snap.totalBytes } : {}),
      ...(snap.reason ? { reason: snap.reason } : {}),
    };
    this.service.progress(progress);
    this.emit('progress', progress);
  }

  private registry<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.registryQueue.catch(() => undefined).then(fn);
    this.registryQueue = next;
    return next;
  }

  /** Reads the model's header from the server before downloading it, when the catalog lacks its shape. */
  private async fetchRemoteHeader(entry: CatalogEntry, signal?: AbortSignal): Promise<GgufModelInfo | undefined> {
    const file = entry.files[0];
    if (entry.format !== 'gguf' || !file || !/^https?:/.test(file.url)) return undefined;
    const cached = this.remoteHeaders.get(file.url);
    if (cached) return cached;
    const proxy = this.service.currentConfig.proxy?.trim() || proxyFromEnv().proxy;
    try {
      const header = await readGgufHeaderWith((n) => fetchLeadingBytes(file.url, n, { ...(proxy ? { proxy } : {}), stallTimeoutMs: 10_000, ...(signal ? { signal } : {}) }), {
        stopAtModelInfo: true,
        initialBytes: 256 * 1024,
        maxBytes: 16 * 1024 * 1024,
        ...(signal ? { signal } : {}),
      });
      const info = ggufModelInfo(header);
      this.remoteHeaders.set(file.url, info);
      return info;
    } catch (err) {
      this.service.log('info', `Could not read the header of ${file.url} before downloading (${toLocalFocusError(err).message}); the memory estimate uses the catalog.`);
      return undefined;
    }
  }

  async download(id: string, opts: { wait?: boolean; signal?: AbortSignal } = {}): Promise<ModelView> {
    const entry = await this.entry(id);
    let d = this.downloads.get(id);
    if (!d) {
      const started = await this.startDownload(entry);
      if (!started) return this.view(entry);
      d = started;
    } else {
      for (const { job } of d.files) if (job.state === 'paused') job.resume();
      await this.paused().set(id, false);
    }
    if (opts.wait) {
      const onAbort = () => void this.pause(id).catch(() => undefined);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await d.settled;
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
      if (opts.signal?.aborted) throw new LocalFocusError('cancelled', `The download of ${entry.name} was paused; \`models download ${id}\` continues it.`);
    }
    return this.view(entry);
  }

  private async startDownload(entry: ListedEntry): Promise<ModelDownload | undefined> {
    if (entry.files.some((f) => f.url.startsWith('file:'))) {
      const status = await this.store().status(entry);
      if (status.state === 'ready') return undefined;
      throw new LocalFocusError('bad-input', `${entry.name} was imported from a file, not downloaded; import it again with "Import Model File…".`);
    }
    const status = await this.store().status(entry);
    if (status.state === 'ready') return undefined;
    this.failures.delete(entry.id);
    const requests = await this.store().downloadRequests(entry);
    if (entry.format === 'gguf' && !entry.architecture) await this.fetchRemoteHeader(entry);
    const memory = await this.memoryOf(entry, status, await this.loadedBytes((await this.catalog()).entries, entry));
    this.service.log(memory.verdict === 'too-big' ? 'warn' : 'info', `Downloading ${entry.name} (${entry.id}): ${memory.sentence}`);
    await this.paused().set(entry.id, false);

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
    this.downloads.set(entry.id, d);
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

  private watch(d: ModelDownload, file: CatalogFile, job: DownloadJob): void {
    const current = () => this.downloads.get(d.entry.id) === d;
    // A job emits progress on every state change too, so one listener sees both.
    const onProgress = () => current() && this.emitProgress(d);
    job.on('progress', onProgress);
    d.unsubscribe.push(() => job.off('progress', onProgress));
    job.done.then(
      async (result) => {
        if (!current()) return;
        try {
          await this.registry(() => this.store().recordVerified(d.entry, file, result.sha256));
        } catch (err) {
          // The file is in place but its record could not be written, e.g. the disk filled up just
          // as it finished: the download fails with the reason. Unhandled, this rejection ended the
          // worker (exit 70) and the model was left "unverified" with no reason shown.
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
      let status = await this.store().status(d.entry);
      if (status.state === 'unverified') status = await this.registry(() => this.store().verify(d.entry));
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
    this.service.log('info', `Model ${d.entry.name} (${d.entry.id}) is downloaded and verified: ${this.modelPath(d.entry)}.`);
    d.settle.resolve();
    this.service.statusChanged();
  }

  private async fail(d: ModelDownload, err: unknown): Promise<void> {
    const e = toLocalFocusError(err);
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
    this.service.log('warn', `Download of ${d.entry.name} (${d.entry.id}) failed: ${e.message}`);
    this.sendProgress(d.entry, { ...snap, state: 'failed', speed: 0, etaSeconds: null, reason: e.message });
    d.settle.reject(e);
  }

  private release(d: ModelDownload): void {
    if (this.downloads.get(d.entry.id) === d) this.downloads.delete(d.entry.id);
    d.unsubscribe.splice(0).forEach((off) => off());
    this.throttle.forget(d.entry.id);
  }

  async pause(id: string): Promise<ModelView> {
    const entry = await this.entry(id);
    const d = this.downloads.get(id);
    if (d) for (const { job } of d.files) job.pause();
    await this.paused().set(id, true);
    if (d) await waitUntil(() => d.files.every(({ job }) => job.state !== 'downloading'), 5_000);
    return this.view(entry);
  }

  async resume(id: string): Promise<ModelView> {
    return this.download(id);
  }

  async cancel(id: string): Promise<ModelView> {
    const entry = await this.entry(id);
    const d = this.downloads.get(id);
    if (d) {
      for (const { job } of d.files) job.cancel();
      await d.settled.catch(() => undefined);
    }
    // Partial files left by an earlier worker have no job: delete them here.
    for (const file of entry.files) {
      const p = this.store().pathOf(entry, file);
      const leftover = this.downloaders().find((j) => j.path === p && j.state === 'paused');
      leftover?.cancel();
      await fsp.rm(p + '.partial', { force: true });
      await fsp.rm(p + '.partial.json', { force: true });
    }
    this.failures.delete(id);
    await this.paused().set(id, false);
    return this.view(entry);
  }

  /** Continues partial downloads found on disk that the user did not pause. */
  async resumeInterrupted(): Promise<string[]> {
    const found = await Downloader.findResumable(this.store().modelsDir);
    if (found.length === 0) return [];
    const { entries } = await this.catalog();
    const paused = await this.paused().ids();
    // Local only promises that nothing connects off the machine unless the user asks. The host
    // calls this on every worker start, so a download left by an earlier session would reach
    // the model server with no action of the user's (issue 7, test/integration/offline.test.ts).
    // Such a download waits instead, shown as paused: Resume in the Model Manager, or
    // `models download <id>`. One from this machine (a loopback server) still continues.
    const localOnly = this.service.currentConfig.mode === 'localOnly';
    const held = new Set<string>();
    const ids = new Set<string>();
    for (const r of found) {
      const entry = entries.find((e) => e.files.some((f) => f.name === r.fileName && f.url === r.url && this.store().folderOf(e) === path.resolve(r.destDir)));
      if (!entry || paused.has(entry.id) || this.downloads.has(entry.id)) continue;
      if (localOnly && !isLoopbackUrl(r.url)) held.add(entry.id);
      else ids.add(entry.id);
    }
    for (const id of held) ids.delete(id);
    if (held.size) this.service.log('info', `Not continuing the interrupted download of ${[...held].join(', ')}: the mode is Local only; resume it in the Model Manager.`);
    for (const id of ids) {
      this.service.log('info', `Continuing the interrupted download of ${id}.`);
      await this.download(id);
    }
    return [...ids];
  }

  // ---------------------------------------------------------------- catalog changes

  async addUrl(params: { url: string; role: ModelRole; sha256?: string; name?: string }, signal?: AbortSignal): Promise<{ model: ModelView; headerRead: boolean }> {
    let entry: CatalogEntry = entryForUrl(params.url, { role: params.role, ...(params.sha256 ? { sha256: params.sha256 } : {}), ...(params.name ? { name: params.name } : {}) });
    const info = await this.fetchRemoteHeader(entry, signal);
    if (info) entry = applyGgufInfo(entry, info);
    await upsertUserCatalogEntry(this.catalogFile, entry);
    this.service.log('info', `Added ${entry.name} (${entry.id}) from ${params.url} to ${this.catalogFile}${entry.verified ? '' : ' without a SHA-256: it is unverified'}.`);
    return { model: await this.view(await this.entry(entry.id)), headerRead: Boolean(info) };
  }

  async importModel(params: { path: string; role: ModelRole; name?: string; overwrite?: boolean }, signal?: AbortSignal) {
    if (typeof params.path !== 'string' || !params.path.trim()) throw new LocalFocusError('bad-input', 'Give the path of a .gguf file or an ONNX model folder to import.');
    if (!MODEL_ROLES.includes(params.role)) throw new LocalFocusError('bad-input', `Unknown role "${String(params.role)}"; use one of ${MODEL_ROLES.join(', ')}.`);
    const { entries } = await this.catalog();
    let result;
    try {
      result = await this.registry(() =>
        this.store().importModel(params.path, {
          role: params.role,
          catalog: entries,
          ...(params.name ? { name: params.name } : {}),
          ...(params.overwrite ? { overwrite: true } : {}),
          ...(signal ? { signal } : {}),
        }),
      );
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'model-corrupt') {
        throw new LocalFocusError('bad-input', `${params.path} cannot be imported: it is not a GGUF model (${e.message}). Import a .gguf file or a folder with an ONNX model, config.json and tokenizer.json.`, e.data);
      }
      throw e;
    }
    this.service.log('info', `Imported ${params.path} as ${result.entry.name} (${result.entry.id})${result.matchedCatalog ? ', matching its published SHA-256' : ''}.`);
    this.service.statusChanged();
    const entry = (await this.catalog()).entries.find((e) => e.id === result.entry.id) ?? { ...result.entry, source: 'imported' as const };
    return { model: await this.view(entry), matchedCatalog: result.matchedCatalog, sha256: result.sha256 };
  }

  async verify(id: string | undefined, signal?: AbortSignal): Promise<ModelVerifyReport[]> {
    const entries = id ? [await this.entry(id)] : (await this.catalog()).entries;
    const reports: ModelVerifyReport[] = [];
    for (const entry of entries) {
      if (this.downloads.has(entry.id)) continue;
      const before = await this.store().status(entry);
      if (!id && (before.state === 'not-downloaded' || before.state === 'partial')) continue;
      const status = await this.registry(() => this.store().verify(entry, signal));
      const problems = status.files.filter((f) => f.state !== 'ready').map((f) => `${f.name} is ${f.state}${f.problem ? `: ${f.problem}` : ''}`);
      // A hash that does not match is remembered, so the list says "failed" and why until the next download.
      if (status.state === 'ready') this.failures.delete(entry.id);
      else if (status.state === 'corrupt') this.failures.set(entry.id, problems.join('; '));
      const view = await this.view(entry);
      reports.push({ id: entry.id, state: view.state, problems });
    }
    this.service.statusChanged();
    return reports;
  }

  async remove(id: string): Promise<string[]> {
    const entry = await this.entry(id);
    if (this.downloads.has(id)) await this.cancel(id);
    if (this.isEntryLoaded(entry, this.loadedModels())) await this.unload(id);
    const removed: string[] = [];
    for (const file of entry.files) {
      const p = this.store().pathOf(entry, file);
      if (fs.existsSync(p) || fs.existsSync(p + '.partial')) removed.push(p);
    }
    await this.registry(() => this.store().remove(entry));
    this.failures.delete(id);
    await this.paused().set(id, false);
    this.service.log('info', `Removed ${entry.name} (${entry.id}): ${removed.length} file(s) deleted.`);
    this.service.statusChanged();
    return removed;
  }

  // ---------------------------------------------------------------- runtime

  async load(id: string, override: boolean, signal: AbortSignal): Promise<{ model: ModelView; loadMs: number }> {
    const entry = await this.entry(id);
    let status = await this.store().status(entry);
    if (status.state === 'unverified') status = await this.registry(() => this.store().verify(entry, signal));
    if (status.state !== 'ready') {
      throw new LocalFocusError('model-missing', `${entry.name} is not ready to load (${status.state}); download or import it first.`);
    }
    const { entries } = await this.catalog();
    const memory = await this.memoryOf(entry, status, await this.loadedBytes(entries, entry));
    if (memory.verdict === 'too-big' && !override) {
      throw new LocalFocusError('out-of-memory', `${entry.name} does not fit the memory budget. ${memory.sentence} Load it anyway only if you accept the risk (override).`, {
        memory: memory as unknown as Record<string, unknown>,
      });
    }
    const modelPath = this.modelPath(entry);
    const t0 = Date.now();
    if (entry.format === 'gguf') {
      const runtime = this.service.llmRuntime();
      if (!runtime) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
      this.service.log('info', `Loading ${entry.name}: ${memory.sentence}`);
      const info = await runtime.preload(modelPath);
      this.service.statusChanged();
      return { model: await this.view(entry), loadMs: info.loadMs };
    }
    // An embedding model loads on its first use: embed one word.
    await this.service.embed({ texts: ['warm-up'], modelDir: modelPath }, signal);
    this.service.statusChanged();
    return { model: await this.view(entry), loadMs: Date.now() - t0 };
  }

  async unload(id: string): Promise<number> {
    const entry = await this.entry(id);
    if (!this.isEntryLoaded(entry, this.loadedModels())) return 0;
    let n: number;
    if (entry.format === 'gguf') n = (await this.service.llmRuntime()?.unloadPath(this.modelPath(entry))) ?? 0;
    // The worker keeps embedding models by folder without a handle to one: unloading one unloads all.
    else n = await this.service.unloadAll();
    this.service.statusChanged();
    return n;
  }

  /** Pauses running downloads (keeping their partial files) so the next worker can continue them. */
  dispose(): void {
    for (const d of this.downloads.values()) for (const { job } of d.files) job.pause();
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
