// The shape of a model catalog entry: shared by the built-in catalog, a user's catalog file,
// "Add Model from URL…", the downloader, the memory budget and the model manager UI.

export type ModelRole = 'task-parsing' | 'review' | 'embeddings';
export const MODEL_ROLES: readonly ModelRole[] = ['task-parsing', 'review', 'embeddings'];
export const MODEL_ROLE_LABELS: Record<ModelRole, string> = {
  'task-parsing': 'Task parsing',
  review: 'Code review',
  embeddings: 'Notes search (embeddings)',
};

/**
 * Who published the bytes: "official" is the model's creator, "verified" a named quantiser or
 * converter we trust (bartowski, TheBloke, Xenova), "community" anyone else, including every
 * model a user adds by URL.
 */
export type ModelTrust = 'official' | 'verified' | 'community';
export const MODEL_TRUSTS: readonly ModelTrust[] = ['official', 'verified', 'community'];

export type ModelFormat = 'gguf' | 'onnx';
export const MODEL_FORMATS: readonly ModelFormat[] = ['gguf', 'onnx'];

export interface CatalogFile {
  /** Path relative to the model's folder, "/" between folders, e.g. "onnx/model_quantized.onnx". */
  name: string;
  /** Hugging Face "resolve" URL, pinned to a commit where the hash was read at that commit. */
  url: string;
  /** Exact size in bytes as published; null when unknown (the download then trusts Content-Length). */
  size: number | null;
  /** Lowercase hex SHA-256 as published; null when unknown, which makes the entry unverified. */
  sha256: string | null;
}

/** What the memory estimate needs before the GGUF header itself can be read (catalog fallback). */
export interface ModelArchitecture {
  layers: number;
  headCount: number;
  kvHeads: number;
  /** Per-head size of keys and values (embedding_length / head_count unless the model says otherwise). */
  headDim: number;
}

export interface CatalogEntry {
  id: string;
  name: string;
  roles: ModelRole[];
  publisher: string;
  trust: ModelTrust;
  files: CatalogFile[];
  quantization: string;
  /** Human-readable parameter count, e.g. "3.2B". */
  parameters: string;
  /** The context the model was trained for, in tokens. */
  contextLength: number;
  license: string;
  format: ModelFormat;
  /** True only when every file has a published SHA-256; the UI says "unverified" otherwise. */
  verified: boolean;
  /**
   * The model's folder relative to the models directory; "" keeps single-file GGUF models directly
   * in the models directory, where src/core/paths.ts looks for the defaults.
   */
  folder: string;
  architecture?: ModelArchitecture;
  /** Where the entry came from; set by the catalog functions, not by catalog files. */
  origin?: 'builtin' | 'user' | 'url' | 'hub';
  /** Set for a model added from a Hub search: its repository and the commit its files are pinned to. */
  hub?: HubSource;
  /** Set for a model used where another program keeps it: its files are read there, never copied, changed or deleted. */
  inPlace?: InPlaceFiles;
}

/** The Hub repository and commit a model's files come from ("owner/name", a commit sha or "main"). */
export interface HubSource {
  repo: string;
  revision: string;
}

/**
 * The files of a model used in place (found in Ollama's store or LM Studio's folder), one absolute
 * path for each of the entry's files, in the same order. Forgetting the model leaves them alone:
 * they belong to the program that downloaded them.
 */
export interface InPlaceFiles {
  source: 'ollama' | 'lm-studio';
  paths: string[];
}

export interface CatalogFileDocument {
  version?: 1;
  models: unknown[];
}
