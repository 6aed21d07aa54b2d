import assert from 'node:assert/strict';
import { readLines } from '../../../src/inference/localServer/lineReader';
import { sseEvents } from '../../../src/inference/localServer/sseEvents';
import { StallWatch } from '../../../src/inference/localServer/stallWatch';

/** A body that delivers the given chunks (strings, as UTF-8 bytes; Uint8Arrays as they are) and ends. */
function body(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? new TextEncoder().encode(c) : c);
      controller.close();
    },
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const limits = { stallMs: 10_000 };

async function* from(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

describe('streamed answers: lines and server-sent events', function () {
  it('splits lines across chunk borders, drops \\r, and keeps a last line without a break', async function () {
    const lines = await collect(readLines(body(['{"a":', '1}\r\n{"b"', ':2}\n\n{"c":3}']), new StallWatch(new AbortController().signal), limits));
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '', '{"c":3}']);
  });

  it('decodes a character split between two chunks', async function () {
    const bytes = new TextEncoder().encode('é\n');
    const lines = await collect(readLines(body([bytes.slice(0, 1), bytes.slice(1)]), new StallWatch(new AbortController().signal), limits));
    assert.deepEqual(lines, ['é']);
  });

  it('aborts a read that gets no byte in time and says it was a stall', async function () {
    const watch = new StallWatch(new AbortController().signal);
    const stalled = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // Never delivers; the watch's abort must end the read.
        await new Promise((resolve) => watch.signal.addEventListener('abort', resolve));
        controller.error(watch.signal.reason);
      },
    });
    await assert.rejects(collect(readLines(stalled, watch, { stallMs: 50 })));
    assert.equal(watch.stalledAfterMs, 50);
    assert.equal(watch.cancelled, false);
  });

  it('groups SSE lines into events: data lines joined, comments and other fields skipped, event names kept', async function () {
    const events = await collect(sseEvents(from([': keep-alive', 'data: {"a":1}', '', 'event: ping', 'data: x', 'data: y', 'id: 3', '', 'data:[DONE]', ''])));
    assert.deepEqual(events, [
      { event: 'message', data: '{"a":1}' },
      { event: 'ping', data: 'x\ny' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it("reads llama-server's error line as an error event, even at the very end, and drops an event the stream cut off", async function () {
    assert.deepEqual(await collect(sseEvents(from(['data: {"a":1}', '', 'error: {"message":"boom"}']))), [
      { event: 'message', data: '{"a":1}' },
      { event: 'error', data: '{"message":"boom"}' },
    ]);
    assert.deepEqual(await collect(sseEvents(from(['data: {"a":1}', '', 'data: {"cut']))), [{ event: 'message', data: '{"a":1}' }]);
  });
});
