// Model ids and file names come from catalogs, the user's catalog file, "Add Model from URL", local
// files being imported, sidecars of partial downloads and the model store's registry. Every one of
// those places turns a name into a path; none may reach outside the models folder. Each test tries
// the same hostile names through one door and checks both the refusal and that nothing appeared (or
// disappeared) outside the models folder, where a sentinel file waits.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { LocalFocusError } from '../../../src/core/errors';
import { checkCatalog, insecureUrlReason } from '../../../src/core/models/catalogSchema';
import { BUILTIN_CATALOG } from '../../../src/core/models/catalog';
import type { CatalogEntry } from '../../../src/core/models/catalogTypes';
import { resolveInside, unsafeRelativePathReason } from '../../../src/core/models/safePath';
import { entryForUrl, mergeUserCatalog } from '../../../src/core/models/userCatalog';
import { resolveModelPath } from '../../../src/core/paths';
import { DownloadError, Downloader } from '../../../src/inference/download';
import { ModelStore, REGISTRY_FILE } from '../../../src/inference/modelStore';
import { sharedModel, STORIES_260K } from '../../support/sharedModels.cjs';

/** Names that must be refused wherever a model file or folder name is accepted. */
const HOSTILE: ReadonlyArray<[string, string]> = [
  ['parent', '../x.gguf'],
  ['parent after a folder', 'a/../../x.gguf'],
  ['only dots', '..'],
  ['absolute POSIX path', '/etc/x.gguf'],
  ['absolute Windows path', 'C:\\Users\\x.gguf'],
  ['drive-relative Windows path', 'c:x.gguf'],
  ['Windows-style parent', '..\\x.gguf'],
  ['Windows-style parent after a folder', 'a\\..\\..\\x.gguf'],
  ['UNC path', '\\\\server\\share\\x.gguf'],
  ['NUL byte', 'x\0.gguf'],
  ['NUL byte hiding a parent', 'x.gguf\0/../../../etc/passwd'],
  ['a segment longer than a file system allows', `${'a'.repeat(300)}.gguf`],
  ['very long path', `${'abcdefgh/'.repeat(600)}x.gguf`],
  ['empty segment', 'a//x.gguf'],
  ['"." segment', './x.gguf'],
  ['trailing slash', 'folder/'],
  ['empty', ''],
];

/** Names that look dangerous but are plain (literal) names inside the folder; they must stay inside. */
const LITERAL_INSIDE = ['%2e%2e%2fx.gguf', '..%2f..%2fx.gguf', '%2e%2e/x.gguf', '..x.gguf', 'x..gguf', 'sub/dir/x.gguf', 'x y.gguf'];

function isUnsafePath(err: unknown): boolean {
  return err instanceof LocalFocusError && err.code === 'bad-input' && (err.data?.reason === 'unsafe-path' || (err instanceof DownloadError && err.reason === 'unsafe-path'));
}

function entry(overrides: Partial<CatalogEntry> & Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'victim',
    name: 'Victim',
    roles: ['review'],
    publisher: 'someone',
    trust: 'community',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '1B',
    contextLength: 2048,
    license: 'MIT',
    files: [{ name: 'x.gguf', url: 'https://example.org/x.gguf', size: 10, sha256: null }],
    ...overrides,
  };
}

/** Every path below `root`, as a sorted list, to compare before and after. */
function tree(root: string): string[] {
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String).sort() : [];
}

