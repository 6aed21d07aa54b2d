// Which source embeds the notes now: the worker's own model or a model server's embedding model.
// The index holds one source's vectors, and a change of source rebuilds all of them, so the choice
// follows the tier order (localFocus.tierOrder) and then sticks: a server that stops answering for
// a while stays the source (search answers with keywords meanwhile) instead of sending the index
// to another model and back.
import { IN_PROCESS_EMBEDDING, type EmbeddingSource, type ServerEmbedding } from './embeddingSource';

export interface EmbeddingSourceFacts {
  /** The server embedding model that answers now, if any. */
  server: ServerEmbedding | undefined;
  /** The server embedding model chosen last time, if the last choice was a server. */
  lastServer: ServerEmbedding | undefined;
  /** The worker's own embedding model is present and not known to be broken. */
  inProcessAvailable: boolean;
  /** The tier order puts the server before the worker's own model. */
  serverFirst: boolean;
}

export function chooseEmbeddingSource(facts: EmbeddingSourceFacts): EmbeddingSource {
  const serverWanted = facts.serverFirst || !facts.inProcessAvailable;
  if (!serverWanted) return IN_PROCESS_EMBEDDING;
  return facts.server ?? facts.lastServer ?? IN_PROCESS_EMBEDDING;
}
