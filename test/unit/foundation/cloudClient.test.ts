import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { CloudClient } from '../../../src/inference/cloudClient';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const f = (async (url: string | URL, init?: RequestInit) => {
    const call = { url: String(url), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { f, calls };
}

const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };

describe('cloud client', function () {
  it('makes no call at all without a key', async function () {
    const { f, calls } = fakeFetch(() => new Response('{}'));
    const c = new CloudClient({ baseUrl: 'https://api.example/v1', model: 'm' }, f);
    assert.equal(c.configured, false);
    await assert.rejects(c.chatJson({ prompt: 'x', schema, signal: new AbortController().signal }), (e: LocalFocusError) => e.code === 'offline');
    await assert.rejects(c.probe(new AbortController().signal));
    assert.equal(calls.length, 0);
  });

  it('sends an OpenAI-compatible json_schema request and parses the answer', async function () {
    const { f, calls } = fakeFetch(() => Response.json({ choices: [{ message: { content: '{"a":"b"}' } }], usage: { completion_tokens: 3 } }));
    const c = new CloudClient({ baseUrl: 'https://api.example/v1/', model: 'm', apiKey: 'sk-abcdefgh' }, f);
    const r = await c.chatJson({ system: 'sys', prompt: 'hi', schema, signal: new AbortController().signal });
    assert.deepEqual(r, { value: { a: 'b' }, text: '{"a":"b"}', tokens: 3 });
    assert.equal(calls[0]!.url, 'https://api.example/v1/chat/completions');
    const body = JSON.parse(calls[0]!.init.body as string);
    assert.equal(body.model, 'm');
    assert.deepEqual(body.messages.map((m: { role: string }) => m.role), ['system', 'user']);
    assert.deepEqual(body.response_format.json_schema.schema, schema);
    assert.equal((calls[0]!.init.headers as Record<string, string>).authorization, 'Bearer sk-abcdefgh');
  });

  it('turns a rejected key, a server error and a network failure into clear offline errors without the key', async function () {
    for (const [respond, pattern] of [
      [() => new Response('no', { status: 401 }), /rejected the API key \(HTTP 401\)/],
      [() => new Response('overloaded', { status: 503 }), /HTTP 503: overloaded/],
      [() => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } })), /cannot reach api\.example \(ENOTFOUND\)/],
    ] as const) {
      const { f } = fakeFetch(respond as () => Response);
      const c = new CloudClient({ baseUrl: 'https://api.example/v1', model: 'm', apiKey: 'sk-secret-key' }, f);
      await assert.rejects(c.chatJson({ prompt: 'x', schema, signal: new AbortController().signal }), (e: LocalFocusError) => {
        assert.equal(e.code, 'offline');
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes('sk-secret-key'));
        return true;
      });
    }
  });

  it('reports cancellation as cancelled and a slow server as timeout', async function () {
    const hang = fakeFetch((call) => new Promise((_, reject) => call.init.signal!.addEventListener('abort', () => reject(new Error('aborted')))));
    const controller = new AbortController();
    const c = new CloudClient({ baseUrl: 'https://api.example/v1', model: 'm', apiKey: 'sk-abcdefgh' }, hang.f, 5_000);
    const p = c.chatJson({ prompt: 'x', schema, signal: controller.signal });
    controller.abort();
    await assert.rejects(p, (e: LocalFocusError) => e.code === 'cancelled');
    const slow = new CloudClient({ baseUrl: 'https://api.example/v1', model: 'm', apiKey: 'sk-abcdefgh' }, hang.f, 50);
    await assert.rejects(slow.chatJson({ prompt: 'x', schema, signal: new AbortController().signal }), (e: LocalFocusError) => e.code === 'timeout');
  });

  describe('streamed answers', function () {
    const sse = (events: string[], end = 'data: [DONE]\n\n') => {
      const encoder = new TextEncoder();
      const chunks = [...events.map((e) => `data: ${e}\n\n`), end].filter(Boolean);
      return new ReadableStream<Uint8Array>({
        pull(c) {
          const next = chunks.shift();
          if (next === undefined) c.close();
          // Split mid-event, as a network does.
          else for (const part of [next.slice(0, 7), next.slice(7)]) c.enqueue(encoder.encode(part));
        },
      });
    };
    const delta = (content: string) => JSON.stringify({ choices: [{ delta: { content }, finish_reason: null }] });
    const client = (f: typeof fetch, timeoutMs = 5_000) => new CloudClient({ baseUrl: 'https://api.example/v1', model: 'm', apiKey: 'sk-abcdefgh' }, f, timeoutMs);

    it('asks for a stream, passes on each piece as it arrives and parses the whole', async function () {
      const { f, calls } = fakeFetch(() => new Response(sse([delta('{"a":'), delta('"b"}'), JSON.stringify({ choices: [], usage: { completion_tokens: 4 } })])));
      const pieces: string[] = [];
      const r = await client(f).chatJson({ prompt: 'hi', schema, signal: new AbortController().signal, onToken: (t) => pieces.push(t) });
      assert.deepEqual(pieces, ['{"a":', '"b"}']);
      assert.deepEqual(r, { value: { a: 'b' }, text: '{"a":"b"}', tokens: 4 });
      const body = JSON.parse(calls[0]!.init.body as string);
      assert.deepEqual([body.stream, body.stream_options], [true, { include_usage: true }]);
    });

    it('refuses a stream cut off before its end, and an error event, as offline', async function () {
      const cut = fakeFetch(() => new Response(sse([delta('{"a":')], '')));
      await assert.rejects(client(cut.f).chatJson({ prompt: 'x', schema, signal: new AbortController().signal, onToken: () => undefined }), (e: LocalFocusError) => e.code === 'offline' && /stopped before its end/.test(e.message));
      const failed = fakeFetch(() => new Response(sse([JSON.stringify({ error: { message: 'overloaded' } })])));
      await assert.rejects(client(failed.f).chatJson({ prompt: 'x', schema, signal: new AbortController().signal, onToken: () => undefined }), (e: LocalFocusError) => e.code === 'offline');
    });

    it('times out on a stream that stops sending, not on one that keeps coming', async function () {
      this.timeout(20_000);
      const encoder = new TextEncoder();
      const stalled = fakeFetch((call) => new Response(new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(encoder.encode(`data: ${delta('{"a":')}\n\n`));
          call.init.signal!.addEventListener('abort', () => c.error(new Error('aborted')));
        },
      })));
      await assert.rejects(client(stalled.f, 100).chatJson({ prompt: 'x', schema, signal: new AbortController().signal, onToken: () => undefined }), (e: LocalFocusError) => e.code === 'timeout');
      // Pieces 100 ms apart for 2 s in all: longer than a 1.5 s limit, never silent that long
      // (a limit this far above the gap keeps a loaded machine's late timers from failing it).
      const steady = fakeFetch(() => {
        const pieces = [delta('{"a":"'), ...Array.from({ length: 18 }, () => delta('x')), delta('"}'), '[DONE]'];
        return new Response(new ReadableStream<Uint8Array>({
          async pull(c) {
            await new Promise((r) => setTimeout(r, 100));
            const next = pieces.shift();
            if (next === undefined) c.close();
            else c.enqueue(encoder.encode(`data: ${next}\n\n`));
          },
        }));
      });
      const r = await client(steady.f, 1_500).chatJson({ prompt: 'x', schema, signal: new AbortController().signal, onToken: () => undefined });
      assert.deepEqual(r.value, { a: 'x'.repeat(18) });
    });

    it('reports a cancel during the stream as cancelled', async function () {
      const controller = new AbortController();
      const hanging = fakeFetch((call) => new Response(new ReadableStream<Uint8Array>({
        start(c) {
          call.init.signal!.addEventListener('abort', () => c.error(new Error('aborted')));
        },
      })));
      const p = client(hanging.f).chatJson({ prompt: 'x', schema, signal: controller.signal, onToken: () => undefined });
      setTimeout(() => controller.abort(), 20);
      await assert.rejects(p, (e: LocalFocusError) => e.code === 'cancelled');
    });
  });
});

