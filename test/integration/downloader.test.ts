// The downloader against a local server that serves the shared model files and misbehaves on
// request. Every expected hash and byte comparison is computed here from the source files, not
// taken from the downloader.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../src/core/errors';
import { ggufModelInfo, readGgufHeaderWith } from '../../src/core/models/gguf';
import { DownloadError, DownloadJob, DownloadProgress, Downloader, DownloaderOptions, fetchLeadingBytes } from '../../src/inference/download';
import { LLAMA2_TINY_RANDOM, sharedModel, sharedModelsDir, STORIES_260K } from '../support/sharedModels.cjs';
import { ConnectProxy, ModelServer } from '../support/modelServer';
import { mulberry32 } from '../support/mulberry32';

// Paths on the model server, which serves the shared models folder.
const STORIES = STORIES_260K;
const TINY = LLAMA2_TINY_RANDOM;
// Published in ../shared/models/README.md; checked against the files in `before`.
const STORIES_SHA = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
const TINY_SHA = '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb';

const FAST: DownloaderOptions = { backoffMs: 5, maxBackoffMs: 40, stallTimeoutMs: 400, retries: 3 };

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<DownloadError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DownloadError, `expected a DownloadError, got ${String(err)}`);
    assert.ok(err instanceof LocalFocusError);
    return err;
  }
  assert.fail('expected the download to fail');
}

function waitFor(job: DownloadJob, predicate: (p: DownloadProgress) => boolean): Promise<DownloadProgress> {
  return new Promise((resolve) => {
    const onProgress = (p: DownloadProgress) => {
      if (predicate(p)) {
        job.off('progress', onProgress);
        resolve(p);
      }
    };
    job.on('progress', onProgress);
  });
}

function waitForState(job: DownloadJob, state: string): Promise<void> {
  if (job.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const on = (s: string) => {
      if (s === state) {
        job.off('state', on);
        resolve();
      }
    };
    job.on('state', on);
  });
}

