// What a NoteIndex needs from the embedding model, built from the worker's shared pieces: vectors
// come through service.embed (the same loaded Embedder that embeddings/embed and the Model Manager's
// load use, so the model is in memory once), token counts from the model folder's own tokenizer.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { toLocalFocusError } from '../../../core/errors';
import { loadTokenCounter, modelFileFor } from '../../embedder';
import type { EmbedFunction } from '../../notes/noteIndex';
import type { FeatureHost } from '../../featureHost';

export interface NoteEmbedding {
  /** Names the model and its weights file, so a different model (or file) rebuilds the vectors. */
  modelId: string;
  modelDir: string;
  embed: EmbedFunction;
  countTokens: (text: string) => number;
}

/** The id stored in the index manifest: folder name and variant, e.g. 'all-MiniLM-L6-v2/q8', plus the weights' size. */
export function noteModelId(modelDir: string): string {
  let size = 0;
  try {
    size = statSync(path.join(modelDir, modelFileFor('q8'))).size;
  } catch {
    // Absent weights cannot embed anyway; the id only has to differ from a present file's.
  }
  return `${path.basename(modelDir)}/q8@${size}`;
}

/** How to get hybrid search, for results and messages in keyword mode. */
export const MODEL_HINT =
  'Download all-MiniLM-L6-v2 in the Model Manager (Local Focus: Open Model Manager), or run `local-focus models download all-minilm-l6-v2`, for search by meaning.';

export class NoteEmbeddings {
  /** One tokenizer per model folder; a failed load is forgotten so a repaired folder is tried again. */
  private readonly counters = new Map<string, Promise<(text: string) => number>>();

  constructor(private readonly service: FeatureHost) {}

  /** The embedding setup for the model folder; throws (model-missing) when its tokenizer cannot be read. */
  async forModel(modelDir: string): Promise<NoteEmbedding> {
    let counter = this.counters.get(modelDir);
    if (!counter) {
      counter = loadTokenCounter(modelDir);
      this.counters.set(modelDir, counter);
      counter.catch(() => this.counters.delete(modelDir));
    }
    const countTokens = await counter;
    const embed: EmbedFunction = async (texts, signal) => {
      try {
        const { vectors } = await this.service.embed({ texts, modelDir, dtype: 'q8' }, signal ?? new AbortController().signal);
        return vectors;
      } catch (err) {
        throw toLocalFocusError(err);
      }
    };
    return { modelId: noteModelId(modelDir), modelDir, embed, countTokens };
  }
}
