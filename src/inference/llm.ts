// The local chat LLM through node-llama-cpp: loaded lazily (the package is ESM-only and heavy),
// one model in memory at a time, unloaded after it sits idle, always with threads = core count.
// Models go on the GPU when node-llama-cpp finds one, and on the CPU when that fails or crashed
// before (GpuFallback, GpuCrashGuard).
import * as fs from 'node:fs';
import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { LocalFocusError, toLocalFocusError } from '../core/errors';
import { checkGgufFile } from '../core/models/ggufCheck';
import type { SpeedFigures } from '../core/models/modelSpeed';
import type { GpuInfo } from '../core/modelsProtocol';
import { JsonSchema, LLM_BACKEND_LABELS, LlmBackend, LoadedModelInfo, LogLevel } from '../core/protocol';
import { GpuAttempt, GpuCrashGuard } from './gpuCrashGuard';
import { GenerationClock, measureLoad } from './generationSpeed';
import { GpuFallback } from './gpuFallback';

/** The context a chat model is loaded with (capped by the model's own training context). */
const DEFAULT_LLM_CONTEXT_SIZE = 4096;

export function llmContextSize(trainContextSize: number, wanted = DEFAULT_LLM_CONTEXT_SIZE): number {
  return Math.max(1, Math.min(wanted, trainContextSize > 0 ? trainContextSize : wanted));
}

export { modelRunStats } from './generationSpeed';

interface LlmRuntimeOptions {
  threads: number;
  idleUnloadMs: number;
  contextSize?: number;
  log: (level: LogLevel, message: string) => void;
  /** Called when a model loads or unloads, so the status can show it. */
  onChange?: () => void;
  /** node-llama-cpp itself by default; tests pass a stand-in with the same surface. */
  library?: () => Promise<LlamaLibrary>;
  /** This process's GPU decisions, shared by the runtimes the worker service creates; default: a new one. */
  gpu?: GpuFallback;
  /** Called with the figures of each load and each generation, for the speed records on disk. */
  onMeasured?: (path: string, figures: SpeedFigures, backend: string) => void;
}

export interface GenerateJsonOptions {
  modelPath: string;
  system?: string;
  prompt: string;
  schema: JsonSchema;
  maxTokens?: number;
  completion?: boolean;
  signal: AbortSignal;
  onToken?: () => void;
  /** Called with each piece of the answer's text as it is generated (a streamed answer). */
  onText?: (text: string) => void;
}

interface LoadedModel {
  path: string;
  model: LlamaModel;
  context: LlamaContext;
  contextSize: number;
  loadMs: number;
  lastUsed: number;
  /** Resident memory before the load, to measure what the model added. */
  rssBefore: number;
  /** GPU backends: the VRAM the load took. */
  vramBytes?: number;
  backend: string;
  idleTimer?: NodeJS.Timeout;
}

type ModelInContext = Pick<LoadedModel, 'model' | 'context' | 'contextSize'>;

type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });

/** The part of node-llama-cpp the runtime uses. */
export type LlamaLibrary = Pick<NodeLlamaCpp, 'getLlama' | 'getLlamaGpuTypes' | 'LlamaLogLevel' | 'LlamaCompletion' | 'LlamaChatSession' | 'NoBinaryFoundError'>;

// Kept as a real import() in the CommonJS bundle: esbuild leaves it alone for external packages.
const importNodeLlamaCpp = (): Promise<LlamaLibrary> => import('node-llama-cpp');

export class LlmRuntime {
  private lib: Promise<LlamaLibrary> | undefined;
  private llama: Promise<Llama> | undefined;
  private current: LoadedModel | undefined;
  private loading: Promise<LoadedModel> | undefined;
  /** One generation at a time: the context has one sequence and the machine has few cores. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly gpu: GpuFallback;

  constructor(private readonly opts: LlmRuntimeOptions) {
    this.gpu = opts.gpu ?? new GpuFallback(new GpuCrashGuard(), opts.log);
  }

  loaded(): LoadedModelInfo[] {
    const m = this.current;
    if (!m) return [];
    const layers = { gpuLayers: m.model.gpuLayers, totalLayers: m.model.fileInsights.totalLayers, ...(m.vramBytes !== undefined ? { vramBytes: m.vramBytes } : {}) };
    return [{ path: m.path, kind: 'llm', loadMs: m.loadMs, lastUsed: new Date(m.lastUsed).toISOString(), ...layers }];
  }

  /** What runs the model in memory: "CPU", "Vulkan", "Metal", "CUDA"; undefined when none is loaded. */
  loadedBackend(): string | undefined {
    return this.current?.backend;
  }

  isLoaded(path: string): boolean {
    return this.current?.path === path;
  }

