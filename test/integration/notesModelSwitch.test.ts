// Switching the notes embedding model (localFocus.models.embeddings, set by the Model Manager's "Use
// for Notes search" to a catalog model's folder) through the real worker process: the index made
// with the first model is rebuilt aside with the second, reporting progress as notes/index partial
// results; keyword search answers throughout, with the reason, and search by meaning returns once
// the rebuild is whole. A pause mid-rebuild keeps what was embedded, and the next run continues.
// The two models are the tiny MiniLM-shaped fixture model under two folder names, as two catalog
// models are two folders: the folder names the embedding source the index records.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexDirFor } from '../../src/inference/notes/noteIndex';
import { assertBuilt, startRealWorker, type RealWorker } from '../support/realWorker';
import { partials, waitFor } from '../support/notesProgress';
import { repoRoot as repo } from '../support/sharedModels.cjs';
import { makeTinyEmbedder, tinyEmbedderDir } from '../support/tinyEmbedder';

const FIXTURE_WORKSPACE = path.join(repo, 'test', 'fixtures', 'notes-workspace');
const FIRST_MODEL = 'all-MiniLM-L6-v2';
const SECOND_MODEL = 'paraphrase-multilingual-MiniLM-L12-v2';
/** Filler notes of two chunks each: enough batches to pause in the middle of the rebuild. */
const FILLER_NOTES = 300;

function workspaceWithFiller(into: string): string {
  const ws = path.join(into, 'notes');
  fs.cpSync(FIXTURE_WORKSPACE, ws, { recursive: true });
  fs.mkdirSync(path.join(ws, 'filler'));
  for (let i = 0; i < FILLER_NOTES; i++) {
    fs.writeFileSync(path.join(ws, 'filler', `note-${i}.md`), `# Filler ${i}\n\nLedger entry ${i} about copper and quartz.\n\n## Part two\n\nWillow ${i} by the harbor.\n`);
  }
  return ws;
}

describe('switching the notes embedding model (real worker process, two tiny models)', function () {
  this.timeout(180_000);
  let tmp: string;
  let ws: string;
  let h: RealWorker;

  before(async function () {
    assertBuilt();
    makeTinyEmbedder();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-modelswitch-'));
    const home = path.join(tmp, 'home');
    for (const name of [FIRST_MODEL, SECOND_MODEL]) fs.cpSync(tinyEmbedderDir, path.join(home, 'models', name), { recursive: true });
    ws = workspaceWithFiller(tmp);
    h = await startRealWorker({ home, config: { models: { embeddings: FIRST_MODEL } } });
  });

  after(async function () {
    await h?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('re-embeds every chunk with the new model, with progress, keyword search answering until it is whole', async function () {
    const first = await h.client.request('notes/index', { folder: ws });
    assert.equal(first.tier, 'hybrid');
    const total = first.stats.chunks;
    assert.equal(first.stats.vectors, total);
    assert.match(first.stats.modelId ?? '', new RegExp(`^local:${FIRST_MODEL}/q8@\\d+$`));

    // The user picks the other model: the worker gets the setting, the index still holds the first model's vectors.
    await h.reconfigure({ ...h.config, models: { embeddings: SECOND_MODEL } });
    const before = await h.client.request('notes/stats', { folder: ws });
    assert.equal(before.tier, 'keyword');
    assert.match(before.reason ?? '', new RegExp(`being rebuilt: the embedding model changed from local:${FIRST_MODEL}/q8@\\d+ to local:${SECOND_MODEL}/q8@\\d+`));
    assert.equal(before.stats.chunks, total, 'the old chunks stay searchable');

    // The rebuild starts, and is paused part way.
    const running = h.client.request('notes/index', { folder: ws, requestId: 'switch', background: true });
    await waitFor(() => partials(h, 'switch').some((p) => p.phase === 'embedding' && p.done > 0), 60_000, 'the re-embedding to start');
    assert.deepEqual((await h.client.request('notes/pause', { folder: ws })).paused, [ws]);
    const paused = await running;
    assert.equal(paused.paused, true);
    assert.ok(paused.pendingChunks! > 0 && paused.pendingChunks! < total, `pending ${paused.pendingChunks} of ${total}`);

    // Meanwhile: keyword results, with the reason, from the index the first model made.
    const meanwhile = await h.client.request('notes/search', { folder: ws, query: 'sourdough starter' });
    assert.equal(meanwhile.tier, 'keyword');
    assert.equal(meanwhile.capabilityTier, 'degraded');
    assert.match(meanwhile.reason ?? '', /being rebuilt: the embedding model changed/);
    assert.equal(meanwhile.results[0]?.file, 'kitchen/sourdough.md');
    assert.equal(meanwhile.indexed.chunks, total);

    // The next run continues where the pause stopped, and swaps the rebuilt index in.
    const rest = await h.client.request('notes/index', { folder: ws, requestId: 'resume' });
    assert.equal(rest.paused, undefined);
    assert.equal(rest.chunksEmbedded, paused.pendingChunks, 'only what the pause left is embedded');
    assert.equal(rest.tier, 'hybrid');
    assert.match(rest.stats.modelId ?? '', new RegExp(`^local:${SECOND_MODEL}/q8@\\d+$`));
    assert.equal(rest.stats.vectors, rest.stats.chunks);
    assert.equal(rest.stats.chunks, total);
    assert.equal(rest.stats.pendingRebuild, undefined);

    const embedding = [...partials(h, 'switch'), ...partials(h, 'resume')].filter((p) => p.phase === 'embedding');
    assert.ok(embedding.length >= 4, `progress events: ${embedding.length}`);
    assert.ok(embedding.every((p) => /changed from local:.* to local:paraphrase-multilingual/.test(p.rebuilding ?? '')), 'every progress event says why');
    assert.equal(embedding.filter((p) => p.done === p.total && p.done > 0).at(-1)?.total, paused.pendingChunks, 'the resumed run counts what was left');
    assert.ok(h.progress.some((p) => p.requestId === 'resume' && /^Rebuilding: /.test(p.message ?? '')), 'the progress message says it is a rebuild');

    const manifest = JSON.parse(fs.readFileSync(path.join(indexDirFor(ws, h.home), 'manifest.json'), 'utf8')) as { modelId: string };
    assert.equal(manifest.modelId, rest.stats.modelId, 'the manifest on disk names the new model');

    const after = await h.client.request('notes/search', { folder: ws, query: 'sourdough starter' });
    assert.equal(after.tier, 'hybrid');
    assert.equal(after.capabilityTier, 'local');
    assert.equal(after.reason, undefined);
    assert.ok(after.results.length > 0);
  });
});
