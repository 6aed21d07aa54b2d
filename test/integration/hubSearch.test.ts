// Hub search end to end through the real CLI (dist/cli.js) against a fake Hub on 127.0.0.1 that
// answers in the real API's shapes: `models search`, `models add-hub`, then a verified download
// of the tiny shared GGUF from the fake Hub's resolve URL (302 to a second "CDN" server, as the Hub
// does). The hostile repositories and answers are bad input each with its message: a size that
// lies, names that would leave the models folder, a file without a hash, a gated file without the
// token, a Hub that fails, Local only. HF_TOKEN is a canary that must reach the Hub's own host and
// nothing else: not the CDN, not stdout or stderr (with --verbose), not a file under the home.
// `npm run build` first.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { HubSearchResult } from '../../src/core/modelsHubProtocol';
import type { ModelListResult } from '../../src/core/modelsProtocol';
import { FakeHub } from '../support/fakeHub';
import { assertBuilt } from '../support/realWorker';
import { repoRoot, sharedModel, STORIES_260K } from '../support/sharedModels.cjs';

const run = promisify(execFile);
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const TOKEN = `hf_CANARY${createHash('sha256').update(String(process.pid)).digest('hex').slice(0, 24)}`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under a folder, for "nothing leaked there" and "nothing written outside". */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('Hub search through the CLI (fake Hub on loopback)', function () {
  this.timeout(120_000);
  const stories = fs.readFileSync(sharedModel(STORIES_260K));
  const outputs: string[] = [];
  let hub: FakeHub;
  let sandbox: string;
  let home: string;

  async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
    const result = await run(process.execPath, [cliPath, '--verbose', ...args], {
      env: { PATH: process.env.PATH ?? '', LOCAL_FOCUS_HOME: home, LOCAL_FOCUS_HUB_URL: hub.url, HF_TOKEN: TOKEN, ...env },
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, out: stdout, err: stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof e.code === 'number' ? e.code : -1, out: e.stdout ?? '', err: e.stderr ?? '' }),
    );
    outputs.push(result.out, result.err);
    return result;
  }
  const searchJson = async (query: string, extra: string[] = []) => {
    const r = await cli([...extra, '--json', 'models', 'search', query]);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as HubSearchResult;
  };
  const listJson = async () => JSON.parse((await cli(['--json', 'models', 'list'])).out) as ModelListResult;

  before(async function () {
    assertBuilt(cliPath);
    sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-hub-'));
    home = path.join(sandbox, 'home');
    hub = new FakeHub();
    hub.token = TOKEN;
    const stories8 = Buffer.concat([stories, Buffer.alloc(4096)]);
    hub.repos = [
      { id: 'bartowski/Stories-260K-GGUF', downloads: 900, likes: 12, tags: ['gguf', 'license:mit'], files: [{ path: 'Stories-260K-Q8_0.gguf', content: stories8 }, { path: 'Stories-260K-Q4_K_M.gguf', content: stories }, { path: 'README.md', content: Buffer.from('# stories') }] },
      { id: 'meta-llama/Stories-Gated-GGUF', downloads: 800, gated: 'manual', tags: ['gguf', 'license:llama3.2'], files: [{ path: 'stories-gated-Q4_K_M.gguf', content: stories }] },
      { id: 'someone/Stories-Liar-GGUF', downloads: 700, files: [{ path: 'liar-Q4_K_M.gguf', content: stories, listedSize: stories.length + 1000 }] },
      { id: 'someone/Stories-Swapped-GGUF', downloads: 650, files: [{ path: 'swapped-Q4_K_M.gguf', content: stories, listedSha256: 'ab'.repeat(32) }] },
      { id: 'Xenova/stories-embed', downloads: 5, tags: ['onnx', 'license:apache-2.0'], files: [{ path: 'onnx/model_quantized.onnx', content: Buffer.from('onnx weights') }, { path: 'config.json', content: Buffer.from('{}') }, { path: 'tokenizer.json', content: Buffer.from('{}') }, { path: 'tokenizer_config.json', content: Buffer.from('{}') }] },
      { id: 'someone/Stories-Many-GGUF', downloads: 550, files: Array.from({ length: 70 }, (_, i) => ({ path: `many-${String(i).padStart(2, '0')}-Q4_0.gguf`, content: Buffer.from(`not a model ${i}`) })) },
      { id: 'someone/Stories-Hostile-GGUF', downloads: 600, files: [{ path: '../../escape-Q4_K_M.gguf', content: stories }, { path: 'nohash-Q4_K_M.gguf', content: stories, lfs: false }] },
    ];
    await hub.start();
  });

  after(async function () {
    await hub?.close();
    if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
  });

  it('searches GGUF repositories: owner badges, counts, licence, each file with its quantisation, size, verdict and the default pick', async function () {
    const result = await searchJson('stories');
    assert.equal(result.stale, false);
    assert.equal(result.hubUrl, hub.url);
    const search = hub.requests.find((r) => r.path === '/api/models')!;
    assert.equal(search.query.get('filter'), 'gguf');
    assert.equal(search.authorization, `Bearer ${TOKEN}`, 'the token goes to the Hub');
    const byRepo = Object.fromEntries(result.repos.map((r) => [r.repo, r]));
    const bartowski = byRepo['bartowski/Stories-260K-GGUF']!;
    assert.deepEqual([bartowski.trust, byRepo['meta-llama/Stories-Gated-GGUF']!.trust, byRepo['someone/Stories-Liar-GGUF']!.trust], ['verified', 'official', 'community']);
    assert.deepEqual([bartowski.downloads, bartowski.likes, bartowski.license], [900, 12, 'mit']);
    assert.match(bartowski.revision, /^[0-9a-f]{40}$/);
    assert.deepEqual(bartowski.files.map((f) => [f.quantization, f.sizeBytes, f.isDefault]), [['Q4_K_M', stories.length, true], ['Q8_0', stories.length + 4096, false]]);
    // The default pick's header was read from the Hub, so the estimate counts the context cache.
    const pick = bartowski.files[0]!;
    assert.equal(pick.memory.shapeSource, 'gguf-remote');
    assert.ok(pick.memory.kvCacheBytes > 0 && pick.memory.verdict === 'fits');
    const many = byRepo['someone/Stories-Many-GGUF']!;
    assert.equal(many.files.length, 60);
    assert.match(many.notes.join(' '), /10 more model files are not shown/);
    // Its default pick's first bytes are not a GGUF header: the estimate counts the weights and says so.
    assert.equal(many.files.find((f) => f.isDefault)!.memory.shapeSource, 'none');
    const hostile = byRepo['someone/Stories-Hostile-GGUF']!.files;
    assert.match(hostile.find((f) => f.name.startsWith('../'))!.refused!, /contains "\.\."/);
    assert.match(hostile.find((f) => f.name.startsWith('nohash'))!.refused!, /no SHA-256/);
  });

  it('prints the same as text, with badges and the refusals', async function () {
    const r = await cli(['models', 'search', 'stories']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /bartowski\/Stories-260K-GGUF {2}\[Verified quantiser\] by bartowski · 900 downloads · 12 likes · mit · updated 2025-01-10/);
    assert.match(r.out, /\* Q4_K_M .*fits .*Stories-260K-Q4_K_M\.gguf/);
    assert.match(r.out, /refused: its file name "\.\.\/\.\.\/escape-Q4_K_M\.gguf" contains "\.\."/);
  });

  it('adds a result pinned to the listed commit and its published sha256, then downloads it verified from the resolve URL', async function () {
    const added = await cli(['models', 'add-hub', 'bartowski/Stories-260K-GGUF', 'Stories-260K-Q4_K_M.gguf']);
    assert.equal(added.code, 0, added.err);
    const catalog = JSON.parse(fs.readFileSync(path.join(home, 'catalog.json'), 'utf8')) as { models: { id: string; hub: unknown; files: { url: string; sha256: string; size: number }[] }[] };
    const entry = catalog.models.find((m) => m.id === 'bartowski-stories-260k-q4_k_m')!;
    const revision = hub.requests.find((r) => r.path.includes('/tree/'))!.path.split('/tree/')[1];
    assert.deepEqual(entry.files[0], { name: 'Stories-260K-Q4_K_M.gguf', url: `${hub.url}/bartowski/Stories-260K-GGUF/resolve/${revision}/Stories-260K-Q4_K_M.gguf`, size: stories.length, sha256: sha256(stories) });
    const down = await cli(['models', 'download', entry.id]);
    assert.equal(down.code, 0, down.err);
    const file = path.join(home, 'models', 'Stories-260K-Q4_K_M.gguf');
    assert.equal(sha256(fs.readFileSync(file)), sha256(stories));
    const listed = (await listJson()).models.find((m) => m.id === entry.id)!;
    assert.deepEqual([listed.state, listed.trust, listed.origin, listed.verified], ['ready', 'verified', 'hub', true]);
  });

  it('serves a gated file with HF_TOKEN on the Hub only, never on the CDN it redirects to; without the token it says what to do', async function () {
    const id = 'meta-llama-stories-gated-q4_k_m';
    const withoutToken = await cli(['models', 'add-hub', 'meta-llama/Stories-Gated-GGUF', 'stories-gated-Q4_K_M.gguf'], { HF_TOKEN: '' });
    assert.equal(withoutToken.code, 0, withoutToken.err);
    const refused = await cli(['models', 'download', id], { HF_TOKEN: '' });
    assert.equal(refused.code, 1);
    assert.match(refused.err, /HTTP 401.*gated or private.*Set Hugging Face Token, or HF_TOKEN/);
    const cdnBefore = hub.cdnRequests.length;
    const down = await cli(['models', 'download', id]);
    assert.equal(down.code, 0, down.err);
    const resolves = hub.requests.filter((r) => r.path.startsWith('/meta-llama/Stories-Gated-GGUF/resolve/'));
    assert.ok(resolves.some((r) => r.authorization === `Bearer ${TOKEN}` && r.status === 302));
    assert.ok(hub.cdnRequests.length > cdnBefore);
    assert.ok(hub.cdnRequests.every((r) => r.authorization === undefined), 'the CDN never sees the token');
  });

  it('a Hub whose listed size lies: the download is refused by the size check and nothing is kept as ready', async function () {
    assert.equal((await cli(['models', 'add-hub', 'someone/Stories-Liar-GGUF', 'liar-Q4_K_M.gguf'])).code, 0);
    const down = await cli(['models', 'download', 'someone-liar-q4_k_m']);
    assert.equal(down.code, 1);
    assert.match(down.err, /size|bytes/i);
    assert.ok(!fs.existsSync(path.join(home, 'models', 'liar-Q4_K_M.gguf')));
    assert.notEqual((await listJson()).models.find((m) => m.id === 'someone-liar-q4_k_m')!.state, 'ready');
  });

  it('a Hub whose listed hash does not match the bytes: the download fails its hash check, nothing is ready', async function () {
    assert.equal((await cli(['models', 'add-hub', 'someone/Stories-Swapped-GGUF', 'swapped-Q4_K_M.gguf'])).code, 0);
    const down = await cli(['models', 'download', 'someone-swapped-q4_k_m']);
    assert.equal(down.code, 1);
    assert.match(down.err, /SHA-256|sha256|hash/i);
    assert.ok(!fs.existsSync(path.join(home, 'models', 'swapped-Q4_K_M.gguf')));
  });

  it('for notes search, lists ONNX repositories and adds the q8 model only with --unverified, naming its unhashed configs', async function () {
    const r = await cli(['--json', 'models', 'search', 'stories-embed', '--role', 'embeddings']);
    assert.equal(r.code, 0, r.err);
    assert.equal(hub.requests.filter((q) => q.path === '/api/models').at(-1)!.query.get('filter'), 'onnx');
    const repo = (JSON.parse(r.out) as HubSearchResult).repos.find((x) => x.repo === 'Xenova/stories-embed')!;
    assert.equal(repo.trust, 'verified');
    assert.deepEqual(repo.files.map((f) => [f.name, f.verified, f.unhashed]), [['onnx/model_quantized.onnx', false, ['config.json', 'tokenizer.json', 'tokenizer_config.json']]]);
    const refused = await cli(['models', 'add-hub', 'Xenova/stories-embed', 'onnx/model_quantized.onnx', '--role', 'embeddings']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /config\.json, tokenizer\.json, tokenizer_config\.json .*no published SHA-256.*--unverified/);
    const added = await cli(['--json', 'models', 'add-hub', 'Xenova/stories-embed', 'onnx/model_quantized.onnx', '--role', 'embeddings', '--unverified']);
    assert.equal(added.code, 0, added.err);
    const model = (JSON.parse(added.out) as { model: { id: string; verified: boolean; format: string; roles: string[]; path: string } }).model;
    assert.deepEqual([model.id, model.verified, model.format, model.roles], ['xenova-stories-embed', false, 'onnx', ['embeddings']]);
    assert.equal(model.path, path.join(home, 'models', 'xenova-stories-embed'));
  });

  it('refuses to add a file whose name leaves the models folder or that has no hash, and writes nothing outside the models folder', async function () {
    const escape = await cli(['models', 'add-hub', 'someone/Stories-Hostile-GGUF', '../../escape-Q4_K_M.gguf']);
    assert.equal(escape.code, 1);
    assert.match(escape.err, /contains "\.\."/);
    const nohash = await cli(['models', 'add-hub', 'someone/Stories-Hostile-GGUF', 'nohash-Q4_K_M.gguf']);
    assert.equal(nohash.code, 1);
    assert.match(nohash.err, /no SHA-256/);
    const unknown = await cli(['models', 'add-hub', 'someone/Stories-Hostile-GGUF', 'other.gguf']);
    assert.match(unknown.err, /has no GGUF model "other\.gguf"/);
    const outside = filesUnder(sandbox).filter((f) => !f.startsWith(path.join(home, 'models') + path.sep) && !['catalog.json', 'hub-searches.json'].includes(path.relative(home, f)));
    assert.deepEqual(outside, []);
    assert.ok(!catalogIds().includes('someone-escape-q4_k_m'));
  });

  it('in Local only, answers from the disk marked stale without a request, or says why it cannot', async function () {
    const before = hub.requests.length;
    const stale = await searchJson('stories', ['--mode', 'localOnly']);
    assert.equal(stale.stale, true);
    assert.match(stale.staleReason!, /off in Local only mode/);
    assert.ok(stale.repos.some((r) => r.repo === 'bartowski/Stories-260K-GGUF'));
    const none = await cli(['--mode', 'localOnly', 'models', 'search', 'never searched']);
    assert.equal(none.code, 1);
    assert.match(none.err, /off in Local only mode.*no earlier results/);
    assert.equal(hub.requests.length, before, 'Local only never asks the Hub');
  });

  it('a failing Hub: the same search comes from the disk marked stale with the reason; a new one fails with it', async function () {
    hub.misbehave.set('/api/models', { kind: 'status', status: 503 });
    try {
      const stale = await searchJson('stories');
      assert.equal(stale.stale, true);
      assert.match(stale.staleReason!, /HTTP 503/);
      const fresh = await cli(['models', 'search', 'nothing kept']);
      assert.equal(fresh.code, 1);
      assert.match(fresh.err, /HTTP 503/);
    } finally {
      hub.misbehave.clear();
    }
  });

  it('the token reaches no output and no file, even when the Hub echoes it in an error', async function () {
    hub.misbehave.set('/api/models', { kind: 'echo-token', status: 401 });
    try {
      const r = await cli(['models', 'search', 'echo']);
      assert.equal(r.code, 1);
      assert.match(r.err, /\[token\]/);
    } finally {
      hub.misbehave.clear();
    }
    const needles = [TOKEN, TOKEN.slice(-12)];
    for (const text of outputs) for (const n of needles) assert.ok(!text.includes(n), `the token appears in output: ${text.slice(text.indexOf(n) - 80, text.indexOf(n) + 20)}`);
    for (const file of filesUnder(home)) {
      const content = fs.readFileSync(file);
      for (const n of needles) assert.ok(!content.includes(n), `the token appears in ${file}`);
    }
  });

  function catalogIds(): string[] {
    return (JSON.parse(fs.readFileSync(path.join(home, 'catalog.json'), 'utf8')) as { models: { id: string }[] }).models.map((m) => m.id);
  }
});