  /** Loads a model now (swapping out the one in memory), in turn with generations. */
  preload(modelPath: string): Promise<LoadedModelInfo> {
    const run = async () => {
      const loaded = await this.load(modelPath);
      loaded.lastUsed = Date.now();
      this.armIdleTimer(loaded);
      return this.loaded()[0]!;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Unloads the model if it is the one in memory; 1 when it was. */
  async unloadPath(modelPath: string): Promise<number> {
    return this.current?.path === modelPath ? this.unload() : 0;
  }

  /** The GPU as node-llama-cpp sees it (loads the native library on first use). */
  async gpuInfo(): Promise<GpuInfo> {
    try {
      const llama = await this.getLlama();
      const backend = llama.gpu === false ? 'none' : llama.gpu;
      const devices = backend === 'none' ? [] : await llama.getGpuDeviceNames().catch(() => []);
      const vram = backend === 'none' ? undefined : await llama.getVramState().catch(() => undefined);
      return { backend, devices, ...(vram ? { vramTotalBytes: vram.total, vramFreeBytes: vram.free } : {}) };
    } catch (err) {
      return { backend: 'none', devices: [], error: toLocalFocusError(err).message };
    }
  }

  async generateJson(o: GenerateJsonOptions): Promise<{ value: unknown; text: string; tokens: number; speed: SpeedFigures }> {
    const run = async () => {
      if (o.signal.aborted) throw new LocalFocusError('cancelled');
      const lib = await this.loadLib();
      const llama = await this.getLlama();
      const loaded = await this.load(o.modelPath);
      const grammar = await llama.createGrammarForJsonSchema(o.schema as never);
      const sequence = loaded.context.getSequence();
      const clock = new GenerationClock(loaded.path, loaded.rssBefore);
      const onToken = () => {
        clock.token(sequence.tokenMeter.usedInputTokens);
        o.onToken?.();
      };
      try {
        let text: string;
        if (o.completion) {
          const completion = new lib.LlamaCompletion({ contextSequence: sequence });
          text = await completion.generateCompletion(o.prompt, {
            grammar,
            maxTokens: o.maxTokens ?? 256,
            signal: o.signal,
            onToken: (t) => t.forEach(onToken),
            ...(o.onText ? { onTextChunk: o.onText } : {}),
          });
          completion.dispose({ disposeSequence: false });
        } else {
          const session = new lib.LlamaChatSession({
            contextSequence: sequence,
            ...(o.system ? { systemPrompt: o.system } : {}),
            autoDisposeSequence: false,
          });
          text = await session.prompt(o.prompt, {
            grammar,
            maxTokens: o.maxTokens ?? 512,
            signal: o.signal,
            onToken: (t) => t.forEach(onToken),
            ...(o.onText ? { onTextChunk: o.onText } : {}),
          });
          session.dispose({ disposeSequence: false });
        }
        const speed = clock.finish();
        this.opts.onMeasured?.(loaded.path, speed, loaded.backend);
        let value: unknown;
        try {
          value = grammar.parse(text);
        } catch (err) {
          throw new LocalFocusError('internal', `The local model's output did not match the schema (${(err as Error).message}); it may have run out of tokens.`);
        }
        return { value, text, tokens: clock.tokens, speed };
      } catch (err) {
        if (o.signal.aborted) throw new LocalFocusError('cancelled');
        throw toLocalFocusError(err);
      } finally {
        sequence.dispose();
        loaded.lastUsed = Date.now();
        this.armIdleTimer(loaded);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async unload(): Promise<number> {
    const m = this.current;
    if (!m) return 0;
    this.current = undefined;
    if (m.idleTimer) clearTimeout(m.idleTimer);
    await m.context.dispose();
    await m.model.dispose();
    this.opts.log('info', `unloaded model ${m.path}`);
    this.opts.onChange?.();
    return 1;
  }

  async dispose(): Promise<void> {
    await this.unload();
    // A llama.cpp that never started has nothing to dispose (and its error was reported then).
    if (this.llama) await this.llama.then((llama) => llama.dispose(), () => undefined);
  }

  private loadLib(): Promise<LlamaLibrary> {
    this.lib ??= (this.opts.library ?? importNodeLlamaCpp)();
    return this.lib;
  }

  private getLlama(): Promise<Llama> {
    this.llama ??= this.startLlama();
    return this.llama;
  }

  /**
   * Starts llama.cpp on the build this process may use. With gpu 'auto', node-llama-cpp tries
   * each build it finds drivers for (CUDA, Vulkan), then the CPU build; on Linux and Windows it
   * test-loads a GPU build in a child process first, so a GPU build that does not start falls to
   * the next by itself. It does not fall back when a model does not fit later (loadOnBackend
   * does), and macOS arm64 has only the Metal build: there a failure is an error.
   */
  private async startLlama(): Promise<Llama> {
    const lib = await this.loadLib();
    const t0 = Date.now();
    const llama = await this.startBuild(lib);
    this.gpu.noteBuild(backendOf(llama));
    this.opts.log('info', `llama.cpp ready in ${Date.now() - t0} ms (gpu: ${llama.gpu || 'none'}, threads: ${this.opts.threads})`);
    return llama;
  }

  private startBuild(lib: LlamaLibrary): Promise<Llama> {
    const permission = this.gpu.permission();
    const build = this.gpu.build;
    // One llama.cpp build per process: the CPU and GPU builds ship libraries of the same names
    // (libggml-base, libllama-common), so a second build would bind to the first one's. A runtime
    // re-created by a settings change therefore starts the build this process already has.
    if (build === 'cpu') return lib.getLlama(this.llamaOptions(lib, false));
    if (build !== undefined) {
      return this.guarded({ step: 'init', backend: build, offload: permission.offload }, () => lib.getLlama(this.llamaOptions(lib, 'auto')));
    }
    if (permission.offload) return this.gpuLlama(lib);
    return this.cpuLlama(lib, permission.gpuBuild, permission.reason);
  }

  /** The best build node-llama-cpp finds; when that is the CPU build though GPU drivers are there, the status says so. */
  private async gpuLlama(lib: LlamaLibrary): Promise<Llama> {
    const llama = await this.guarded({ step: 'init', backend: 'auto', offload: true }, () => lib.getLlama(this.llamaOptions(lib, 'auto')));
    if (llama.gpu !== false) return llama;
    const drivers = (await lib.getLlamaGpuTypes('supported')).filter((gpu) => gpu !== false);
    if (drivers.length) {
      const names = drivers.map((gpu) => LLM_BACKEND_LABELS[gpu]).join(' and ');
      const reason = `${names} drivers are installed, but no llama.cpp build for them could start here (not shipped, or it failed: node-llama-cpp's message is in the log); chat models run on the CPU build.`;
      this.opts.log('warn', reason);
      this.gpu.fellBack(reason);
    }
    return llama;
  }

  /** The CPU build; where there is none (macOS arm64), the GPU build with no layers offloaded, unless that crashed too. */
  private async cpuLlama(lib: LlamaLibrary, gpuBuildAllowed: boolean, reason: string | undefined): Promise<Llama> {
    try {
      return await lib.getLlama(this.llamaOptions(lib, false));
    } catch (err) {
      if (!(err instanceof lib.NoBinaryFoundError)) throw err;
      if (!gpuBuildAllowed) {
        throw new LocalFocusError('internal', `${reason ?? 'The GPU build crashed'} This platform has no CPU-only llama.cpp build, so local chat models are off meanwhile.`);
      }
      this.opts.log('info', 'llama.cpp has no CPU-only build here: using its GPU build with no layers offloaded');
      return this.guarded({ step: 'init', backend: 'auto', offload: false }, () => lib.getLlama(this.llamaOptions(lib, 'auto')));
    }
  }

  private llamaOptions(lib: LlamaLibrary, gpu: 'auto' | false) {
    return {
      gpu,
      // Never download or compile on a user's machine: use the prebuilt binaries we ship.
      build: 'never' as const,
      skipDownload: true,
      maxThreads: this.opts.threads,
      logLevel: lib.LlamaLogLevel.warn,
      logger: (level: string, message: string) => {
        const text = message.trim();
        if (text) this.opts.log(level === 'error' || level === 'fatal' ? 'error' : 'debug', `llama.cpp: ${text}`);
      },
    };
  }

  /** A native step through a GPU build, with its crash marker on disk while it runs. */
  private guarded<T>(what: GpuAttempt, run: () => Promise<T>): Promise<T> {
    return this.gpu.guard.attempt(what, run);
  }

  private async load(path: string): Promise<LoadedModel> {
    if (this.current?.path === path) return this.current;
    if (this.loading) {
      const m = await this.loading;
      if (m.path === path) return m;
    }
    this.loading = this.loadUncached(path);
    try {
      return await this.loading;
    } finally {
      this.loading = undefined;
    }
  }

  private async loadUncached(path: string): Promise<LoadedModel> {
    if (!fs.existsSync(path)) throw new LocalFocusError('model-missing', `No model file at ${path}.`);
    // The whole file is checked first (header, tensor table, data inside the file): llama.cpp's own
    // errors for a damaged file were "Failed to load model" or a TypeError from the header reader.
    try {
      await checkGgufFile(path);
    } catch (err) {
      const e = toLocalFocusError(err);
      throw new LocalFocusError('model-corrupt', `Could not load ${path}: ${e.message}`, e.data);
    }
    await this.unload(); // one chat LLM at a time
    const llama = await this.getLlama();
    const t0 = Date.now();
    const rssBefore = process.memoryUsage.rss();
    const vramBefore = await vramUsed(llama);
    const { model, context, contextSize } = await this.loadOnBackend(llama, path);
    const vramAfter = await vramUsed(llama);
    const vramBytes = vramBefore !== undefined && vramAfter !== undefined ? Math.max(0, vramAfter - vramBefore) : undefined;
    const backend = backendLabel(llama);
    const loaded: LoadedModel = { path, model, context, contextSize, loadMs: Date.now() - t0, lastUsed: Date.now(), rssBefore, backend, ...(vramBytes !== undefined ? { vramBytes } : {}) };
    // Layers offloaded say something only on a GPU build.
    const offloaded = llama.gpu === false ? {} : { gpuLayers: model.gpuLayers, totalLayers: model.fileInsights.totalLayers };
    const figures = measureLoad(path, { ...loaded, ...offloaded });
    this.opts.onMeasured?.(path, figures, backend);
    this.current = loaded;
    const layers = `${model.gpuLayers}/${model.fileInsights.totalLayers} layers on the GPU`;
    this.opts.log('info', `loaded model ${path} in ${loaded.loadMs} ms (context ${contextSize}, threads ${this.opts.threads}, ${backendLabel(llama)}, ${layers})`);
    this.opts.onChange?.();
    return loaded;
  }

  /**
   * Loads the model and its context with as many layers on the GPU as node-llama-cpp fits; when
   * that fails (out of GPU memory, a driver error), loads it again with no layers offloaded. The
   * retry uses the same llama.cpp instance with gpuLayers 0, not a CPU-only one: a process holds
   * one llama.cpp build (startLlama), and macOS arm64 has no other build.
   */
  private async loadOnBackend(llama: Llama, path: string): Promise<ModelInContext> {
    if (llama.gpu === false) return this.createModel(llama, path, 'auto');
    const attempt = { step: 'load', backend: llama.gpu, model: path } as const;
    if (!this.gpu.permission().offload) return this.guarded({ ...attempt, offload: false }, () => this.createModel(llama, path, 0));
    try {
      return await this.guarded({ ...attempt, offload: true }, () => this.createModel(llama, path, 'auto'));
    } catch (err) {
      const failure = `loading ${path} on ${backendLabel(llama)} failed: ${toLocalFocusError(err).message.replace(/\.$/, '')}`;
      this.opts.log('warn', `${failure}; loading it on the CPU instead (no layers on the GPU), as every later model in this worker will be`);
      const loaded = await this.guarded({ ...attempt, offload: false }, () => this.createModel(llama, path, 0));
      this.gpu.fellBack(`${failure}. Chat models run on the CPU until the worker restarts.`);
      return loaded;
    }
  }

  private async createModel(llama: Llama, path: string, gpuLayers: 'auto' | 0): Promise<ModelInContext> {
    let model: LlamaModel;
    try {
      model = await llama.loadModel(gpuLayers === 'auto' ? { modelPath: path } : { modelPath: path, gpuLayers });
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'out-of-memory') throw e;
      throw new LocalFocusError('model-corrupt', `Could not load ${path}: ${e.message}`);
    }
    try {
      const contextSize = llmContextSize(model.trainContextSize, this.opts.contextSize);
      const context = await model.createContext({ contextSize, threads: this.opts.threads });
      return { model, context, contextSize };
    } catch (err) {
      await model.dispose().catch(() => undefined);
      throw err;
    }
  }

  private armIdleTimer(m: LoadedModel): void {
    if (m.idleTimer) clearTimeout(m.idleTimer);
    m.idleTimer = setTimeout(() => {
      if (this.current === m) {
        this.opts.log('info', `model ${m.path} idle for ${Math.round(this.opts.idleUnloadMs / 1000)} s; unloading`);
        void this.unload();
      }
    }, this.opts.idleUnloadMs);
    m.idleTimer.unref?.();
  }
}

function backendOf(llama: Llama): LlmBackend {
  return llama.gpu === false ? 'cpu' : llama.gpu;
}

/** GPU backends: the VRAM in use now (undefined on the CPU, or when the driver does not say). */
async function vramUsed(llama: Llama): Promise<number | undefined> {
  if (llama.gpu === false) return undefined;
  return Promise.resolve()
    .then(() => llama.getVramState())
    .then((state) => state.used, () => undefined);
}

function backendLabel(llama: Llama): string {
  return LLM_BACKEND_LABELS[backendOf(llama)];
}
