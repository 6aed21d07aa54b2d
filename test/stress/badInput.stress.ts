// The large bad inputs, too slow for `npm test`: a 50 MB note, a 3.9 MB note on one line, and a
// 10 MB source file in a workspace TODO scan, through the real worker process and the CLI, with the
// set-up of test/integration/badInput.test.ts (test/support/badInputWorker.ts). Each must end in
// correct handling (indexed and searchable) or a clear "not indexed / skipped, and why", in bounded
// time and worker memory, with the worker never restarting.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useBadInputWorker } from '../support/badInputWorker';
import { makeTinyEmbedder, tinyEmbedderDir } from '../support/tinyEmbedder';
import { assertBounded, MiB } from '../support/workerMemory';

describe('stress: large bad inputs through the real worker and CLI', function () {
  this.timeout(600_000);
  before(makeTinyEmbedder);
  const bad = useBadInputWorker({ homePrefix: 'lf-bad-input-stress-', models: { embeddings: tinyEmbedderDir }, summaryTitle: 'large bad input summary' });
  let notes: string;
  let src: string;

  /** One case, measured by the shared session and held to its time and memory bounds. */
  async function measure<T>(label: string, fn: () => Promise<T>, maxMs: number, maxRssMiB: number): Promise<T> {
    const m = await bad.measure(label, fn);
    assertBounded(m, maxMs, maxRssMiB, label);
    return m.value;
  }

  before(function () {
    notes = path.join(bad.home, 'notes');
    src = path.join(bad.home, 'src');
    fs.mkdirSync(notes);
    fs.mkdirSync(src);
    // 50 MB of real-looking Markdown: sections and paragraphs, not one repeated byte.
    const section = (i: number): string => `## Section ${i}\n\nThe lantern orchard ${i} keeps copper ledgers beside the harbor; quartz willow ember ${i * 7}.\n\n`;
    const fd = fs.openSync(path.join(notes, 'huge.md'), 'w');
    let written = 0;
    for (let i = 0; written < 50 * MiB; i++) {
      const s = section(i);
      fs.writeSync(fd, s);
      written += Buffer.byteLength(s);
    }
    fs.closeSync(fd);
    // Just under the 4 MiB note limit, all on one line, with a word found only at its end.
    const words = 'lantern orchard copper meadow harbor signal ledger quartz willow ember '.repeat(Math.ceil((3.9 * MiB) / 70));
    fs.writeFileSync(path.join(notes, 'one-line.md'), `${words.slice(0, 3.9 * MiB)} hummingbird\n`);
    fs.writeFileSync(path.join(notes, 'plain.md'), '# Plain\n\nA normal note about sourdough starters.\n');
    // A 10 MB generated source file (over the scan's 1 MiB limit) beside an ordinary one.
    fs.writeFileSync(path.join(src, 'bundle.js'), `// TODO: hidden in a bundle\nconst blob = "${'x'.repeat(10 * MiB)}";\n`);
    fs.writeFileSync(path.join(src, 'app.ts'), '// TODO(ana): ship it tomorrow\nexport const a = 1;\n');
  });

  it('a 50 MB note is left out with its reason; a 3.9 MB one-line note is indexed and searchable', async function () {
    const r = await measure('notes/index: a 50 MB note, a 3.9 MB one-line note, a plain note', () => bad.worker.client.request('notes/index', { folder: notes }), 300_000, 1024);
    assert.equal(r.tier, 'hybrid', r.reason);
    assert.equal(r.stats.files, 2, 'the one-line note and the plain note are indexed');
    assert.equal(r.filesSkipped, 1);
    assert.deepEqual(r.skipped?.map((x) => x.file), ['huge.md']);
    assert.match(r.skipped![0]!.reason, /over the \d+-byte limit for notes/);
    assert.ok(bad.worker.logs.some((l) => /huge\.md is \d+ bytes, over the \d+-byte limit for notes; not indexed/.test(l)), `the log says why: ${bad.worker.logs.filter((l) => l.includes('huge.md')).join(' | ')}`);
    const hit = await measure('notes/search in the index', () => bad.worker.client.request('notes/search', { folder: notes, query: 'hummingbird', k: 3 }), 10_000, 256);
    assert.equal(hit.results[0]?.file, 'one-line.md');
    const none = await bad.worker.client.request('notes/search', { folder: notes, query: 'Section 12345', k: 10, tier: 'keyword' });
    assert.ok(!none.results.some((x) => x.file === 'huge.md'), 'nothing of the 50 MB note is in the index');
  });

  it('the CLI indexes the same folder and exits 0', async function () {
    const t0 = performance.now();
    const r = await bad.cli(['index', notes]);
    assert.equal(r.code, 0, `exit code; stderr: ${r.err}`);
    bad.report.push(`CLI index of the same folder: exit 0, ${(performance.now() - t0).toFixed(0)} ms`);
    assert.match(r.out, /2 files?/);
    assert.match(r.out, /Not indexed: 1 file\n {2}huge\.md is \d+ bytes, over the \d+-byte limit for notes/);
  });

  it('a 10 MB source file is skipped by the workspace TODO scan and counted; the rest is scanned', async function () {
    const r = await measure('todos/scan: a 10 MB source file beside a small one', () => bad.worker.client.request('todos/scan', { root: src }), 30_000, 256);
    assert.equal(r.stats.skippedLarge, 1);
    assert.deepEqual(r.files.filter((f) => f.todos.length > 0).map((f) => [f.path, f.todos.map((t) => t.text)]), [['app.ts', ['ship it tomorrow']]]);
  });
});
