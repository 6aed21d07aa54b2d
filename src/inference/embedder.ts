// Sentence embeddings from a local ONNX model folder laid out like a Hugging Face repo
// (config.json, tokenizer.json, onnx/model[_quantized].onnx), e.g. all-MiniLM-L6-v2.
// transformers.js is imported lazily: it pulls in onnxruntime-node's native binding, which the
// worker should only pay for when notes search is actually used.

import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import { LocalFocusError, toLocalFocusError } from '../core/errors';
import { onnxRuntimeUnavailableReason } from './onnxRuntimeSupport';

export type EmbedderDtype = 'q8' | 'fp32';
export type EmbedderLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface EmbedderOptions {
  /** Absolute (or cwd-relative) path of the model folder. */
  modelDir: string;
  /** 'q8' loads onnx/model_quantized.onnx, 'fp32' loads onnx/model.onnx. Default 'q8'. */
  dtype?: EmbedderDtype;
  /** onnxruntime intra-op threads. Pass it: the runtime's default assumes it owns every core. */
  threads: number;
  log?: (level: EmbedderLogLevel, message: string) => void;
}

export interface EmbedOptions {
  /** Checked between batches; a running batch finishes first (onnxruntime cannot stop mid-run). */
  signal?: AbortSignal;
  /** Texts per model call. Default 16. */
  batchSize?: number;
}

export interface Embeddings {
  /** One L2-normalised, mean-pooled vector per input text, in input order. */
  vectors: number[][];
  dim: number;
}

export const DEFAULT_EMBED_BATCH_SIZE = 16;

