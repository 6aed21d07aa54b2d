// A client for Ollama's native API: POST /api/chat with the schema as `format` (Ollama constrains
// the output with it), streamed as one JSON object a line until the one with done: true; POST
// /api/embed; GET /api/tags. Errors come as {"error": "…"}, as the body of a non-2xx answer or as
// a line in the middle of a stream.
import type { LocalServerModel } from '../../core/localServerProtocol';
import { parseStreamedJson, ServerClientBase, StreamingAnswer } from './clientBase';
import { localServerError, reasonForServerMessage } from './failures';
import type { LocalChatJsonAnswer, LocalChatJsonRequest, LocalServerClient, LocalServerClientOptions, ServerTimings } from './localServerClient';
import { listOllamaModels } from './modelListing';
import { streamLines } from './serverRequest';
import { structuredAnswer } from './structuredAnswer';

/** One line of a streamed /api/chat answer; the counts, durations (ns) and done_reason come on the last one. */
interface OllamaChatLine {
  message?: { content?: unknown };
  done?: boolean;
  done_reason?: string;
  eval_count?: number;
  eval_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  load_duration?: number;
  error?: unknown;
}

export class OllamaClient extends ServerClientBase implements LocalServerClient {
  readonly kind = 'ollama' as const;

  constructor(options: LocalServerClientOptions) {
    super(options, 'Ollama');
  }

  async chatJson(request: LocalChatJsonRequest): Promise<LocalChatJsonAnswer> {
    const { url, where } = this.options;
    const body = {
      ...this.chatBody(request),
      format: request.schema,
      options: { temperature: 0, ...(request.maxTokens ? { num_predict: request.maxTokens } : {}) },
      ...(request.unloadAfter ? { keep_alive: 0 } : {}),
    };
    const answer = new StreamingAnswer(request.onToken);
    let last: OllamaChatLine | undefined;
    for await (const line of streamLines(`${url}/api/chat`, body, this.call(request.signal), this.streamLimits())) {
      if (line.trim() === '') continue;
      const chunk = parseStreamedJson<OllamaChatLine>(line, where);
      if (typeof chunk.error === 'string') throw localServerError(reasonForServerMessage(chunk.error), where, chunk.error);
      answer.add(chunk.message?.content);
      if (chunk.done === true) {
        last = chunk;
        break;
      }
    }
    if (!last) throw localServerError('stream-died', where, 'the answer ended without its last line');
    const value = structuredAnswer({ text: answer.text, truncated: last.done_reason === 'length' }, request.schema, where);
    return {
      value,
      text: answer.text,
      tokens: last.eval_count ?? answer.pieces,
      ...(typeof last.prompt_eval_count === 'number' ? { promptTokens: last.prompt_eval_count } : {}),
      timings: ollamaTimings(last),
    };
  }

  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    return this.embedAt('/api/embed', texts, signal, (answer) => (answer as { embeddings?: unknown } | null)?.embeddings);
  }

  models(signal: AbortSignal): Promise<LocalServerModel[]> {
    return listOllamaModels(this.options.url, this.call(signal), this.options.requestTimeoutMs);
  }
}

/** Ollama's counts and durations (nanoseconds) as ms; a value that is not a count or duration is left out. */
function ollamaTimings(last: OllamaChatLine): ServerTimings {
  const timings: ServerTimings = {};
  const ms = (ns: unknown) => (typeof ns === 'number' && Number.isFinite(ns) && ns >= 0 ? ns / 1e6 : undefined);
  const count = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined);
  const fields = {
    loadMs: ms(last.load_duration),
    promptTokens: count(last.prompt_eval_count),
    promptMs: ms(last.prompt_eval_duration),
    evalTokens: count(last.eval_count),
    evalMs: ms(last.eval_duration),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) timings[key as keyof ServerTimings] = value;
  return timings;
}
