import assert from 'node:assert/strict';
import { isEmbeddingModel, modelsFromOllamaTags, modelsFromOpenAiList } from '../../../src/inference/localServer/modelListing';
import { clientFor, closeStartedFakes, rejectsWith, signal, startFake } from './serverFixtures';

describe('local server model listing', function () {
  this.timeout(30_000);
  afterEach(closeStartedFakes);

  it('reads Ollama /api/tags: name, size, family, parameter size, quantization and role', function () {
    const models = modelsFromOllamaTags({
      models: [
        { name: 'llama3.2:3b', size: 2019393189, details: { family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' } },
        { name: 'nomic-embed-text:latest', size: 274302450, details: { family: 'nomic-bert', parameter_size: '137M', quantization_level: 'F16' } },
        { name: 'all-minilm:latest', details: { family: 'bert' } },
        { name: 'custom:latest', details: { family: 'qwen2', families: ['qwen2', 'bert'] } },
        { details: { family: 'llama' } },
        'junk',
      ],
    });
    assert.deepEqual(models, [
      { name: 'llama3.2:3b', role: 'chat', size: 2019393189, family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M' },
      { name: 'nomic-embed-text:latest', role: 'embedding', size: 274302450, family: 'nomic-bert', parameterSize: '137M', quantization: 'F16' },
      { name: 'all-minilm:latest', role: 'embedding', family: 'bert' },
      { name: 'custom:latest', role: 'embedding', family: 'qwen2' },
    ]);
    assert.equal(modelsFromOllamaTags({ data: [] }), undefined);
    assert.equal(modelsFromOllamaTags('<html>'), undefined);
  });

  it('reads OpenAI /v1/models ids and tells embedding models by name', function () {
    assert.deepEqual(modelsFromOpenAiList({ object: 'list', data: [{ id: 'qwen2.5-7b-instruct' }, { id: 'text-embedding-nomic-embed-text-v1.5' }, { id: 7 }] }), [
      { name: 'qwen2.5-7b-instruct', role: 'chat' },
      { name: 'text-embedding-nomic-embed-text-v1.5', role: 'embedding' },
    ]);
    assert.equal(modelsFromOpenAiList({ models: [] }), undefined);
  });

  it('tells embedding models apart by name or family', function () {
    assert.equal(isEmbeddingModel('mxbai-embed-large'), true);
    assert.equal(isEmbeddingModel('bge-m3'), true);
    assert.equal(isEmbeddingModel('llama3.2'), false);
    assert.equal(isEmbeddingModel('x', ['jina-bert-v2']), true);
    assert.equal(isEmbeddingModel('x', ['gemma2']), false);
  });

  it('lists the models of a running Ollama and of an OpenAI-compatible server', async function () {
    const ollamaFake = await startFake('ollama');
    const ollama = await clientFor('ollama', ollamaFake.url).models(signal());
    assert.deepEqual(
      ollama.map((m) => [m.name, m.role, m.family, m.parameterSize, m.quantization]),
      [
        ['chat-model', 'chat', 'llama', '3.2B', 'Q4_K_M'],
        ['nomic-embed-text', 'embedding', 'nomic-bert', '137M', 'F16'],
      ],
    );
    const lmStudio = await startFake('openai-compatible', {}, 'lm-studio');
    assert.deepEqual(await clientFor('openai-compatible', lmStudio.url).models(signal()), [
      { name: 'chat-model', role: 'chat' },
      { name: 'nomic-embed-text', role: 'embedding' },
    ]);
  });

  it('a server without the list, or with a list of another shape, is a server error', async function () {
    const fake = await startFake('ollama');
    // The fake Ollama has no /v1/models: a 404 that does not mention a model.
    await rejectsWith(clientFor('openai-compatible', fake.url).models(signal()), 'server-error', /HTTP 404/);
    const otherShape = (async () => Response.json({ items: [] })) as typeof fetch;
    await rejectsWith(clientFor('ollama', fake.url, { fetchImpl: otherShape }).models(signal()), 'server-error', /no model list/);
    await rejectsWith(clientFor('openai-compatible', fake.url, { fetchImpl: otherShape }).models(signal()), 'server-error', /no model list/);
  });
});
