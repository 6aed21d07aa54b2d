// Notes search through the real worker process (dist/worker.js, built by `npm run test:integration`)
// driven by the WorkerClient the extension uses, with the real onnxruntime on the tiny MiniLM-shaped
// fixture model (test/fixtures/make-tiny-embedder.mjs): its vectors mean nothing, so these tests
// check counts, tiers, persistence and recovery, and rank only by keyword. The CLI tests run
// bin/local-focus.js as a user would.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { LocalFocusError } from '../../src/core/errors';
import { acquireFileLock } from '../../src/core/fileLock';
import { chunkNote } from '../../src/core/notes/chunker';
import type { ModelPaths } from '../../src/core/protocol';
import { Embedder, loadTokenCounter } from '../../src/inference/embedder';
import { indexDirFor } from '../../src/inference/notes/noteIndex';
import type { WorkerTuning } from '../../src/inference/workerTuning';
import { assertBuilt, startRealWorker, type RealWorker } from '../support/realWorker';
import { partials, waitFor } from '../support/notesProgress';
import { repoRoot as repo } from '../support/sharedModels.cjs';
import { makeTinyEmbedder, tinyEmbedderDir as tinyModel } from '../support/tinyEmbedder';

const cliPath = path.join(repo, 'bin', 'local-focus.js');
const fixtureWorkspace = path.join(repo, 'test', 'fixtures', 'notes-workspace');
const FIXTURE_NOTES = ['inbox.txt', 'kitchen/sourdough.md', 'projects/vector-search.md', 'reading/thinking-fast.rst', 'travel/kyoto.org'];
const run = promisify(execFile);

let countTokens: (text: string) => number;

/** The chunk ids of a note as the chunker makes them with the model's tokenizer, computed apart from the worker. */
function chunkIds(root: string, file: string): string[] {
  return chunkNote(file, fs.readFileSync(path.join(root, file), 'utf8'), { countTokens }).map((c) => c.id);
}

function copyWorkspace(into: string): string {
  const ws = path.join(into, 'notes');
  fs.cpSync(fixtureWorkspace, ws, { recursive: true });
  // Out of scope: ignored by .gitignore, inside node_modules, not a note type.
  fs.mkdirSync(path.join(ws, 'drafts'));
  fs.writeFileSync(path.join(ws, 'drafts', 'secret.md'), '# Secret\n\nThe sourdough starter password is hunter2.\n');
  fs.writeFileSync(path.join(ws, '.gitignore'), 'drafts/\n');
  fs.mkdirSync(path.join(ws, 'node_modules', 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'node_modules', 'pkg', 'README.md'), '# pkg\n\nSourdough as a service.\n');
  fs.writeFileSync(path.join(ws, 'bake.py'), '# sourdough timer\nprint("bake")\n');
  return ws;
}

const WORDS = 'river stone lantern orchard copper meadow harbor signal ledger quartz willow ember canyon velvet summit thistle'.split(' ');
function words(seed: number, n: number): string {
  let s = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out.push(WORDS[s % WORDS.length]!);
  }
  return `${out.join(' ')}.`;
}

/** A folder of `notes` two-section notes: two chunks each, enough work to stop in the middle. */
function bigWorkspace(into: string, notes: number): string {
  const ws = path.join(into, 'big');
  fs.mkdirSync(ws, { recursive: true });
  for (let i = 0; i < notes; i++) fs.writeFileSync(path.join(ws, `note-${i}.md`), `# Note ${i}\n\n${words(i, 60)}\n\n## Part two\n\n${words(i + 100_000, 80)}\n`);
  return ws;
}

/** The real worker with `models` on `home`, restarting 100 ms after a crash. */
function startNotesWorker(home: string, models: ModelPaths, tuning?: WorkerTuning): Promise<RealWorker> {
  return startRealWorker({ home, config: { models }, ...(tuning ? { tuning } : {}), backoff: { initialMs: 100, maxMs: 1_000 } });
}

