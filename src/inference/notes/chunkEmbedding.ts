// The embedding step of a notes index update: chunks without a vector go to the embedding function
// in batches, inside the open Vectra update, and the stores are saved every checkpointMs (and every
// checkpointChunks, which bounds the texts and vectors held until a save), so a long first
// indexing loses little to a crash and a pause keeps what was embedded. The first vectors
// of an index set its recorded dimension; vectors of another length than the recorded one mean
// the source changed under the same name, and the index is rebuilt rather than mixed.

import { LocalFocusError } from '../../core/errors';
import { chunkIndexText, type NoteChunk } from '../../core/notes/chunker';
import { embeddingChangeReason } from '../../core/notes/embeddingSourceId';
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
  /** Most chunks embedded between saves. */
  checkpointChunks: number;
}

/** The embedding source gives vectors of another length than the index holds; the message says so. */
export class DimensionChangedError extends Error {}

/**
 * Embeds the chunks of the `pending` ids into the stores, counting in result.chunksEmbedded;
 * throws 'cancelled' on abort. Ids, not chunks: each checkpoint reads the saved chunks back with
 * their texts left on disk, and a list of the chunks themselves would keep every unsaved text and
 * the earlier chunk table alive to the end of the update (a tenth of a 50k-chunk build's peak).
 */
export async function embedChunks(
  stores: NoteStores,
  pending: readonly string[],
  result: NoteUpdateResult,
  settings: EmbedSettings,
  options: NoteUpdateOptions,
): Promise<void> {
  const { embed, batchSize, checkpointMs, checkpointChunks } = settings;
  if (pending.length === 0 || !embed) return;
  const { signal, onProgress } = options;
  const started = performance.now();
  let lastSave = started;
  let embeddedAtLastSave = 0;
  const recorded = await stores.storedDimension();
  let dim = recorded;
  onProgress?.({ phase: 'embedding', done: 0, total: pending.length });
  for (let i = 0; i < pending.length; i += batchSize) {
    if (signal?.aborted) throw cancelled('paused');
    const batch = pending.slice(i, i + batchSize).map((id) => stores.chunks.get(id)!);
    dim = await embedBatch(stores, batch, { dim, recorded }, embed, signal);
    stores.manifest.dimension = dim;
    result.chunksEmbedded += batch.length;
    const elapsed = performance.now() - started;
    const remaining = pending.length - result.chunksEmbedded;
    onProgress?.({ phase: 'embedding', done: result.chunksEmbedded, total: pending.length, etaMs: Math.round((elapsed / result.chunksEmbedded) * remaining) });
    if (remaining > 0 && (performance.now() - lastSave >= checkpointMs || result.chunksEmbedded - embeddedAtLastSave >= checkpointChunks)) {
      await stores.checkpoint();
      lastSave = performance.now();
      embeddedAtLastSave = result.chunksEmbedded;
    }
    await yieldToEventLoop();
  }
}

/**
 * Embeds one batch into the stores; every vector must have `dim` finite numbers (the first sets
 * it). Returns dim. Another length than the recorded one is a DimensionChangedError.
 */
async function embedBatch(
  stores: NoteStores,
  batch: readonly NoteChunk[],
  lengths: { dim: number | undefined; recorded: number | undefined },
  embed: EmbedFunction,
  signal: AbortSignal | undefined,
): Promise<number> {
  let { dim } = lengths;
  const vectors = await embed(batch.map(chunkIndexText), signal);
  if (!Array.isArray(vectors) || vectors.length !== batch.length) {
    throw new LocalFocusError('internal', `The embedder returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${batch.length} texts.`);
  }
  for (let j = 0; j < batch.length; j++) {
    const vector = Float32Array.from(vectors[j]);
    dim ??= vector.length;
    if (lengths.recorded !== undefined && vector.length !== lengths.recorded) throw dimensionChanged(stores, lengths.recorded, vector.length);
    if (vector.length !== dim || vector.some((x) => !Number.isFinite(x))) {
      throw new LocalFocusError('internal', `The embedder returned a vector of ${vector.length} dimensions (expected ${dim}) or with non-finite values.`);
    }
    await stores.addVector(batch[j], vector);
  }
  return dim!;
}

function dimensionChanged(stores: NoteStores, recorded: number, now: number): DimensionChangedError {
  const sourceId = stores.manifest.modelId ?? 'the embedding model';
  return new DimensionChangedError(embeddingChangeReason({ sourceId, dimension: recorded }, { sourceId, dimension: now }));
}
