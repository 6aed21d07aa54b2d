// HTTP calls to a model server, with every failure turned into a local-server error: JSON
// requests answered at once (model lists, embeddings, probes) and streamed answers read line by line.
import { httpFailure, localServerError, transportFailure } from './failures';
import { readLines } from './lineReader';
import { StallWatch } from './stallWatch';

export interface ServerCall {
  /** For messages: "Ollama at http://127.0.0.1:11434". */
  where: string;
  signal: AbortSignal;
  fetchImpl: typeof fetch;
}

export interface StreamLimits {
  /** Until the answer's first byte: the server may load the model first. */
  firstByteMs: number;
  /** Between two bytes once the answer flows. */
  stallMs: number;
}

function requestInit(body: unknown, signal: AbortSignal): RequestInit {
  return body === undefined
    ? { method: 'GET', signal }
    : { method: 'POST', signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Sends the request and waits for the status line; a non-2xx answer becomes its error. */
async function send(url: string, body: unknown, watch: StallWatch, call: ServerCall): Promise<Response> {
  let res: Response;
  try {
    res = await call.fetchImpl(url, requestInit(body, watch.signal));
  } catch (err) {
    throw transportFailure(err, watch, call.where);
  }
  if (!res.ok) throw await httpFailure(res, call.where);
  return res;
}

/** GET (body undefined) or POST a JSON body; resolves with the parsed JSON answer within timeoutMs. */
export async function fetchJson(url: string, body: unknown, call: ServerCall, timeoutMs: number): Promise<unknown> {
  const watch = new StallWatch(call.signal);
  watch.arm(timeoutMs);
  try {
    const res = await send(url, body, watch, call);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw transportFailure(err, watch, call.where);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw localServerError('server-error', call.where, `the answer to ${new URL(url).pathname} is not JSON`);
    }
  } finally {
    watch.stop();
  }
}

/**
 * POSTs a JSON body and yields the answer's lines as they arrive. A stall, a cancel or a broken
 * connection ends the iteration with its error; errors the consumer throws pass through untouched.
 */
export async function* streamLines(url: string, body: unknown, call: ServerCall, limits: StreamLimits): AsyncGenerator<string> {
  const watch = new StallWatch(call.signal);
  watch.arm(limits.firstByteMs);
  let lines: AsyncGenerator<string> | undefined;
  try {
    const res = await send(url, body, watch, call);
    if (!res.body) throw localServerError('stream-died', call.where, 'the answer has no body');
    lines = readLines(res.body, watch, { firstReadMs: limits.firstByteMs, stallMs: limits.stallMs });
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await lines.next();
      } catch (err) {
        throw transportFailure(err, watch, call.where);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A consumer that stops early leaves the reader open; returning it cancels the body.
    await lines?.return(undefined);
    watch.stop();
  }
}
