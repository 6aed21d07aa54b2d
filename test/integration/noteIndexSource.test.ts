// A NoteIndex made by one embedding source and opened with another: vectors come from a FakeOllama
// on 127.0.0.1 (its real /api/embed wire format, through the worker's Ollama client) and from an
// in-process stand-in. The index records which source made it, rebuilds aside with progress when
// the source changes, never embeds a query with another source, and keeps the old index whole
// when the rebuild fails or is paused.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NoteIndexProgress } from '../../src/core/notes/searchTypes';
import { localSourceId } from '../../src/core/notes/embeddingSourceId';
import { Embedder } from '../../src/inference/embedder';
import { NoteScope } from '../../src/inference/features/notes/noteScope';
import { createLocalServerClient } from '../../src/inference/localServer/createClient';
import { serverEmbedding, type SourceEmbedding } from '../../src/inference/notes/embeddingSource';
import { NoteIndex, indexDirFor, type EmbedFunction } from '../../src/inference/notes/noteIndex';
import { fakeEmbedding } from '../support/fakeModelServer';
import { FakeOllama } from '../support/fakeOllama';

const FIXTURE = path.resolve(__dirname, '../fixtures/notes-workspace');
const TINY_MODEL = path.resolve(__dirname, '../fixtures/generated/tiny-minilm');
const TINY_GENERATOR = path.resolve(__dirname, '../fixtures/make-tiny-embedder.mjs');
const SERVER_MODEL = 'nomic-embed-text';
const OTHER_SERVER_MODEL = 'mxbai-embed-large';
const IN_PROCESS_DIM = 16;

/** Counts what a source embedded, apart for the indexing and for queries (one text without a blank line). */
interface CountedSource extends SourceEmbedding {
  chunks: number;
  queries: number;
}

function counted(source: SourceEmbedding, beforeEach?: () => Promise<void> | void): CountedSource {
  const counts: CountedSource = {
    ...source,
    chunks: 0,
    queries: 0,
    embed: async (texts, signal) => {
      await beforeEach?.();
      const vectors = await source.embed(texts, signal);
      if (texts.length === 1 && !texts[0]!.includes('\n\n')) counts.queries++;
      else counts.chunks += texts.length;
      return vectors;
    },
  };
  return counts;
}

/** Stands in for the in-process model: deterministic, another length than the fake server's vectors. */
function inProcessStandIn(): SourceEmbedding {
  const embed: EmbedFunction = async (texts) => texts.map((t) => fakeEmbedding(t, IN_PROCESS_DIM));
  return { sourceId: localSourceId('tiny-minilm/q8@1234'), embed };
}