/** The model file transformers.js asks for at each dtype (it appends '_quantized' for q8). */
export function modelFileFor(dtype: EmbedderDtype): string {
  return path.join('onnx', dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
}

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

export class Embedder {
  private readonly modelDir: string;
  private readonly dtype: EmbedderDtype;
  private readonly threads: number;
  private readonly log: (level: EmbedderLogLevel, message: string) => void;
  private extractor: FeatureExtractionPipeline | undefined;
  private loading: Promise<void> | undefined;
  private hiddenSize: number | undefined;
  private loadMsValue: number | undefined;

  constructor(opts: EmbedderOptions) {
    if (!Number.isInteger(opts.threads) || opts.threads < 1) {
      throw new LocalFocusError('bad-input', `Embedder threads must be a positive integer, got ${opts.threads}.`);
    }
    this.modelDir = path.resolve(opts.modelDir);
    this.dtype = opts.dtype ?? 'q8';
    this.threads = opts.threads;
    this.log = opts.log ?? (() => undefined);
  }

  /** Milliseconds the last successful load() took; undefined until then. */
  get loadMs(): number | undefined {
    return this.loadMsValue;
  }

  get loaded(): boolean {
    return this.extractor !== undefined;
  }

  /** The path of the ONNX file this embedder loads. */
  get modelPath(): string {
    return path.join(this.modelDir, modelFileFor(this.dtype));
  }

  load(): Promise<void> {
    if (this.extractor) return Promise.resolve();
    // Concurrent callers share one load; a failed load is forgotten so a later call can retry
    // (e.g. after the user finished downloading the model).
    this.loading ??= this.loadOnce().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<void> {
    const started = performance.now();
    await this.assertFilesPresent();
    this.hiddenSize = await this.readHiddenSize();

    throwIfNoOnnxRuntime();
    const transformers = await import('@huggingface/transformers');
    const { env } = transformers;
    // Never reach for the hub: a missing file must surface as model-missing, not as a network wait.
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    // The file cache would copy the model under node_modules/.cache; the folder already is local.
    env.useFSCache = false;
    // An absolute folder is not a valid hub id, so transformers.js reads it as a plain path and
    // localModelPath is not consulted; it is pointed at the models folder only so that nothing
    // ever resolves under node_modules/@huggingface/transformers/models.
    env.localModelPath = path.dirname(this.modelDir);

    try {
      this.extractor = await transformers.pipeline('feature-extraction', this.modelDir, {
        dtype: this.dtype,
        device: 'cpu',
        local_files_only: true,
        session_options: { intraOpNumThreads: this.threads, interOpNumThreads: 1 },
      });
    } catch (err) {
      throw this.loadError(err);
    }
    this.loadMsValue = Math.round(performance.now() - started);
    this.log('info', `Loaded embedding model ${this.modelPath} (${this.dtype}, ${this.threads} threads) in ${this.loadMsValue} ms.`);
  }

  private async assertFilesPresent(): Promise<void> {
    const needed = [...REQUIRED_FILES, modelFileFor(this.dtype)].map((f) => path.join(this.modelDir, f));
    const missing: string[] = [];
    for (const file of needed) {
      try {
        await access(file);
      } catch {
        missing.push(file);
      }
    }
    if (missing.length > 0) {
      throw new LocalFocusError('model-missing', `Embedding model files not found: ${missing.join(', ')}.`, {
        modelDir: this.modelDir,
        missing,
      });
    }
  }

  private async readHiddenSize(): Promise<number | undefined> {
    const file = path.join(this.modelDir, 'config.json');
    try {
      const config = JSON.parse(await readFile(file, 'utf8')) as { hidden_size?: unknown };
      return typeof config.hidden_size === 'number' ? config.hidden_size : undefined;
    } catch (err) {
      throw new LocalFocusError('model-corrupt', `Cannot read ${file}: ${(err as Error).message}`, { modelDir: this.modelDir });
    }
  }

  private loadError(err: unknown): LocalFocusError {
    const message = err instanceof Error ? err.message : String(err);
    const known = toLocalFocusError(err);
    if (known.code === 'out-of-memory') return known;
    // Files were present a moment ago; a not-found now means they vanished mid-load.
    if (/not found locally|no such file|ENOENT/i.test(message)) {
      return new LocalFocusError('model-missing', `Embedding model files disappeared while loading ${this.modelDir}: ${message}`, {
        modelDir: this.modelDir,
      });
    }
    this.log('error', `Failed to load embedding model ${this.modelPath}: ${message.replace(/\.+$/, '')}. It stays unloaded until the next load().`);
    return new LocalFocusError('model-corrupt', `Cannot load the embedding model ${this.modelPath}: ${message}`, {
      modelDir: this.modelDir,
      file: this.modelPath,
    });
  }

  private async ready(): Promise<FeatureExtractionPipeline> {
    await this.load();
    if (!this.extractor) throw new LocalFocusError('internal', 'Embedding model was disposed while in use.');
    return this.extractor;
  }

  async embed(texts: string[], opts: EmbedOptions = {}): Promise<Embeddings> {
    const batchSize = opts.batchSize ?? DEFAULT_EMBED_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new LocalFocusError('bad-input', `batchSize must be a positive integer, got ${batchSize}.`);
    }
    throwIfCancelled(opts.signal);
    const extractor = await this.ready();
    const vectors: number[][] = [];
    let dim = this.hiddenSize ?? 0;
    for (let start = 0; start < texts.length; start += batchSize) {
      throwIfCancelled(opts.signal);
      const batch = texts.slice(start, start + batchSize);
      let output;
      try {
        output = await extractor(batch, { pooling: 'mean', normalize: true });
      } catch (err) {
        throw toLocalFocusError(err);
      }
      dim = output.dims[1] ?? dim;
      vectors.push(...(output.tolist() as number[][]));
    }
    throwIfCancelled(opts.signal);
    return { vectors, dim };
  }

  /** Word pieces the model's own tokenizer makes of `text`, without [CLS]/[SEP] and without truncation. */
  async tokenCount(text: string): Promise<number> {
    const extractor = await this.ready();
    return extractor.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  /**
   * tokenCount as a synchronous function, for the chunker (which counts tokens in a tight loop).
   * Only after load(): it holds the tokenizer, not the embedder, so it keeps working after dispose().
   */
  tokenCounter(): (text: string) => number {
    if (!this.extractor) throw new LocalFocusError('internal', 'tokenCounter() needs a loaded embedder: await load() first.');
    const tokenizer = this.extractor.tokenizer;
    return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  async dispose(): Promise<void> {
    // A load in flight would otherwise set the extractor after we cleared it.
    await this.loading?.catch(() => undefined);
    const extractor = this.extractor;
    this.extractor = undefined;
    if (extractor) {
      await extractor.dispose();
      this.log('info', `Unloaded embedding model ${this.modelPath}.`);
    }
  }
}

/**
 * The synchronous token count of a model folder's own tokenizer (tokenizer.json), without loading
 * the ONNX weights: what chunking needs when the model itself is loaded elsewhere (the worker's
 * shared embedder) or not at all.
 */
export async function loadTokenCounter(modelDir: string): Promise<(text: string) => number> {
  const dir = path.resolve(modelDir);
  throwIfNoOnnxRuntime();
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.localModelPath = path.dirname(dir);
  let tokenizer;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new LocalFocusError('model-missing', `Cannot read the tokenizer in ${dir}: ${message}`, { modelDir: dir });
  }
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
}

/** transformers.js cannot even be imported where onnxruntime-node has no build: say so instead. */
function throwIfNoOnnxRuntime(): void {
  const reason = onnxRuntimeUnavailableReason();
  if (reason) throw new LocalFocusError('model-missing', reason);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LocalFocusError('cancelled');
}
