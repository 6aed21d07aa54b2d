// Worker requests of the notes feature: method name → { params; result }, shared by host, worker and CLI.
//
// The worker keeps one NoteIndex per folder (a workspace folder, or a notes folder outside the
// workspace from localFocus.notes.folders) under <home>/indexes/<hash>/. `notes/index`
// brings it in line with the folder's notes (all of them, or the files a file event named) and
// reports progress as worker/progress with a NotesIndexPartial; `notes/search` searches it on the
// tier the mode policy allows: hybrid (embeddings + BM25) when the embedding model is present,
// keyword (BM25) otherwise, saying why and how to get the model.
import type { Tier } from './protocol';
import type { NoteIndexProgress, NoteIndexStats, NoteSearchResult, NoteSearchTier, NoteUpdateResult } from './notes/searchTypes';

export type { NoteIndexStats, NoteSearchResult, NoteSearchTier } from './notes/searchTypes';

/** The default of localFocus.notes.include. */
export const DEFAULT_NOTE_INCLUDE: readonly string[] = ['**/*.md', '**/*.mdx', '**/*.txt', '**/*.rst', '**/*.org'];
/** The default of localFocus.notes.exclude: a dependency's README is not a note. */
export const DEFAULT_NOTE_EXCLUDE: readonly string[] = ['**/node_modules/**'];

export interface NoteFileScope {
  /** Globs relative to the folder; a note must match one. Default DEFAULT_NOTE_INCLUDE. */
  include?: string[];
  /** Globs relative to the folder that are never indexed (files.exclude, search.exclude, localFocus.notes.exclude). */
  exclude?: string[];
  /** Honour .gitignore files and .git/info/exclude (search.useIgnoreFiles). Default true. */
  respectGitignore?: boolean;
}

export interface NotesIndexParams extends NoteFileScope {
  /** Absolute workspace folder. */
  folder: string;
  /**
   * Only these files (absolute, or relative to the folder), e.g. from file events: each is indexed,
   * re-indexed or, when gone or no longer in scope, dropped. Absent: the whole folder is walked and
   * indexed notes that are gone are dropped.
   */
  files?: string[];
  /** With a request id, progress comes as worker/progress with a NotesIndexPartial. */
  requestId?: string;
  /** A run the user did not ask for (the editor following file events): it rests a little between batches so the editor stays responsive. */
  background?: boolean;
}

/** How the folder is searched now. */
export interface NotesTierInfo {
  /** 'hybrid' (embeddings + BM25) with the embedding model, 'keyword' (BM25 alone) without it or when asked. */
  tier: NoteSearchTier;
  /** The notesSearch capability's tier: 'local' for hybrid or dense, 'degraded' for keyword. */
  capabilityTier: Tier;
  /** Why not hybrid, e.g. "embedding model not found at …"; absent when hybrid is in use or keyword was asked for. */
  reason?: string;
  /** What to do about it, e.g. download the model in the Model Manager. */
  hint?: string;
}

export interface NotesIndexResult extends NoteUpdateResult, NotesTierInfo {
  folder: string;
  /** Note files found in scope (all of them for a full walk; the listed ones in scope otherwise). */
  filesInScope: number;
  /** Set when notes/pause stopped the run: what was done is saved, the next notes/index continues. */
  paused?: boolean;
  /** Chunks still without a vector after a pause. */
  pendingChunks?: number;
  /** Why the index was emptied when it was opened (damaged files, a model change). */
  rebuildReason?: string;
  stats: NoteIndexStats;
}

/** The `partial` of a notes/index progress notification. */
export interface NotesIndexPartial extends NoteIndexProgress {
  kind: 'notes/progress';
  folder: string;
}

/** The notes an update left out, "<file> <reason>" each, and how many more it only counted. */
export function skippedNotes(r: Pick<NoteUpdateResult, 'skipped' | 'filesSkipped'>): { listed: string[]; more: number } {
  const listed = (r.skipped ?? []).map((x) => `${x.file} ${x.reason}`);
  return { listed, more: (r.filesSkipped ?? 0) - listed.length };
}

/** A remaining time as people say it: "40 s", "3 min", "1 h 5 min". */
export function formatEta(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${Math.max(1, s)} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function isNotesIndexPartial(value: unknown): value is NotesIndexPartial {
  return !!value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'notes/progress';
}

export interface NotesSearchParams {
  /** Absolute workspace folder. */
  folder: string;
  /** The text searched, with any filters in it: `#tag` (notes with that tag), `path:<prefix or glob>` (notes under that path); filters alone list the notes that pass. */
  query: string;
  /** Results, at most one per section; default 10. */
  k?: number;
  /** 'keyword' forces BM25 alone; 'hybrid' (default) and 'dense' need the embedding model and fall back to keyword without it. */
  tier?: NoteSearchTier;
  /** Leaves out one file (absolute or relative), e.g. the note "Find Related Notes" started from. */
  excludeFile?: string;
  /**
   * "Find Related Notes"' note (absolute): the notes it links to and those linking to it (by file
   * name, as Obsidian resolves links) are ranked with the query's hits.
   */
  relatedTo?: string;
  /** Snippet length in characters (default 200). */
  snippetChars?: number;
}

export interface NotesSearchResult extends NotesTierInfo {
  folder: string;
  results: NoteSearchResult[];
  ms: number;
  /** Files and chunks the index holds, so a front end can say "still indexing" when it is empty. */
  indexed: { files: number; chunks: number; vectors: number };
}

export interface NotesStatsParams {
  folder: string;
}

export interface NotesStatsResult extends NotesTierInfo {
  stats: NoteIndexStats;
  /** Whether a notes/index run is going on for the folder. */
  indexing: boolean;
}

export interface NotesPauseParams {
  /** The folder whose run to pause; absent pauses every folder's. */
  folder?: string;
}

export interface NotesPauseResult {
  /** Folders whose running notes/index was stopped. */
  paused: string[];
}

export interface NotesRequests {
  'notes/index': { params: NotesIndexParams; result: NotesIndexResult };
  'notes/search': { params: NotesSearchParams; result: NotesSearchResult };
  'notes/stats': { params: NotesStatsParams; result: NotesStatsResult };
  'notes/pause': { params: NotesPauseParams; result: NotesPauseResult };
}