describe('notes search (real worker process, tiny embedding model)', function () {
  this.timeout(120_000);
  let tmp: string;

  before(async function () {
    assertBuilt();
    makeTinyEmbedder();
    countTokens = await loadTokenCounter(tinyModel);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-notes-'));
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the tokenizer-only token counter agrees with the loaded embedder\'s', async function () {
    const embedder = new Embedder({ modelDir: tinyModel, threads: 1 });
    assert.throws(() => embedder.tokenCounter(), /load\(\) first/);
    await embedder.load();
    const fromEmbedder = embedder.tokenCounter();
    await embedder.dispose();
    for (const text of ['', 'Sourdough bread', 'Reciprocal rank fusion adds 1 / (60 + rank) from each list.', fs.readFileSync(path.join(fixtureWorkspace, 'travel/kyoto.org'), 'utf8')]) {
      assert.equal(countTokens(text), fromEmbedder(text), JSON.stringify(text.slice(0, 40)));
    }
    assert.ok(countTokens('unbelievably tokenizable') > 2, 'word pieces, not words');
  });

  describe('with the embedding model', function () {
    let h: RealWorker;
    let ws: string;
    const expected = new Map<string, string[]>();

    before(async function () {
      const home = path.join(tmp, 'home-model');
      ws = copyWorkspace(path.join(tmp, 'ws-model'));
      for (const f of FIXTURE_NOTES) expected.set(f, chunkIds(ws, f));
      h = await startNotesWorker(home, { embeddings: tinyModel });
    });

    after(async function () {
      await h.stop();
    });

    const total = (): number => [...expected.values()].reduce((n, ids) => n + ids.length, 0);

    it('indexes the notes in scope, embeds every chunk, and reports progress with counts', async function () {
      const result = await h.client.request('notes/index', { folder: ws, requestId: 'first' });
      assert.equal(result.filesInScope, FIXTURE_NOTES.length, 'gitignored, node_modules and non-note files stay out');
      assert.equal(result.filesAdded, FIXTURE_NOTES.length);
      assert.equal(result.chunksEmbedded, total());
      assert.equal(result.tier, 'hybrid');
      assert.equal(result.capabilityTier, 'local');
      assert.equal(result.reason, undefined);
      assert.equal(result.stats.chunks, total());
      assert.equal(result.stats.vectors, total());
      assert.match(result.stats.modelId ?? '', /^local:tiny-minilm\/q8@\d+$/);
      assert.ok(result.stats.indexDir.startsWith(path.join(tmp, 'home-model', 'indexes')), `index under LOCAL_FOCUS_HOME: ${result.stats.indexDir}`);

      const seen = partials(h, 'first');
      const embedding = seen.filter((p) => p.phase === 'embedding');
      assert.ok(embedding.length >= 2, `embedding progress: ${JSON.stringify(seen)}`);
      assert.deepEqual(embedding.at(-1)!.done, total());
      assert.ok(embedding.every((p) => p.total === total() && p.folder === ws));
      assert.ok(seen.some((p) => p.phase === 'scanning' && p.total === FIXTURE_NOTES.length));
      assert.ok(h.progress.some((p) => p.requestId === 'first' && /Embedding \d+\/\d+ chunks/.test(p.message ?? '')));
    });

    it('a second run reads nothing new and embeds nothing', async function () {
      const result = await h.client.request('notes/index', { folder: ws });
      assert.equal(result.filesUnchanged, FIXTURE_NOTES.length);
      assert.equal(result.filesAdded + result.filesChanged + result.filesDeleted, 0);
      assert.equal(result.chunksEmbedded, 0);
    });

    it('editing one note re-embeds only the chunks of that note that changed', async function () {
      const file = 'projects/vector-search.md';
      const before = expected.get(file)!;
      fs.appendFileSync(path.join(ws, file), '\n## Evaluation\n\nSciFact gives nDCG@10 for each ranking; BM25 alone must reach 0.66.\n');
      const after = chunkIds(ws, file);
      const fresh = after.filter((id) => !before.includes(id));
      assert.ok(fresh.length >= 1 && fresh.length < after.length, `the edit changes some chunks, not all: ${fresh.length}/${after.length}`);

      const result = await h.client.request('notes/index', { folder: ws });
      assert.equal(result.filesChanged, 1);
      assert.equal(result.filesUnchanged, FIXTURE_NOTES.length - 1);
      assert.equal(result.chunksEmbedded, fresh.length);
      assert.equal(result.chunksRemoved, before.filter((id) => !after.includes(id)).length);
      expected.set(file, after);
      assert.equal(result.stats.chunks, total());
      assert.equal(result.stats.vectors, total());
    });

    it('file events: a listed file is re-indexed alone, a listed deleted file is dropped, an out-of-scope one ignored', async function () {
      const edited = 'kitchen/sourdough.md';
      const before = expected.get(edited)!;
      fs.writeFileSync(path.join(ws, edited), fs.readFileSync(path.join(ws, edited), 'utf8').replace('eight hours', 'twelve hours'));
      const after = chunkIds(ws, edited);
      const fresh = after.filter((id) => !before.includes(id));
      fs.rmSync(path.join(ws, 'inbox.txt'));
      fs.writeFileSync(path.join(ws, 'drafts', 'secret.md'), '# Secret\n\nStill ignored.\n');

      const result = await h.client.request('notes/index', {
        folder: ws,
        files: [path.join(ws, edited), 'inbox.txt', path.join(ws, 'drafts', 'secret.md'), path.join(ws, 'node_modules', 'pkg', 'README.md')],
      });
      assert.equal(result.filesInScope, 2, 'the edited note and the deleted one');
      assert.equal(result.filesChanged, 1);
      assert.equal(result.filesDeleted, 1);
      assert.equal(result.filesUnchanged, 0, 'files that were not listed are not looked at');
      assert.equal(result.chunksEmbedded, fresh.length);
      expected.set(edited, after);
      expected.delete('inbox.txt');
      assert.equal(result.stats.files, FIXTURE_NOTES.length - 1);
      assert.equal(result.stats.chunks, total());
    });

    it('searches with file, line, heading path and snippet, keyword and hybrid, and leaves out a file when asked', async function () {
      const keyword = await h.client.request('notes/search', { folder: ws, query: 'dense crumb bulk fermentation', tier: 'keyword' });
      assert.equal(keyword.tier, 'keyword');
      const top = keyword.results[0]!;
      assert.equal(top.file, 'kitchen/sourdough.md');
      assert.deepEqual(top.headingPath, ['Sourdough bread', 'Troubleshooting']);
      assert.equal(top.startLine, 25, 'the section starts at its heading, line 26');
      assert.match(top.snippet.text, /dense crumb/);
      const marked = top.snippet.highlights.map(([s, e]) => top.snippet.text.slice(s, e).toLowerCase());
      assert.ok(marked.includes('dense') && marked.includes('fermentation'), `highlights: ${JSON.stringify(marked)}`);
      assert.deepEqual(keyword.indexed, { files: FIXTURE_NOTES.length - 1, chunks: total(), vectors: total() });

      const hybrid = await h.client.request('notes/search', { folder: ws, query: 'dense crumb bulk fermentation', k: 20 });
      assert.equal(hybrid.tier, 'hybrid');
      assert.equal(hybrid.capabilityTier, 'local');
      assert.ok(hybrid.results.some((r) => r.chunkId === top.chunkId), 'fusion keeps the keyword hit');
      const sections = hybrid.results.map((r) => `${r.file}#${r.headingPath.join('>')}`);
      assert.equal(new Set(sections).size, sections.length, 'at most one result per section');

      const without = await h.client.request('notes/search', { folder: ws, query: 'dense crumb bulk fermentation', excludeFile: path.join(ws, 'kitchen/sourdough.md') });
      assert.ok(without.results.every((r) => r.file !== 'kitchen/sourdough.md'));
      const stats = await h.client.request('notes/stats', { folder: ws });
      assert.equal(stats.tier, 'hybrid');
      assert.equal(stats.indexing, false);
      assert.equal(stats.stats.vectors, total());
    });

    it('rejects a folder that is not an absolute folder path', async function () {
      await assert.rejects(h.client.request('notes/index', { folder: 'relative/notes' }), (e: LocalFocusError) => e.code === 'bad-input');
      await assert.rejects(h.client.request('notes/search', { folder: path.join(ws, 'inbox.txt'), query: 'x' }), (e: LocalFocusError) => e.code === 'bad-input');
    });
  });

  describe('interrupted indexing', function () {
    const NOTES = 1000;
    let ws: string;

    before(function () {
      ws = bigWorkspace(path.join(tmp, 'ws-big'), NOTES);
    });

    it('kill -9 mid-index: after the restart the index opens and searches, and the next run finishes the rest', async function () {
      const home = path.join(tmp, 'home-kill');
      // Frequent checkpoints so the kill lands among saves, the case crash safety is about.
      const h = await startNotesWorker(home, { embeddings: tinyModel }, { notesCheckpointMs: 100 });
      try {
        const firstPid = h.client.pid!;
        const running = h.client.request('notes/index', { folder: ws, requestId: 'kill' });
        running.catch(() => undefined);
        await waitFor(() => partials(h, 'kill').some((p) => p.phase === 'embedding' && p.done >= p.total * 0.4), 60_000, '40% embedded');
        const total = partials(h, 'kill').find((p) => p.phase === 'embedding')!.total;
        assert.equal(total, NOTES * 2);
        process.kill(firstPid, 'SIGKILL');
        await assert.rejects(running, (e: LocalFocusError) => e.code === 'worker-exited');

        const stats = await h.client.request('notes/stats', { folder: ws });
        assert.notEqual(h.client.pid, firstPid, 'a new worker answers');
        assert.equal(stats.stats.rebuildReason, undefined, `the index opened as saved: ${stats.stats.rebuildReason}`);
        assert.ok(stats.stats.vectors > 0 && stats.stats.vectors < total, `some vectors survived: ${stats.stats.vectors}/${total}`);
        assert.equal(stats.stats.chunks, stats.stats.files * 2, 'every saved file has its two chunks');
        const search = await h.client.request('notes/search', { folder: ws, query: words(7, 6), tier: 'keyword' });
        assert.ok(search.results.length > 0, 'the saved part is searchable');

        const rest = await h.client.request('notes/index', { folder: ws });
        assert.equal(rest.filesInScope, NOTES);
        assert.equal(rest.chunksEmbedded, total - stats.stats.vectors, 'only chunks without a vector are embedded');
        assert.equal(rest.stats.chunks, total);
        assert.equal(rest.stats.vectors, total);
      } finally {
        await h.stop();
      }
    });

    it('notes/pause stops a run with its work saved, and the next run embeds only what is left', async function () {
      const home = path.join(tmp, 'home-pause');
      const h = await startNotesWorker(home, { embeddings: tinyModel });
      try {
        const running = h.client.request('notes/index', { folder: ws, requestId: 'pause', background: true });
        await waitFor(() => partials(h, 'pause').some((p) => p.phase === 'embedding' && p.done > 0), 60_000, 'embedding to start');
        const paused = await h.client.request('notes/pause', { folder: ws });
        assert.deepEqual(paused.paused, [ws]);
        const result = await running;
        assert.equal(result.paused, true);
        assert.ok(result.pendingChunks! > 0 && result.pendingChunks! < NOTES * 2, `pending ${result.pendingChunks}`);
        assert.equal(result.stats.vectors, NOTES * 2 - result.pendingChunks!);
        assert.deepEqual((await h.client.request('notes/pause', {})).paused, [], 'nothing left to pause');

        const rest = await h.client.request('notes/index', { folder: ws });
        assert.equal(rest.paused, undefined);
        assert.equal(rest.chunksEmbedded, result.pendingChunks);
        assert.equal(rest.stats.vectors, NOTES * 2);
      } finally {
        await h.stop();
      }
    });
  });

  describe('without the embedding model', function () {
    let h: RealWorker;
    let ws: string;

    before(async function () {
      const home = path.join(tmp, 'home-none');
      ws = copyWorkspace(path.join(tmp, 'ws-none'));
      h = await startNotesWorker(home, {});
    });

    after(async function () {
      await h.stop();
    });

    it('indexes for keyword search and says why and how to get the model', async function () {
      const result = await h.client.request('notes/index', { folder: ws });
      assert.equal(result.filesAdded, FIXTURE_NOTES.length);
      assert.equal(result.chunksEmbedded, 0);
      assert.equal(result.stats.vectors, 0);
      assert.ok(result.stats.chunks > 0);
      assert.equal(result.tier, 'keyword');
      assert.equal(result.capabilityTier, 'degraded');
      assert.match(result.reason ?? '', /embedding model not found/);
      assert.match(result.hint ?? '', /Model Manager/);
      assert.ok(h.logs.some((l) => /keyword-only/.test(l)), 'the fallback is logged');
    });

    it('search asked for hybrid answers by keyword, with the reason', async function () {
      const result = await h.client.request('notes/search', { folder: ws, query: 'matcha tea near Kyoto' });
      assert.equal(result.tier, 'keyword');
      assert.equal(result.capabilityTier, 'degraded');
      assert.match(result.reason ?? '', /embedding model not found/);
      assert.match(result.hint ?? '', /Model Manager/);
      assert.equal(result.results[0]?.file, 'travel/kyoto.org');
      assert.deepEqual(result.results[0]?.headingPath, ['Food', 'Tea']);
      const status = await h.client.request('worker/status', {});
      assert.equal(status.capabilities.find((c) => c.capability === 'notesSearch')?.tier, 'degraded');
    });
  });

  describe('CLI: local-focus index and search', function () {
    let home: string;
    let ws: string;
    let modelsDir: string;

    before(function () {
      home = path.join(tmp, 'home-cli');
      ws = copyWorkspace(path.join(tmp, 'ws-cli'));
      modelsDir = path.join(home, 'models');
      fs.mkdirSync(modelsDir, { recursive: true });
      // The default embeddings model's folder name, as the Model Manager would have downloaded it.
      fs.symlinkSync(tinyModel, path.join(modelsDir, 'all-MiniLM-L6-v2'));
    });

    const cli = async (args: string[], withModel = true): Promise<{ code: number; stdout: string; stderr: string }> => {
      const env = { ...process.env, LOCAL_FOCUS_HOME: home };
      try {
        const models = withModel ? modelsDir : path.join(home, 'no-models');
        const { stdout, stderr } = await run(process.execPath, [cliPath, '--models-dir', models, ...args], { env, cwd: ws });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };

    it('index --json prints counts and timings, then nothing to do the second time', async function () {
      const first = await cli(['index', ws, '--json']);
      assert.equal(first.code, 0, first.stderr);
      const r = JSON.parse(first.stdout);
      assert.equal(r.filesAdded, FIXTURE_NOTES.length);
      assert.equal(r.tier, 'hybrid');
      assert.equal(r.chunksEmbedded, r.stats.chunks);
      assert.ok(Number.isFinite(r.ms) && r.ms > 0);
      assert.ok(r.stats.indexDir.startsWith(path.join(home, 'indexes')));
      const again = JSON.parse((await cli(['index', '--json'])).stdout);
      assert.equal(again.folder, fs.realpathSync(ws), 'the current folder by default');
      assert.equal(again.filesUnchanged, FIXTURE_NOTES.length);
      assert.equal(again.chunksEmbedded, 0);
      const text = await cli(['index', ws]);
      assert.match(text.stdout, /Indexed .*: 5 notes \(0 added, 0 changed, 0 deleted, 5 unchanged\)/);
      assert.match(text.stdout, /Search: hybrid/);
    });

    it('index waits, saying so, while another process (the editor) updates the same index', async function () {
      const lockPath = path.join(indexDirFor(fs.realpathSync(ws), home), 'write.lock');
      fs.mkdirSync(path.dirname(lockPath), { recursive: true });
      const waiting = new RegExp(`Waiting for another Local Focus process \\(pid ${process.pid}\\) to finish updating this index`);
      // The lock is held until the CLI says that it waits for it, however long the CLI takes to
      // start and reach it. (Releasing it on a timer raced the CLI: on a busy machine the CLI
      // reached the lock after the timer had released it, and had nothing to wait for.)
      const release = await acquireFileLock(lockPath);
      const child = spawn(process.execPath, [cliPath, '--models-dir', modelsDir, 'index', ws, '--json'], { env: { ...process.env, LOCAL_FOCUS_HOME: home }, cwd: ws });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      let exitCode: number | null | undefined;
      const exited = new Promise<void>((resolve) =>
        child.on('close', (code) => {
          exitCode = code;
          resolve();
        }),
      );
      try {
        await waitFor(() => waiting.test(stderr) || exitCode !== undefined, 60_000, 'the CLI to say that it waits for the lock');
        assert.equal(exitCode, undefined, `the CLI finished while another process held the lock; stderr: ${stderr}`);
        assert.match(stderr, waiting);
      } finally {
        await release();
      }
      await exited;
      assert.equal(exitCode, 0, stderr);
      assert.equal(JSON.parse(stdout).filesInScope, FIXTURE_NOTES.length, 'it indexed once the lock was free');
    });

    it('search --json returns file, line, heading path, score and snippet', async function () {
      const { code, stdout, stderr } = await cli(['search', 'stretch and fold the dough', '--path', ws, '--k', '3', '--tier', 'keyword', '--json']);
      assert.equal(code, 0, stderr);
      const r = JSON.parse(stdout);
      assert.equal(r.tier, 'keyword');
      assert.ok(r.results.length >= 1 && r.results.length <= 3);
      const top = r.results[0];
      assert.equal(top.file, 'kitchen/sourdough.md');
      assert.equal(top.line, 15, '1-based line of "## Method"');
      assert.deepEqual(top.headingPath, ['Sourdough bread', 'Method']);
      assert.equal(typeof top.score, 'number');
      assert.match(top.snippet, /Stretch and fold/);
      const hybrid = JSON.parse((await cli(['search', 'stretch and fold the dough', '--path', ws, '--json'])).stdout);
      assert.equal(hybrid.tier, 'hybrid');
      const text = await cli(['search', 'stretch and fold the dough', '--path', ws, '--tier', 'keyword']);
      assert.match(text.stdout, /kitchen\/sourdough\.md:15 {2}Sourdough bread › Method/);
      assert.match(text.stdout, /\*\*Stretch\*\* and \*\*fold\*\*/);
    });

    it('without the model it searches by keyword and says how to get the model; bad usage exits 2', async function () {
      const r = await cli(['search', 'matcha', '--path', ws, '--json'], false);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      assert.equal(result.tier, 'keyword');
      assert.match(result.hint, /local-focus models download all-minilm-l6-v2/);
      assert.equal(result.results[0].file, 'travel/kyoto.org');
      assert.equal((await cli(['search', 'zzzqqq xyzzy', '--path', ws, '--tier', 'keyword', '--json'])).code, 1, 'no result is exit code 1');
      assert.equal((await cli(['search', 'x', '--tier', 'semantic'])).code, 2);
      assert.equal((await cli(['search'])).code, 2);
      assert.equal((await cli(['index', path.join(ws, 'inbox.txt')])).code, 2);
    });
  });
});
