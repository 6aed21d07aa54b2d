// NoteIndex over the fixture workspace with Vectra on disk. Vectors come from a TEST EMBEDDER:
// hashed bag-of-words, deterministic and model-free, so the tests check counts, persistence and
// crash recovery, not meaning. The last test runs the real Embedder with the tiny MiniLM-shaped
// ONNX fixture, generated here by test/fixtures/make-tiny-embedder.mjs when it is missing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalFocusError } from '../../src/core/errors';
import { acquireFileLock } from '../../src/core/fileLock';
import { analyze } from '../../src/core/notes/analyzer';
import { chunkIndexText, chunkNote } from '../../src/core/notes/chunker';
import { Embedder } from '../../src/inference/embedder';
import { bm25SegmentVersion, decodeBm25Segment } from '../../src/core/notes/bm25Segment';
import { CompactVectorCodec } from '../../src/core/notes/vectorCodec';
import { decodeVectorSegmentHeader } from '../../src/core/notes/vectorSegment';
import { chunkSegmentVersion, readChunkSegment } from '../../src/inference/notes/chunkStore';
import { versionTwoSegment } from '../support/chunkSegmentV2';
import { NoteIndex, indexDirFor, type EmbedFunction } from '../../src/inference/notes/noteIndex';
import { SegmentVectorIndex } from '../../src/inference/notes/vectorIndex';
import { versionOneBm25Segment } from '../support/bm25SegmentV1';

const FIXTURE = path.resolve(__dirname, '../fixtures/notes-workspace');
const TINY_MODEL = path.resolve(__dirname, '../fixtures/generated/tiny-minilm');
const TINY_GENERATOR = path.resolve(__dirname, '../fixtures/make-tiny-embedder.mjs');
const NOTE_EXTENSIONS = /\.(md|markdown|mdx|txt|rst|org)$/i;
const DIM = 64;

