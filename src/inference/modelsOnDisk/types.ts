// What the finder of models already on the disk reports: GGUF models that Ollama or LM Studio
// downloaded, used where they lie (never copied), and the messages about files it left out.

export type DiskModelSource = 'ollama' | 'lm-studio';

export interface OllamaModelOnDisk {
  source: 'ollama';
  /** As `ollama list` shows it: `llama3.2:3b`, `someone/model:latest`, `hf.co/owner/repo:Q4_K_M`. */
  name: string;
  /** The blob of the manifest's model layer: the GGUF file, named by its digest. */
  path: string;
  sizeBytes: number;
  /** `sha256:<64 hex>`, the blob's content address. */
  digest: string;
  /** The manifest has a vision projector layer (the model reads images with it). */
  hasProjector: boolean;
  /** The projector layer's blob, when it is on disk. */
  projectorPath?: string;
  /** The manifest the model was read from (`manifests/<host>/<namespace>/<model>/<tag>`). */
  manifestPath: string;
}

export interface LmStudioModelOnDisk {
  source: 'lm-studio';
  /** The path below the models folder, "/" separated: `<publisher>/<repo>/<file>.gguf`. */
  name: string;
  /** The file llama.cpp opens: the first part of a model split into several files. */
  path: string;
  /** Every part, in order; one entry for a model in a single file. */
  parts: string[];
  /** All parts together. */
  sizeBytes: number;
  /** A vision projector (`mmproj-*.gguf`) in the same folder, when there is exactly one. */
  projectorPath?: string;
  /** The models folder it was found in. */
  folder: string;
}

export type ModelOnDisk = OllamaModelOnDisk | LmStudioModelOnDisk;

/** One sentence about one file or folder, for the Model Manager's list. */
export interface DiskScanMessage {
  source: DiskModelSource;
  path: string;
  message: string;
}

export interface DiskScan<M extends ModelOnDisk = ModelOnDisk> {
  models: M[];
  /** Something is wrong in a store another program owns: the user can fix it there. */
  warnings: DiskScanMessage[];
  /** Files left out on purpose (projectors, manifests without a GGUF model): nothing to fix. */
  notes: DiskScanMessage[];
}

export function emptyScan<M extends ModelOnDisk>(): DiskScan<M> {
  return { models: [], warnings: [], notes: [] };
}
