// A missing file and a full disk each fail a download with their own error code, so the editor and
// the CLI can tell the user what to do instead of "the input was not valid". Served on 127.0.0.1.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ERROR_INFO, LocalFocusError } from '../../../src/core/errors';
import { DownloadError, Downloader, fetchLeadingBytes } from '../../../src/inference/download';
import { classifyNetworkError } from '../../../src/inference/download/errors';

async function rejection(promise: Promise<unknown>): Promise<DownloadError> {
  const err = await promise.then(() => assert.fail('expected the download to fail'), (e: unknown) => e);
  assert.ok(err instanceof DownloadError, `expected a DownloadError, got ${String(err)}`);
  return err;
}

/** The sentence says what to do, once, even when the message already says it. */
function assertSaysWhatToDo(err: LocalFocusError): void {
  const sentence = ERROR_INFO[err.code].sentence;
  assert.equal(err.userMessage.split(sentence).length - 1, 1, `says what to do once: ${err.userMessage}`);
}

describe('download error codes: not-found and disk-full', function () {
  let server: http.Server;
  let base: string;
  let requests = 0;
  let dir: string;

  before(async () => {
    server = http.createServer((req, res) => {
      requests++;
      if (req.url === '/gone.gguf') {
        res.writeHead(410).end();
        return;
      }
      if (req.url === '/forbidden.gguf') {
        res.writeHead(403).end();
        return;
      }
      if (req.url === '/blob.gguf') {
        res.writeHead(200, { 'content-length': '4' }).end('GGUF');
        return;
      }
      res.writeHead(404).end('no such file');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  beforeEach(() => {
    requests = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-download-codes-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a 404 fails with not-found, once, and tells the user to check the URL', async () => {
    const err = await rejection(new Downloader({ backoffMs: 1 }).download({ url: `${base}/missing.gguf`, destDir: dir, fileName: 'x.gguf', size: 10, sha256: null }));
    assert.equal(err.code, 'not-found');
    assert.equal(err.reason, 'not-found');
    assert.equal(err.status, 404);
    assert.equal(requests, 1, 'a missing file is not retried');
    assert.match(err.userMessage, /Check the model URL/);
    assertSaysWhatToDo(err);
  });

  it('a 410 is not-found too', async () => {
    const err = await rejection(new Downloader({ backoffMs: 1 }).download({ url: `${base}/gone.gguf`, destDir: dir, fileName: 'x.gguf', size: 10, sha256: null }));
    assert.equal(err.code, 'not-found');
    assert.equal(err.status, 410);
  });

  it('reading the first bytes of a missing file fails with not-found', async () => {
    const err = await rejection(fetchLeadingBytes(`${base}/missing.gguf`, 16));
    assert.equal(err.code, 'not-found');
  });

  it('another refusal (403) stays bad-input: only a missing file is not-found', async () => {
    const err = await rejection(new Downloader({ backoffMs: 1 }).download({ url: `${base}/forbidden.gguf`, destDir: dir, fileName: 'x.gguf', size: 10, sha256: null }));
    assert.equal(err.reason, 'http-status');
    assert.equal(err.code, 'bad-input');
  });

  it('too little free space fails with disk-full before any byte is requested, and tells the user what to do', async () => {
    const smallDisk = async () => ({ bavail: 1, bsize: 4096 });
    const err = await rejection(new Downloader({ statfs: smallDisk }).download({ url: `${base}/blob.gguf`, destDir: dir, fileName: 'x.gguf', size: 4, sha256: null }));
    assert.equal(err.code, 'disk-full');
    assert.equal(err.reason, 'disk-full');
    assert.match(err.message, /Not enough free disk space/);
    assert.equal(requests, 0, 'refused before the request');
    assertSaysWhatToDo(err);
  });

  it('a size learned from Content-Length is checked against the disk too', async () => {
    const smallDisk = async () => ({ bavail: 1, bsize: 4096 });
    const err = await rejection(new Downloader({ statfs: smallDisk }).download({ url: `${base}/blob.gguf`, destDir: dir, fileName: 'x.gguf', size: null, sha256: null }));
    assert.equal(err.code, 'disk-full');
  });

  it('a disk that fills up while writing (ENOSPC) is disk-full as well', () => {
    const err = classifyNetworkError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    assert.equal(err.code, 'disk-full');
    assert.equal(err.retryable, false);
    assertSaysWhatToDo(err);
  });
});
