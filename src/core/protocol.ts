// The types shared by the extension host, the CLI and the inference worker: capabilities, tiers,
// modes, the worker's configuration and status, and the core requests' payloads. Each feature's
// requests live in its *Protocol.ts file, which builds on these; workerRequests.ts joins them.
import type { DetectedLocalServer } from './localServerProtocol';

export type Capability = 'taskParsing' | 'notesSearch' | 'codeReview';
export const CAPABILITIES: readonly Capability[] = ['taskParsing', 'notesSearch', 'codeReview'];
export const CAPABILITY_LABELS: Record<Capability, string> = {
  taskParsing: 'Task parsing',
  notesSearch: 'Notes search',
  codeReview: 'Code review',
};

/**
 * Where a request runs: 'local' is a model loaded in the worker, 'server' a model server the user
 * runs (Ollama, LM Studio, llama-server) that the trust rule counts as local, 'cloud' the
 * configured API, 'degraded' the deterministic rules.
 */
export type Tier = 'cloud' | 'server' | 'local' | 'degraded';
/** Worst first: the status bar shows the worst tier in use. */
export const TIER_ORDER: readonly Tier[] = ['degraded', 'server', 'local', 'cloud'];
export const TIER_LABELS: Record<Tier, string> = { cloud: 'Cloud', server: 'Local server', local: 'Local', degraded: 'Degraded' };

/** The model tiers whose order the user may change (localFocus.tierOrder); the rules always come last. */
export type ModelTier = Exclude<Tier, 'degraded'>;
export const DEFAULT_TIER_ORDER: readonly ModelTier[] = ['local', 'server', 'cloud'];

export type Mode = 'auto' | 'localOnly' | 'cloudPreferred';
export const MODES: readonly Mode[] = ['auto', 'localOnly', 'cloudPreferred'];
export const MODE_LABELS: Record<Mode, string> = {
  auto: 'Auto',
  localOnly: 'Local only',
  cloudPreferred: 'Cloud preferred',
};

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface CloudSettings {
  /** Base URL of an OpenAI-compatible API, e.g. https://openrouter.ai/api/v1 */
  baseUrl: string;
  model: string;
  /** Held in the worker's memory only; never logged, never written to disk. */
  apiKey?: string;
}

/** Model file per role; absent means "the catalog default inside modelsDir". */
export interface ModelPaths {
  taskParsing?: string;
  codeReview?: string;
  embeddings?: string;
}

/** Model servers the user runs (localFocus.localServer.*). */
export interface LocalServerSettings {
  /** Probe Ollama on 127.0.0.1:11434, LM Studio on 1234 and llama-server on 8080. */
  detect: boolean;
  /** Another server to use, e.g. "http://10.0.0.5:11434"; empty for none. */
  url?: string;
  /** Hosts besides loopback whose servers count as Local (machine-scoped setting). */
  allowHosts: string[];
  /** The chat model to use on the server; absent: the first chat model it lists. */
  chatModel?: string;
  /** The embedding model to use on the server; absent: the first embedding model it lists. */
  embeddingModel?: string;
}

export interface WorkerConfig {
  mode: Mode;
  /** Model servers; absent: detection on, no other server. */
  localServer?: LocalServerSettings;
  /** The order of the model tiers (localFocus.tierOrder); absent: DEFAULT_TIER_ORDER. */
  tierOrder?: ModelTier[];
  modelsDir: string;
  models: ModelPaths;
  cloud: CloudSettings;
  /** Minutes a model may sit idle before it is unloaded. */
  idleUnloadMinutes: number;
  /** Threads for llama.cpp and onnxruntime; defaults to the core count. */
  threads?: number;
  /** Proxy for model downloads ("http://user:pass@host:port", VS Code's http.proxy); else HTTPS_PROXY. */
  proxy?: string;
  /** Share of total RAM local models may use (localFocus.memoryBudgetPercent); default 60. */
  memoryBudgetPercent?: number;
  /** The model hub searched for models; absent: the public Hugging Face Hub, no token. */
  hub?: HubSettings;
}

