// A client for OpenAI-compatible servers on this machine (LM Studio, llama.cpp's llama-server,
// others): POST /v1/chat/completions with the schema as a strict json_schema response_format,
// streamed as server-sent events (`data: {"choices":[{"delta":{"content":"…"}}]}` … `data: [DONE]`);
// POST /v1/embeddings; GET /v1/models. No API key is sent: these servers run without one.
import type { LocalServerModel } from '../../core/localServerProtocol';
import { parseStreamedJson, ServerClientBase, StreamingAnswer } from './clientBase';
import { localServerError, reasonForServerMessage, serverErrorText } from './failures';
import type { LocalChatJsonAnswer, LocalChatJsonRequest, LocalServerClient, LocalServerClientOptions } from './localServerClient';
import { listOpenAiModels } from './modelListing';
import { streamLines } from './serverRequest';
import { sseEvents } from './sseEvents';
import { structuredAnswer } from './structuredAnswer';

/** One event of a streamed chat completion; usage comes on its own last event (stream_options.include_usage). */
export interface ChatCompletionChunk {
  choices?: { delta?: { content?: unknown }; finish_reason?: string | null }[];
  usage?: { completion_tokens?: number; prompt_tokens?: number };
  error?: unknown;
}

/** The vectors of a /v1/embeddings answer in input order: entries carry their input's index, and servers need not answer in order. */
function vectorsInOrder(answer: unknown): unknown {
  const data = (answer as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const entries = data as ({ index?: number; embedding?: unknown } | null)[];
  return [...entries].sort((a, b) => (a?.index ?? 0) - (b?.index ?? 0)).map((entry) => entry?.embedding);
}

export class OpenAiCompatibleClient extends ServerClientBase implements LocalServerClient {
  readonly kind = 'openai-compatible' as const;

  constructor(options: LocalServerClientOptions) {
    super(options, 'the OpenAI-compatible server');
  }

  async chatJson(request: LocalChatJsonRequest): Promise<LocalChatJsonAnswer> {
    const { url, where } = this.options;
    const body = {
      ...this.chatBody(request),
      stream_options: { include_usage: true },
      temperature: 0,
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      response_format: { type: 'json_schema', json_schema: { name: 'result', schema: request.schema, strict: true } },
    };
    const answer = new StreamingAnswer(request.onToken);
    let finishReason: string | undefined;
    let usage: ChatCompletionChunk['usage'];
    let sawDone = false;
    for await (const event of sseEvents(streamLines(`${url}/v1/chat/completions`, body, this.call(request.signal), this.streamLimits()))) {
      if (event.data === '[DONE]') {
        sawDone = true;
        break;
      }
      const chunk = parseStreamedJson<ChatCompletionChunk>(event.data, where);
      if (event.event === 'error' || chunk.error !== undefined) {
        const message = serverErrorText(event.data);
        throw localServerError(reasonForServerMessage(message), where, message);
      }
      const choice = chunk.choices?.[0];
      answer.add(choice?.delta?.content);
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    // [DONE] ends a complete answer; a finish_reason without it is accepted from lax servers.
    if (!sawDone && !finishReason) throw localServerError('stream-died', where, 'the answer ended without [DONE]');
    const value = structuredAnswer({ text: answer.text, truncated: finishReason === 'length' }, request.schema, where);
    return {
      value,
      text: answer.text,
      tokens: usage?.completion_tokens ?? answer.pieces,
      ...(typeof usage?.prompt_tokens === 'number' ? { promptTokens: usage.prompt_tokens } : {}),
    };
  }

  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    return this.embedAt('/v1/embeddings', texts, signal, vectorsInOrder);
  }

  models(signal: AbortSignal): Promise<LocalServerModel[]> {
    return listOpenAiModels(this.options.url, this.call(signal), this.options.requestTimeoutMs);
  }
}
