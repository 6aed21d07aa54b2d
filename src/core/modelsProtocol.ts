// Worker requests of the models feature: method name → { params; result }, shared by host, worker and CLI.
import type { ModelFormat, ModelRole, ModelTrust } from './models/catalogTypes';
import type { MemoryVerdictKind } from './models/memoryBudget';
import type { SpeedFigures, SpeedRecord } from './models/modelSpeed';
import type { ProgressParams } from './protocol';

/**
 * A model's state as the user sees it. "queued" waits behind another download; "paused" has a
 * partial file (paused by the user, or interrupted by a restart); "unverified" is on disk but not
 * hashed yet (Verify makes it ready); "failed" carries a reason.
 */
export type ModelStateKind = 'not-downloaded' | 'queued' | 'downloading' | 'paused' | 'verifying' | 'unverified' | 'ready' | 'loaded' | 'failed';

/** Where the shape behind the memory estimate came from, best first. */
export type MemoryShapeSource = 'gguf-file' | 'gguf-remote' | 'catalog' | 'none';

export interface ModelMemoryView {
  verdict: MemoryVerdictKind;
  totalBytes: number;
  weightsBytes: number;
  kvCacheBytes: number;
  overheadBytes: number;
  /** The context the estimate is for: the one the worker loads the model with. */
  contextSize: number;
  budgetBytes: number;
  remainingBytes: number;
  /** One sentence with the numbers (from judgeMemory). */
  sentence: string;
  shapeSource: MemoryShapeSource;
}

/** Measured from real use in this worker: load time, and speed of the generations that ran. */
export interface ModelRunStats {
  loads: number;
  /** The last load, ms. */
  loadMs?: number;
  /** Growth of the worker's resident memory across the last load, bytes. */
  loadRssBytes?: number;
  /** Growth of resident memory from before the load to after the first generation (pages touched). */
  peakRssBytes?: number;
  generations: number;
  tokens: number;
  /** Generated tokens per second after the first token, over all generations. */
  tokensPerSecond?: number;
  /** Time to first token of the last generation (prompt evaluation included), ms. */
  ttftMs?: number;
}

/** One model's run in a bench (`models/bench`): the same prompt, its figures and its output. */
export interface ModelBenchRun {
  /** The id asked for: a catalog id, or `server:<model>` / `<server url>#<model>`. */
  id: string;
  name: string;
  kind: 'in-process' | 'server';
  /** "CPU", "Vulkan", "Ollama 0.5.7" …: what ran it. */
  backend?: string;
  figures: SpeedFigures;
  /** Tokens generated. */
  tokens: number;
  /** The first line of the model's answer. */
  firstLine: string;
  /** Why this model's run failed; the bench goes on with the next model. */
  error?: string;
}

export interface ModelView {
  id: string;
  name: string;
  roles: ModelRole[];
  publisher: string;
  trust: ModelTrust;
  /** Every file has a published SHA-256; the UI says "unverified" otherwise. */
  verified: boolean;
  /** "in-place": found on this computer (Ollama, LM Studio) and used where it lies; Remove only forgets it. "hub": added from a Hub search. */
  origin: 'builtin' | 'user' | 'url' | 'imported' | 'in-place' | 'hub';
  format: ModelFormat;
  quantization: string;
  parameters: string;
  contextLength: number;
  license: string;
  sizeBytes: number;
  /** False when a file's size is not published. */
  sizeExact: boolean;
  state: ModelStateKind;
  /** Why it failed, or what is wrong with the files on disk. */
  reason?: string;
  /** Bytes downloaded so far (or on disk). */
  bytes: number;
  /** While downloading: bytes per second and seconds left (null when unknown). */
  speed?: number;
  etaSeconds?: number | null;
  memory: ModelMemoryView;
  /** The GGUF file, or the ONNX model's folder. */
  path: string;
  /** Roles the worker currently uses this model for. */
  usedFor: ModelRole[];
  stats?: ModelRunStats;
  /** What was measured on this machine, in any worker or CLI run (model-speed.json). */
  measured?: SpeedRecord;
}

export interface RoleAssignment {
  role: ModelRole;
  label: string;
  /** The file or folder the worker uses for this role. */
  path: string;
  /** The catalog entry at that path, when there is one. */
  modelId?: string;
  present: boolean;
  /** True when a setting names the model; false when it is the catalog default. */
  configured: boolean;
}

export interface GpuInfo {
  /** What node-llama-cpp found: a backend name, or "none" (CPU only). */
  backend: 'cuda' | 'vulkan' | 'metal' | 'none';
  devices: string[];
  vramTotalBytes?: number;
  vramFreeBytes?: number;
  /** Set when the native library could not be asked. */
  error?: string;
}

export interface DeviceInfo {
  totalRamBytes: number;
  freeRamBytes: number;
  budgetPercent: number;
  budgetBytes: number;
  /** Estimated memory of the models loaded now. */
  loadedBytes: number;
  remainingBytes: number;
  cores: number;
  cpuModel: string;
  threads: number;
  platform: string;
  arch: string;
  /** Present only when asked for: finding the GPU loads llama.cpp. */
  gpu?: GpuInfo;
}

