// The Hub client against a fake Hub on 127.0.0.1 that answers in the real API's shapes, and
// misbehaves: pages without end, a body far bigger than any listing, text that is not JSON, 429
// with a short and a long Retry-After, no answer at all, 401/404/500, an error body that echoes the
// token. Each becomes a 'hub' error whose message says what to do, or a capped result that says so.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { HubClient, MAX_SEARCH_PAGES, MAX_TREE_PAGES } from '../../../src/inference/features/models/hub/hubClient';
import { HubHttp, HubHttpOptions, nextLink, retryAfterMs } from '../../../src/inference/features/models/hub/hubHttp';
import { FakeHub } from '../../support/fakeHub';

const TOKEN = 'hf_unitCANARY0123456789';

function hubError(reason: string, pattern: RegExp) {
  return (e: unknown) => e instanceof LocalFocusError && e.code === 'hub' && e.data?.reason === reason && pattern.test(e.message);
}

describe('Hub client (fake Hub on loopback)', function () {
  this.timeout(20_000);
  let hub: FakeHub;
  const client = (options: HubHttpOptions = {}) => new HubClient(new HubHttp(hub.url, options));

  beforeEach(async function () {
    hub = new FakeHub();
    hub.repos = [
      { id: 'bartowski/Tiny-GGUF', downloads: 30, files: [{ path: 'Tiny-Q4_K_M.gguf', content: Buffer.from('gguf-a') }, { path: 'README.md', content: Buffer.from('# tiny') }] },
      { id: 'unsloth/Tiny-GGUF', downloads: 20, files: [{ path: 'tiny-q8_0.gguf', content: Buffer.from('gguf-b') }] },
      { id: 'someone/Tiny-GGUF', downloads: 10, files: [] },
    ];
    await hub.start();
  });

  afterEach(async function () {
    await hub.close();
  });

  it('searches with the real parameters, most downloaded first, and follows Link pages up to the limit', async function () {
    hub.pageSize = 1;
    const { items, notes } = await client().search('tiny', 'gguf', 2);
    assert.deepEqual(items.map((r) => r.repo), ['bartowski/Tiny-GGUF', 'unsloth/Tiny-GGUF']);
    assert.deepEqual(notes, []);
    const first = hub.requests[0]!;
    assert.equal(first.path, '/api/models');
    assert.equal(first.query.get('search'), 'tiny');
    assert.equal(first.query.get('filter'), 'gguf');
    assert.equal(first.query.get('sort'), 'downloads');
    assert.equal(hub.requests.length, 2, 'stops once it has the limit');
  });

  it('lists a tree across pages with sizes and LFS sha256, at the commit asked for', async function () {
    hub.pageSize = 1;
    const { items } = await client().tree('bartowski/Tiny-GGUF', 'a'.repeat(40));
    assert.deepEqual(items, [
      { path: 'Tiny-Q4_K_M.gguf', size: 6, sha256: FakeHub.sha256(Buffer.from('gguf-a')) },
      { path: 'README.md', size: 6, sha256: null },
    ]);
    assert.ok(hub.requests.every((r) => r.path === `/api/models/bartowski/Tiny-GGUF/tree/${'a'.repeat(40)}`));
  });

  it('cuts a Hub that never stops sending pages, and says so', async function () {
    hub.misbehave.set('/api/models', { kind: 'endless-pages' });
    const search = await client().search('x', 'gguf', 30);
    assert.equal(hub.requests.length, MAX_SEARCH_PAGES);
    assert.match(search.notes.join(' '), /kept sending pages/);
    hub.misbehave.set('/api/models/bartowski/Tiny-GGUF/tree/main', { kind: 'endless-pages' });
    const tree = await client().tree('bartowski/Tiny-GGUF', 'main');
    assert.equal(hub.requests.filter((r) => r.path.includes('/tree/')).length, MAX_TREE_PAGES);
    assert.match(tree.notes.join(' '), /longer than/);
  });

  it('refuses a body bigger than the cap without keeping it, and text that is not JSON', async function () {
    hub.misbehave.set('/api/models', { kind: 'huge', bytes: 300_000 });
    await assert.rejects(client({ maxBodyBytes: 100_000 }).search('x', 'gguf', 5), hubError('too-large', /larger than 100 KB.*narrower search/));
    hub.misbehave.set('/api/models', { kind: 'not-json' });
    await assert.rejects(client().search('x', 'gguf', 5), hubError('malformed', /the search "x".*not JSON/));
  });

  it('waits out a short Retry-After once, and refuses a long one with the time to wait', async function () {
    hub.misbehave.set('/api/models', { kind: 'rate-limit', retryAfter: '1', times: 1 });
    const { items } = await client().search('tiny', 'gguf', 5);
    assert.equal(items.length, 3);
    assert.deepEqual(hub.requests.map((r) => r.status), [429, 200]);
    hub.misbehave.set('/api/models', { kind: 'rate-limit', retryAfter: '3600', times: 5 });
    await assert.rejects(client().search('tiny', 'gguf', 5), hubError('rate-limited', /HTTP 429.*try again in 1 h 0 min.*HF_TOKEN/));
  });

  it('gives up on a Hub that does not answer, within the timeout', async function () {
    hub.misbehave.set('/api/models', { kind: 'hang' });
    const started = Date.now();
    await assert.rejects(client({ timeoutMs: 400 }).search('x', 'gguf', 5), hubError('timeout', /did not answer the search "x" within/));
    assert.ok(Date.now() - started < 10_000);
  });

  it('a cancel ends a request that hangs, as cancelled', async function () {
    hub.misbehave.set('/api/models', { kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(client().search('x', 'gguf', 5, controller.signal), (e: LocalFocusError) => e.code === 'cancelled');
  });

  it('says what to do on 401, 404 and 500, and an unreachable Hub', async function () {
    hub.misbehave.set('/api/models/a/b', { kind: 'status', status: 401 });
    await assert.rejects(client().repo('a/b'), hubError('unauthorized', /gated or private; set a Hugging Face token/));
    await assert.rejects(client().repo('nobody/none'), hubError('not-found', /Nothing was found on the Hub for the repository nobody\/none/));
    hub.misbehave.set('/api/models', { kind: 'status', status: 503 });
    await assert.rejects(client().search('x', 'gguf', 5), hubError('http-status', /HTTP 503.*"fake hub failure 503"/));
    const closed = new HubHttp('http://127.0.0.1:9', {});
    await assert.rejects(new HubClient(closed).search('x', 'gguf', 5), hubError('unreachable', /cannot be reached.*http\.proxy/));
  });

  it('sends the token to the Hub and keeps it out of messages when the Hub echoes it back', async function () {
    hub.misbehave.set('/api/models', { kind: 'echo-token', status: 403 });
    const err = await client({ token: TOKEN })
      .search('x', 'gguf', 5)
      .then(() => undefined, (e: unknown) => e as LocalFocusError);
    assert.equal(hub.requests[0]!.authorization, `Bearer ${TOKEN}`);
    assert.ok(err instanceof LocalFocusError && err.data?.reason === 'unauthorized');
    assert.match(err.message, /Bearer \[token\]/);
    assert.ok(!JSON.stringify({ message: err.message, data: err.data }).includes(TOKEN.slice(3, 15)));
  });

  it('follows a next page only on the Hub itself', function () {
    assert.equal(nextLink('<https://huggingface.co/api/models?cursor=abc>; rel="next"'), 'https://huggingface.co/api/models?cursor=abc');
    assert.equal(nextLink('<https://x/a>; rel="prev", <https://x/b>; rel="next"'), 'https://x/b');
    assert.equal(nextLink(undefined), undefined);
    assert.equal(retryAfterMs({ 'retry-after': '7' }), 7000);
    assert.equal(retryAfterMs({ 'retry-after': new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString() }, Date.UTC(2030, 0, 1)), 30_000);
    assert.equal(retryAfterMs({ ratelimit: '"api";r=0;t=55' }), 55_000);
    assert.equal(retryAfterMs({}), undefined);
  });

  it('does not send a request, or the token, to a next page on another host', async function () {
    const other = new FakeHub();
    await other.start();
    try {
      const http = new HubHttp(hub.url, { token: TOKEN });
      await assert.rejects(http.getJson(`${other.url}/api/models`, 'the search'), hubError('malformed', /another server/));
      assert.equal(other.requests.length, 0);
    } finally {
      await other.close();
    }
  });
});
