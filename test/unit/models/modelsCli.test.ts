// `local-focus models …` in process, against a small file served on 127.0.0.1.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { parseRole, progressBar } from '../../../src/cli/modelsCommand';

async function cli(args: string[], env: NodeJS.ProcessEnv, isTTY = false) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env, isTTY });
  return { code, out, err };
}

describe('local-focus models', function () {
  this.timeout(20_000);
  const body = randomBytes(150_000);
  const sha = createHash('sha256').update(body).digest('hex');
  let server: http.Server;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const savedHome = process.env.LOCAL_FOCUS_HOME;

  before(async () => {
    // Slow enough (about half a second) for several progress events.
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
      let sent = 0;
      const tick = setInterval(() => {
        if (sent >= body.length || res.destroyed) {
          clearInterval(tick);
          res.end();
          return;
        }
        res.write(body.subarray(sent, sent + 15_000));
        sent += 15_000;
      }, 50);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/blob.gguf`;
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-models-'));
    const entry = (id: string) => ({ id, name: `Blob ${id}`, roles: ['review'], publisher: 'test', trust: 'community', format: 'gguf', quantization: 'Q8_0', parameters: '1M', contextLength: 512, license: 'MIT', files: [{ name: `${id}.gguf`, url, size: body.length, sha256: sha }] });
    fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({ models: [entry('blob-a'), entry('blob-b')] }));
    // The model manager reads the user catalog from the process environment, as the worker does.
    process.env.LOCAL_FOCUS_HOME = home;
    env = { LOCAL_FOCUS_HOME: home };
  });

  after(async () => {
    if (savedHome === undefined) delete process.env.LOCAL_FOCUS_HOME;
    else process.env.LOCAL_FOCUS_HOME = savedHome;
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists the catalog as a table and as JSON', async () => {
    const text = await cli(['models', 'list'], env);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^RAM .* total, .* free; budget 60% = /);
    assert.match(text.out, /\nblob-a\s+review\s+150 KB\s+Community\s+fits \(.*\)\s+not downloaded\n/);
    assert.match(text.out, /llama-3\.2-3b-instruct-q4km\s+review\s+2\.02 GB\s+Verified\s/);
    const json = await cli(['models', 'list', '--json'], env);
    const parsed = JSON.parse(json.out);
    assert.equal(parsed.models.find((m: { id: string }) => m.id === 'blob-a').state, 'not-downloaded');
    assert.equal(parsed.modelsDir, path.join(home, 'models'));
  });

  it('downloads with plain progress lines off a terminal, then verifies and removes', async () => {
    const r = await cli(['models', 'download', 'blob-a'], env, false);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.some((l) => /downloading · \d+% /.test(l)), r.out);
    assert.ok(!r.out.includes('\r'), 'no carriage returns in plain output');
    assert.match(lines.at(-1)!, /^Blob blob-a is ready: .*blob-a\.gguf$/);
    assert.equal(createHash('sha256').update(fs.readFileSync(path.join(home, 'models', 'blob-a.gguf'))).digest('hex'), sha);
    const v = await cli(['models', 'verify'], env);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /^blob-a: ready$/m);
    const rm = await cli(['models', 'remove', 'blob-a'], env);
    assert.equal(rm.code, 0, rm.err);
    assert.ok(!fs.existsSync(path.join(home, 'models', 'blob-a.gguf')));
  });

  it('draws a progress bar on a terminal', async () => {
    const r = await cli(['models', 'download', 'blob-b'], env, true);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\r\[#*-*\]\s+\d+%/);
    assert.match(r.out, /\r\[#{24}\] 100%/);
  });

  it('fails with exit code 1 on a model that is not in the catalog, and 2 on bad usage', async () => {
    const missing = await cli(['models', 'download', 'no-such-model'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no model "no-such-model"/);
    assert.equal((await cli(['models'], env)).code, 2);
    assert.equal((await cli(['models', 'frobnicate'], env)).code, 2);
    const noHash = await cli(['models', 'add-url', 'https://example.org/x.gguf'], env);
    assert.equal(noHash.code, 2);
    assert.match(noHash.err, /--sha256/);
    assert.equal((await cli(['models', 'import', '/x.gguf', '--role', 'chef'], env)).code, 2);
  });

  it('parses roles and draws bars', () => {
    assert.equal(parseRole('code-review', 'task-parsing'), 'review');
    assert.equal(parseRole(undefined, 'embeddings'), 'embeddings');
    assert.throws(() => parseRole('chef', 'review'), /--role must be one of/);
    assert.equal(progressBar({ bytes: 50, totalBytes: 100, speed: 2_000_000, etaSeconds: 30, state: 'downloading' }, 10), '[#####-----]  50%  2.00 MB/s  30 s left');
    assert.equal(progressBar({ bytes: 100, totalBytes: 100, speed: 0, etaSeconds: null, state: 'verifying' }, 4), '[####] 100%  verifying');
  });
});
