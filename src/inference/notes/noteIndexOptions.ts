// How a notes index is opened, updated and searched: the options its callers pass. The embedding
// function and the token counter come from outside (as Vectra takes its embedding model): the
// worker passes the real embedder, tests a deterministic one, and without one the index is
// keyword-only.

import type { Bm25Options } from '../../core/notes/bm25';
import type { NoteIndexProgress, NoteSearchTier } from '../../core/notes/searchTypes';

/** Embeds texts in order; vectors must all have the same length. May honour the signal. */
export type EmbedFunction = (texts: string[], signal?: AbortSignal) => Promise<ArrayLike<number>[]>;

export type NoteIndexLog = (level: 'info' | 'warn', message: string) => void;

export interface NoteIndexOptions {
  /** The workspace folder (absolute). */
  folder: string;
  /** Local Focus home; default localFocusHome() ($LOCAL_FOCUS_HOME, else ~/.local-focus). */
  home?: string;
  /** Overrides <home>/indexes/<hash of folder>. */
  indexDir?: string;
  /** Names the embedding model, e.g. 'all-MiniLM-L6-v2/q8'. Changing it rebuilds. Absent: keyword only. */
  modelId?: string | null;
  /** Required together with modelId. */
  embed?: EmbedFunction;
  /** The embedding model's token count, for chunk sizes; default an approximation. */
  countTokens?: (text: string) => number;
  chunk?: { minTokens?: number; maxTokens?: number };
  bm25?: Bm25Options;
  /** Chunks per embed call (default 32): also how often a pause is noticed and progress reported. */
  embedBatchSize?: number;
  /** Longest time between saves during one update (default 30 000 ms); saves also happen at the end and on pause. */
  checkpointMs?: number;
  /** Most chunks cut, and most embedded, between saves during one update (default 20 000): what a build holds in memory until it saves (texts, vectors). */
  checkpointChunks?: number;
  /** Larger files are not indexed (default 4 MiB): a note that big is a log or an export, and would stall chunking. */
  maxFileBytes?: number;
  log?: NoteIndexLog;
}

export interface NoteUpdateOptions {
  /** Aborting pauses: work done so far is saved, the promise rejects with code 'cancelled'. */
  signal?: AbortSignal;
  onProgress?: (progress: NoteIndexProgress) => void;
  /**
   * 'all' (default): `files` is every note of the folder; indexed files not in it are dropped.
   * 'listed': only the listed files are looked at (file events); a listed file gone from disk is dropped.
   */
  scope?: 'all' | 'listed';
}

export interface NoteSearchOptions {
  /** Results to return (default 10), at most one per section. */
  k?: number;
  /** Default 'hybrid'; falls back to 'keyword' (with a reason) when no vectors can be used. */
  tier?: NoteSearchTier;
  /** Leaves out one file (relative path), e.g. the note "Find Related Notes" started from. */
  excludeFile?: string;
  /**
   * Find Related Notes' note (absolute, or relative to the folder): the notes it links to and
   * those linking to it are ranked with the query's hits (see noteSearch.ts).
   */
  relatedTo?: string;
  signal?: AbortSignal;
  /** Snippet length in characters (default 200). */
  snippetChars?: number;
}