describe('downloader (local HTTP server)', function () {
  this.timeout(20_000);
  let server: ModelServer;
  let dir: string;
  let stories: Buffer;
  let tiny: Buffer;

  before(async () => {
    stories = fs.readFileSync(sharedModel(STORIES));
    tiny = fs.readFileSync(sharedModel(TINY));
    assert.equal(sha256(stories), STORIES_SHA);
    assert.equal(sha256(tiny), TINY_SHA);
    server = await ModelServer.start(sharedModelsDir);
  });
  after(async () => server.close());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-dl-'));
    server.requests.length = 0;
    server.setKnobs(undefined);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const leftovers = () => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes('.partial'));

  it('downloads a whole file, verifies it and renames it into place', async () => {
    const d = new Downloader(FAST);
    const job = d.enqueue({ url: server.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA });
    const states: string[] = [];
    job.on('state', (s) => states.push(s));
    const result = await job.done;
    assert.equal(result.verified, true);
    assert.equal(result.sha256, STORIES_SHA);
    assert.equal(result.bytes, stories.length);
    assert.ok(fs.readFileSync(path.join(dir, 'stories.gguf')).equals(stories));
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(states, ['downloading', 'verifying', 'ready']);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].range, undefined);
  });

  it('resumes after the server drops the connection at seeded random offsets and ends with the exact bytes', async () => {
    const random = mulberry32(20240611);
    const drops: number[] = [];
    let sent = 0;
    for (let i = 0; i < 5; i++) {
      const left = tiny.length - sent;
      const n = 1 + Math.floor(random() * (left / 3));
      drops.push(n);
      sent += n;
    }
    server.setKnobs(({ index }) => (index < drops.length ? { dropAfterBytes: drops[index] } : undefined));
    const d = new Downloader(FAST);
    const result = await d.download({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: tiny.length, sha256: TINY_SHA });
    assert.equal(result.verified, true);
    assert.ok(fs.readFileSync(path.join(dir, 'tiny.gguf')).equals(tiny));
    assert.equal(server.requests.length, drops.length + 1);
    let offset = 0;
    for (let i = 0; i <= drops.length; i++) {
      const r = server.requests[i];
      if (i === 0) assert.equal(r.range, undefined);
      else {
        assert.equal(r.range, `bytes=${offset}-`, `request ${i} resumes where the previous one stopped`);
        assert.ok(r.ifRange, 'a resume carries If-Range with the ETag');
        assert.equal(r.status, 206);
      }
      offset += drops[i] ?? 0;
    }
    assert.deepEqual(leftovers(), []);
  });

  it('starts over correctly when the server ignores Range', async () => {
    server.setKnobs(({ index }) => (index === 0 ? { honourRange: false, dropAfterBytes: 300_000 } : { honourRange: false }));
    const d = new Downloader(FAST);
    const result = await d.download({ url: server.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA });
    assert.equal(result.verified, true);
    assert.ok(fs.readFileSync(path.join(dir, 'stories.gguf')).equals(stories));
    assert.equal(server.requests[1].range, 'bytes=300000-', 'it asked to resume after the 300,000 bytes it had');
    assert.equal(server.requests[1].status, 200, 'the server answered the resume with the whole file');
  });

  it('rejects a file whose hash does not match, deletes the partial and never marks it ready', async () => {
    const d = new Downloader(FAST);
    const wrong = 'ab'.repeat(32);
    const job = d.enqueue({ url: server.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: wrong });
    const states: string[] = [];
    job.on('state', (s) => states.push(s));
    const err = await rejection(job.done);
    assert.equal(err.reason, 'hash-mismatch');
    assert.equal(err.code, 'model-corrupt');
    assert.match(err.message, new RegExp(STORIES_SHA));
    assert.equal(fs.existsSync(path.join(dir, 'stories.gguf')), false);
    assert.deepEqual(leftovers(), []);
    assert.equal(job.state, 'failed');
    assert.ok(!states.includes('ready'));
  });

  it('rejects a byte flipped in transit even though the size is right', async () => {
    server.setKnobs({ flipByteAt: 777_777 });
    const d = new Downloader(FAST);
    const err = await rejection(d.download({ url: server.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA }));
    assert.equal(err.reason, 'hash-mismatch');
    assert.equal(fs.existsSync(path.join(dir, 'stories.gguf')), false);
    assert.deepEqual(leftovers(), []);
  });

  it('refuses a truncated file: by size when the size is known, by hash when only the hash is', async () => {
    server.setKnobs({ truncateTo: 500_000 });
    const d = new Downloader(FAST);
    const bySize = await rejection(d.download({ url: server.url(STORIES), destDir: dir, fileName: 'a.gguf', size: stories.length, sha256: STORIES_SHA }));
    assert.equal(bySize.reason, 'size-mismatch');
    assert.match(bySize.message, /500000/);
    const byHash = await rejection(d.download({ url: server.url(STORIES), destDir: dir, fileName: 'b.gguf', size: null, sha256: STORIES_SHA }));
    assert.equal(byHash.reason, 'hash-mismatch');
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('handles a server that lies in Content-Length: refused against a known size, recovered by Range otherwise', async () => {
    server.setKnobs({ contentLengthDelta: 1000 });
    const d = new Downloader(FAST);
    const err = await rejection(d.download({ url: server.url(STORIES), destDir: dir, fileName: 'a.gguf', size: stories.length, sha256: STORIES_SHA }));
    assert.equal(err.reason, 'size-mismatch');
    const result = await d.download({ url: server.url(STORIES), destDir: dir, fileName: 'b.gguf', size: null, sha256: STORIES_SHA });
    assert.equal(result.verified, true);
    assert.ok(fs.readFileSync(path.join(dir, 'b.gguf')).equals(stories));
  });

  it('pauses keeping the partial file, then resumes from it to a verified file', async () => {
    server.setKnobs({ bytesPerSecond: 2_000_000 });
    const d = new Downloader(FAST);
    const job = d.enqueue({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: tiny.length, sha256: TINY_SHA });
    await waitFor(job, (p) => p.bytes > 300_000);
    job.pause();
    await waitForState(job, 'paused');
    const partial = fs.statSync(path.join(dir, 'tiny.gguf.partial')).size;
    assert.ok(partial > 0 && partial < tiny.length, `partial has ${partial} bytes`);
    assert.ok(fs.existsSync(path.join(dir, 'tiny.gguf.partial.json')));
    assert.equal(job.progress().state, 'paused');
    server.setKnobs(undefined);
    job.resume();
    const result = await job.done;
    assert.equal(result.verified, true);
    assert.ok(fs.readFileSync(path.join(dir, 'tiny.gguf')).equals(tiny));
    assert.equal(server.requests.at(-1)!.range, `bytes=${partial}-`);
  });

  it('cancels: the promise rejects with "cancelled" and the partial file is deleted', async () => {
    server.setKnobs({ bytesPerSecond: 2_000_000 });
    const d = new Downloader(FAST);
    const job = d.enqueue({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: tiny.length, sha256: TINY_SHA });
    await waitFor(job, (p) => p.bytes > 200_000);
    job.cancel();
    const err = await rejection(job.done);
    assert.equal(err.code, 'cancelled');
    assert.equal(job.state, 'cancelled');
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('reports a 404 clearly and does not retry it', async () => {
    const d = new Downloader(FAST);
    const err = await rejection(d.download({ url: server.url('missing/nothing.gguf'), destDir: dir, fileName: 'x.gguf', size: 10, sha256: null }));
    assert.equal(err.reason, 'not-found');
    assert.equal(err.status, 404);
    assert.match(err.message, /404/);
    assert.equal(server.requests.length, 1);
  });

  it('refuses to start without enough free disk, before any byte is requested', async () => {
    const d = new Downloader({ ...FAST, statfs: async () => ({ bavail: 100, bsize: 4096 }) });
    const err = await rejection(d.download({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: tiny.length, sha256: TINY_SHA }));
    assert.equal(err.reason, 'disk-full');
    assert.match(err.message, /Not enough free disk space/);
    assert.match(err.message, /1\.75 MB/);
    assert.equal(server.requests.length, 0);
  });

  it('checks the disk against Content-Length when the size is unknown, before writing', async () => {
    const d = new Downloader({ ...FAST, statfs: async () => ({ bavail: 100, bsize: 4096 }) });
    const err = await rejection(d.download({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: null, sha256: null }));
    assert.equal(err.reason, 'disk-full');
    assert.equal(fs.statSync(path.join(dir, 'tiny.gguf.partial')).size, 0);
  });

  it('abandons a stalled attempt after the stall timeout and succeeds on the retry', async () => {
    server.setKnobs(({ index }) => (index === 0 ? { stallAfterBytes: 100_000 } : undefined));
    const logs: string[] = [];
    const d = new Downloader({ ...FAST, stallTimeoutMs: 300, log: (m) => logs.push(m) });
    const started = Date.now();
    const result = await d.download({ url: server.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA });
    assert.equal(result.verified, true);
    assert.ok(Date.now() - started >= 300, 'waited for the stall timeout');
    assert.equal(server.requests[1].range, 'bytes=100000-');
    assert.ok(logs.some((l) => /stalled/.test(l)), logs.join('\n'));
  });

  it('gives up on a server that always stalls, with a timeout error', async () => {
    server.setKnobs({ stallAfterBytes: 0 });
    const d = new Downloader({ ...FAST, stallTimeoutMs: 150, retries: 1 });
    const err = await rejection(d.download({ url: server.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA }));
    assert.equal(err.reason, 'stalled');
    assert.equal(err.code, 'timeout');
    assert.equal(server.requests.length, 2);
  });

  it('follows redirects, and reports a loop or too many hops', async () => {
    server.setKnobs(({ path: p }) => (p === '/hop1' ? { redirectTo: '/hop2' } : p === '/hop2' ? { redirectTo: `/${STORIES}` } : undefined));
    const d = new Downloader(FAST);
    const ok = await d.download({ url: `${server.origin}/hop1`, destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA });
    assert.equal(ok.verified, true);

    server.setKnobs(({ path: p }) => (p === '/a' ? { redirectTo: '/b' } : p === '/b' ? { redirectTo: '/a' } : undefined));
    const loop = await rejection(d.download({ url: `${server.origin}/a`, destDir: dir, fileName: 'x.gguf', size: 1, sha256: null }));
    assert.equal(loop.reason, 'redirect-loop');
    assert.match(loop.message, /loop/);

    server.setKnobs(({ path: p }) => {
      const n = /^\/chain(\d+)$/.exec(p);
      return n ? { redirectTo: `/chain${Number(n[1]) + 1}` } : undefined;
    });
    const long = await rejection(d.download({ url: `${server.origin}/chain0`, destDir: dir, fileName: 'y.gguf', size: 1, sha256: null }));
    assert.equal(long.reason, 'too-many-redirects');
    assert.equal(server.requests.filter((r) => r.path.startsWith('/chain')).length, 6, 'the first request and 5 redirects');
  });

  it('refuses plain http to another machine, directly and through a redirect', async () => {
    const d = new Downloader(FAST);
    const direct = await rejection(d.download({ url: 'http://example.com/model.gguf', destDir: dir, fileName: 'm.gguf', size: 1, sha256: null }));
    assert.equal(direct.reason, 'insecure-url');
    assert.match(direct.message, /https is required/);
    server.setKnobs({ redirectTo: 'http://example.invalid/model.gguf' });
    const viaRedirect = await rejection(d.download({ url: server.url(STORIES), destDir: dir, fileName: 'm.gguf', size: 1, sha256: null }));
    assert.equal(viaRedirect.reason, 'insecure-url');
    assert.match(viaRedirect.message, /redirect/);
  });

  it('refuses file names that would leave the destination folder', () => {
    const d = new Downloader(FAST);
    for (const fileName of ['../escape.gguf', 'a/../../escape.gguf', '/etc/passwd', 'C:\\x.gguf', '']) {
      assert.throws(
        () => d.enqueue({ url: server.url(STORIES), destDir: dir, fileName, size: 1, sha256: null }),
        (err: unknown) => err instanceof DownloadError && err.reason === 'unsafe-path',
        fileName,
      );
    }
    const nested = d.enqueue({ url: server.url(STORIES), destDir: dir, fileName: 'onnx/model.gguf', size: stories.length, sha256: STORIES_SHA });
    return nested.done.then((r) => assert.equal(r.path, path.join(dir, 'onnx', 'model.gguf')));
  });

  it('resumes after a restart from the .partial and its sidecar, hashing the existing part first', async () => {
    server.setKnobs({ bytesPerSecond: 2_000_000 });
    const first = new Downloader(FAST);
    const job = first.enqueue({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: tiny.length, sha256: TINY_SHA });
    await waitFor(job, (p) => p.bytes > 400_000);
    job.pause();
    await waitForState(job, 'paused');
    const partial = fs.statSync(path.join(dir, 'tiny.gguf.partial')).size;
    server.setKnobs(undefined);

    // A new process: nothing in memory, only what is on disk.
    const found = await Downloader.findResumable(dir);
    assert.equal(found.length, 1);
    assert.equal(found[0].fileName, 'tiny.gguf');
    assert.equal(found[0].bytes, partial);
    assert.equal(found[0].sha256, TINY_SHA);
    const second = new Downloader(FAST);
    const result = await second.download(found[0]);
    assert.equal(result.verified, true);
    assert.ok(fs.readFileSync(path.join(dir, 'tiny.gguf')).equals(tiny));
    assert.equal(server.requests.at(-1)!.range, `bytes=${partial}-`);
    assert.deepEqual(await Downloader.findResumable(dir), []);
  });

  it('starts over when the file changed on the server between attempts (If-Range)', async () => {
    server.setKnobs({ bytesPerSecond: 2_000_000 });
    const d = new Downloader(FAST);
    const job = d.enqueue({ url: server.url(TINY), destDir: dir, fileName: 'tiny.gguf', size: tiny.length, sha256: TINY_SHA });
    await waitFor(job, (p) => p.bytes > 200_000);
    job.pause();
    await waitForState(job, 'paused');
    server.setKnobs({ etag: '"a-new-upload"' });
    job.resume();
    const result = await job.done;
    assert.equal(result.verified, true);
    const last = server.requests.at(-1)!;
    assert.ok(last.range && last.ifRange && last.ifRange !== '"a-new-upload"');
    assert.equal(last.status, 200);
  });

  it('runs one download at a time and throttles progress to about 10 events a second', async () => {
    server.setKnobs({ bytesPerSecond: 3_000_000 });
    const d = new Downloader(FAST);
    const a = d.enqueue({ url: server.url(TINY), destDir: dir, fileName: 'a.gguf', size: tiny.length, sha256: TINY_SHA });
    const b = d.enqueue({ url: server.url(STORIES), destDir: dir, fileName: 'b.gguf', size: stories.length, sha256: STORIES_SHA });
    await waitForState(a, 'downloading');
    assert.equal(b.state, 'queued');
    const events: DownloadProgress[] = [];
    a.on('progress', (p) => events.push(p));
    const started = Date.now();
    await a.done;
    const elapsed = Date.now() - started;
    await b.done;
    const downloading = events.filter((e) => e.state === 'downloading');
    assert.ok(downloading.length >= 3, `${downloading.length} progress events`);
    // State changes always report; byte progress at most once per 100 ms.
    assert.ok(downloading.length <= elapsed / 100 + 3, `${downloading.length} events in ${elapsed} ms`);
    const mid = downloading.find((e) => e.bytes > 0 && e.bytes < tiny.length && e.speed > 0);
    assert.ok(mid, 'a progress event with speed');
    assert.ok(mid.etaSeconds !== null && mid.etaSeconds > 0);
    assert.equal(mid.total, tiny.length);
    const order = server.requests.map((r) => r.path);
    assert.deepEqual(order, [`/${TINY}`, `/${STORIES}`], 'the second file started after the first finished');
  });

  it('reads a GGUF header over HTTP with growing Range requests, also from a server without Range', async () => {
    const readRemote = (n: number) => fetchLeadingBytes(server.url(TINY), n);
    const header = await readGgufHeaderWith(readRemote, { initialBytes: 64 * 1024 });
    const info = ggufModelInfo(header);
    assert.equal(info.architecture, 'llama');
    assert.equal(info.contextLength, 4096);
    assert.ok(header.metadataEnd > 64 * 1024, 'the header needed more than the first read');
    assert.ok(server.requests.length >= 2);
    assert.ok(server.requests.every((r) => /^bytes=0-\d+$/.test(r.range ?? '')));

    server.setKnobs({ honourRange: false });
    const prefix = await fetchLeadingBytes(server.url(TINY), 1000);
    assert.ok(prefix.equals(tiny.subarray(0, 1000)));
  });

  it('tunnels https through a CONNECT proxy and verifies the server certificate', async function () {
    let cert: Buffer;
    let key: Buffer;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      cert = fs.readFileSync(path.join(dir, 'cert.pem'));
      key = fs.readFileSync(path.join(dir, 'key.pem'));
    } catch {
      this.skip();
    }
    const secure = await ModelServer.start(sharedModelsDir, { tls: { key: key!, cert: cert! } });
    const proxy = await ConnectProxy.start();
    try {
      const untrusted = new Downloader({ ...FAST, proxy: proxy.url, noProxy: [], retries: 0 });
      const refused = await rejection(untrusted.download({ url: secure.url(STORIES), destDir: dir, fileName: 'x.gguf', size: stories.length, sha256: STORIES_SHA }));
      assert.equal(refused.reason, 'network');
      assert.match(refused.message, /certificate/i);

      const d = new Downloader({ ...FAST, proxy: proxy.url, noProxy: [], ca: cert! });
      const result = await d.download({ url: secure.url(STORIES), destDir: dir, fileName: 'stories.gguf', size: stories.length, sha256: STORIES_SHA });
      assert.equal(result.verified, true);
      const port = new URL(secure.origin).port;
      assert.ok(proxy.connects.includes(`127.0.0.1:${port}`), proxy.connects.join(','));
      assert.equal(secure.requests.length, 1);
    } finally {
      await proxy.close();
      await secure.close();
    }
  });
});
