import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalFocusError } from '../../../src/core/errors';
import { detectLocalServers, serverBaseUrl, type DetectOptions } from '../../../src/inference/localServer/detection';
import { closedPortUrl, closeStartedFakes, signal, startFake } from './serverFixtures';

/** Records the URLs a detection asks, answering nothing (every probe fails as if no server were there). */
function recordingFetch() {
  const urls: string[] = [];
  const fetchImpl = (async (url: string | URL) => {
    urls.push(String(url));
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  }) as typeof fetch;
  return { urls, fetchImpl };
}

// Generous: the probes go to real servers on a loaded machine; the default (500 ms) is for loopback at rest.
const base = (over: Partial<DetectOptions>): DetectOptions => ({ autoDetect: true, signal: signal(), probeTimeoutMs: 10_000, ...over });

describe('local server detection', function () {
  this.timeout(30_000);
  afterEach(closeStartedFakes);

  it('finds Ollama, llama-server and LM Studio on their ports, with names and models, and skips empty ports', async function () {
    const ollama = await startFake('ollama');
    const llamaServer = await startFake('openai-compatible', { models: [{ name: 'qwen2.5-3b-instruct-q4_k_m.gguf' }] }, 'llama-server');
    const lmStudio = await startFake('openai-compatible', {}, 'lm-studio');
    const nothing = await closedPortUrl();
    const servers = await detectLocalServers(
      base({ wellKnown: [{ url: ollama.url }, { url: llamaServer.url }, { url: lmStudio.url, nameHint: 'LM Studio' }, { url: nothing, nameHint: 'llama-server' }] }),
    );
    assert.deepEqual(
      servers.map((s) => [s.kind, s.url, s.name, s.local]),
      [
        ['ollama', ollama.url, 'Ollama 0.5.7', true],
        ['openai-compatible', llamaServer.url, 'llama-server', true],
        ['openai-compatible', lmStudio.url, 'LM Studio', true],
      ],
    );
    assert.deepEqual(servers[0]!.models.map((m) => [m.name, m.role]), [
      ['chat-model', 'chat'],
      ['nomic-embed-text', 'embedding'],
    ]);
    assert.deepEqual(servers[1]!.models, [{ name: 'qwen2.5-3b-instruct-q4_k_m.gguf', role: 'chat' }]);
  });

  it('finds nothing where nothing listens, and a web server that is not a model server is not one', async function () {
    const web = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
      assert.deepEqual(await detectLocalServers(base({ wellKnown: [{ url: await closedPortUrl() }, { url: webUrl }] })), []);
    } finally {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
  });

  it('probes the configured URL (with its /v1 suffix) even when auto-detection is off', async function () {
    const lmStudio = await startFake('openai-compatible', {}, 'lm-studio');
    const servers = await detectLocalServers(base({ autoDetect: false, configuredUrl: `${lmStudio.url}/v1/`, wellKnown: [{ url: 'http://127.0.0.1:1' }] }));
    assert.deepEqual(servers.map((s) => [s.kind, s.url, s.name]), [['openai-compatible', lmStudio.url, 'LM Studio']]);
  });

  it('asks a configured URL that is also a well-known one only once, under any loopback spelling', async function () {
    const ollama = await startFake('ollama');
    const port = new URL(ollama.url).port;
    const servers = await detectLocalServers(base({ configuredUrl: `http://localhost:${port}`, wellKnown: [{ url: ollama.url }] }));
    assert.equal(servers.length, 1);
    assert.equal(ollama.requests.filter((r) => r.path === '/api/tags').length, 1);
  });

  it('turned off and with no URL configured, it asks nothing at all', async function () {
    const { urls, fetchImpl } = recordingFetch();
    assert.deepEqual(await detectLocalServers(base({ autoDetect: false, fetchImpl })), []);
    assert.deepEqual(urls, []);
  });

  it('asks no host but loopback and the configured one; a remote URL only when allowed or permitted', async function () {
    const remote = 'http://192.0.2.7:11434';
    const { urls, fetchImpl } = recordingFetch();
    await detectLocalServers(base({ configuredUrl: remote, fetchImpl }));
    assert.ok(urls.length > 0);
    assert.deepEqual(new Set(urls.map((u) => new URL(u).hostname)), new Set(['127.0.0.1']), 'Local-only: the remote URL is not asked');

    const allowed = recordingFetch();
    await detectLocalServers(base({ autoDetect: false, configuredUrl: remote, allowHosts: ['192.0.2.7'], fetchImpl: allowed.fetchImpl }));
    assert.ok(allowed.urls.length > 0 && allowed.urls.every((u) => u.startsWith(remote)));

    const permitted = recordingFetch();
    await detectLocalServers(base({ autoDetect: false, configuredUrl: remote, probeRemote: true, fetchImpl: permitted.fetchImpl }));
    assert.ok(permitted.urls.length > 0 && permitted.urls.every((u) => u.startsWith(remote)));
  });

  it('marks a server on an allowed host Local and one on another host not Local', async function () {
    const answers = (async (url: string | URL) => {
      const path = new URL(String(url)).pathname;
      if (path === '/api/version') return Response.json({ version: '0.6.0' });
      if (path === '/api/tags') return Response.json({ models: [] });
      return new Response('404 page not found', { status: 404 });
    }) as typeof fetch;
    const opts = { autoDetect: false, configuredUrl: 'http://gpu-box.lan:11434', probeRemote: true, fetchImpl: answers };
    assert.deepEqual((await detectLocalServers(base({ ...opts, allowHosts: ['gpu-box.lan'] }))).map((s) => [s.name, s.local]), [['Ollama 0.6.0', true]]);
    assert.deepEqual((await detectLocalServers(base(opts))).map((s) => [s.name, s.local]), [['Ollama 0.6.0', false]]);
  });

  it('rejects with cancelled when the caller aborts', async function () {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(detectLocalServers(base({ signal: controller.signal, wellKnown: [{ url: await closedPortUrl() }] })), (e: unknown) => e instanceof LocalFocusError && e.code === 'cancelled');
  });

  it('reads a configured URL into a base URL', function () {
    assert.equal(serverBaseUrl('http://localhost:1234/v1'), 'http://localhost:1234');
    assert.equal(serverBaseUrl(' http://127.0.0.1:11434/api/ '), 'http://127.0.0.1:11434');
    assert.equal(serverBaseUrl('http://box:8080/llm/v1/'), 'http://box:8080/llm');
    assert.equal(serverBaseUrl('ftp://box'), undefined);
    assert.equal(serverBaseUrl('localhost:11434'), undefined);
  });
});
