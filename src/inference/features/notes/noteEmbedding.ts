// What a NoteIndex needs from its embedding source. In process, it is built from the worker's shared
// pieces: vectors come through service.embed (the same loaded Embedder that embeddings/embed and the
// Model Manager's load use, so the model is in memory once), token counts from the model folder's
// own tokenizer. On a model server, vectors come from the server's client and token counts are the
// index's approximation (the server's tokenizer is not here).
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { toLocalFocusError } from '../../../core/errors';
import { localSourceId } from '../../../core/notes/embeddingSourceId';
import { loadTokenCounter, modelFileFor } from '../../embedder';
import { serverEmbedding, type ServerEmbedding } from '../../notes/embeddingSource';
import type { EmbedFunction } from '../../notes/noteIndex';
import type { FeatureHost } from '../../featureHost';

export interface NoteEmbedding {
  /** The source's id (core/notes/embeddingSourceId.ts): names the model and where it runs, so another one rebuilds the vectors. */
  modelId: string;
  embed: EmbedFunction;
  /** The model's own token count; absent for a server's model. */
  countTokens?: (text: string) => number;
  /** The notesSearch tier that searches with it. */
  tier: 'local' | 'server';
}

/** The in-process model's name in its source id: folder name and variant, e.g. 'all-MiniLM-L6-v2/q8', plus the weights' size. */
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
    return { modelId: localSourceId(noteModelId(modelDir)), embed, countTokens, tier: 'local' };
  }

  /** The embedding setup for a model server's embedding model. */
  forServer(server: ServerEmbedding): NoteEmbedding {
    const { sourceId, embed } = serverEmbedding(server);
    return { modelId: sourceId, embed, tier: 'server' };
  }
}