export interface ModelListResult {
  models: ModelView[];
  roles: RoleAssignment[];
  modelsDir: string;
  /** The user catalog file (it may not exist yet). */
  catalogFile: string;
  /** Skipped or changed user catalog entries, one sentence each. */
  warnings: string[];
  device: DeviceInfo;
}

/** A download's progress as `worker/progress` carries it (requestId "models/download:<id>"). */
export interface ModelDownloadProgress extends ProgressParams {
  requestId: string;
  modelId: string;
  state: 'queued' | 'downloading' | 'paused' | 'verifying' | 'ready' | 'failed' | 'cancelled';
  bytes: number;
  totalBytes: number | null;
  speed: number;
  etaSeconds: number | null;
  reason?: string;
}

export const MODEL_PROGRESS_PREFIX = 'models/download:';

export function modelProgressRequestId(modelId: string): string {
  return MODEL_PROGRESS_PREFIX + modelId;
}

export function isModelDownloadProgress(p: ProgressParams): p is ModelDownloadProgress {
  const q = p as Partial<ModelDownloadProgress>;
  return typeof p.requestId === 'string' && p.requestId.startsWith(MODEL_PROGRESS_PREFIX) && typeof q.modelId === 'string' && typeof q.state === 'string';
}

export interface ModelVerifyReport {
  id: string;
  state: ModelStateKind;
  problems: string[];
}

/** A GGUF model found in Ollama's store or LM Studio's models folder. */
export interface ModelOnDiskView {
  source: 'ollama' | 'lm-studio';
  /** As that program shows it: `llama3.2:3b`, `<publisher>/<repo>/<file>.gguf`. */
  name: string;
  /** The file llama.cpp opens (the first part of a split model); it names the model in models/useInPlace. */
  path: string;
  sizeBytes: number;
  /**
   * "verified": in use in place, and it passed the whole-file GGUF check; "failed": a use in place
   * was refused (see reason); "unchecked": not used yet.
   */
  check: 'unchecked' | 'verified' | 'failed';
  reason?: string;
  /** The catalog id of the model once it is used in place. */
  modelId?: string;
}

export interface ModelsOnDiskResult {
  models: ModelOnDiskView[];
  /** Something wrong in Ollama's or LM Studio's folders, one sentence each, with what to do. */
  warnings: string[];
  /** Files left out on purpose (vision projectors, cloud models), one sentence each. */
  notes: string[];
  /** The folders searched. */
  folders: string[];
  /** When the folders were read (ISO time); the list is kept until it is refreshed. */
  scannedAt: string;
}

export interface ModelRequests {
  'models/list': { params: Record<string, never>; result: ModelListResult };
  /**
   * Queues a download (files that are not ready yet). Returns at once with the model's state, or
   * with `wait` when the download has ended (ready, or the download's error).
   */
  'models/download': { params: { id: string; wait?: boolean }; result: { model: ModelView } };
  'models/pause': { params: { id: string }; result: { model: ModelView } };
  'models/resume': { params: { id: string }; result: { model: ModelView } };
  /** Stops a download and deletes its partial files. */
  'models/cancel': { params: { id: string }; result: { model: ModelView } };
  /** Continues downloads a previous worker left unfinished (not the ones the user paused). */
  'models/resumeInterrupted': { params: Record<string, never>; result: { resumed: string[] } };
  /** Adds a GGUF file URL to the user catalog (reading its header when the server allows). */
  'models/addUrl': { params: { url: string; role: ModelRole; sha256?: string; name?: string }; result: { model: ModelView; headerRead: boolean } };
  /** Validates, hashes and copies a .gguf file or an ONNX model folder into the models folder. */
  'models/import': { params: { path: string; role: ModelRole; name?: string; overwrite?: boolean }; result: { model: ModelView; matchedCatalog: boolean; sha256: Record<string, string> } };
  /** Hashes the files on disk (one model, or every model with files). */
  'models/verify': { params: { id?: string }; result: { reports: ModelVerifyReport[] } };
  /** Deletes a model's files; a model used in place is only forgotten: its files are listed in `kept`. */
  'models/remove': { params: { id: string }; result: { removed: string[]; kept?: string[] } };
  /** The GGUF models in Ollama's store and LM Studio's folders: read on the first ask and kept until `refresh`. */
  'models/onDisk': { params: { refresh?: boolean }; result: ModelsOnDiskResult };
  /**
   * Uses a model found on disk where it lies, after the whole-file GGUF check an import gets: it
   * becomes a catalog model (origin "in-place") for `role`. Refused (model-corrupt, bad-input) with
   * what to do when the check fails; the file is never copied, changed or deleted.
   */
  'models/useInPlace': { params: { path: string; role: ModelRole; name?: string }; result: { model: ModelView } };
  /** Loads a ready model; refuses one that does not fit the memory budget unless `override`. */
  'models/load': { params: { id: string; override?: boolean }; result: { model: ModelView; loadMs: number } };
  'models/unload': { params: { id: string }; result: { unloaded: number } };
  'models/device': { params: { gpu?: boolean }; result: DeviceInfo };
  /**
   * Runs the role's short bench prompt on each model, one after another (each unloaded before the
   * next loads), measuring and recording its speed. An unknown id fails the whole request before
   * anything runs (not-found); a model that fails to run is a run with `error`.
   */
  'models/bench': { params: { ids: string[]; role?: ModelRole }; result: { prompt: string; runs: ModelBenchRun[] } };
}
