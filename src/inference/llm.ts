// The local chat LLM through node-llama-cpp: loaded lazily (the package is ESM-only and heavy),
// one model in memory at a time, unloaded after it sits idle, always with threads = core count.
import * as fs from 'node:fs';
import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { LocalFocusError, toLocalFocusError } from '../core/errors';
import { checkGgufFile } from '../core/models/gguf';
import type { GpuInfo, ModelRunStats } from '../core/modelsProtocol';
import { JsonSchema, LoadedModelInfo, LogLevel } from '../core/protocol';

/** The context a chat model is loaded with (capped by the model's own training context). */
export const DEFAULT_LLM_CONTEXT_SIZE = 4096;

export function llmContextSize(trainContextSize: number, wanted = DEFAULT_LLM_CONTEXT_SIZE): number {
  return Math.max(1, Math.min(wanted, trainContextSize > 0 ? trainContextSize : wanted));
}

/**
 * Per model file, measured from real loads and generations in this process. Kept outside the
 * runtime so a runtime re-created by a settings change does not forget what was measured.
 */
const runStats = new Map<string, ModelRunStats & { decodeMs: number; decodeTokens: number }>();

function statsFor(path: string): ModelRunStats & { decodeMs: number; decodeTokens: number } {
  let s = runStats.get(path);
  if (!s) {
    s = { loads: 0, generations: 0, tokens: 0, decodeMs: 0, decodeTokens: 0 };
    runStats.set(path, s);
  }
  return s;
}

/** What was measured for a model file, or undefined when it never ran in this process. */
export function modelRunStats(path: string): ModelRunStats | undefined {
  const s = runStats.get(path);
  if (!s) return undefined;
  const { decodeMs, decodeTokens, ...rest } = s;
  return { ...rest, ...(decodeMs > 0 && decodeTokens > 0 ? { tokensPerSecond: (decodeTokens * 1000) / decodeMs } : {}) };
}

/**
 * The runtime serving this process. The worker service owns it and re-creates it when the
 * threads change; the model manager loads, unloads and asks for the GPU through it.
 */
const active: { runtime?: LlmRuntime } = {};

export function activeLlmRuntime(): LlmRuntime | undefined {
  return active.runtime;
}

export interface LlmRuntimeOptions {
  threads: number;
  idleUnloadMs: number;
  contextSize?: number;
  log: (level: LogLevel, message: string) => void;
  /** Called when a model loads or unloads, so the status can show it. */
  onChange?: () => void;
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
}

interface LoadedModel {
  path: string;
  model: LlamaModel;
  context: LlamaContext;
  loadMs: number;
  lastUsed: number;
  /** Resident memory before the load, to measure what the model added. */
  rssBefore: number;
  idleTimer?: NodeJS.Timeout;
}

type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });

// Kept as a real import() in the CommonJS bundle: esbuild leaves it alone for external packages.
const importNodeLlamaCpp = (): Promise<NodeLlamaCpp> => import('node-llama-cpp');

export class LlmRuntime {
  private lib: Promise<NodeLlamaCpp> | undefined;
  private llama: Promise<Llama> | undefined;
  private current: LoadedModel | undefined;
  private loading: Promise<LoadedModel> | undefined;
  /** One generation at a time: the context has one sequence and the machine has few cores. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: LlmRuntimeOptions) {
    active.runtime = this;
  }

  loaded(): LoadedModelInfo[] {
    const m = this.current;
    return m ? [{ path: m.path, kind: 'llm', loadMs: m.loadMs, lastUsed: new Date(m.lastUsed).toISOString() }] : [];
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

  async generateJson(o: GenerateJsonOptions): Promise<{ value: unknown; text: string; tokens: number }> {
    const run = async () => {
      if (o.signal.aborted) throw new LocalFocusError('cancelled');
      const lib = await this.loadLib();
      const llama = await this.getLlama();
      const loaded = await this.load(o.modelPath);
      const grammar = await llama.createGrammarForJsonSchema(o.schema as never);
      const sequence = loaded.context.getSequence();
      let tokens = 0;
      const started = performance.now();
      let firstTokenAt: number | undefined;
      const onToken = () => {
        tokens++;
        firstTokenAt ??= performance.now();
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
          });
          session.dispose({ disposeSequence: false });
        }
        this.recordGeneration(loaded, tokens, started, firstTokenAt, performance.now());
        let value: unknown;
        try {
          value = grammar.parse(text);
        } catch (err) {
          throw new LocalFocusError('internal', `The local model's output did not match the schema (${(err as Error).message}); it may have run out of tokens.`);
        }
        return { value, text, tokens };
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

  private recordGeneration(loaded: LoadedModel, tokens: number, started: number, firstTokenAt: number | undefined, ended: number): void {
    const s = statsFor(loaded.path);
    s.generations++;
    s.tokens += tokens;
    if (firstTokenAt !== undefined) {
      s.ttftMs = Math.round(firstTokenAt - started);
      // The first token waits for the prompt; speed is what follows it.
      if (tokens > 1 && ended > firstTokenAt) {
        s.decodeTokens += tokens - 1;
        s.decodeMs += ended - firstTokenAt;
      }
    }
    s.peakRssBytes = Math.max(s.peakRssBytes ?? 0, process.memoryUsage.rss() - loaded.rssBefore);
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
    if (active.runtime === this) delete active.runtime;
    await this.unload();
    if (this.llama) await (await this.llama).dispose();
  }

  private loadLib(): Promise<NodeLlamaCpp> {
    this.lib ??= importNodeLlamaCpp();
    return this.lib;
  }

  private getLlama(): Promise<Llama> {
    this.llama ??= this.loadLib().then(async (lib) => {
      const t0 = Date.now();
      const llama = await lib.getLlama({
        gpu: 'auto',
        // Never download or compile on a user's machine: use the prebuilt binaries we ship.
        build: 'never',
        skipDownload: true,
        maxThreads: this.opts.threads,
        logLevel: lib.LlamaLogLevel.warn,
        logger: (level, message) => {
          const text = message.trim();
          if (text) this.opts.log(level === 'error' || level === 'fatal' ? 'error' : 'debug', `llama.cpp: ${text}`);
        },
      });
      this.opts.log('info', `llama.cpp ready in ${Date.now() - t0} ms (gpu: ${llama.gpu || 'none'}, threads: ${this.opts.threads})`);
      return llama;
    });
    return this.llama;
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
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: path });
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'out-of-memory') throw e;
      throw new LocalFocusError('model-corrupt', `Could not load ${path}: ${e.message}`);
    }
    const contextSize = llmContextSize(model.trainContextSize, this.opts.contextSize);
    const context = await model.createContext({ contextSize, threads: this.opts.threads });
    const loaded: LoadedModel = { path, model, context, loadMs: Date.now() - t0, lastUsed: Date.now(), rssBefore };
    const s = statsFor(path);
    s.loads++;
    s.loadMs = loaded.loadMs;
    s.loadRssBytes = process.memoryUsage.rss() - rssBefore;
    s.peakRssBytes = s.loadRssBytes;
    this.current = loaded;
    this.opts.log('info', `loaded model ${path} in ${loaded.loadMs} ms (context ${contextSize}, threads ${this.opts.threads})`);
    this.opts.onChange?.();
    return loaded;
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
