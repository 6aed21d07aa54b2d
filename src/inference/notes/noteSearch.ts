// Searching a notes index: BM25 keywords, Vectra vectors, or both fused by reciprocal rank (the
// default), falling back to keywords with the reason when vectors cannot serve. Only chunks the
// manifest references are returned, at most one per section. The query is embedded only by the
// source that made the index's vectors; when that source is not the one in use, the caller says
// why and vectors are not searched.

import { onePerSection, reciprocalRankFusion, sectionKey, type ScoredId } from '../../core/notes/fusion';
import type { NoteSearchResponse, NoteSearchResult, NoteSearchTier } from '../../core/notes/searchTypes';
import { makeSnippet } from '../../core/notes/snippet';
import type { EmbedFunction, NoteSearchOptions } from './noteIndexOptions';
import type { NoteStores } from './noteStores';
import { cancelled, isAbortError } from './pausing';

/** One search's query and the chunks it may return. */
interface Query {
  text: string;
  /** Hits wanted from each ranking before one per section is kept. */
  depth: number;
  accept: (id: string) => boolean;
  signal?: AbortSignal;
}

/** The index's own embedding source with its vectors' length, or why its vectors cannot be searched now. */
export type QueryEmbedder = { embed: EmbedFunction; dimension?: number } | { unavailable: string };

interface Ranking {
  ranked: ScoredId[];
  tier: NoteSearchTier;
  fallbackReason?: string;
}

/** `relative` makes options.excludeFile relative to the folder, '/' separated (undefined when outside it). */
export async function searchNotes(
  stores: NoteStores,
  embedder: QueryEmbedder,
  query: string,
  options: NoteSearchOptions,
  relative: (file: string) => string | undefined,
): Promise<NoteSearchResponse> {
  const started = performance.now();
  const k = Math.max(1, options.k ?? 10);
  const requested = options.tier ?? 'hybrid';
  const text = query.trim();
  const done = (results: NoteSearchResult[], tier: NoteSearchTier, fallbackReason?: string): NoteSearchResponse => ({
    results,
    tier,
    ...(fallbackReason ? { fallbackReason } : {}),
    ms: performance.now() - started,
  });
  if (text === '') return done([], requested === 'dense' ? 'dense' : requested);

  const excluded = options.excludeFile === undefined ? undefined : relative(options.excludeFile);
  const accept = (id: string): boolean => stores.liveIds.has(id) && (excluded === undefined || stores.chunks.get(id)?.file !== excluded);
  // Deep enough that dropping same-section hits still leaves k, and fusion sees both tails.
  const { ranked, tier, fallbackReason } = await rank(stores, embedder, requested, {
    text,
    depth: Math.max(50, k * 5),
    accept,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const hits = onePerSection(
    ranked.map((hit) => ({ hit, chunk: stores.chunks.get(hit.id)! })).filter((h) => h.chunk),
    (h) => sectionKey(h.chunk),
    k,
  );
  const analyzer = stores.bm25.analyzerOptions;
  const results = hits.map(({ hit, chunk }) => ({
    chunkId: chunk.id,
    file: chunk.file,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    headingPath: chunk.headingPath,
    title: chunk.title,
    score: hit.score,
    snippet: makeSnippet(chunk.text, text, { ...(options.snippetChars !== undefined ? { maxChars: options.snippetChars } : {}), analyzer }),
  }));
  return done(results, tier, fallbackReason);
}

/** The hits of the requested tier in rank order, or of keywords (with why) when vectors cannot serve. */
async function rank(stores: NoteStores, embedder: QueryEmbedder, requested: NoteSearchTier, query: Query): Promise<Ranking> {
  let tier = requested;
  let fallbackReason: string | undefined;
  if (tier !== 'keyword') {
    if ('unavailable' in embedder) fallbackReason = embedder.unavailable;
    else if (stores.vectorIds.size === 0) fallbackReason = 'no note has been embedded yet';
    if (fallbackReason) tier = 'keyword';
  }
  let denseHits: ScoredId[] = [];
  if (tier !== 'keyword') {
    try {
      denseHits = await denseSearch(stores, embedder as Extract<QueryEmbedder, { embed: EmbedFunction }>, query);
    } catch (err) {
      if (isAbortError(err) || query.signal?.aborted) throw cancelled('The search was cancelled.');
      fallbackReason = `the embedding model failed (${(err as Error).message})`;
      tier = 'keyword';
    }
  }
  if (query.signal?.aborted) throw cancelled('The search was cancelled.');

  const keywordHits = (): ScoredId[] => stores.bm25.search(query.text, query.depth, { accept: query.accept });
  let ranked: ScoredId[];
  if (tier === 'hybrid') ranked = reciprocalRankFusion([denseHits, keywordHits()]);
  else if (tier === 'dense') ranked = denseHits;
  else ranked = keywordHits();
  return { ranked, tier, ...(fallbackReason ? { fallbackReason } : {}) };
}

async function denseSearch(stores: NoteStores, embedder: { embed: EmbedFunction; dimension?: number }, query: Query): Promise<ScoredId[]> {
  const [vector] = await embedder.embed([query.text], query.signal);
  if (embedder.dimension !== undefined && vector?.length !== embedder.dimension) {
    throw new Error(`it gave the query a vector of ${vector?.length ?? 0} dimensions, the index holds ${embedder.dimension}; the next update rebuilds the index`);
  }
  // Vectra has no filter on ids, so ask for extra to make up for dropped ones.
  const hits = await stores.vectors.queryItems(Array.from(vector), '', query.depth * 2);
  return hits.filter((h) => query.accept(h.item.id)).slice(0, query.depth).map((h) => ({ id: h.item.id, score: h.score }));
}
