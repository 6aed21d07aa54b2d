// What both server clients share: their options, the call context, the model, messages and
// streaming of a chat request, the answer text as it streams in, and the embedding call, whose
// request is the same for both APIs ({model, input}) while the vectors sit in different places.
import { localServerError } from './failures';
import {
  resolveClientOptions,
  type LocalChatJsonRequest,
  type LocalServerClientOptions,
  type ResolvedClientOptions,
} from './localServerClient';
import { fetchJson, type ServerCall, type StreamLimits } from './serverRequest';

function chatMessages(request: LocalChatJsonRequest): { role: 'system' | 'user'; content: string }[] {
  return [...(request.system ? [{ role: 'system' as const, content: request.system }] : []), { role: 'user' as const, content: request.prompt }];
}

/** One line or event of a streamed answer, which must be JSON. */
export function parseStreamedJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw localServerError('server-error', where, 'a part of the streamed answer is not JSON');
  }
}

/** The answer's text as its pieces stream in, passed on to the request's onToken. */
export class StreamingAnswer {
  text = '';
  pieces = 0;
  constructor(private readonly onToken?: (text: string) => void) {}

  add(piece: unknown): void {
    if (typeof piece !== 'string' || piece === '') return;
    this.text += piece;
    this.pieces++;
    this.onToken?.(piece);
  }
}

/** The model for a call; without one the call cannot be made, which the tier logic treats like a missing model. */
function requireModel(model: string | undefined, purpose: 'chat' | 'embedding', where: string): string {
  if (!model) throw localServerError('model-not-found', where, `no ${purpose} model is chosen`);
  return model;
}

/** The vectors, when there is one array of finite numbers per text; otherwise the server broke the API. */
function checkVectors(vectors: unknown, count: number, where: string): number[][] {
  const valid =
    Array.isArray(vectors) &&
    vectors.length === count &&
    vectors.every((v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)));
  if (!valid) throw localServerError('server-error', where, `the embedding answer does not hold ${count} vectors`);
  return vectors as number[][];
}

export abstract class ServerClientBase {
  protected readonly options: ResolvedClientOptions;

  constructor(options: LocalServerClientOptions, defaultName: string) {
    this.options = resolveClientOptions(options, defaultName);
  }

  get url(): string {
    return this.options.url;
  }

  /** What both chat APIs take alike: the model, the messages, and streaming on. */
  protected chatBody(request: LocalChatJsonRequest): { model: string; messages: ReturnType<typeof chatMessages>; stream: true } {
    return { model: requireModel(this.options.chatModel, 'chat', this.options.where), messages: chatMessages(request), stream: true };
  }

  protected call(signal: AbortSignal): ServerCall {
    return { where: this.options.where, signal, fetchImpl: this.options.fetchImpl };
  }

  protected streamLimits(): StreamLimits {
    return { firstByteMs: this.options.firstByteTimeoutMs, stallMs: this.options.stallTimeoutMs };
  }

  /** POSTs {model, input} to `path` and takes the vectors out of the answer with `vectorsOf`. */
  protected async embedAt(path: string, texts: readonly string[], signal: AbortSignal, vectorsOf: (answer: unknown) => unknown): Promise<number[][]> {
    if (texts.length === 0) return [];
    const { url, where } = this.options;
    const model = requireModel(this.options.embeddingModel, 'embedding', where);
    const answer = await fetchJson(`${url}${path}`, { model, input: texts }, this.call(signal), this.options.requestTimeoutMs);
    return checkVectors(vectorsOf(answer), texts.length, where);
  }
}
