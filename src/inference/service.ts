// Everything the worker can do, as plain methods. worker.ts binds it to JSON-RPC for the editor;
// the CLI calls it in process. Both therefore run the same code.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalAvailability, serverBeforeLocal } from '../core/modePolicy';
import { LocalFocusError, toLocalFocusError } from '../core/errors';
import { resolveModelPath } from '../core/paths';
import { Capability, EmbedParams, EmbedResult, GenerateJsonParams, GenerateJsonResult, LogLevel, ModelPaths, ProgressParams, StatusReport, Tier, WorkerConfig, worstTier } from '../core/protocol';
import { ParamsOf, ResultOf, WorkerMethod } from '../core/workerRequests';
import { CloudClient } from './cloudClient';
import { Embedder } from './embedder';
import { onnxRuntimeUnavailableReason } from './onnxRuntimeSupport';
import { GpuCrashGuard } from './gpuCrashGuard';
import { GpuFallback } from './gpuFallback';
import { GenerateJsonOptions, LlmRuntime } from './llm';
import type { FeatureHost, Handler } from './featureHost';
import { registerFeatures } from './features';
import type { LocalChatJsonAnswer, LocalChatJsonRequest } from './localServer/localServerClient';
import { LocalServers, type ServerModelClient } from './localServer/localServers';
import { measuredChatJson, serverBackend, type MeasuredAnswer } from './localServer/serverSpeed';
import { SpeedRecords } from './speedRecordFile';
import { chooseEmbeddingSource } from './notes/chooseEmbeddingSource';
import { IN_PROCESS_EMBEDDING, type EmbeddingSource, type ServerEmbedding } from './notes/embeddingSource';
import { Orchestrator, TierHandlers } from './orchestrator';
import type { WorkerTuning } from './workerTuning';

interface ServiceEvents {
  log(level: LogLevel, message: string): void;
  status(report: StatusReport): void;
  /** Progress of a long request (indexing, downloads, review), for the host's progress UI. */
  progress?(p: ProgressParams): void;
}

const ROLE_OF: Record<Capability, keyof ModelPaths> = {
  taskParsing: 'taskParsing',
  notesSearch: 'embeddings',
  codeReview: 'codeReview',
};

