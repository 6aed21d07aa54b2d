// Splits a streamed response body into lines as the bytes arrive: Ollama streams one JSON object
// a line (NDJSON), OpenAI-compatible servers stream server-sent events, which are lines too.
import type { StallWatch } from './stallWatch';

export interface LineReadLimits {
  /** No byte for this long between reads aborts the read (the watch then reports a stall). */
  stallMs: number;
  /** The limit for the first read, which may wait for the model to load; default stallMs. */
  firstReadMs?: number;
}

/**
 * Yields each line without its line break (\n or \r\n). A last line without a break is yielded
 * at the end of a body that ended normally. The watch runs only while waiting for bytes, not
 * while the consumer handles a line; stopping early (break, throw) cancels the body.
 */
export async function* readLines(body: ReadableStream<Uint8Array>, watch: StallWatch, limits: LineReadLimits): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let limit = limits.firstReadMs ?? limits.stallMs;
  try {
    for (;;) {
      watch.arm(limit);
      const { done, value } = await reader.read();
      watch.stop();
      limit = limits.stallMs;
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
    pending += decoder.decode();
    if (pending) yield pending;
  } finally {
    watch.stop();
    // Frees the connection when the consumer stopped before the end; harmless after it.
    reader.cancel().catch(() => undefined);
  }
}
