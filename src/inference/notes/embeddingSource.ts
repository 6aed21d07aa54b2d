// What makes a notes index's vectors: the worker's in-process model, or an embedding model on a
// model server the user runs (Ollama's /api/embed, an OpenAI-compatible /v1/embeddings). The index
// records the source's id (core/notes/embeddingSourceId.ts) and rebuilds when the source changes.

import { serverSourceId } from '../../core/notes/embeddingSourceId';
import type { LocalServerClient } from '../localServer/localServerClient';
import type { EmbedFunction } from './noteIndexOptions';

/** An embedding model on a model server, as the worker's server detection offers it. */
export interface ServerEmbedding {
  /** Made with `model` as its embedding model: its embed() uses that model. */
  client: LocalServerClient;
  model: string;
  /** The server's own id, for messages. */
  id: string;
}

/** The worker's own model (all-MiniLM-L6-v2 through transformers.js), when the mode policy has it. */
export const IN_PROCESS_EMBEDDING = 'in-process';

export type EmbeddingSource = typeof IN_PROCESS_EMBEDDING | ServerEmbedding;

/** A source ready for a NoteIndex: its id (the index's modelId) and how it embeds. */
export interface SourceEmbedding {
  sourceId: string;
  embed: EmbedFunction;
}

export function serverEmbedding(server: ServerEmbedding): SourceEmbedding {
  return {
    sourceId: serverSourceId(server.client.url, server.model),
    embed: (texts, signal) => server.client.embed(texts, signal ?? new AbortController().signal),
  };
}
