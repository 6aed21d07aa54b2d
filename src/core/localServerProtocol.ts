// What the worker learns about model servers the developer already runs (Ollama, LM Studio,
// llama.cpp's llama-server), in shapes the host, the worker and the CLI share.

/** The API a server speaks: Ollama's native one, or OpenAI's (LM Studio, llama-server, others). */
export type LocalServerKind = 'ollama' | 'openai-compatible';

/** What a model is for: embedding models cannot chat, chat models are not used to embed. */
export type LocalServerModelRole = 'chat' | 'embedding';

export interface LocalServerModel {
  /** The name the server takes in requests, e.g. "llama3.2:3b" or "qwen2.5-7b-instruct". */
  name: string;
  role: LocalServerModelRole;
  /** Bytes on disk, where the server says (Ollama). */
  size?: number;
  /** Architecture family, e.g. "llama", "nomic-bert" (Ollama). */
  family?: string;
  /** e.g. "7B" (Ollama). */
  parameterSize?: string;
  /** e.g. "Q4_K_M" (Ollama). */
  quantization?: string;
}

export interface DetectedLocalServer {
  kind: LocalServerKind;
  /** Origin and path prefix without a trailing slash or API suffix, e.g. "http://127.0.0.1:11434". */
  url: string;
  /** For people: "Ollama 0.5.7", "LM Studio", "llama-server". */
  name: string;
  models: LocalServerModel[];
  /** Whether the trust rule lets this server count as Local (loopback, or a host the user allowed). */
  local: boolean;
}

/**
 * Why a call to a local server failed, for the tier logic to act on (carried in
 * LocalFocusError.data.reason with code 'local-server'):
 * - server-down: nothing answers at the URL; try again after a while.
 * - model-not-found: the server runs but lacks the model (Ollama: not pulled).
 * - unsupported: the server cannot do this (embeddings off, a chat-only model asked to embed).
 * - timeout: no answer, or no byte for too long in the middle of one.
 * - bad-output: the model's text is not JSON.
 * - schema-mismatch: the JSON does not have the shape the schema asks for.
 * - context-too-small: the prompt or the answer does not fit the model's context.
 * - stream-died: the connection broke in the middle of the answer.
 * - server-error: any other refusal or an answer that does not follow the API.
 */
export type LocalServerFailureReason =
  | 'server-down'
  | 'model-not-found'
  | 'unsupported'
  | 'timeout'
  | 'bad-output'
  | 'schema-mismatch'
  | 'context-too-small'
  | 'stream-died'
  | 'server-error';
