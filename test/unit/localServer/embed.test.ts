import assert from 'node:assert/strict';
import { fakeEmbedding } from '../../support/fakeModelServer';
import { clientFor, closeStartedFakes, KINDS, rejectsWith, signal, startFake } from './serverFixtures';

describe('local server embeddings', function () {
  this.timeout(30_000);
  afterEach(closeStartedFakes);

  for (const kind of KINDS) {
    it(`${kind}: one vector per text, in the order of the texts`, async function () {
      const fake = await startFake(kind);
      const texts = ['alpha notes', 'beta', 'gamma ray'];
      const vectors = await clientFor(kind, fake.url).embed(texts, signal());
      assert.deepEqual(vectors, texts.map((t) => fakeEmbedding(t)));
      const path = kind === 'ollama' ? '/api/embed' : '/v1/embeddings';
      assert.deepEqual(fake.last(path)!.body, { model: 'nomic-embed-text', input: texts });
    });

    it(`${kind}: no texts, no request`, async function () {
      const fake = await startFake(kind);
      assert.deepEqual(await clientFor(kind, fake.url).embed([], signal()), []);
      assert.equal(fake.requests.length, 0);
    });

    it(`${kind}: a failing server is classified`, async function () {
      const fake = await startFake(kind, { behaviour: 'error-500' });
      await rejectsWith(clientFor(kind, fake.url).embed(['a'], signal()), 'server-error', /HTTP 500/);
      fake.config.behaviour = 'context-too-small';
      await rejectsWith(clientFor(kind, fake.url).embed(['a'], signal()), 'context-too-small');
    });
  }

  it('ollama: a chat model asked to embed is unsupported', async function () {
    const fake = await startFake('ollama');
    await rejectsWith(clientFor('ollama', fake.url, { embeddingModel: 'chat-model' }).embed(['a'], signal()), 'unsupported', /does not support embeddings/);
  });

  it('llama-server started without --embeddings is unsupported (HTTP 501)', async function () {
    const fake = await startFake('openai-compatible', {}, 'llama-server');
    await rejectsWith(clientFor('openai-compatible', fake.url, { embeddingModel: 'chat-model' }).embed(['a'], signal()), 'unsupported', /--embeddings/);
  });
});
