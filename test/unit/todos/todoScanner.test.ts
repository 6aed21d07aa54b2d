import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanHelper } from '../../../src/inference/scanHelper';
import { isScannablePath, scanFile, scanTodos, scanTodosToArray } from '../../../src/inference/todoScanner';
import { writeTree } from '../../support/fileTree';

describe('workspace TODO scan', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-scan-'));
    writeTree(root, {
      '.gitignore': 'build/\n*.gen.ts\n!keep.gen.ts\n',
      'src/a.ts': '// TODO: in a\nconst s = "// TODO: string";\n',
      'src/b.py': '# FIXME: in b\n',
      'src/x.gen.ts': '// TODO: generated, ignored\n',
      'src/keep.gen.ts': '// TODO: re-included\n',
      'src/nested/.gitignore': 'local.ts\n',
      'src/nested/local.ts': '// TODO: ignored by nested gitignore\n',
      'src/nested/other.ts': '// HACK: nested but kept\n',
      'build/out.js': '// TODO: in ignored folder\n',
      'vendor/lib.js': '// TODO: excluded by glob\n',
      'big.ts': `// TODO: too big\n${'x'.repeat(2000)}\n`,
      'bin.ts': Buffer.concat([Buffer.from('// TODO: binary\n'), Buffer.from([0, 1, 2])]),
      'notes.txt': 'TODO: unknown type, not read\n',
      '.git/info/exclude': 'secret.ts\n',
      '.git/HEAD.ts': '// TODO: inside .git\n',
      'secret.ts': '// TODO: excluded by .git/info/exclude\n',
      'docs/readme.md': '<!-- TODO: write docs -->\n',
    });
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds TODOs in comments, honouring .gitignore files, excludes, size and binary limits', async () => {
    const { files, stats } = await scanTodosToArray(root, { exclude: ['**/vendor'], maxFileBytes: 1000 });
    const found = files.map((f) => `${f.path}: ${f.todos.map((t) => t.text).join(', ')}`);
    assert.deepEqual(found, [
      'docs/readme.md: write docs',
      'src/a.ts: in a',
      'src/b.py: in b',
      'src/keep.gen.ts: re-included',
      'src/nested/other.ts: nested but kept',
    ]);
    assert.equal(stats.skippedLarge, 1);
    assert.equal(stats.skippedBinary, 1);
    assert.ok(stats.skippedUnknown >= 1);
    assert.equal(stats.todos, 5);
    assert.equal(stats.filesWithTodos, 5);
  });

  it('uses the open editor text instead of the file on disk', async () => {
    const abs = path.join(root, 'src', 'a.ts');
    const { files } = await scanTodosToArray(root, { overrides: new Map([[abs, '// TODO: unsaved edit\n']]), exclude: ['**/vendor'] });
    assert.equal(files.find((f) => f.path === 'src/a.ts')?.todos[0]?.text, 'unsaved edit');
  });

  it('yields files without TODOs with yieldEmpty, and scans everything without gitignore', async () => {
    writeTree(root, { 'src/empty.ts': 'const x = 1;\n' });
    const withEmpty = await scanTodosToArray(root, { yieldEmpty: true });
    assert.ok(withEmpty.files.some((f) => f.path === 'src/empty.ts' && f.todos.length === 0));
    const noIgnore = await scanTodosToArray(root, { respectGitignore: false });
    assert.ok(noIgnore.files.some((f) => f.path === 'build/out.js'));
    assert.ok(!noIgnore.files.some((f) => f.path.startsWith('.git/')), '.git is never scanned');
  });

  it('streams results and stops with a cancelled error when aborted', async () => {
    for (let i = 0; i < 50; i++) writeTree(root, { [`many/f${i}.ts`]: `// TODO: ${i}\n` });
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const file of scanTodos(root, { signal: controller.signal, sliceMs: 0 })) {
          seen.push(file.path);
          if (seen.length === 3) controller.abort();
        }
      })(),
      (err: Error & { code?: string }) => err.code === 'cancelled',
    );
    assert.ok(seen.length >= 3 && seen.length < 50, `saw ${seen.length}`);
  });

  it('refuses a root that is missing or not a folder', async () => {
    await assert.rejects(scanTodosToArray(path.join(root, 'nope')), (err: Error & { code?: string }) => err.code === 'bad-input');
    await assert.rejects(scanTodosToArray(path.join(root, 'src', 'a.ts')), (err: Error & { code?: string }) => err.code === 'bad-input');
  });

  it('re-scans a single file from disk or from given text', async () => {
    const abs = path.join(root, 'src', 'a.ts');
    assert.deepEqual(
      (await scanFile(abs)).map((t) => t.text),
      ['in a'],
    );
    assert.deepEqual(
      (await scanFile(abs, '# TODO: not a ts comment\n// FIXME: is one\n')).map((t) => t.text),
      ['is one'],
    );
    assert.deepEqual(await scanFile(path.join(root, 'bin.ts')), []);
    assert.deepEqual(await scanFile(path.join(root, 'notes.txt')), []);
    assert.deepEqual(await scanFile(path.join(root, 'big.ts'), undefined, { maxFileBytes: 100 }), []);
  });

  it('tells whether a saved file is in scope', () => {
    assert.equal(isScannablePath(root, 'src/a.ts'), true);
    assert.equal(isScannablePath(root, 'src/x.gen.ts'), false);
    assert.equal(isScannablePath(root, 'src/keep.gen.ts'), true);
    assert.equal(isScannablePath(root, 'src/nested/local.ts'), false);
    assert.equal(isScannablePath(root, 'build/out.js'), false);
    assert.equal(isScannablePath(root, 'secret.ts'), false);
    assert.equal(isScannablePath(root, 'vendor/lib.js', { exclude: ['**/vendor'] }), false);
    assert.equal(isScannablePath(root, 'notes.txt'), false);
  });
});

