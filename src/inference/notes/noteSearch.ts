// Searching a notes index: BM25 keywords, Vectra vectors, or both fused by reciprocal rank (the
// default), falling back to keywords with the reason when vectors cannot serve. Only chunks the
// manifest references are returned, at most one per section. The query is embedded only by the
// source that made the index's vectors; when that source is not the one in use, the caller says
// why and vectors are not searched.
//
// A query may hold filters (`#tag`, `path:journal/`: core/notes/queryFilters.ts): they are taken
// out of the text searched and keep only the notes that pass; filters alone list those notes.
// Find Related Notes names its note (`relatedTo`): the notes it links to and those linking to it
// are a third ranking fused with the dense and keyword ones by reciprocal rank, not put first, so
// a linked note that is also near in meaning or words ranks highest, and one that is only linked
// still ranks among the top hits (a first place in one ranking scores as much as in another).

import path from 'node:path';
import { onePerSection, reciprocalRankFusion, sectionKey, type ScoredId } from '../../core/notes/fusion';
import { linkedNotes } from '../../core/notes/linkNeighbours';
import { hasFilters, noteFilter, parseQueryFilters } from '../../core/notes/queryFilters';
import type { NoteChunk } from '../../core/notes/chunker';
import type { NoteSearchResponse, NoteSearchResult, NoteSearchTier } from '../../core/notes/searchTypes';
import { makeSnippet } from '../../core/notes/snippet';
import type { EmbedFunction, NoteSearchOptions } from './noteIndexOptions';
import { VectorsUnreadableError, type NoteStores } from './noteStores';
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
  /** Each ranking searched (dense, keyword), best first. */
  lists: ScoredId[][];
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
  // Find Related Notes searches a note's own text, whose #tags are words of it, not filters.
  const filters = options.relatedTo === undefined ? parseQueryFilters(query) : { text: query.trim(), tags: [], paths: [] };
  const text = filters.text;
  const done = (results: NoteSearchResult[], tier: NoteSearchTier, fallbackReason?: string): NoteSearchResponse => ({
    results,
    tier,
    ...(fallbackReason ? { fallbackReason } : {}),
    ms: performance.now() - started,
  });
  const excluded = options.excludeFile === undefined ? undefined : relative(options.excludeFile);
  const passes = noteFilter(filters);
  const fileAccepted = (file: string): boolean => file !== excluded && (!hasFilters(filters) || passes(file, stores.entry(file)?.tags ?? []));
  if (text === '') {
    // Filters alone list the notes that pass them, by path: there is nothing to rank by.
    const listed = hasFilters(filters) ? filteredNotes(stores, fileAccepted, k) : [];
    return done(listed.map((chunk) => toResult(chunk, 1, '')), requested);
  }

  const accept = (id: string): boolean => {
    const chunk = stores.chunks.get(id);
    return stores.liveIds.has(id) && chunk !== undefined && fileAccepted(chunk.file);
  };
  // Deep enough that dropping same-section hits still leaves k, and fusion sees both tails.
  const { lists, tier, fallbackReason } = await rank(stores, embedder, requested, {
    text,
    depth: Math.max(50, k * 5),
    accept,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const linked = options.relatedTo === undefined ? [] : linkRanking(stores, lists, options.relatedTo, relative, accept);
  const rankings = linked.length > 0 ? [...lists, linked] : lists;
  const ranked = rankings.length === 1 ? rankings[0]! : reciprocalRankFusion(rankings);
  const hits = onePerSection(
    ranked.map((hit) => ({ hit, chunk: stores.chunks.get(hit.id)! })).filter((h) => h.chunk),
    (h) => sectionKey(h.chunk),
    k,
  );
  return done(hits.map(({ hit, chunk }) => toResult(chunk, hit.score, text)), tier, fallbackReason);

  function toResult(chunk: NoteChunk, score: number, marked: string): NoteSearchResult {
    const analyzer = stores.bm25.analyzerOptions;
    return {
      chunkId: chunk.id,
      file: chunk.file,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      headingPath: chunk.headingPath,
      title: chunk.title,
      score,
      snippet: makeSnippet(chunk.text, marked, { ...(options.snippetChars !== undefined ? { maxChars: options.snippetChars } : {}), analyzer }),
    };
  }
}

/** The first chunk of each note that passes the filters, by path, at most k. */
function filteredNotes(stores: NoteStores, fileAccepted: (file: string) => boolean, k: number): NoteChunk[] {
  const notes: NoteChunk[] = [];
  for (const file of Object.keys(stores.manifest.files).sort()) {
    if (notes.length >= k) break;
    const first = stores.entry(file)?.chunkIds[0];
    const chunk = first === undefined ? undefined : stores.chunks.get(first);
    if (chunk && fileAccepted(file)) notes.push(chunk);
  }
  return notes;
}

/**
 * The notes linked with `relatedTo`, outgoing links first, then backlinks, each as the chunk of it
 * that the query's rankings placed best (its first chunk when they did not place it).
 */
function linkRanking(
  stores: NoteStores,
  lists: readonly ScoredId[][],
  relatedTo: string,
  relative: (file: string) => string | undefined,
  accept: (id: string) => boolean,
): ScoredId[] {
  const own = relative(relatedTo);
  const note = own !== undefined && stores.entry(own) ? { path: own } : { fileName: path.basename(relatedTo) };
  const bestChunk = new Map<string, { id: string; rank: number }>();
  for (const list of lists) {
    list.forEach(({ id }, rank) => {
      const file = stores.chunks.get(id)?.file;
      const best = file === undefined ? undefined : bestChunk.get(file);
      if (file !== undefined && (!best || rank < best.rank)) bestChunk.set(file, { id, rank });
    });
  }
  const ranking: ScoredId[] = [];
  for (const { file } of linkedNotes(stores.manifest.files, note)) {
    const id = bestChunk.get(file)?.id ?? stores.entry(file)?.chunkIds[0];
    if (id !== undefined && accept(id)) ranking.push({ id, score: 1 });
  }
  return ranking;
}

/** The hits of the requested tier in rank order, or of keywords (with why) when vectors cannot serve. */
async function rank(stores: NoteStores, embedder: QueryEmbedder, requested: NoteSearchTier, query: Query): Promise<Ranking> {
  let tier = requested;
  let fallbackReason: string | undefined;
  if (tier !== 'keyword') {
    if ('unavailable' in embedder) fallbackReason = embedder.unavailable;
    else if (stores.vectorCount === 0) fallbackReason = 'no note has been embedded yet';
    if (fallbackReason) tier = 'keyword';
  }
  let denseHits: ScoredId[] = [];
  if (tier !== 'keyword') {
    try {
      denseHits = await denseSearch(stores, embedder as Extract<QueryEmbedder, { embed: EmbedFunction }>, query);
    } catch (err) {
      if (isAbortError(err) || query.signal?.aborted) throw cancelled('The search was cancelled.');
      fallbackReason = err instanceof VectorsUnreadableError ? err.message : `the embedding model failed (${(err as Error).message})`;
      tier = 'keyword';
    }
  }
  if (query.signal?.aborted) throw cancelled('The search was cancelled.');

  const keywordHits = (): ScoredId[] => stores.bm25.search(query.text, query.depth, { accept: query.accept });
  let lists: ScoredId[][];
  if (tier === 'hybrid') lists = [denseHits, keywordHits()];
  else if (tier === 'dense') lists = [denseHits];
  else lists = [keywordHits()];
  return { lists, tier, ...(fallbackReason ? { fallbackReason } : {}) };
}

async function denseSearch(stores: NoteStores, embedder: { embed: EmbedFunction; dimension?: number }, query: Query): Promise<ScoredId[]> {
  // The saved vectors are read (and checked) by the first dense search, not when the index opens.
  stores.readSavedVectors();
  const [vector] = await embedder.embed([query.text], query.signal);
  if (embedder.dimension !== undefined && vector?.length !== embedder.dimension) {
    throw new Error(`it gave the query a vector of ${vector?.length ?? 0} dimensions, the index holds ${embedder.dimension}; the next update rebuilds the index`);
  }
  // Vectra has no filter on ids, so ask for extra to make up for dropped ones.
  const hits = await stores.vectors.queryItems(vector as unknown as number[], '', query.depth * 2);
  return hits.filter((h) => query.accept(h.item.id)).slice(0, query.depth).map((h) => ({ id: h.item.id, score: h.score }));
}