describe('path traversal: model ids and file names stay inside the models folder', function () {
  this.timeout(20_000);
  let base: string;
  let modelsDir: string;
  let sentinel: string;
  let outsideBefore: string[];
  const tried: Record<string, number> = {};
  const count = (door: string, n = 1) => (tried[door] = (tried[door] ?? 0) + n);

  beforeEach(() => {
    // base/ holds the models folder and, beside it, a file an escape would overwrite or delete.
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-traversal-'));
    modelsDir = path.join(base, 'models');
    fs.mkdirSync(modelsDir);
    sentinel = path.join(base, 'x.gguf');
    fs.writeFileSync(sentinel, 'not a model');
    outsideBefore = tree(base).filter((p) => !p.startsWith('models'));
  });

  let outsideChanged = 0;
  let failedTests = 0;
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failedTests++;
    // Nothing outside the models folder was created, changed or deleted.
    const outsideNow = tree(base).filter((p) => !p.startsWith('models'));
    const sentinelIntact = fs.existsSync(sentinel) && fs.readFileSync(sentinel, 'utf8') === 'not a model';
    if (!sentinelIntact || JSON.stringify(outsideNow) !== JSON.stringify(outsideBefore)) outsideChanged++;
    assert.deepEqual(outsideNow, outsideBefore);
    assert.ok(sentinelIntact, 'the file beside the models folder is untouched');
    fs.rmSync(base, { recursive: true, force: true });
  });

  after(() => {
    const total = Object.values(tried).reduce((a, b) => a + b, 0);
    console.log(
      `      path traversal: ${total} hostile names tried (${Object.entries(tried).map(([k, v]) => `${v} ${k}`).join(', ')}); ` +
        `tests with a name accepted or a wrong error: ${failedTests}; tests that changed a file outside the models folder: ${outsideChanged}`,
    );
  });

  it('resolveInside refuses every hostile name and keeps look-alike literal names inside', () => {
    for (const [label, name] of HOSTILE) {
      assert.ok(unsafeRelativePathReason(name), `${label} is flagged`);
      assert.throws(() => resolveInside(modelsDir, name), isUnsafePath, label);
      count('resolveInside');
    }
    for (const name of LITERAL_INSIDE) {
      const p = resolveInside(modelsDir, name);
      assert.ok(p.startsWith(modelsDir + path.sep), `${name} → ${p}`);
      assert.equal(path.relative(modelsDir, p).split(path.sep).join('/'), name, 'taken literally, never URL-decoded');
    }
  });

  it('the catalog refuses hostile file names and folders, and a user catalog entry with one is skipped with a warning', () => {
    for (const [label, name] of HOSTILE) {
      const byName = checkCatalog([entry({ files: [{ name, url: 'https://example.org/x.gguf', size: 10, sha256: null }] })]);
      assert.equal(byName.entries.length, 0, `file name: ${label}`);
      assert.ok(byName.issues.some((i) => /files\[0\]\.name/.test(i)), `${label}: ${byName.issues.join('; ')}`);
      count('catalog file names');
      if (name === '') continue; // "" is the models folder itself, by design
      const byFolder = checkCatalog([entry({ folder: name })]);
      assert.equal(byFolder.entries.length, 0, `folder: ${label}`);
      assert.ok(byFolder.issues.some((i) => /\.folder/.test(i)), `${label}: ${byFolder.issues.join('; ')}`);
      count('catalog folders');
      const merged = mergeUserCatalog(BUILTIN_CATALOG, { models: [entry({ id: 'evil', folder: name }), entry({ id: 'fine' })] });
      assert.ok(!merged.entries.some((e) => e.id === 'evil'), label);
      assert.ok(merged.entries.some((e) => e.id === 'fine'), 'the valid entry beside it is kept');
      assert.ok(merged.warnings.some((w) => /skipped/.test(w)), label);
      count('user catalog');
    }
    // An id is a folder name for multi-file models: only lowercase letters, digits, ".", "_", "-".
    for (const id of ['../evil', 'a/b', 'A', '.hidden', 'x'.repeat(81), 'x\0y']) {
      assert.equal(checkCatalog([entry({ id, format: 'onnx', files: [{ name: 'model.onnx', url: 'https://example.org/m.onnx', size: 1, sha256: null }] })]).entries.length, 0, id);
      count('catalog ids');
    }
  });

  it('"Add Model from URL" refuses URLs whose file name decodes to a hostile name, with a clear error', () => {
    const urls = [
      // As the URL's last segment, %-encoded ("..%2Fx.gguf"); names without .gguf get "/x.gguf" after them.
      ...HOSTILE.filter(([, n]) => n.length > 0).map(([, name]) => `https://huggingface.co/o/r/resolve/main/${encodeURIComponent(name.endsWith('.gguf') ? name : `${name}/x.gguf`)}`),
      'https://huggingface.co/o/r/resolve/main/%2e%2e%2f%2e%2e%2fx.gguf',
      'https://huggingface.co/o/r/resolve/main/..%2F..%2Fx.gguf',
      'https://huggingface.co/o/r/resolve/main/..%5C..%5Cx.gguf',
      'https://example.org/%2Fetc%2Fx.gguf',
      'https://example.org/x%00.gguf',
      // Malformed percent-encoding: a clear "bad input", not a URIError from deep inside.
      'https://example.org/%E0%A4%A.gguf',
      'https://example.org/%.gguf',
    ];
    for (const url of urls) {
      assert.throws(
        () => entryForUrl(url, { role: 'review' }),
        (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input',
        url,
      );
      count('add-from-URL');
    }
    // A double-encoded name decodes once, to a literal name inside the folder.
    const literal = entryForUrl('https://example.org/%252e%252e%252fx.gguf', { role: 'review' });
    assert.equal(literal.files[0]!.name, '%2e%2e%2fx.gguf');
    assert.equal(literal.folder, '');
    assert.ok(new ModelStore(modelsDir).pathOf(literal, literal.files[0]!).startsWith(modelsDir + path.sep));
  });

  it('the downloader refuses hostile destination names before touching the disk', () => {
    const d = new Downloader({ retries: 0 });
    for (const [label, fileName] of HOSTILE) {
      assert.throws(() => d.enqueue({ url: 'https://example.org/x.gguf', destDir: modelsDir, fileName, size: 10, sha256: null }), isUnsafePath, label);
      count('download destination');
    }
    for (const fileName of LITERAL_INSIDE) {
      const job = d.enqueue({ url: 'https://example.org/x.gguf', destDir: modelsDir, fileName, size: 10, sha256: null });
      job.cancel();
      for (const p of [job.path, job.partialPath, job.sidecarPath]) assert.ok(p.startsWith(modelsDir + path.sep), p);
    }
    assert.deepEqual(tree(modelsDir), []);
  });

  it('the model store refuses hostile entries (pathOf, status, download requests, remove) and deletes nothing outside', async () => {
    const store = new ModelStore(modelsDir);
    const good = { ...(checkCatalog([entry()]).entries[0] as CatalogEntry) };
    for (const [label, name] of HOSTILE) {
      const byName: CatalogEntry = { ...good, files: [{ ...good.files[0]!, name }] };
      const byFolder: CatalogEntry = { ...good, folder: name === '' ? '..' : name };
      for (const e of [byName, byFolder]) {
        assert.throws(() => store.pathOf(e, e.files[0]!), isUnsafePath, label);
        await assert.rejects(store.status(e), isUnsafePath, label);
        await assert.rejects(store.downloadRequests(e), isUnsafePath, label);
        await assert.rejects(store.remove(e), isUnsafePath, label);
        count('model store', 4);
      }
    }
  });

  it('hostile imported entries in a tampered registry file are ignored, and the rest still list', async () => {
    const store = new ModelStore(modelsDir);
    const good = { ...(checkCatalog([entry({ id: 'imported-ok' })]).entries[0] as CatalogEntry), files: [{ name: 'ok.gguf', url: 'file:///tmp/ok.gguf', size: 1, sha256: null }] };
    const hostile = HOSTILE.flatMap(([, name], i) => [
      { ...good, id: `imported-name-${i}`, files: [{ ...good.files[0]!, name }] },
      ...(name === '' ? [] : [{ ...good, id: `imported-folder-${i}`, folder: name }]),
    ]);
    fs.writeFileSync(path.join(modelsDir, REGISTRY_FILE), JSON.stringify({ version: 1, verified: {}, imported: [good, ...hostile] }));
    const listed = await store.imported();
    assert.deepEqual(listed.map((e) => e.id), ['imported-ok']);
    for (const e of listed) assert.ok(store.pathOf(e, e.files[0]!).startsWith(modelsDir + path.sep));
    count('registry entries', hostile.length);
  });

  it('importing a local file or folder whose name is hostile is refused before anything is copied', async () => {
    const store = new ModelStore(modelsDir);
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-traversal-src-'));
    try {
      // POSIX allows "\" and ":" in a file name; on Windows they would be separators or a drive.
      for (const name of ['..\\..\\x.gguf', 'c:x.gguf', 'a\\b.gguf']) {
        const file = path.join(src, name);
        fs.copyFileSync(sharedModel(STORIES_260K), file);
        await assert.rejects(store.importModel(file, { role: 'review' }), (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input' && /file name/.test(err.message), name);
        count('import file');
      }
      const onnx = path.join(src, 'onnx-model');
      fs.mkdirSync(onnx);
      fs.writeFileSync(path.join(onnx, 'config.json'), '{}');
      fs.writeFileSync(path.join(onnx, 'tokenizer.json'), '{}');
      fs.writeFileSync(path.join(onnx, 'model.onnx'), Buffer.from([0x08, 0x07]));
      fs.writeFileSync(path.join(onnx, 'vocab..\\..\\..\\x.txt'), 'hostile');
      await assert.rejects(store.importModel(onnx, { role: 'embeddings' }), (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input' && /vocab/.test(err.message));
      count('import folder');
      assert.deepEqual(tree(modelsDir), [], 'nothing was copied');
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });

  it('a tampered .partial.json sidecar cannot point a resumed download at another file', async () => {
    fs.mkdirSync(path.join(modelsDir, 'm'));
    const sidecar = (at: string, fileName: string) =>
      fs.writeFileSync(path.join(modelsDir, at + '.partial.json'), JSON.stringify({ version: 1, url: 'https://example.org/x.gguf', fileName, size: 10, sha256: null, updatedAt: '' }));
    for (const [, name] of HOSTILE) {
      sidecar('m/x.gguf', name);
      for (const found of await Downloader.findResumable(modelsDir)) assert.fail(`resumable from a hostile sidecar: ${JSON.stringify(found)}`);
      count('sidecars');
    }
    // A sidecar naming a longer path that ends with its own name still resumes only the file beside it.
    sidecar('m/x.gguf', 'models/m/x.gguf');
    for (const found of await Downloader.findResumable(modelsDir)) {
      assert.equal(resolveInside(found.destDir, found.fileName), path.join(modelsDir, 'm', 'x.gguf'));
    }
    count('sidecars');
  });

  it('a configured relative model path may not leave the models folder', () => {
    for (const chosen of ['../x.gguf', 'a/../../x.gguf', '..', '.']) {
      assert.throws(() => resolveModelPath(modelsDir, chosen, 'codeReview'), (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input', chosen);
      count('model path settings');
    }
    assert.equal(resolveModelPath(modelsDir, 'sub/x.gguf', 'codeReview'), path.join(modelsDir, 'sub', 'x.gguf'));
  });

  describe('the models CLI with --models-dir', () => {
    const savedHome = process.env.LOCAL_FOCUS_HOME;
    let home: string;
    afterEach(() => {
      if (savedHome === undefined) delete process.env.LOCAL_FOCUS_HOME;
      else process.env.LOCAL_FOCUS_HOME = savedHome;
      fs.rmSync(home, { recursive: true, force: true });
    });

    it('skips hostile user catalog entries, and cannot download, verify or remove outside the folder', async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-traversal-home-'));
      // The user catalog lives in LOCAL_FOCUS_HOME; the models folder is elsewhere (--models-dir).
      process.env.LOCAL_FOCUS_HOME = home;
      const hostile = HOSTILE.filter(([, n]) => n !== '').map(([, name], i) => entry({ id: `evil-${i}`, files: [{ name, url: 'https://example.org/x.gguf', size: 10, sha256: null }] }));
      const hostileFolders = HOSTILE.filter(([, n]) => n !== '').map(([, name], i) => entry({ id: `evilfolder-${i}`, folder: name }));
      fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({ version: 1, models: [...hostile, ...hostileFolders, entry({ id: 'fine' })] }));
      const env = { LOCAL_FOCUS_HOME: home };
      const cli = async (args: string[]) => {
        let out = '';
        let err = '';
        const code = await runCli(['--models-dir', modelsDir, ...args], { out: (t) => (out += t), err: (t) => (err += t), env, isTTY: false });
        return { code, out, err };
      };
      const list = await cli(['models', 'list', '--json']);
      assert.equal(list.code, 0, list.err);
      const parsed = JSON.parse(list.out) as { modelsDir: string; models: { id: string; path: string }[]; warnings: string[] };
      assert.equal(parsed.modelsDir, modelsDir);
      assert.ok(parsed.models.some((m) => m.id === 'fine'));
      assert.ok(!parsed.models.some((m) => m.id.startsWith('evil')), 'no hostile entry is listed');
      assert.equal(parsed.warnings.filter((w) => /skipped/.test(w)).length, hostile.length + hostileFolders.length);
      for (const m of parsed.models) assert.ok(m.path.startsWith(modelsDir + path.sep) || m.path === modelsDir, `${m.id}: ${m.path}`);
      for (const id of ['evil-0', 'evilfolder-0', '../x', '..']) {
        for (const verb of ['download', 'verify', 'remove']) {
          const r = await cli(['models', verb, id]);
          assert.equal(r.code, 1, `${verb} ${id}: ${r.out}${r.err}`);
          assert.match(r.err, /no model/);
          count('CLI');
        }
      }
      count('CLI catalog entries', hostile.length + hostileFolders.length);
    });
  });

  it('downloads use https, except plain http to this machine (loopback)', () => {
    // The downloader applies this rule to the first URL and every redirect hop:
    // see test/integration/downloader.test.ts "refuses plain http to another machine, directly and through a redirect".
    const allowed = ['https://example.org/x.gguf', 'http://127.0.0.1:8080/x.gguf', 'http://127.1.2.3/x', 'http://localhost/x', 'HTTP://LOCALHOST/x', 'http://[::1]:9/x', 'http://2130706433/x', 'http://evil.example@127.0.0.1/x'];
    const refused = [
      'http://example.org/x.gguf',
      'http://localhost.example.org/x',
      'http://127.0.0.1.nip.io/x',
      'http://127.0.0.1@example.org/x',
      'http://0.0.0.0/x',
      'http://10.0.0.1/x',
      'http://[::ffff:8.8.8.8]/x',
      'ftp://example.org/x.gguf',
      'file:///etc/passwd',
      'data:application/octet-stream,xx',
      'javascript:alert(1)',
      '//example.org/x.gguf',
      'example.org/x.gguf',
    ];
    for (const url of allowed) assert.equal(insecureUrlReason(url), undefined, url);
    for (const url of refused) {
      assert.ok(insecureUrlReason(url), url);
      count('URLs');
    }
  });
});
