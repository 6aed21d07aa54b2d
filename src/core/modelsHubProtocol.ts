// Worker requests of the models feature that reach the Hub: search (GGUF repositories for the chat
// roles, ONNX ones for notes search), the last search kept on disk, and adding a search result to
// the user catalog with its pinned hash. Joined into the request table in workerRequests.ts.
import type { ModelRole, ModelTrust } from './models/catalogTypes';
import type { ModelMemoryView, ModelView } from './modelsProtocol';

/** One model of a repository: a GGUF file (or a split model's parts), or the q8 ONNX model. */
export interface HubFileView {
  /** Its path in the repository (a split model's first part); names it in models/hubAdd. */
  name: string;
  quantization: string;
  /** All its files together. */
  sizeBytes: number;
  /** 1, or a split model's number of parts. */
  parts: number;
  /** Every file it needs has a published sha256; otherwise `unhashed` names the others. */
  verified: boolean;
  unhashed: string[];
  /** The estimate at the context the worker would load it with, against this machine's budget. */
  memory: ModelMemoryView;
  /** The one offered first (Q4_K_M where present). */
  isDefault: boolean;
  /** Why it cannot be added; absent when it can. */
  refused?: string;
  /** The catalog id it has (or would have) once added. */
  modelId: string;
}

export interface HubRepoView {
  repo: string;
  author: string;
  /** From the owner: Official (the model's makers), Verified (a listed quantiser), Community. */
  trust: ModelTrust;
  downloads: number;
  likes: number;
  license: string;
  /** ISO time of the last commit; null when the Hub did not say. */
  lastModified: string | null;
  gated: false | 'auto' | 'manual';
  /** The commit the files are listed at; "main" when the Hub gave none (then not pinned). */
  revision: string;
  files: HubFileView[];
  /** What was left out of its file list, one sentence each. */
  notes: string[];
  /** Why its files could not be listed; the repository is shown without them. */
  error?: string;
}

export interface HubSearchResult {
  query: string;
  role: ModelRole;
  /** The Hub asked (localFocus.hub.url or the public Hub). */
  hubUrl: string;
  /** When the Hub answered (ISO time). */
  fetchedAt: string;
  /** True when this comes from the disk, not from the Hub just now; `staleReason` says why. */
  stale: boolean;
  staleReason?: string;
  repos: HubRepoView[];
  /** Caps reached and items skipped, one sentence each. */
  notes: string[];
}

export interface HubRequests {
  /**
   * Searches the Hub; off in Local only, where the last results of the same search come back
   * stale (or a 'hub' error with reason "local-only" when there are none). An unreachable Hub also
   * falls back to the same search on disk, marked stale with the reason.
   */
  'models/hubSearch': { params: { query: string; role: ModelRole; limit?: number }; result: HubSearchResult };
  /** The last search kept on disk, marked stale; null before the first search. */
  'models/hubLastSearch': { params: Record<string, never>; result: { search: HubSearchResult | null } };
  /**
   * Adds a model of a repository to the user catalog, pinned to the listed commit with the sizes and
   * sha256 the Hub published. `file` must be one of the repository's candidates for `role`; a file
   * with unhashed companions (an ONNX model's configs) needs `unverified`.
   */
  'models/hubAdd': { params: { repo: string; file: string; role: ModelRole; unverified?: boolean }; result: { model: ModelView } };
}