describe('NoteIndex embedding sources (integration, FakeOllama on 127.0.0.1)', function () {
  this.timeout(60_000);
  let workspace: string;
  let home: string;
  let files: string[];
  let server: FakeOllama;

  const serverSource = (model = SERVER_MODEL): SourceEmbedding =>
    serverEmbedding({ client: createLocalServerClient('ollama', { url: server.url, embeddingModel: model }), model, id: `ollama@${server.url}` });

  const open = (source: SourceEmbedding) =>
    NoteIndex.open({ folder: workspace, home, modelId: source.sourceId, embed: source.embed, embedBatchSize: 2 });

  const manifestText = () => readFile(path.join(indexDirFor(workspace, home), 'manifest.json'), 'utf8');

  beforeEach(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'lf-notesource-'));
    workspace = path.join(base, 'workspace');
    home = path.join(base, 'home');
    await cp(FIXTURE, workspace, { recursive: true });
    files = await new NoteScope(workspace).list();
    server = new FakeOllama({ models: [{ name: SERVER_MODEL, embedding: true }, { name: OTHER_SERVER_MODEL, embedding: true }] });
    await server.start();
  });

  afterEach(async () => {
    await server.close().catch(() => undefined);
    await rm(path.dirname(workspace), { recursive: true, force: true });
  });

  it('indexes through the server, records its id and dimension, and searches with it', async () => {
    const source = counted(serverSource());
    const index = await open(source);
    const result = await index.update(files);
    assert.ok(result.chunksEmbedded > 0);
    assert.equal(source.chunks, result.chunksEmbedded);
    assert.ok(server.requests.some((r) => r.path === '/api/embed' && r.body.model === SERVER_MODEL), 'the server embedded the chunks');
    const stats = await index.stats();
    assert.equal(stats.modelId, `server:${server.url}#${SERVER_MODEL}`);
    assert.equal(stats.dimension, 8);
    assert.equal(stats.vectors, stats.chunks);
    const answer = await index.search('sourdough starter', { k: 3 });
    assert.equal(answer.tier, 'hybrid');
    assert.ok(answer.results.length > 0);
    assert.equal(source.queries, 1, 'the query was embedded by the server');
  });

  it('rebuilds aside with progress when the source changes, searching by keyword meanwhile', async () => {
    await (await open(serverSource())).update(files);
    const before = await manifestText();
    const local = counted(inProcessStandIn());
    const index = await open(local);
    assert.match(index.pendingRebuild ?? '', /changed from server:.*#nomic-embed-text to local:tiny-minilm/);
    assert.equal(await manifestText(), before, 'opening leaves the old index as it was');

    const meanwhile = await index.search('sourdough starter', { k: 3 });
    assert.equal(meanwhile.tier, 'keyword');
    assert.match(meanwhile.fallbackReason ?? '', /being rebuilt: the embedding model changed/);
    assert.ok(meanwhile.results.length > 0, 'keyword results while the rebuild waits');
    assert.equal(local.queries, 0, 'the query is never embedded by another source than the index');

    const progress: NoteIndexProgress[] = [];
    await index.update(files, { onProgress: (p) => progress.push(p) });
    const embedding = progress.filter((p) => p.phase === 'embedding');
    assert.ok(embedding.length > 0 && embedding.every((p) => /changed from server:.* to local:/.test(p.rebuilding ?? '')), 'every progress event says why');
    const stats = await index.stats();
    assert.equal(stats.modelId, local.sourceId);
    assert.equal(stats.dimension, IN_PROCESS_DIM);
    assert.equal(stats.vectors, stats.chunks);
    assert.equal(stats.pendingRebuild, undefined);
    assert.equal(local.chunks, stats.chunks, 'every chunk embedded once, by the new source');

    const after = await index.search('sourdough starter', { k: 3 });
    assert.equal(after.tier, 'hybrid');
    assert.equal(local.queries, 1);
    const reopened = await open(inProcessStandIn());
    assert.equal(reopened.pendingRebuild, undefined, 'the rebuilt index opens as saved');
  });

  it('a server that dies mid-rebuild leaves the old index whole and usable', async () => {
    const local = inProcessStandIn();
    await (await open(local)).update(files);
    const before = await manifestText();
    let calls = 0;
    const dying = counted(serverSource(), async () => {
      if (++calls === 2) await server.close();
    });
    const index = await open(dying);
    await assert.rejects(index.update(files), (err: Error & { code?: string }) => err.code === 'local-server');
    assert.equal(await manifestText(), before, 'the old manifest was not touched');
    assert.match(index.pendingRebuild ?? '', /changed from local:/);
    const meanwhile = await index.search('sourdough starter', { k: 3 });
    assert.equal(meanwhile.tier, 'keyword');
    assert.ok(meanwhile.results.length > 0);

    // Back on the old source: its vectors serve at once, and the half-made rebuild is dropped.
    const back = counted(local);
    const old = await open(back);
    assert.equal(old.pendingRebuild, undefined);
    const answer = await old.search('sourdough starter', { k: 3 });
    assert.equal(answer.tier, 'hybrid');
    assert.equal((await old.update(files)).chunksEmbedded, 0, 'nothing to embed again');
    assert.equal(back.chunks, 0);
  });

  it('a paused rebuild keeps the old index and continues where it stopped', async () => {
    await (await open(inProcessStandIn())).update(files);
    const before = await manifestText();
    const controller = new AbortController();
    const other = counted(serverSource(OTHER_SERVER_MODEL), () => {
      if (other.chunks >= 2) controller.abort();
    });
    const index = await open(other);
    await assert.rejects(index.update(files, { signal: controller.signal }), (err: Error & { code?: string }) => err.code === 'cancelled');
    assert.equal(await manifestText(), before);
    const embeddedBeforePause = other.chunks;
    assert.ok(embeddedBeforePause > 0);

    const resumed = counted(serverSource(OTHER_SERVER_MODEL));
    const again = await open(resumed);
    await again.update(files);
    const stats = await again.stats();
    assert.equal(stats.modelId, `server:${server.url}#${OTHER_SERVER_MODEL}`);
    assert.equal(resumed.chunks, stats.chunks - embeddedBeforePause, 'only what the pause left was embedded');
  });

  it('rebuilds when the same source starts giving vectors of another length', async () => {
    const source = serverSource();
    await (await open(source)).update(files);
    const longer: SourceEmbedding = { sourceId: source.sourceId, embed: async (texts) => texts.map((t) => fakeEmbedding(t, 24)) };
    const index = await open(longer);
    const search = await index.search('sourdough starter', { k: 3 });
    assert.equal(search.tier, 'keyword');
    assert.match(search.fallbackReason ?? '', /24 dimensions, the index holds 8/);

    await writeFile(path.join(workspace, 'kitchen', 'bread.md'), '# Rye\n\nA dense rye loaf with caraway.\n');
    const progress: NoteIndexProgress[] = [];
    await index.update([...files, 'kitchen/bread.md'], { onProgress: (p) => progress.push(p) });
    assert.ok(progress.some((p) => /24 dimensions, not 8/.test(p.rebuilding ?? '')));
    const stats = await index.stats();
    assert.equal(stats.dimension, 24);
    assert.equal(stats.vectors, stats.chunks);
    assert.equal((await index.search('rye loaf', { k: 3 })).tier, 'hybrid');
  });

  it('reads an index written before sources were recorded as made by the in-process model', async () => {
    const local = inProcessStandIn();
    const bareName = local.sourceId.slice('local:'.length);
    await (await NoteIndex.open({ folder: workspace, home, modelId: bareName, embed: local.embed })).update(files);
    const manifest = JSON.parse(await manifestText());
    delete manifest.dimension;
    await writeFile(path.join(indexDirFor(workspace, home), 'manifest.json'), JSON.stringify(manifest));

    const now = counted(local);
    const index = await open(now);
    assert.equal(index.pendingRebuild, undefined);
    assert.equal((await index.update(files)).chunksEmbedded, 0);
    assert.equal((await index.search('sourdough starter', { k: 3 })).tier, 'hybrid');
    assert.equal(now.chunks, 0);
  });

  it('finishes a swap that a crash interrupted, when the index is next opened', async () => {
    await (await open(inProcessStandIn())).update(files);
    // The rebuilt index, made apart, stands where a rebuild leaves it, marked complete.
    const rebuiltHome = path.join(path.dirname(home), 'rebuilt-home');
    const source = counted(serverSource());
    await (await NoteIndex.open({ folder: workspace, home: rebuiltHome, modelId: source.sourceId, embed: source.embed })).update(files);
    const dir = indexDirFor(workspace, home);
    const rebuilt = path.join(dir, 'rebuild');
    await cp(indexDirFor(workspace, rebuiltHome), rebuilt, { recursive: true });
    await writeFile(path.join(rebuilt, 'complete'), 'now');
    // The crash came after the old manifest was removed and the vectors were moved.
    await rm(path.join(dir, 'manifest.json'));
    await rm(path.join(dir, 'vectors'), { recursive: true });
    await rename(path.join(rebuilt, 'vectors'), path.join(dir, 'vectors'));

    const embeddedBefore = source.chunks;
    const index = await open(source);
    const stats = await index.stats();
    assert.equal(stats.modelId, source.sourceId);
    assert.equal(stats.pendingRebuild, undefined);
    assert.equal(stats.vectors, stats.chunks);
    assert.equal((await index.update(files)).chunksEmbedded, 0);
    assert.equal(source.chunks, embeddedBefore, 'nothing embedded again');
    assert.equal((await index.search('sourdough starter', { k: 3 })).tier, 'hybrid');
  });

  it('rebuilds a server-made index with the real in-process Embedder on the tiny ONNX fixture model', async () => {
    // Without ../shared the generator fails, saying where it looked: a failure, not a skip.
    if (!existsSync(path.join(TINY_MODEL, 'onnx', 'model_quantized.onnx'))) execFileSync(process.execPath, [TINY_GENERATOR], { stdio: 'pipe' });
    await (await open(serverSource())).update(files);
    const embedder = new Embedder({ modelDir: TINY_MODEL, threads: 1 });
    try {
      const real = counted({ sourceId: localSourceId('tiny-minilm/q8'), embed: async (texts, signal) => (await embedder.embed(texts, signal ? { signal } : {})).vectors });
      const index = await open(real);
      assert.match(index.pendingRebuild ?? '', /from server:.* to local:tiny-minilm\/q8/);
      const progress: NoteIndexProgress[] = [];
      await index.update(files, { onProgress: (p) => progress.push(p) });
      assert.ok(progress.some((p) => p.phase === 'embedding' && p.rebuilding));
      const stats = await index.stats();
      assert.equal(stats.modelId, real.sourceId);
      assert.notEqual(stats.dimension, 8, "the fixture model's own length, not the server's");
      assert.equal(stats.vectors, stats.chunks);
      const answer = await index.search('sourdough', { k: 3 });
      assert.equal(answer.tier, 'hybrid');
      assert.equal(answer.results[0]?.file, 'kitchen/sourdough.md');
    } finally {
      await embedder.dispose();
    }
  });
});
