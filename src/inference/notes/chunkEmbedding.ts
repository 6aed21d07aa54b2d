// The embedding step of a notes index update: chunks without a vector go to the embedding function
// in batches, inside the open Vectra update, and the stores are saved every checkpointMs, so a long
// first indexing loses little to a crash and a pause keeps what was embedded.

import { LocalFocusError } from '../../core/errors';
import { chunkIndexText, type NoteChunk } from '../../core/notes/chunker';
import type { NoteUpdateResult } from '../../core/notes/searchTypes';
import type { EmbedFunction, NoteUpdateOptions } from './noteIndexOptions';
import type { NoteStores } from './noteStores';
import { cancelled, yieldToEventLoop } from './pausing';

export interface EmbedSettings {
  embed?: EmbedFunction;
  /** Chunks per embed call: also how often a pause is noticed and progress reported. */
  batchSize: number;
  /** Longest time between saves. */
  checkpointMs: number;
}

/** Embeds `pending` into the stores, counting in result.chunksEmbedded; throws 'cancelled' on abort. */
export async function embedChunks(
  stores: NoteStores,
  pending: readonly NoteChunk[],
  result: NoteUpdateResult,
  settings: EmbedSettings,
  options: NoteUpdateOptions,
): Promise<void> {
  const { embed, batchSize, checkpointMs } = settings;
  if (pending.length === 0 || !embed) return;
  const { signal, onProgress } = options;
  const started = performance.now();
  let lastSave = started;
  let dim = await stores.storedDimension();
  onProgress?.({ phase: 'embedding', done: 0, total: pending.length });
  for (let i = 0; i < pending.length; i += batchSize) {
    if (signal?.aborted) throw cancelled('paused');
    const batch = pending.slice(i, i + batchSize);
    dim = await embedBatch(stores, batch, dim, embed, signal);
    result.chunksEmbedded += batch.length;
    const elapsed = performance.now() - started;
    const remaining = pending.length - result.chunksEmbedded;
    onProgress?.({ phase: 'embedding', done: result.chunksEmbedded, total: pending.length, etaMs: Math.round((elapsed / result.chunksEmbedded) * remaining) });
    if (remaining > 0 && performance.now() - lastSave >= checkpointMs) {
      await stores.checkpoint();
      lastSave = performance.now();
    }
    await yieldToEventLoop();
  }
}

/** Embeds one batch into the stores; every vector must have `dim` finite numbers (the first sets it). Returns dim. */
async function embedBatch(
  stores: NoteStores,
  batch: readonly NoteChunk[],
  dim: number | undefined,
  embed: EmbedFunction,
  signal: AbortSignal | undefined,
): Promise<number | undefined> {
  const vectors = await embed(batch.map(chunkIndexText), signal);
  if (!Array.isArray(vectors) || vectors.length !== batch.length) {
    throw new LocalFocusError('internal', `The embedder returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${batch.length} texts.`);
  }
  for (let j = 0; j < batch.length; j++) {
    const vector = Float32Array.from(vectors[j]);
    dim ??= vector.length;
    if (vector.length !== dim || vector.some((x) => !Number.isFinite(x))) {
      throw new LocalFocusError('internal', `The embedder returned a vector of ${vector.length} dimensions (expected ${dim}) or with non-finite values.`);
    }
    await stores.addVector(batch[j], vector);
  }
  return dim;
}
