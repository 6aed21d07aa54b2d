// The notes' embedding source follows the tier order and then sticks to a server that stops
// answering, because every change of source rebuilds the whole index.
import assert from 'node:assert/strict';
import { chooseEmbeddingSource } from '../../../src/inference/notes/chooseEmbeddingSource';
import { IN_PROCESS_EMBEDDING, type ServerEmbedding } from '../../../src/inference/notes/embeddingSource';
import type { LocalServerClient } from '../../../src/inference/localServer/localServerClient';

const server = (model: string): ServerEmbedding => ({ client: { url: 'http://127.0.0.1:11434' } as LocalServerClient, model, id: 'ollama' });
const nomic = server('nomic-embed-text');

describe('notes embedding source', () => {
  it('the worker\'s own model first when the tier order says so and it is there', () => {
    assert.equal(chooseEmbeddingSource({ server: nomic, lastServer: undefined, inProcessAvailable: true, serverFirst: false }), IN_PROCESS_EMBEDDING);
  });

  it('the server when the worker has no embedding model, or when the order puts the server first', () => {
    assert.equal(chooseEmbeddingSource({ server: nomic, lastServer: undefined, inProcessAvailable: false, serverFirst: false }), nomic);
    assert.equal(chooseEmbeddingSource({ server: nomic, lastServer: undefined, inProcessAvailable: true, serverFirst: true }), nomic);
  });

  it('a server that stops answering stays the source instead of switching the index to another model', () => {
    assert.equal(chooseEmbeddingSource({ server: undefined, lastServer: nomic, inProcessAvailable: true, serverFirst: true }), nomic);
    assert.equal(chooseEmbeddingSource({ server: undefined, lastServer: nomic, inProcessAvailable: false, serverFirst: false }), nomic);
  });

  it('no server now and none before: the worker\'s own model (keywords when it is missing too)', () => {
    assert.equal(chooseEmbeddingSource({ server: undefined, lastServer: undefined, inProcessAvailable: false, serverFirst: true }), IN_PROCESS_EMBEDDING);
  });

  it('a server answering now wins over the one chosen before', () => {
    const other = server('mxbai-embed-large');
    assert.equal(chooseEmbeddingSource({ server: other, lastServer: nomic, inProcessAvailable: false, serverFirst: false }), other);
  });
});
