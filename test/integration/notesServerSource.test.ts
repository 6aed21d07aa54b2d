// The notes feature (FolderIndexes, the real Orchestrator's tiers) with its embedding source
// injected, as the worker will give it: a FakeOllama's embedding model on 127.0.0.1. Indexing and
// search go through the server; another model rebuilds the index with progress that says why; a
// server that is gone leaves search on keywords, with the reason, never on another model.

import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProgressParams } from '../../src/core/protocol';
import type { FeatureHost } from '../../src/inference/featureHost';
import { FolderIndexes } from '../../src/inference/features/notes/folderIndexes';
import { createLocalServerClient } from '../../src/inference/localServer/createClient';
import type { EmbeddingSource } from '../../src/inference/notes/embeddingSource';
import { Orchestrator } from '../../src/inference/orchestrator';
import { FakeOllama } from '../support/fakeOllama';

const FIXTURE = path.resolve(__dirname, '../fixtures/notes-workspace');
const NO_LOCAL_MODEL = 'the embedding model is not downloaded';

/** The part of the worker service FolderIndexes uses, around a real Orchestrator with no local model. */
function hostWithoutLocalModel(progress: ProgressParams[]): FeatureHost {
  const orchestrator = new Orchestrator({
    localAvailability: () => ({ available: false, loaded: false, reason: NO_LOCAL_MODEL }),
    probeCloud: async () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  const host = {
    tuning: {},
    log: () => undefined,
    status: () => ({ capabilities: orchestrator.status() }),
    modelPath: () => path.join(os.tmpdir(), 'no-such-model'),
    embed: () => Promise.reject(new Error('the in-process model must not be used')),
    runTiered: orchestrator.run.bind(orchestrator),
    progress: (p: ProgressParams) => progress.push(p),
  };
  return host as unknown as FeatureHost;
}

describe('notes feature with a model server as its embedding source (integration, FakeOllama)', function () {
  this.timeout(60_000);
  let folder: string;
  let server: FakeOllama;
  let source: EmbeddingSource;
  let progress: ProgressParams[];
  let indexes: FolderIndexes;
  const signal = new AbortController().signal;

  const useModel = (model: string): void => {
    source = { client: createLocalServerClient('ollama', { url: server.url, embeddingModel: model }), model, id: `ollama@${server.url}` };
  };

  beforeEach(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'lf-notes-server-'));
    folder = path.join(base, 'workspace');
    await cp(FIXTURE, folder, { recursive: true });
    process.env.LOCAL_FOCUS_HOME = path.join(base, 'home');
    server = new FakeOllama({ models: [{ name: 'nomic-embed-text', embedding: true }, { name: 'mxbai-embed-large', embedding: true }] });
    await server.start();
    useModel('nomic-embed-text');
    progress = [];
    indexes = new FolderIndexes(hostWithoutLocalModel(progress), { embeddingSource: () => source });
  });

  afterEach(async () => {
    await indexes.dispose();
    await server.close().catch(() => undefined);
    await rm(path.dirname(folder), { recursive: true, force: true });
    delete process.env.LOCAL_FOCUS_HOME;
  });

  it('indexes and searches through the server while the in-process model is missing', async () => {
    const indexed = await indexes.index({ folder }, signal);
    assert.ok(indexed.chunksEmbedded > 0);
    assert.deepEqual([indexed.tier, indexed.capabilityTier], ['hybrid', 'server']);
    assert.equal(indexed.stats.modelId, `server:${server.url}#nomic-embed-text`);
    const found = await indexes.search({ folder, query: 'sourdough starter', k: 3 }, signal);
    assert.deepEqual([found.tier, found.capabilityTier, found.reason], ['hybrid', 'server', undefined]);
    assert.ok(found.results.length > 0);
  });

  it('rebuilds with progress that says why when the server model changes', async () => {
    await indexes.index({ folder }, signal);
    useModel('mxbai-embed-large');
    const rebuilt = await indexes.index({ folder, requestId: 'r1' }, signal);
    const messages = progress.filter((p) => p.requestId === 'r1').map((p) => p.message);
    assert.ok(
      messages.some((m) => m?.startsWith(`Rebuilding: the embedding model changed from server:${server.url}#nomic-embed-text to server:${server.url}#mxbai-embed-large. Embedding`)),
      messages.join('\n'),
    );
    assert.equal(rebuilt.stats.modelId, `server:${server.url}#mxbai-embed-large`);
    assert.equal(rebuilt.stats.vectors, rebuilt.stats.chunks);
    assert.match(rebuilt.rebuildReason ?? '', /changed from .*nomic-embed-text/);
  });

  it('answers by keyword with the reason when the server is gone, never with another model', async () => {
    await indexes.index({ folder }, signal);
    await server.close();
    const found = await indexes.search({ folder, query: 'sourdough starter', k: 3 }, signal);
    assert.deepEqual([found.tier, found.capabilityTier], ['keyword', 'degraded']);
    assert.match(found.reason ?? '', /embedding model failed/);
    assert.ok(found.results.length > 0);
  });
});