/** Test embedder: each analysed word adds ±1 to one of 64 hashed buckets; the vector is normalised. */
function hashedBagOfWords(text: string): number[] {
  const v = new Array<number>(DIM).fill(0);
  for (const term of analyze(text)) {
    const h = createHash('md5').update(term).digest();
    v[h[0] % DIM] += h[1] & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

interface CountingEmbedder {
  embed: EmbedFunction;
  /** Texts embedded by updates (queries are counted apart). */
  texts: string[];
  queries: number;
}

/** Counts what it embeds; `abortAfter` aborts `controller` once that many texts were embedded. */
function countingEmbedder(options: { abortAfter?: number; controller?: AbortController } = {}): CountingEmbedder {
  const state: CountingEmbedder = {
    texts: [],
    queries: 0,
    embed: async (texts) => {
      // One text without a blank line is a query; chunk index texts always have the "context\n\ntext" shape.
      if (texts.length === 1 && !texts[0].includes('\n\n')) state.queries++;
      else state.texts.push(...texts);
      if (options.abortAfter !== undefined && state.texts.length >= options.abortAfter) options.controller?.abort();
      return texts.map(hashedBagOfWords);
    },
  };
  return state;
}

async function listNotes(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listNotes(root, full)));
    else if (NOTE_EXTENSIONS.test(entry.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Chunks of the workspace as the chunker makes them, computed apart from the index. */
async function expectedChunks(root: string, file: string): Promise<ReturnType<typeof chunkNote>> {
  return chunkNote(file, await readFile(path.join(root, file), 'utf8'));
}

describe('NoteIndex (integration, Vectra on disk, test embedder)', function () {
  this.timeout(60_000);
  let workspace: string;
  let home: string;
  let files: string[];
  let totalChunks: number;

  const open = (embedder?: CountingEmbedder, extra: Partial<Parameters<typeof NoteIndex.open>[0]> = {}) =>
    NoteIndex.open({
      folder: workspace,
      home,
      ...(embedder ? { embed: embedder.embed, modelId: 'test-bag-of-words-64' } : {}),
      embedBatchSize: 2,
      ...extra,
    });

  beforeEach(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'lf-noteindex-'));
    workspace = path.join(base, 'workspace');
    home = path.join(base, 'home');
    await cp(FIXTURE, workspace, { recursive: true });
    files = await listNotes(workspace);
    totalChunks = 0;
    for (const file of files) totalChunks += (await expectedChunks(workspace, file)).length;
    assert.ok(files.length >= 5 && totalChunks >= 10, 'the fixture workspace has several notes');
  });

  afterEach(async () => {
    await rm(path.dirname(workspace), { recursive: true, force: true });
  });

  it('embeds every chunk on the first update and nothing when nothing changed, even after reopening', async () => {
    const embedder = countingEmbedder();
    const index = await open(embedder);
    const progress: number[] = [];
    const first = await index.update(files, { onProgress: (p) => p.phase === 'embedding' && progress.push(p.done) });
    assert.equal(embedder.texts.length, totalChunks);
    assert.equal(first.chunksEmbedded, totalChunks);
    assert.equal(first.filesAdded, files.length);
    assert.equal(progress[progress.length - 1], totalChunks);
    assert.ok(progress.every((d, i) => i === 0 || d >= progress[i - 1]), 'progress only grows');
    const stats = await index.stats();
    assert.deepEqual([stats.files, stats.chunks, stats.vectors], [files.length, totalChunks, totalChunks]);
    assert.ok(stats.bytesOnDisk > 0);
    assert.equal(stats.indexDir, indexDirFor(workspace, home));

    const second = await index.update(files);
    assert.equal(embedder.texts.length, totalChunks, 'a second update embeds nothing');
    assert.deepEqual([second.chunksEmbedded, second.filesUnchanged], [0, files.length]);

    // Start-up: a new process opens the saved index.
    const restarted = countingEmbedder();
    const reopened = await open(restarted);
    const third = await reopened.update(files);
    assert.deepEqual([restarted.texts.length, third.chunksEmbedded, third.filesUnchanged], [0, 0, files.length]);
    assert.equal(reopened.rebuildReason, undefined);
  });

  it('re-embeds only the chunks of the edited file', async () => {
    const embedder = countingEmbedder();
    const index = await open(embedder);
    await index.update(files);
    const file = 'kitchen/sourdough.md';
    const before = await expectedChunks(workspace, file);
    await appendFile(path.join(workspace, file), '\n## Storage\n\nKeep the loaf in a linen bag; it stays fresh for three days.\n');
    const after = await expectedChunks(workspace, file);
    const newTexts = after.filter((c) => !before.some((b) => b.id === c.id)).map(chunkIndexText);
    assert.ok(newTexts.length >= 1);

    embedder.texts.length = 0;
    const result = await index.update(files);
    assert.deepEqual(embedder.texts.sort(), newTexts.sort(), 'exactly the new chunks of the edited file');
    assert.deepEqual([result.filesChanged, result.filesUnchanged, result.chunksEmbedded], [1, files.length - 1, newTexts.length]);
    assert.equal((await index.stats()).chunks, totalChunks - before.length + after.length);

    const found = await index.search('linen bag fresh', { k: 3, tier: 'keyword' });
    assert.equal(found.results[0].file, file);
    assert.deepEqual(found.results[0].headingPath, ['Sourdough bread', 'Storage']);
    const lines = (await readFile(path.join(workspace, file), 'utf8')).split('\n');
    assert.equal(lines[found.results[0].startLine], '## Storage', 'the result opens at its heading line');
  });

  it('drops the chunks of a deleted file', async () => {
    const embedder = countingEmbedder();
    const index = await open(embedder);
    await index.update(files);
    assert.equal((await index.search('plumber tap', { tier: 'keyword' })).results[0]?.file, 'inbox.txt');
    const gone = (await expectedChunks(workspace, 'inbox.txt')).length;
    await unlink(path.join(workspace, 'inbox.txt'));

    const result = await index.update(files.filter((f) => f !== 'inbox.txt'));
    assert.deepEqual([result.filesDeleted, result.chunksRemoved, result.chunksEmbedded], [1, gone, 0]);
    const stats = await index.stats();
    assert.deepEqual([stats.chunks, stats.vectors], [totalChunks - gone, totalChunks - gone]);
    assert.deepEqual((await index.search('plumber tap', { tier: 'hybrid' })).results.filter((r) => r.file === 'inbox.txt'), []);
    const reopened = await open(countingEmbedder());
    assert.equal((await reopened.stats()).vectors, totalChunks - gone, 'the deletion was saved');
  });

  it('with scope "listed" looks only at the listed files', async () => {
    const index = await open(countingEmbedder());
    await index.update(files);
    await unlink(path.join(workspace, 'inbox.txt'));
    await appendFile(path.join(workspace, 'travel/kyoto.org'), '\n* Shopping\nA ceramic teapot from Kiyomizu.\n');
    const result = await index.update(['inbox.txt'], { scope: 'listed' });
    assert.deepEqual([result.filesDeleted, result.filesChanged, result.filesAdded], [1, 0, 0]);
    assert.equal((await index.stats()).files, files.length - 1, 'unlisted files stay indexed');
    assert.equal((await index.search('ceramic teapot', { tier: 'keyword' })).results.length, 0, 'the unlisted edit is not seen yet');
  });

  it('two writers of one index (the editor and the CLI): each starts from what the other saved, one at a time', async () => {
    const editorEmbedder = countingEmbedder();
    const cliEmbedder = countingEmbedder();
    const editor = await open(editorEmbedder);
    const cli = await open(cliEmbedder); // opened before the editor indexed anything
    await editor.update(files);
    // The CLI indexes one new note only (a file event) and must not save its empty copy over the editor's index.
    await writeFile(path.join(workspace, 'from-cli.md'), '# Terminal note\n\nWritten while the editor was open: quokka.\n');
    const r = await cli.update(['from-cli.md'], { scope: 'listed' });
    assert.equal(r.chunksEmbedded, 1, 'the CLI embeds only its new note');
    assert.equal(cliEmbedder.texts.length, 1);
    const reopened = await open(countingEmbedder());
    const stats = await reopened.stats();
    assert.deepEqual([stats.files, stats.vectors], [files.length + 1, totalChunks + 1], 'both writers\' notes are in the saved index');
    // And back: the editor's next listed update starts from the CLI's save, keeping its note.
    await writeFile(path.join(workspace, files[0]!), '# Changed\n\nThe editor changed this note: wombat.\n');
    await editor.update([files[0]!], { scope: 'listed' });
    const after = await (await open()).search('quokka', { k: 3, tier: 'keyword' });
    assert.equal(after.results[0]?.file, 'from-cli.md', 'the CLI\'s note survived the editor\'s save');
    assert.equal(readdirSync(indexDirFor(workspace, home)).filter((n) => n.includes('lock')).length, 0, 'no lock file left');
  });

  it('an update waits while another process holds the index, and a pause stops the wait', async () => {
    const index = await open(countingEmbedder());
    const lockPath = path.join(indexDirFor(workspace, home), 'write.lock');
    const release = await acquireFileLock(lockPath);
    let done = false;
    const running = index.update(files).then((r) => ((done = true), r));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(done, false, 'waits while the lock is held');
    await release();
    assert.equal((await running).filesAdded, files.length);
    const again = await acquireFileLock(lockPath);
    const controller = new AbortController();
    const paused = index.update(files, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(paused, (err: LocalFocusError) => err.code === 'cancelled');
    await again();
  });

  it('answers hybrid, dense and keyword searches with one result per section, snippets and the tier used', async () => {
    const index = await open(countingEmbedder());
    await index.update(files);
    const hybrid = await index.search('reciprocal rank fusion of dense and keyword rankings', { k: 5 });
    assert.equal(hybrid.tier, 'hybrid');
    assert.equal(hybrid.fallbackReason, undefined);
    assert.equal(hybrid.results[0].file, 'projects/vector-search.md');
    assert.deepEqual(hybrid.results[0].headingPath, ['Vector search design', 'Fusion']);
    assert.ok(hybrid.results[0].snippet.highlights.length > 0);
    const sections = hybrid.results.map((r) => `${r.file}#${r.headingPath.join('/')}`);
    assert.equal(new Set(sections).size, sections.length, 'one result per section');
    assert.ok(hybrid.results.length <= 5);

    const dense = await index.search('torii gates mountain', { tier: 'dense', k: 3 });
    assert.equal(dense.tier, 'dense');
    assert.ok(dense.results.length > 0 && dense.results[0].score <= 1.000001);

    const keyword = await index.search('matcha', { tier: 'keyword' });
    assert.deepEqual(keyword.results.map((r) => [r.file, r.headingPath]), [['travel/kyoto.org', ['Food', 'Tea']]]);
    const marked = keyword.results[0].snippet;
    assert.deepEqual(marked.highlights.map(([a, b]) => marked.text.slice(a, b)), ['matcha']);

    const excluded = await index.search('matcha', { tier: 'keyword', excludeFile: 'travel/kyoto.org' });
    assert.equal(excluded.results.length, 0);
    assert.deepEqual((await index.search('   ')).results, []);
  });

  it('falls back to keyword search without an embedder, keeping the saved vectors', async () => {
    const first = await open(countingEmbedder());
    await first.update(files);
    const keywordOnly = await open();
    const response = await keywordOnly.search('sourdough starter');
    assert.equal(response.tier, 'keyword');
    assert.match(response.fallbackReason!, /no embedding model/);
    assert.equal(response.results[0].file, 'kitchen/sourdough.md');
    assert.equal(keywordOnly.rebuildReason, undefined);
    // An edit indexed without the model gets its vector once the model is back.
    await appendFile(path.join(workspace, 'inbox.txt'), '\nBuy flour for the weekend loaf.\n');
    const result = await keywordOnly.update(files);
    assert.deepEqual([result.filesChanged, result.chunksEmbedded], [1, 0]);
    const back = countingEmbedder();
    const withModel = await open(back);
    const caughtUp = await withModel.update(files);
    assert.equal(caughtUp.chunksEmbedded, 1);
    assert.equal(back.texts.length, 1);
    assert.match(back.texts[0], /Buy flour/);
  });

  it('a keyword search, and an update that changes nothing, never read the vectors; the first dense search checks them', async () => {
    await (await open(countingEmbedder())).update(files);
    const segment = path.join(indexDirFor(workspace, home), 'vectors', 'vectors.seg');
    const bytes = await readFile(segment);
    // A damaged int8 code (they sit just before the float32 rows): found only by reading the codes' checksum.
    const at = decodeVectorSegmentHeader(bytes, bytes.length).floatsStart - 8;
    await writeFile(segment, Buffer.from(bytes.map((b, i) => (i === at ? b ^ 1 : b))));

    const keywordOnly = await open();
    assert.equal((await keywordOnly.search('sourdough starter', { tier: 'keyword' })).results[0]?.file, 'kitchen/sourdough.md');
    await keywordOnly.update(files);
    assert.equal(keywordOnly.pendingRebuild, undefined, 'the vectors were not read');
    assert.equal((await keywordOnly.stats()).vectors, totalChunks, 'counted from the header');

    const embedder = countingEmbedder();
    const withModel = await open(embedder);
    assert.equal(withModel.rebuildReason, undefined);
    const dense = await withModel.search('sourdough starter', { tier: 'dense' });
    assert.equal(dense.tier, 'keyword');
    assert.match(dense.fallbackReason ?? '', /vectors\.seg could not be read .*checksum.*rebuilt/);
    assert.match(withModel.pendingRebuild ?? '', /vectors\.seg/);
    await withModel.update(files);
    assert.equal(withModel.pendingRebuild, undefined);
    assert.equal(embedder.texts.length, totalChunks, 'rebuilt from the notes');
    assert.equal((await withModel.search('sourdough starter', { tier: 'dense' })).tier, 'dense');
  });

  it('pauses on abort, keeps what was embedded, opens and searches, and the next update finishes the rest', async () => {
    const controller = new AbortController();
    const embedder = countingEmbedder({ abortAfter: 3, controller });
    const index = await open(embedder);
    await assert.rejects(index.update(files, { signal: controller.signal }), (err: { code?: string; message: string }) => {
      assert.equal(err.code, 'cancelled');
      assert.match(err.message, /paused after embedding 4 of/);
      return true;
    });
    const embeddedBeforePause = embedder.texts.length;
    assert.equal(embeddedBeforePause, 4, 'the batch in flight (2 texts) finishes, then the loop stops');

    const resumed = countingEmbedder();
    const reopened = await open(resumed);
    assert.equal(reopened.rebuildReason, undefined);
    const stats = await reopened.stats();
    assert.deepEqual([stats.files, stats.chunks, stats.vectors], [files.length, totalChunks, embeddedBeforePause]);
    assert.equal((await reopened.search('matcha', { tier: 'keyword' })).results[0].file, 'travel/kyoto.org');
    assert.equal((await reopened.search('matcha')).tier, 'hybrid');

    const result = await reopened.update(files);
    assert.equal(result.chunksEmbedded, totalChunks - embeddedBeforePause);
    assert.equal(resumed.texts.length, totalChunks - embeddedBeforePause);
    assert.equal(new Set([...embedder.texts, ...resumed.texts]).size, totalChunks, 'no chunk embedded twice');
    assert.equal((await reopened.stats()).vectors, totalChunks);
  });

  it('recovers from a crash between saving the stores and the manifest without re-embedding', async () => {
    const index = await open(countingEmbedder());
    await index.update(files);
    const dir = indexDirFor(workspace, home);
    const oldManifest = await readFile(path.join(dir, 'manifest.json'));
    await writeFile(path.join(workspace, 'kitchen/sourdough.md'), '# Sourdough bread\n\nNow a note about rye only.\n');
    await index.update(files);
    // The crash: stores are new, the manifest is the one from before, and a dead writer's temp file lingers.
    await writeFile(path.join(dir, 'manifest.json'), oldManifest);
    await writeFile(path.join(dir, `.chunks.seg.${2 ** 22 + 7}.0badf00d.tmp`), '{"half');

    const embedder = countingEmbedder();
    const reopened = await open(embedder);
    assert.equal(reopened.rebuildReason, undefined);
    assert.ok(!(await readdir(dir)).some((n) => n.endsWith('.tmp')), 'stale temp files are removed');
    const result = await reopened.update(files);
    assert.equal(result.filesAdded, 1, 'the file whose chunks were missing is indexed again');
    assert.equal(embedder.texts.length, 0, 'its vectors were saved already and are reused');
    const hits = await reopened.search('rye', { tier: 'keyword' });
    assert.equal(hits.results[0].file, 'kitchen/sourdough.md');
    assert.equal((await reopened.search('levain autolyse', { tier: 'keyword' })).results.length, 0, 'old chunks are gone');
  });

  it('opens an index saved in the earlier JSON format, converts it once and embeds nothing again', async () => {
    await (await open(countingEmbedder())).update(files);
    const dir = indexDirFor(workspace, home);
    // Write the stores back as the earlier format held them: chunks.json and vectors/index.json.
    const chunks = await readChunkSegment(path.join(dir, 'chunks.seg'));
    const asJson = [...chunks.values()].map((c) => ({ id: c.id, file: c.file, headingPath: c.headingPath, startLine: c.startLine, endLine: c.endLine, text: c.text, title: c.title, tags: c.tags }));
    await writeFile(path.join(dir, 'chunks.json'), JSON.stringify({ format: 'local-focus-note-chunks', version: 1, chunks: asJson }));
    const vectors = await new SegmentVectorIndex(path.join(dir, 'vectors')).listItems();
    await writeFile(path.join(dir, 'vectors', 'index.json'), new CompactVectorCodec().serializeIndex({ version: 1, metadata_config: {}, items: vectors.map((v) => ({ ...v, vector: Array.from(v.vector) })) }));
    await unlink(path.join(dir, 'chunks.seg'));
    await unlink(path.join(dir, 'vectors', 'vectors.seg'));

    const embedder = countingEmbedder();
    const log: string[] = [];
    const reopened = await NoteIndex.open({ folder: workspace, home, embed: embedder.embed, modelId: 'test-bag-of-words-64', log: (_level, message) => log.push(message) });
    assert.equal(reopened.rebuildReason, undefined);
    assert.match(log.join('\n'), /converting chunks\.json/);
    assert.match(log.join('\n'), /converting index\.json/);
    assert.equal((await reopened.stats()).vectors, totalChunks, 'every vector kept');
    assert.equal((await reopened.search('matcha', { tier: 'dense' })).tier, 'dense');
    assert.equal((await reopened.search('matcha', { tier: 'keyword' })).results[0].file, 'travel/kyoto.org');
    await reopened.update(files);
    assert.equal(embedder.texts.length, 0, 'nothing embedded again');
    assert.ok(!existsSync(path.join(dir, 'chunks.json')) && !existsSync(path.join(dir, 'vectors', 'index.json')), 'the old files are gone');
  });

  for (const damaged of ['vectors/vectors.seg', 'chunks.seg', 'bm25.seg', 'manifest.json']) {
    it(`rebuilds when ${damaged} is corrupt and says why`, async () => {
      await (await open(countingEmbedder())).update(files);
      const dir = indexDirFor(workspace, home);
      const content = await readFile(path.join(dir, damaged), 'utf8');
      await writeFile(path.join(dir, damaged), content.slice(0, Math.floor(content.length / 2)));

      const embedder = countingEmbedder();
      const reopened = await open(embedder);
      assert.match(reopened.rebuildReason ?? '', new RegExp(damaged.replace('.', '\\.')));
      assert.equal((await reopened.stats()).rebuildReason, reopened.rebuildReason);
      assert.equal((await reopened.stats()).chunks, 0);
      await reopened.update(files);
      assert.equal(embedder.texts.length, totalChunks);
      assert.equal((await reopened.search('matcha')).results[0].file, 'travel/kyoto.org');
      assert.equal((await open(countingEmbedder())).rebuildReason, undefined, 'the rebuilt index opens cleanly');
    });
  }

  it('opens with a damaged chunk text, refuses that text when it is read, and rebuilds from the notes at the next update', async () => {
    await (await open(countingEmbedder())).update(files);
    const segment = path.join(indexDirFor(workspace, home), 'chunks.seg');
    const bytes = await readFile(segment);
    const at = bytes.indexOf('atcha'); // in the text block, which comes before the table
    await writeFile(segment, Buffer.from(bytes.map((b, i) => (i === at ? b ^ 1 : b))));

    const embedder = countingEmbedder();
    const reopened = await open(embedder);
    assert.equal(reopened.rebuildReason, undefined, 'opening reads no text');
    await assert.rejects(reopened.search('matcha', { tier: 'keyword' }), /chunks\.seg could not be read .*checksum.*rebuilt/);
    assert.match(reopened.pendingRebuild ?? '', /chunks\.seg/);
    await reopened.update(files);
    assert.equal(reopened.pendingRebuild, undefined);
    assert.equal((await reopened.search('matcha', { tier: 'keyword' })).results[0].file, 'travel/kyoto.org');
  });

  it('opens a version 1 bm25.seg (postings document after document), converts it once and embeds nothing again', async () => {
    await (await open(countingEmbedder())).update(files);
    const segment = path.join(indexDirFor(workspace, home), 'bm25.seg');
    await writeFile(segment, versionOneBm25Segment(decodeBm25Segment(await readFile(segment))));
    assert.equal(bm25SegmentVersion(await readFile(segment)), 1);

    const embedder = countingEmbedder();
    const log: string[] = [];
    const reopened = await open(embedder, { log: (_level, message) => log.push(message) });
    assert.equal(reopened.rebuildReason, undefined);
    assert.match(log.join('\n'), /converting bm25\.seg to its version 2/);
    assert.equal(bm25SegmentVersion(await readFile(segment)), 2);
    assert.equal((await reopened.search('matcha', { tier: 'keyword' })).results[0]?.file, 'travel/kyoto.org');
    await reopened.update(files);
    assert.equal(embedder.texts.length, 0, 'nothing embedded again');
  });

  it('reads a changed note again when it chunks it: one gone since the scan is skipped with a warning, and indexed once it is back', async () => {
    const gone = files[0]!;
    const text = await readFile(path.join(workspace, gone), 'utf8');
    const log: string[] = [];
    const index = await open(countingEmbedder(), { log: (_level, message) => log.push(message) });
    const result = await index.update(files, {
      onProgress: (p) => {
        if (p.phase === 'scanning' && p.done === p.total && existsSync(path.join(workspace, gone))) unlinkSync(path.join(workspace, gone));
      },
    });
    assert.equal(result.filesAdded, files.length, 'the scan had read and hashed it');
    assert.match(log.join('\n'), new RegExp(`could not read ${gone.replace(/[.]/g, '\\.')} .*skipped`));
    assert.equal((await index.stats()).files, files.length - 1);
    assert.equal((await index.stats()).chunks, totalChunks - chunkNote(gone, text).length);

    await writeFile(path.join(workspace, gone), text);
    await index.update(files);
    assert.equal((await index.stats()).files, files.length);
    assert.equal((await index.stats()).chunks, totalChunks);
  });

  it('opens a version 2 chunks.seg (its table JSON), has the next update write it as version 3, and embeds nothing again', async () => {
    await (await open(countingEmbedder())).update(files);
    const segment = path.join(indexDirFor(workspace, home), 'chunks.seg');
    const saved = [...(await readChunkSegment(segment)).values()].map((c) => ({ ...c, text: c.text }));
    await writeFile(segment, versionTwoSegment(saved));
    assert.equal(await chunkSegmentVersion(segment), 2);

    const embedder = countingEmbedder();
    const log: string[] = [];
    const reopened = await open(embedder, { log: (_level, message) => log.push(message) });
    assert.equal(reopened.rebuildReason, undefined);
    assert.match(log.join('\n'), /chunks\.seg is in its version 2; the next update writes it as version 3/);
    assert.equal(await chunkSegmentVersion(segment), 2, 'opening writes nothing');
    assert.equal((await reopened.search('matcha', { tier: 'keyword' })).results[0]?.file, 'travel/kyoto.org');
    await reopened.update(files);
    assert.equal(await chunkSegmentVersion(segment), 3);
    assert.equal(embedder.texts.length, 0, 'nothing embedded again');
    assert.equal((await (await open(countingEmbedder())).search('matcha', { tier: 'keyword' })).results[0]?.file, 'travel/kyoto.org');
  });

  it('rebuilds when the embedding model changes', async () => {
    await (await open(countingEmbedder())).update(files);
    const other = countingEmbedder();
    const index = await NoteIndex.open({ folder: workspace, home, embed: other.embed, modelId: 'another-model' });
    assert.match(index.rebuildReason!, /test-bag-of-words-64 to another-model/);
    await index.update(files);
    assert.equal(other.texts.length, totalChunks);
  });

  it('re-analyses saved chunks when the BM25 settings change, without embedding', async () => {
    await (await open(countingEmbedder())).update(files);
    // Porter stemming folds "fermented" into "ferment"; without it only the exact word matches.
    assert.equal((await (await open()).search('fermented', { tier: 'keyword' })).results[0]?.file, 'kitchen/sourdough.md');
    const embedder = countingEmbedder();
    const exact = await open(embedder, { bm25: { analyzer: { stem: 'none' } } });
    assert.equal(exact.rebuildReason, undefined);
    assert.equal((await exact.search('fermented', { tier: 'keyword' })).results.length, 0);
    assert.equal((await exact.search('fermentation', { tier: 'keyword' })).results[0]?.file, 'kitchen/sourdough.md');
    await exact.update(files);
    assert.equal(embedder.texts.length, 0);
    const saved = decodeBm25Segment(await readFile(path.join(indexDirFor(workspace, home), 'bm25.seg')));
    assert.equal(saved.analyzer.stem, 'none', 'the re-analysed index was saved');
  });

  it('saves progress at checkpoints during a long update', async () => {
    const dir = indexDirFor(workspace, home);
    let manifestsSeen = 0;
    const embedder = countingEmbedder();
    const index = await open(
      {
        ...embedder,
        embed: async (texts, signal) => {
          if (existsSync(path.join(dir, 'manifest.json'))) manifestsSeen++;
          return embedder.embed(texts, signal);
        },
      },
      { checkpointMs: 0 },
    );
    await index.update(files);
    assert.ok(manifestsSeen >= Math.ceil(totalChunks / 2) - 1, `saved during the update (${manifestsSeen})`);
  });

  it('saves every checkpointChunks chunks cut, before embedding, so a first indexing holds few texts in memory', async () => {
    const dir = indexDirFor(workspace, home);
    const savedBeforeEmbedding: number[] = [];
    const vectorsSaved = new Set<number>();
    const embedder = countingEmbedder();
    const index = await open(
      {
        ...embedder,
        embed: async (texts, signal) => {
          const segment = await readFile(path.join(dir, 'vectors', 'vectors.seg'));
          vectorsSaved.add(decodeVectorSegmentHeader(segment, segment.length).header.count);
          if (savedBeforeEmbedding.length === 0) {
            const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, { chunkIds: string[] }> };
            savedBeforeEmbedding.push(Object.values(manifest.files).reduce((n, f) => n + f.chunkIds.length, 0));
          }
          return embedder.embed(texts, signal);
        },
      },
      { checkpointChunks: 3, checkpointMs: 3_600_000 },
    );
    await index.update(files);
    assert.ok(savedBeforeEmbedding[0]! >= totalChunks - 3, `the chunks were saved before the first embedding (${savedBeforeEmbedding[0]} of ${totalChunks})`);
    assert.ok(vectorsSaved.size >= Math.floor(totalChunks / 4), `vectors saved every few chunks while embedding (${[...vectorsSaved].join(', ')})`);
    assert.equal(embedder.texts.length, totalChunks);
    assert.equal((await (await open(countingEmbedder())).stats()).vectors, totalChunks);
  });

  it('indexes and searches through the real Embedder with the tiny ONNX fixture model', async function () {
    // Without the shared MiniLM tokenizer the generator fails, saying where it looked: a failure,
    // not a skip, so that a machine without ../shared cannot pass this test by not running it.
    if (!existsSync(path.join(TINY_MODEL, 'onnx', 'model_quantized.onnx'))) execFileSync(process.execPath, [TINY_GENERATOR], { stdio: 'pipe' });
    const embedder = new Embedder({ modelDir: TINY_MODEL, threads: 1 });
    let embedded = 0;
    const index = await NoteIndex.open({
      folder: workspace,
      home,
      modelId: 'tiny-minilm-fixture',
      embed: async (texts, signal) => {
        embedded += texts.length;
        return (await embedder.embed(texts, signal ? { signal } : {})).vectors;
      },
    });
    try {
      const result = await index.update(files);
      assert.equal(result.chunksEmbedded, totalChunks);
      const stats = await index.stats();
      assert.equal(stats.vectors, totalChunks);
      const dense = await index.search('sourdough', { tier: 'dense', k: 3 });
      assert.equal(dense.tier, 'dense');
      assert.equal(dense.results.length, 3);
      const hybrid = await index.search('sourdough', { k: 3 });
      assert.equal(hybrid.tier, 'hybrid');
      assert.equal(hybrid.results[0].file, 'kitchen/sourdough.md');
      assert.equal(embedded, totalChunks + 2);
    } finally {
      await embedder.dispose();
    }
  });
});
