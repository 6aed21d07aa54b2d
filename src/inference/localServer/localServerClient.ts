// The one interface the tier logic uses for a model server of either kind, and the options a
// client is made with. Every failure is a LocalFocusError: 'cancelled' for the caller's abort,
// otherwise 'local-server' with data.reason saying what went wrong (see core/localServerProtocol).
import type { LocalServerKind, LocalServerModel } from '../../core/localServerProtocol';
import type { JsonSchema } from '../../core/protocol';

export interface LocalChatJsonRequest {
  system?: string;
  prompt: string;
  /** The answer is constrained to this schema by the server and checked against it here. */
  schema: JsonSchema;
  maxTokens?: number;
  signal: AbortSignal;
  /** Called with each piece of the answer's text as it streams in. */
  onToken?: (text: string) => void;
  /**
   * Ask the server to unload the model once it has answered, where the server lets a request say
   * so (Ollama's keep_alive: 0): a bench must not leave one model in memory while the next loads.
   */
  unloadAfter?: boolean;
}

export interface LocalChatJsonAnswer {
  /** The parsed answer; it matched the schema. */
  value: unknown;
  text: string;
  /** Tokens generated: the server's count where it reports one, else the streamed pieces. */
  tokens: number;
  /** Prompt tokens, where the server reports them. */
  promptTokens?: number;
  /** The server's own timings of this answer, where it reports them (Ollama). */
  timings?: ServerTimings;
}

/** What a server measured itself, ms: its clock is better than ours, which includes the network. */
export interface ServerTimings {
  loadMs?: number;
  promptTokens?: number;
  promptMs?: number;
  evalTokens?: number;
  evalMs?: number;
}

export interface LocalServerClient {
  readonly kind: LocalServerKind;
  /** Base URL, e.g. "http://127.0.0.1:11434". */
  readonly url: string;
  chatJson(request: LocalChatJsonRequest): Promise<LocalChatJsonAnswer>;
  /** One vector per text, in order. */
  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
  models(signal: AbortSignal): Promise<LocalServerModel[]>;
}

export interface LocalServerClientOptions {
  /** Base URL without the API path ("http://127.0.0.1:11434", not ".../v1"). */
  url: string;
  /** For messages, e.g. "Ollama 0.5.7"; default the kind's name. */
  name?: string;
  /** The model chatJson uses. */
  chatModel?: string;
  /** The model embed uses. */
  embeddingModel?: string;
  fetchImpl?: typeof fetch;
  /** Until the first byte of a chat answer; the server may load the model first. Default 120 s. */
  firstByteTimeoutMs?: number;
  /** No byte for this long in the middle of a chat answer gives it up. Default 30 s. */
  stallTimeoutMs?: number;
  /** Whole non-streamed calls: model lists, embeddings (which may load a model). Default 120 s. */
  requestTimeoutMs?: number;
}

export interface ResolvedClientOptions extends Required<Omit<LocalServerClientOptions, 'chatModel' | 'embeddingModel'>> {
  chatModel?: string;
  embeddingModel?: string;
  /** "Ollama at http://127.0.0.1:11434", for messages. */
  where: string;
}

export function resolveClientOptions(options: LocalServerClientOptions, defaultName: string): ResolvedClientOptions {
  const url = options.url.replace(/\/+$/, '');
  const name = options.name ?? defaultName;
  return {
    ...options,
    url,
    name,
    where: `${name} at ${url}`,
    fetchImpl: options.fetchImpl ?? fetch,
    firstByteTimeoutMs: options.firstByteTimeoutMs ?? 120_000,
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 120_000,
  };
}