function defaultThreads(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export class WorkerService implements FeatureHost {
  private config: WorkerConfig | undefined;
  private cloud: CloudClient | undefined;
  private llm: LlmRuntime | undefined;
  /** Whether chat models may go on the GPU: one per process, shared by the runtimes configure() creates. */
  private readonly gpu: GpuFallback;
  private embedders = new Map<string, Embedder>();
  /** Files that failed to load, keyed by path, remembered with their size and mtime: a changed file is tried again. */
  private readonly broken = new Map<string, { fingerprint: string; reason: string }>();
  private readonly orchestrator: Orchestrator;
  /** Model servers the user runs: detected on configure, marked down on failure, detected again. */
  private readonly localServers: LocalServers;
  /** The server embedding model the notes used last; forgotten when the server settings change. */
  private lastEmbeddingServer: ServerEmbedding | undefined;
  private lastStatusJson = '';
  private readonly handlers = new Map<string, (params: unknown, signal: AbortSignal) => unknown>();
  private readonly disposers: (() => Promise<void> | void)[] = [];
  private readonly configureListeners: ((config: WorkerConfig) => void)[] = [];
  /** <home>/model-speed.json: every load, generation and server answer adds its figures. */
  readonly speedRecords: SpeedRecords;

  /** `home`: where the speed records go; default localFocusHome() of this process (the CLI passes the one its environment names). */
  constructor(
    private readonly events: ServiceEvents,
    readonly tuning: WorkerTuning = {},
    home?: string,
  ) {
    this.gpu = new GpuFallback(new GpuCrashGuard(), (level, message) => this.events.log(level, message));
    this.speedRecords = new SpeedRecords((level, message) => this.events.log(level, message), home === undefined ? undefined : () => home);
    this.localServers = new LocalServers({
      log: (level, message) => this.events.log(level, message),
      onChange: () => this.emitStatus(),
      ...(tuning.probeBaseMs ? { probeBaseMs: tuning.probeBaseMs } : {}),
    });
    this.orchestrator = new Orchestrator({
      localAvailability: (c) => this.localAvailability(c),
      serverAvailability: () => this.localServers.availability(),
      tierOrder: () => this.config?.tierOrder,
      probeCloud: (signal) => this.requireCloud().probe(signal),
      log: (level, message) => this.events.log(level, message),
      onChange: () => this.emitStatus(),
      ...(tuning.probeBaseMs ? { probeBaseMs: tuning.probeBaseMs } : {}),
    });
    this.register('worker/configure', (config) => this.configure(config));
    this.register('worker/status', (params) => this.statusWithProbe(Boolean(params?.probe)));
    this.register('llm/generateJson', (params, signal) => this.generateJson(params, signal));
    this.register('embeddings/embed', (params, signal) => this.embed(params, signal));
    this.register('models/unloadAll', async () => ({ unloaded: await this.unloadAll() }));
    this.register('llm/retryGpu', () => this.retryGpu());
    registerFeatures(this, { notes: { embeddingSource: () => this.notesEmbeddingSource() } });
  }

  /** Feature modules (src/inference/features.ts) add their requests here. */
  register<M extends WorkerMethod>(method: M, handler: Handler<M>): void {
    if (this.handlers.has(method)) throw new Error(`request ${method} registered twice`);
    this.handlers.set(method, handler as (params: unknown, signal: AbortSignal) => unknown);
  }

  /**
   * Called with every configuration once the service has applied it, so a feature that keeps state
   * built from a setting (the model manager's models folder) follows the setting here.
   */
  onConfigure(fn: (config: WorkerConfig) => void): void {
    this.configureListeners.push(fn);
  }

  /** Called on dispose, e.g. to close an index or stop downloads cleanly. */
  onDispose(fn: () => Promise<void> | void): void {
    this.disposers.push(fn);
  }

  methods(): string[] {
    return [...this.handlers.keys()];
  }

  /** Runs a request by name: the same path for the JSON-RPC worker and the in-process CLI. */
  async call<M extends WorkerMethod>(method: M, params: ParamsOf<M>, signal: AbortSignal = new AbortController().signal): Promise<ResultOf<M>> {
    const handler = this.handlers.get(method);
    if (!handler) throw new LocalFocusError('bad-input', `Unknown request ${method}.`);
    return (await handler(params, signal)) as ResultOf<M>;
  }

  log(level: LogLevel, message: string): void {
    this.events.log(level, message);
  }

  progress(p: ProgressParams): void {
    this.events.progress?.(p);
  }

  /** The configuration in force; throws before the host or CLI has configured the worker. */
  get currentConfig(): WorkerConfig {
    return this.requireConfig();
  }

  get threads(): number {
    return this.requireConfig().threads ?? defaultThreads();
  }

  /**
   * Runs a capability through the mode policy: the feature gives one handler per tier it has.
   * A detection in flight is waited for, so the first request after a configure sees its servers.
   */
  async runTiered<T>(capability: Capability, handlers: TierHandlers<T>, opts: { signal: AbortSignal; forceTier?: Tier }): Promise<{ value: T; tier: Tier }> {
    if (handlers.server) await this.localServers.settled();
    return this.orchestrator.run(capability, handlers, opts);
  }

  /** Schema-shaped JSON from the model server that serves the capability; a server that is gone is marked down. */
  async serverJson(capability: Capability, request: LocalChatJsonRequest): Promise<LocalChatJsonAnswer> {
    return (await this.measuredServerJson(this.localServers.requireClient(capability), request)).answer;
  }

  /** Waits for a detection in flight, so a bench right after configure sees its servers. */
  async serverChatModel(ref: string): Promise<ServerModelClient | undefined> {
    await this.localServers.settled();
    return this.localServers.chatModelClient(ref);
  }

  /** Schema-shaped JSON from one server model, its speed recorded; a server that is gone is marked down. */
  async measuredServerJson(server: ServerModelClient, request: LocalChatJsonRequest): Promise<MeasuredAnswer> {
    try {
      const measured = await measuredChatJson(server.client, request);
      void this.speedRecords.record(server.id, { name: server.model, kind: 'server', backend: serverBackend(server.client), ...measured.figures });
      return measured;
    } catch (err) {
      this.localServers.noteFailure(server.client.url, err);
      throw err;
    }
  }

  /** The source that embeds the notes now (see chooseEmbeddingSource: it follows the tier order, then sticks). */
  private notesEmbeddingSource(): EmbeddingSource {
    const source = chooseEmbeddingSource({
      server: this.localServers.embeddingServer(),
      lastServer: this.lastEmbeddingServer,
      inProcessAvailable: this.localAvailability('notesSearch').available,
      serverFirst: serverBeforeLocal(this.config?.tierOrder),
    });
    this.lastEmbeddingServer = source === IN_PROCESS_EMBEDDING ? undefined : source;
    return source;
  }

  /** Grammar-constrained JSON from the local LLM for a capability (no tier logic). */
  localJson(opts: Omit<GenerateJsonOptions, 'modelPath'> & { modelPath?: string; capability: Capability }) {
    const modelPath = opts.modelPath ?? this.modelPath(opts.capability);
    return this.requireLlm()
      .generateJson({ ...opts, modelPath })
      .catch((err) => {
        this.noteBroken(modelPath, err);
        throw err;
      });
  }

  /**
   * The chat model runtime in force, undefined before the first configure. configure() re-creates
   * it when the threads or the idle unload change, so ask each time rather than keep one.
   */
  llmRuntime(): LlmRuntime | undefined {
    return this.llm;
  }

  /** The OpenAI-compatible cloud client (throws 'offline' when no key is set). */
  get cloudClient(): CloudClient {
    return this.requireCloud();
  }

  /** Re-computes and pushes the status when something a feature owns changed. */
  statusChanged(): void {
    this.emitStatus();
  }

  configure(config: WorkerConfig): StatusReport {
    const previous = this.config;
    this.config = config;
    const threads = config.threads ?? defaultThreads();
    const endpointChanged =
      !previous || previous.cloud.baseUrl !== config.cloud.baseUrl || previous.cloud.apiKey !== config.cloud.apiKey;
    this.cloud = new CloudClient(config.cloud);
    if (!this.llm || !previous || previous.threads !== config.threads || previous.idleUnloadMinutes !== config.idleUnloadMinutes) {
      void this.llm?.dispose();
      this.llm = new LlmRuntime({
        threads,
        idleUnloadMs: Math.max(0.05, config.idleUnloadMinutes) * 60_000,
        log: (level, message) => this.events.log(level, message),
        onChange: () => this.emitStatus(),
        gpu: this.gpu,
        onMeasured: (modelPath, figures, backend) => void this.speedRecords.record(modelPath, { name: path.basename(modelPath, '.gguf'), kind: 'in-process', backend, ...figures }),
      });
    }
    if (JSON.stringify(previous?.localServer) !== JSON.stringify(config.localServer)) this.lastEmbeddingServer = undefined;
    this.localServers.configure(config.localServer, config.mode);
    for (const listener of this.configureListeners) listener(config);
    this.events.log(
      'info',
      `configured: mode ${config.mode}, models ${config.modelsDir}, cloud ${this.cloud.configured ? config.cloud.baseUrl : 'not configured'}, threads ${threads}`,
    );
    this.orchestrator.configure(config.mode, this.cloud.configured, endpointChanged);
    return this.status();
  }

  async statusWithProbe(probe: boolean): Promise<StatusReport> {
    if (probe) await this.orchestrator.probeIfDue();
    await this.localServers.settled();
    return this.status();
  }

  status(): StatusReport {
    const config = this.requireConfig();
    const capabilities = this.orchestrator.status();
    return {
      mode: config.mode,
      capabilities,
      worst: worstTier(capabilities.map((c) => c.tier)),
      cloud: this.orchestrator.cloudStatus(),
      loadedModels: [
        ...(this.llm?.loaded() ?? []),
        ...[...this.embedders.values()]
          .filter((e) => e.loaded)
          .map((e) => ({ path: e.modelPath, kind: 'embeddings' as const, loadMs: e.loadMs ?? 0, lastUsed: new Date().toISOString() })),
      ],
      llm: this.gpu.status(),
      ...(this.localServers.lookedFor ? { localServers: this.localServers.list() } : {}),
      workerPid: process.pid,
    };
  }

  /** The host restarted the worker on purpose: earlier GPU crashes and fallbacks no longer hold. */
  retryGpu(): StatusReport {
    this.gpu.retryGpu();
    this.emitStatus();
    return this.status();
  }

  async generateJson(params: GenerateJsonParams, signal: AbortSignal): Promise<GenerateJsonResult> {
    const t0 = Date.now();
    const modelPath = params.modelPath ?? this.modelPath(params.capability);
    const { value, tier } = await this.orchestrator.run(
      params.capability,
      {
        cloud: (s) => this.requireCloud().chatJson({ ...params, signal: s }),
        local: async (s) => {
          try {
            return await this.requireLlm().generateJson({ ...params, modelPath, signal: s });
          } catch (err) {
            this.noteBroken(modelPath, err);
            throw err;
          }
        },
      },
      // An explicit model file (tests, benchmarks) means the local tier, unless a tier is named.
      { signal, ...(params.tier ? { forceTier: params.tier } : params.modelPath ? { forceTier: 'local' as const } : {}) },
    );
    return { value: value.value, text: value.text, tokens: value.tokens, tier, ms: Date.now() - t0 };
  }

  async embed(params: EmbedParams, signal: AbortSignal): Promise<EmbedResult> {
    if (!Array.isArray(params.texts) || params.texts.some((t) => typeof t !== 'string')) {
      throw new LocalFocusError('bad-input', 'embed takes a list of strings.');
    }
    const t0 = Date.now();
    const modelDir = params.modelDir ?? this.modelPath('notesSearch');
    const dtype = params.dtype ?? 'q8';
    const key = `${modelDir}|${dtype}`;
    let embedder = this.embedders.get(key);
    if (!embedder) {
      embedder = new Embedder({
        modelDir,
        dtype,
        threads: this.requireConfig().threads ?? defaultThreads(),
        log: (level, message) => this.events.log(level, message),
      });
      this.embedders.set(key, embedder);
    }
    try {
      const { vectors, dim } = await embedder.embed(params.texts, { signal });
      return { vectors, dim, ms: Date.now() - t0 };
    } catch (err) {
      this.noteBroken(modelDir, err);
      if (toLocalFocusError(err).code !== 'cancelled') this.embedders.delete(key);
      throw err;
    }
  }

  async unloadAll(): Promise<number> {
    let n = (await this.llm?.unload()) ?? 0;
    for (const e of this.embedders.values()) {
      if (e.loaded) n++;
      await e.dispose();
    }
    this.embedders.clear();
    this.emitStatus();
    return n;
  }

  async dispose(): Promise<void> {
    for (const fn of this.disposers.splice(0)) {
      try {
        await fn();
      } catch (err) {
        this.events.log('warn', `dispose: ${toLocalFocusError(err).message}`);
      }
    }
    this.orchestrator.dispose();
    this.localServers.dispose();
    await this.unloadAll();
    await this.llm?.dispose();
  }

  modelPath(capability: Capability): string {
    const config = this.requireConfig();
    const role = ROLE_OF[capability];
    return resolveModelPath(config.modelsDir, config.models[role], role);
  }

  private localAvailability(capability: Capability): LocalAvailability {
    let p: string;
    try {
      p = this.modelPath(capability);
    } catch (err) {
      return { available: false, loaded: false, reason: toLocalFocusError(err).message };
    }
    const label = capability === 'notesSearch' ? 'embedding model' : capability === 'codeReview' ? 'review model' : 'task-parsing model';
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return { available: false, loaded: false, reason: `${label} not found at ${p}` };
    }
    const broken = this.broken.get(p);
    if (broken && broken.fingerprint === fingerprint(stat)) {
      return { available: false, loaded: false, reason: `${label} failed to load: ${broken.reason}` };
    }
    if (capability === 'notesSearch') {
      const noRuntime = onnxRuntimeUnavailableReason();
      if (noRuntime) return { available: false, loaded: false, reason: noRuntime };
      const onnx = path.join(p, 'onnx', 'model_quantized.onnx');
      if (!stat.isDirectory() || !fs.existsSync(onnx)) {
        return { available: false, loaded: false, reason: `embedding model incomplete: ${onnx} missing` };
      }
      const loaded = [...this.embedders.keys()].some((k) => k.startsWith(`${p}|`) && this.embedders.get(k)!.loaded);
      return { available: true, loaded };
    }
    return { available: true, loaded: this.llm?.isLoaded(p) ?? false };
  }

  private noteBroken(p: string, err: unknown): void {
    const e = toLocalFocusError(err);
    if (e.code !== 'model-corrupt' && e.code !== 'model-missing') return;
    try {
      this.broken.set(p, { fingerprint: fingerprint(fs.statSync(p)), reason: e.message });
    } catch {
      // Missing entirely: availability already reports it.
    }
    this.emitStatus();
  }

  private emitStatus(): void {
    if (!this.config) return;
    const report = this.status();
    const json = JSON.stringify({ ...report, loadedModels: report.loadedModels.map((m) => m.path) });
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.events.status(report);
  }

  private requireConfig(): WorkerConfig {
    if (!this.config) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
    return this.config;
  }

  private requireCloud(): CloudClient {
    if (!this.cloud) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
    return this.cloud;
  }

  private requireLlm(): LlmRuntime {
    if (!this.llm) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
    return this.llm;
  }
}

function fingerprint(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}`;
}
