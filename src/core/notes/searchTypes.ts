// What notes search returns and reports, shared by the worker, the CLI and the extension.

import type { Snippet } from './snippet';

/** hybrid: dense + BM25 fused; dense: embeddings only; keyword: BM25 only (the degraded tier). */
export type NoteSearchTier = 'hybrid' | 'dense' | 'keyword';

export interface NoteSearchResult {
  chunkId: string;
  /** Relative to the workspace folder, '/' separated. */
  file: string;
  /** 0-based, inclusive; open the note at startLine. */
  startLine: number;
  endLine: number;
  headingPath: string[];
  title: string;
  /** Fused RRF score (hybrid), cosine similarity (dense) or BM25 score (keyword): compare within one response only. */
  score: number;
  snippet: Snippet;
}

export interface NoteSearchResponse {
  results: NoteSearchResult[];
  /** The tier that produced the results. */
  tier: NoteSearchTier;
  /** Why the requested tier was not used, e.g. no embedding model loaded. */
  fallbackReason?: string;
  ms: number;
}

export interface NoteIndexProgress {
  /** 'waiting': another process (the editor, or the CLI) is updating the same index; `holderPid` is it. */
  phase: 'waiting' | 'scanning' | 'embedding' | 'saving';
  /** Files scanned, or chunks embedded, so far in this phase. */
  done: number;
  total: number;
  /** Remaining time estimated from the rate so far (embedding phase only). */
  etaMs?: number;
  holderPid?: number;
  /** Set while the index is rebuilt aside (another embedding model, other chunking rules): why. */
  rebuilding?: string;
}

export interface NoteUpdateResult {
  filesAdded: number;
  filesChanged: number;
  filesDeleted: number;
  filesUnchanged: number;
  chunksAdded: number;
  chunksRemoved: number;
  chunksEmbedded: number;
  ms: number;
  /** Notes in scope left out of the index, each with why (over the size limit, binary); the first 20. */
  skipped?: SkippedNote[];
  /** How many were left out in all (more than `skipped` holds when over 20). */
  filesSkipped?: number;
}

export interface SkippedNote {
  file: string;
  reason: string;
}

export interface NoteIndexStats {
  folder: string;
  indexDir: string;
  files: number;
  chunks: number;
  vectors: number;
  bytesOnDisk: number;
  /** The embedding source that made the vectors ('local:<model>', 'server:<url>#<model>'; a bare model name in older indexes). */
  modelId: string | null;
  /** The length of the vectors, once some were made. */
  dimension?: number;
  /** Why the index was rebuilt when it was last opened, if it was. */
  rebuildReason?: string;
  /** Why the index waits for a rebuild aside: its vectors are not searched until the rebuild replaces it. */
  pendingRebuild?: string;
}
