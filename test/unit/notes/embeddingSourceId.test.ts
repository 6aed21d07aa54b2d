import assert from 'node:assert/strict';
import { embeddingChangeReason, localSourceId, normalizedSourceId, sameSource, serverSourceId } from '../../../src/core/notes/embeddingSourceId';
import { createManifest, parseManifest, rebuildReason } from '../../../src/core/notes/manifest';

describe('embedding source ids', () => {
  it('say what made the vectors: the in-process model, or a server and its model', () => {
    assert.equal(localSourceId('all-MiniLM-L6-v2/q8@23000000'), 'local:all-MiniLM-L6-v2/q8@23000000');
    assert.equal(serverSourceId('http://127.0.0.1:11434/', 'nomic-embed-text'), 'server:http://127.0.0.1:11434#nomic-embed-text');
  });

  it('read a bare model name, recorded before sources were named, as the in-process model', () => {
    assert.equal(normalizedSourceId('all-MiniLM-L6-v2/q8@5'), 'local:all-MiniLM-L6-v2/q8@5');
    assert.equal(normalizedSourceId('server:http://h:1#m'), 'server:http://h:1#m');
    assert.ok(sameSource('all-MiniLM-L6-v2/q8@5', 'local:all-MiniLM-L6-v2/q8@5'));
    assert.ok(!sameSource('m', 'server:http://h:1#m'));
  });
});

describe('embeddingChangeReason', () => {
  const server = serverSourceId('http://127.0.0.1:11434', 'nomic-embed-text');
  const local = localSourceId('all-MiniLM-L6-v2/q8@5');

  it('asks for a rebuild when another source would extend or search the vectors, saying from what to what', () => {
    assert.equal(embeddingChangeReason({ sourceId: server, dimension: 768 }, { sourceId: local }), `the embedding model changed from ${server} to ${local}`);
    const otherModel = serverSourceId('http://127.0.0.1:11434', 'mxbai-embed-large');
    assert.match(embeddingChangeReason({ sourceId: server }, { sourceId: otherModel })!, /nomic-embed-text to .*mxbai-embed-large/);
    const otherServer = serverSourceId('http://127.0.0.1:1234', 'nomic-embed-text');
    assert.ok(embeddingChangeReason({ sourceId: server }, { sourceId: otherServer }), 'the same model name on another server is another source');
  });

  it('asks for a rebuild when the same source gives vectors of another length', () => {
    assert.match(embeddingChangeReason({ sourceId: server, dimension: 768 }, { sourceId: server, dimension: 1024 })!, /1024 dimensions, not 768/);
    assert.equal(embeddingChangeReason({ sourceId: server, dimension: 768 }, { sourceId: server, dimension: 768 }), undefined);
    assert.equal(embeddingChangeReason({ sourceId: server }, { sourceId: server, dimension: 768 }), undefined, 'an unrecorded length is learnt, not a change');
  });

  it('never asks for one without vectors or for a keyword-only open', () => {
    assert.equal(embeddingChangeReason({ sourceId: null }, { sourceId: local }), undefined);
    assert.equal(embeddingChangeReason({ sourceId: server, dimension: 768 }, { sourceId: null }), undefined);
  });

  it('keeps an index written before sources were recorded when the in-process model still makes it', () => {
    const legacy = createManifest('/ws', 'all-MiniLM-L6-v2/q8@5', 1);
    assert.equal(rebuildReason(legacy, { modelId: local, chunkerVersion: 1 }), undefined);
    assert.match(rebuildReason(legacy, { modelId: server, chunkerVersion: 1 })!, /from all-MiniLM-L6-v2\/q8@5 to server:/);
  });
});

describe('the manifest records the vectors\' dimension', () => {
  it('accepts a manifest with or without it, and refuses a nonsense one', () => {
    const manifest = createManifest('/ws', 'local:m', 1);
    assert.equal(parseManifest(JSON.parse(JSON.stringify(manifest))).dimension, undefined);
    assert.equal(parseManifest({ ...manifest, dimension: 384 }).dimension, 384);
    assert.throws(() => parseManifest({ ...manifest, dimension: -1 }), /dimension/);
  });
});