/** localFocus.hub.url (CLI: --hub, LOCAL_FOCUS_HUB_URL) and the Hugging Face token. */
export interface HubSettings {
  /** A mirror or an enterprise hub; empty or absent: https://huggingface.co. */
  url?: string;
  /** HF_TOKEN, for gated models: held in the worker's memory only, sent to the hub's own host only. */
  token?: string;
}

export interface FallbackRecord {
  from: Tier;
  to: Tier;
  reason: string;
  /** ISO time */
  at: string;
}

export interface CapabilityStatus {
  capability: Capability;
  tier: Tier;
  /** On the 'server' tier: which server and model answer. */
  server?: { name: string; url: string; model?: string };
  /** Why this tier and not a better one; absent when the preferred tier is in use. */
  reason?: string;
  lastFallback?: FallbackRecord;
}

export interface LoadedModelInfo {
  path: string;
  kind: 'llm' | 'embeddings';
  loadMs: number;
  lastUsed: string;
  /** Chat models: the layers llama.cpp put on the GPU (0 on the CPU), of the model's totalLayers. */
  gpuLayers?: number;
  totalLayers?: number;
  /** GPU backends: the VRAM the load took, where the driver says. */
  vramBytes?: number;
}

/** The llama.cpp build chat models run on: its CPU build, or the GPU backend it was built for. */
export type LlmBackend = 'cpu' | 'metal' | 'vulkan' | 'cuda';
export const LLM_BACKEND_LABELS: Record<LlmBackend, string> = { cpu: 'CPU', metal: 'Metal', vulkan: 'Vulkan', cuda: 'CUDA' };

export interface LlmBackendStatus {
  /** 'unknown' until llama.cpp first loads in this worker: the status never loads it just to ask. */
  backend: LlmBackend | 'unknown';
  /** Why chat models stay off the GPU though a GPU build may be there: a failed GPU load, an earlier crash. */
  fallback?: string;
}

export interface StatusReport {
  mode: Mode;
  capabilities: CapabilityStatus[];
  worst: Tier;
  cloud: { configured: boolean; reachable: 'unknown' | 'yes' | 'no'; nextProbeAt?: string; lastError?: string };
  loadedModels: LoadedModelInfo[];
  llm: LlmBackendStatus;
  /** Model servers found or configured, with their models and whether they count as Local. */
  localServers?: DetectedLocalServer[];
  workerPid: number;
}

/** A JSON schema as node-llama-cpp's grammar and OpenAI's json_schema response format both accept it. */
export type JsonSchema = Record<string, unknown>;

export interface GenerateJsonParams {
  capability: Capability;
  /** Overrides the model chosen for the capability (tests, benchmarks). */
  modelPath?: string;
  system?: string;
  prompt: string;
  schema: JsonSchema;
  maxTokens?: number;
  /** Plain completion instead of a chat template: for base models such as stories260K. */
  completion?: boolean;
  /** Forces a tier, e.g. the CLI's --tier; the orchestrator still refuses cloud in localOnly. */
  tier?: Tier;
}

export interface GenerateJsonResult {
  value: unknown;
  text: string;
  tier: Tier;
  tokens: number;
  ms: number;
}

export interface EmbedParams {
  texts: string[];
  /** Folder of the ONNX model (config.json, tokenizer.json, onnx/). Defaults to the embeddings model. */
  modelDir?: string;
  /** ONNX file variant: 'q8' reads onnx/model_quantized.onnx, 'fp32' onnx/model.onnx. */
  dtype?: 'q8' | 'fp32';
}

export interface EmbedResult {
  vectors: number[][];
  dim: number;
  ms: number;
}

export interface ProgressParams {
  /** The id of the request the progress belongs to. */
  requestId: string;
  message?: string;
  done?: number;
  total?: number;
  /** Part of the result sent ahead of it (e.g. one chunk's review findings); its feature's protocol gives the type. */
  partial?: unknown;
}

export interface LogParams {
  level: LogLevel;
  message: string;
}

export function worstTier(tiers: Iterable<Tier>): Tier {
  let worst: Tier = 'cloud';
  for (const t of tiers) if (TIER_ORDER.indexOf(t) < TIER_ORDER.indexOf(worst)) worst = t;
  return worst;
}
