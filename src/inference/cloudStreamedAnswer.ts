// A chat answer an OpenAI-compatible cloud API streams (`stream: true`) as server-sent events:
// each `data:` event carries a piece of the message (`choices[0].delta.content`), `data: [DONE]`
// ends the answer, and the token count comes on the last event (stream_options.include_usage).
// Each piece goes to onToken as it arrives. An answer that ends without [DONE] or a finish reason
// was cut off, and is an error rather than a short answer.
import { LocalFocusError } from '../core/errors';
import { StreamingAnswer } from './localServer/clientBase';
import { readLines } from './localServer/lineReader';
import type { ChatCompletionChunk } from './localServer/openAiCompatibleClient';
import { sseEvents } from './localServer/sseEvents';
import type { StallWatch } from './localServer/stallWatch';

export interface StreamedAnswer {
  text: string;
  /** The API's count when it sent usage, else the pieces received. */
  tokens: number;
}

/** Reads the stream to its end; `watch` aborts the request when no byte comes for `stallMs`. */
export async function readStreamedAnswer(body: ReadableStream<Uint8Array>, watch: StallWatch, stallMs: number, onToken: (text: string) => void): Promise<StreamedAnswer> {
  const answer = new StreamingAnswer(onToken);
  let usageTokens: number | undefined;
  let finished = false;
  for await (const event of sseEvents(readLines(body, watch, { stallMs }))) {
    if (event.data === '[DONE]') {
      finished = true;
      break;
    }
    const chunk = parseChunk(event.data);
    if (event.event === 'error' || chunk.error !== undefined) throw new LocalFocusError('offline', 'the cloud API reported an error while answering');
    const choice = chunk.choices?.[0];
    answer.add(choice?.delta?.content);
    if (choice?.finish_reason) finished = true;
    if (typeof chunk.usage?.completion_tokens === 'number') usageTokens = chunk.usage.completion_tokens;
  }
  if (!finished) throw new LocalFocusError('offline', 'the cloud API\'s answer stopped before its end');
  return { text: answer.text, tokens: usageTokens ?? answer.pieces };
}

function parseChunk(data: string): ChatCompletionChunk {
  try {
    return JSON.parse(data) as ChatCompletionChunk;
  } catch {
    // Not the SyntaxError's message: it quotes the server's text.
    throw new LocalFocusError('internal', 'The cloud API streamed a part that is not JSON.');
  }
}
