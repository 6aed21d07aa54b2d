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
});
