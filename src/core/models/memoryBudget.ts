// Will a model fit in memory? Shown before a download and before a load, so the user learns it
// from numbers instead of from a swapping machine or an out-of-memory crash.
//
//   estimate = weights (file size, llama.cpp maps the file whole)
//            + KV cache at the chosen context = layers × kvHeads × (keyDim + valueDim) × context × bytes
//              (= 2 × layers × kvHeads × headDim × context × bytes; f16 cache: 2 bytes per element)
//            + runtime overhead (below)
//   budget   = percent (default 60) of total RAM − memory of the models already loaded
import { formatBytes } from './formatBytes';
import type { ModelArchitecture } from './catalogTypes';
import type { GgufModelInfo } from './gguf';

export const MIB = 1024 * 1024;

/** An f16 KV cache, node-llama-cpp's default. */
export const KV_BYTES_F16 = 2;

/**
 * Fixed part of the runtime overhead: the native library, ggml's allocators, the tokenizer's
 * tables and the output logits. Measured here with node-llama-cpp 3.22 on CPU: loading the
 * library grew RSS by 10 MiB, stories260K (512-token vocabulary) with a 2,048-token context by
 * 11 MiB, llama-2-tiny-random (32,000-token vocabulary) with a 4,096-token context by 34 MiB.
 * 64 MiB covers those with room for the larger vocabularies of real models (128k for Llama 3).
 */
export const RUNTIME_BASE_OVERHEAD_BYTES = 64 * MIB;

/**
 * The part that grows with the context: without flash attention llama.cpp's CPU compute buffer
 * holds one f32 attention-score matrix KQ of context × batch × heads for the largest batch
 * (n_ubatch, 512 by default), reused layer after layer. For Llama 3 8B at 8,192 tokens that is
 * 8192 × 512 × 32 × 4 B = 512 MiB, the size of compute buffer llama.cpp reports for it.
 */
export const LLAMA_UBATCH = 512;
export const ATTENTION_SCORE_BYTES = 4;

export interface LlmShape {
  layers: number;
  headCount: number;
  kvHeads: number;
  keyDim: number;
  valueDim: number;
}

export function shapeFromArchitecture(a: ModelArchitecture): LlmShape {
  return { layers: a.layers, headCount: a.headCount, kvHeads: a.kvHeads, keyDim: a.headDim, valueDim: a.headDim };
}

export function shapeFromGguf(info: GgufModelInfo): LlmShape {
  const headDim = info.headCount > 0 ? Math.floor(info.embeddingLength / info.headCount) : 0;
  return {
    layers: info.blockCount,
    headCount: info.headCount,
    kvHeads: info.headCountKv,
    keyDim: info.keyLength ?? headDim,
    valueDim: info.valueLength ?? info.keyLength ?? headDim,
  };
}

export interface MemoryEstimateInput {
  /** Sum of the model's file sizes. */
  weightsBytes: number;
  /** The transformer's shape; absent for embedding models, which keep no KV cache. */
  shape?: LlmShape;
  /** Context size the model will be loaded with, in tokens. */
  contextSize: number;
  /** Bytes per cached key/value element; default 2 (f16). */
  kvBytesPerElement?: number;
}

export interface MemoryEstimate {
  weightsBytes: number;
  kvCacheBytes: number;
  overheadBytes: number;
  totalBytes: number;
  contextSize: number;
}

export function kvCacheBytes(shape: LlmShape, contextSize: number, bytesPerElement = KV_BYTES_F16): number {
  return shape.layers * shape.kvHeads * (shape.keyDim + shape.valueDim) * contextSize * bytesPerElement;
}

export function runtimeOverheadBytes(shape: LlmShape | undefined, contextSize: number): number {
  if (!shape) return RUNTIME_BASE_OVERHEAD_BYTES;
  const batch = Math.min(LLAMA_UBATCH, contextSize);
  return RUNTIME_BASE_OVERHEAD_BYTES + contextSize * batch * shape.headCount * ATTENTION_SCORE_BYTES;
}

