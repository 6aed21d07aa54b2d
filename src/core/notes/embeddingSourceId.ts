// Which embedding source made a notes index's vectors, as the id its manifest records:
// 'local:<model>' for the worker's in-process model, 'server:<url>#<model>' for a model server.
// Vectors of two sources never share an index, because their numbers mean different things even
// when their lengths agree: another source, or the same one now giving vectors of another length,
// means the index is rebuilt.

const LOCAL_PREFIX = 'local:';
const SERVER_PREFIX = 'server:';

export function localSourceId(model: string): string {
  return `${LOCAL_PREFIX}${model}`;
}

export function serverSourceId(url: string, model: string): string {
  return `${SERVER_PREFIX}${url.replace(/\/+$/, '')}#${model}`;
}

/** An id recorded before sources were named is a bare model name, and that model ran in process. */
export function normalizedSourceId(id: string): string {
  return id.startsWith(LOCAL_PREFIX) || id.startsWith(SERVER_PREFIX) ? id : localSourceId(id);
}

export function sameSource(a: string, b: string): boolean {
  return normalizedSourceId(a) === normalizedSourceId(b);
}

/** What made an index's vectors, or what would make them now. */
export interface EmbeddingIdentity {
  /** null: no vectors (recorded) or keyword only (current); null never asks for a rebuild. */
  sourceId: string | null;
  /** Vector length; unknown until the first vectors were made. */
  dimension?: number;
}

/** Why vectors made by `recorded` cannot be searched or extended with `current`; undefined when they can. */
export function embeddingChangeReason(recorded: EmbeddingIdentity, current: EmbeddingIdentity): string | undefined {
  if (recorded.sourceId === null || current.sourceId === null) return undefined;
  if (!sameSource(recorded.sourceId, current.sourceId)) return `the embedding model changed from ${recorded.sourceId} to ${current.sourceId}`;
  if (recorded.dimension !== undefined && current.dimension !== undefined && recorded.dimension !== current.dimension) {
    return `the embedding model ${current.sourceId} now gives vectors of ${current.dimension} dimensions, not ${recorded.dimension}`;
  }
  return undefined;
}