describe('workspace TODO scan shared with the helper thread', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-scan-threads-'));
    // 40 folders × 30 files: far past the size at which the helper thread takes batches. Files
    // with and without TODOs, binary and oversized files, an open editor's text, a .gitignore.
    const files: Record<string, string | Buffer> = { '.gitignore': 'ignored/\n' };
    for (let d = 0; d < 40; d++) {
      for (let f = 0; f < 30; f++) {
        const rel = `pkg${String(d).padStart(2, '0')}/file${String(f).padStart(2, '0')}`;
        if (f % 7 === 0) files[`${rel}.py`] = `x = 1\n# FIXME(ana): folder ${d} file ${f}\n`;
        else if (f % 11 === 0) files[`${rel}.ts`] = Buffer.concat([Buffer.from('// TODO: binary\n'), Buffer.alloc(16, 0)]);
        else if (f % 13 === 0) files[`${rel}.ts`] = `// TODO: oversized ${d}\n${'y'.repeat(3000)}\n`;
        else if (f % 3 === 0) files[`${rel}.ts`] = `export const v = ${f};\n// TODO: folder ${d} file ${f}\n/* HACK: block ${f} */\n`;
        else files[`${rel}.ts`] = `export const v = ${f};\n`;
      }
    }
    files['ignored/x.ts'] = '// TODO: ignored\n';
    writeTree(root, files);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives the same files, TODOs, order and counts as one thread, and the helper read some of them', async function () {
    const overrides = new Map([[path.join(root, 'pkg20', 'file01.ts'), '// TODO: from the open editor\n']]);
    const options = { maxFileBytes: 2000, overrides, yieldEmpty: true };
    const saved = process.env.LOCAL_FOCUS_SCAN_THREADS;
    let single: Awaited<ReturnType<typeof scanTodosToArray>>;
    try {
      process.env.LOCAL_FOCUS_SCAN_THREADS = '0';
      single = await scanTodosToArray(root, options);
    } finally {
      if (saved === undefined) delete process.env.LOCAL_FOCUS_SCAN_THREADS;
      else process.env.LOCAL_FOCUS_SCAN_THREADS = saved;
    }
    if (!scanHelper.usable) this.skip(); // a one-core machine: there is no helper to compare
    const before = scanHelper.batchesRead;
    const shared = await scanTodosToArray(root, options);
    assert.ok(scanHelper.batchesRead > before, 'the helper thread read batches');
    assert.deepEqual(shared.files, single.files);
    const { ms: _a, ...sharedStats } = shared.stats;
    const { ms: _b, ...singleStats } = single.stats;
    assert.deepEqual(sharedStats, singleStats);
    assert.equal(single.files.find((f) => f.path === 'pkg20/file01.ts')?.todos[0]?.text, 'from the open editor');
    assert.ok(single.stats.todos > 300 && single.stats.skippedBinary > 0 && single.stats.skippedLarge > 0);
  });

  it('stops with "cancelled" when aborted while the helper holds batches', async () => {
    const controller = new AbortController();
    const it = scanTodos(root, { signal: controller.signal, yieldEmpty: true });
    await it.next();
    controller.abort();
    await assert.rejects(async () => {
      for (;;) if ((await it.next()).done) break;
    }, /cancelled/);
  });
});