export function estimateModelMemory(input: MemoryEstimateInput): MemoryEstimate {
  const contextSize = Math.max(0, Math.floor(input.contextSize));
  const kv = input.shape ? kvCacheBytes(input.shape, contextSize, input.kvBytesPerElement ?? KV_BYTES_F16) : 0;
  const overhead = runtimeOverheadBytes(input.shape, contextSize);
  return { weightsBytes: input.weightsBytes, kvCacheBytes: kv, overheadBytes: overhead, totalBytes: input.weightsBytes + kv + overhead, contextSize };
}

export const DEFAULT_MEMORY_BUDGET_PERCENT = 60;
/** From this share of the remaining budget on, a model that fits is called "tight". */
export const TIGHT_FROM = 0.85;

export interface MemoryBudgetInput {
  totalRamBytes: number;
  /** localFocus.memoryBudgetPercent; default 60. */
  percent?: number;
  /** Memory held by models already loaded (their estimates, or measured when known). */
  loadedBytes?: number;
}

export interface MemoryBudget {
  totalRamBytes: number;
  percent: number;
  budgetBytes: number;
  loadedBytes: number;
  /** What is left for this model: budget − loaded, never below zero. */
  remainingBytes: number;
}

export function memoryBudget(input: MemoryBudgetInput): MemoryBudget {
  const percent = Math.min(100, Math.max(1, input.percent ?? DEFAULT_MEMORY_BUDGET_PERCENT));
  const budgetBytes = Math.floor((input.totalRamBytes * percent) / 100);
  const loadedBytes = Math.max(0, input.loadedBytes ?? 0);
  return { totalRamBytes: input.totalRamBytes, percent, budgetBytes, loadedBytes, remainingBytes: Math.max(0, budgetBytes - loadedBytes) };
}

export type MemoryVerdictKind = 'fits' | 'tight' | 'too-big';

export interface MemoryVerdict {
  verdict: MemoryVerdictKind;
  estimate: MemoryEstimate;
  budget: MemoryBudget;
  /** estimate ÷ remaining budget (Infinity when nothing remains). */
  share: number;
  /** One sentence with the numbers, for the model manager and the load confirmation. */
  sentence: string;
}

export function judgeMemory(estimate: MemoryEstimate, budget: MemoryBudget): MemoryVerdict {
  const share = budget.remainingBytes > 0 ? estimate.totalBytes / budget.remainingBytes : Infinity;
  const verdict: MemoryVerdictKind = share > 1 ? 'too-big' : share >= TIGHT_FROM ? 'tight' : 'fits';
  const parts = [`weights ${formatBytes(estimate.weightsBytes)}`];
  if (estimate.kvCacheBytes > 0) parts.push(`context cache ${formatBytes(estimate.kvCacheBytes)} for ${estimate.contextSize.toLocaleString('en-US')} tokens`);
  parts.push(`runtime ${formatBytes(estimate.overheadBytes)}`);
  const needs = `Needs about ${formatBytes(estimate.totalBytes)} (${parts.join(', ')})`;
  const loaded = budget.loadedBytes > 0 ? `, after ${formatBytes(budget.loadedBytes)} for models already loaded` : '';
  const left = `${formatBytes(budget.remainingBytes)} of the memory budget is free (${budget.percent}% of ${formatBytes(budget.totalRamBytes)} RAM${loaded})`;
  let end: string;
  if (verdict === 'fits') end = 'it fits.';
  else if (verdict === 'tight') end = `it fits, but tightly (${Math.round(share * 100)}% of what is free).`;
  else {
    end = `it is too big by ${formatBytes(estimate.totalBytes - budget.remainingBytes)}. Choose a smaller model or context, unload other models, or raise localFocus.memoryBudgetPercent.`;
  }
  return { verdict, estimate, budget, share, sentence: `${needs}; ${left}: ${end}` };
}
