// A client for any OpenAI-compatible chat completions endpoint. Reachability is learned only from
// this endpoint (its answers and a cheap GET /models), never by pinging third parties. An answer
// comes whole, bounded by the timeout, or streamed when the request wants its pieces
// (cloudStreamedAnswer.ts), bounded instead by the timeout between two pieces: a long answer that
// keeps coming is not cut off.
import { LocalFocusError } from '../core/errors';
import { CloudSettings, JsonSchema } from '../core/protocol';
import { readStreamedAnswer } from './cloudStreamedAnswer';
import { StallWatch } from './localServer/stallWatch';

export interface ChatJsonRequest {
  system?: string;
  prompt: string;
  schema: JsonSchema;
  maxTokens?: number;
  signal: AbortSignal;
  /** Streams the answer: each piece of its text as it arrives. */
  onToken?: (text: string) => void;
}

export interface ChatJsonResponse {
  value: unknown;
  text: string;
  tokens: number;
}

export class CloudClient {
  constructor(
    private readonly settings: CloudSettings,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 60_000,
  ) {}

  get configured(): boolean {
    return Boolean(this.settings.apiKey && this.settings.baseUrl);
  }

  async chatJson(req: ChatJsonRequest): Promise<ChatJsonResponse> {
    const messages = [
      ...(req.system ? [{ role: 'system', content: req.system }] : []),
      { role: 'user', content: req.prompt },
    ];
    const body = {
      model: this.settings.model,
      messages,
      temperature: 0,
      ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
      response_format: { type: 'json_schema', json_schema: { name: 'result', strict: true, schema: req.schema } },
      ...(req.onToken ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
    const init = { method: 'POST', body: JSON.stringify(body) };
    const answer = req.onToken ? await this.streamedChat(init, req.signal, req.onToken) : await this.wholeChat(await this.call('/chat/completions', init, req.signal));
    let value: unknown;
    try {
      value = JSON.parse(answer.text);
    } catch {
      throw new LocalFocusError('internal', 'The cloud API answered with text that is not JSON.');
    }
    return { value, ...answer };
  }

  private async wholeChat(res: Response): Promise<{ text: string; tokens: number }> {
    let json: { choices?: { message?: { content?: string } }[]; usage?: { completion_tokens?: number } };
    try {
      json = (await res.json()) as typeof json;
    } catch {
      // Not res.json()'s own SyntaxError: its message quotes the start of the body, which is the
      // server's text (and may echo the API key) and would go to the log and the user.
      throw new LocalFocusError('internal', 'The cloud API answered with a body that is not JSON.');
    }
    const text = json.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new LocalFocusError('internal', 'The cloud API answered without a message.');
    return { text, tokens: json.usage?.completion_tokens ?? 0 };
  }

  private async streamedChat(init: RequestInit, signal: AbortSignal, onToken: (text: string) => void): Promise<{ text: string; tokens: number }> {
    const watch = new StallWatch(signal);
    try {
      const res = await this.call('/chat/completions', init, signal, watch);
      if (!res.body) throw new LocalFocusError('offline', 'the cloud API answered without a body');
      return await readStreamedAnswer(res.body, watch, this.timeoutMs, onToken);
    } catch (err) {
      if (signal.aborted) throw new LocalFocusError('cancelled');
      if (watch.stalledAfterMs !== undefined) throw new LocalFocusError('timeout', `The cloud API sent nothing for ${this.timeoutMs / 1000} s.`);
      if (err instanceof LocalFocusError) throw err;
      throw new LocalFocusError('offline', 'the cloud API\'s answer broke off');
    } finally {
      watch.stop();
    }
  }

  /** The cheapest authenticated call an OpenAI-compatible API offers. */
  async probe(signal: AbortSignal): Promise<void> {
    await this.call('/models', { method: 'GET' }, signal);
  }

  /** `text` with every copy of the API key replaced, for error messages built from server answers. */
  private redact(text: string): string {
    const key = this.settings.apiKey;
    return key && key.length >= 4 ? text.split(key).join('[API key]') : text;
  }

  /** A call bounded by the timeout, or, for a stream, by the watch, which the caller arms again between pieces. */
  private async call(path: string, init: RequestInit, signal: AbortSignal, stream?: StallWatch): Promise<Response> {
    if (!this.configured) throw new LocalFocusError('offline', 'No cloud API key is set.');
    const url = this.settings.baseUrl.replace(/\/+$/, '') + path;
    const timeout = stream ? undefined : AbortSignal.timeout(this.timeoutMs);
    stream?.arm(this.timeoutMs);
    const combined = stream ? stream.signal : AbortSignal.any([signal, timeout!]);
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        ...init,
        signal: combined,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.settings.apiKey}`,
          'x-title': 'Local Focus',
        },
      });
    } catch (err) {
      if (signal.aborted) throw new LocalFocusError('cancelled');
      if (timeout?.aborted || stream?.stalledAfterMs !== undefined) throw new LocalFocusError('timeout', `The cloud API did not answer within ${this.timeoutMs / 1000} s.`);
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new LocalFocusError('offline', `cannot reach ${new URL(url).host}${cause ? ` (${cause})` : ''}`);
    }
    if (res.status === 401 || res.status === 403) {
      throw new LocalFocusError('offline', `the cloud API rejected the API key (HTTP ${res.status}); set a new key`);
    }
    if (!res.ok) {
      // The body goes into the error (log, status, the user's message): some gateways quote the
      // request's Authorization header in it, so the key is cut out before the text is shortened.
      const detail = this.redact(await res.text().catch(() => '')).slice(0, 200);
      throw new LocalFocusError('offline', `the cloud API answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
    }
    return res;
  }
}
