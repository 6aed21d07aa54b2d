// Set Up Local AI's choices: a trusted model server's first chat and embedding models, else the
// default downloads that fit the memory budget, one per model, without what is on disk or too big.
import assert from 'node:assert/strict';
import type { DetectedLocalServer } from '../../../src/core/localServerProtocol';
import type { ModelView, RoleAssignment } from '../../../src/core/modelsProtocol';
import { chooseDownloads, chooseServerModels } from '../../../src/extension/walkthrough/localAiChoice';

const server = (over: Partial<DetectedLocalServer>): DetectedLocalServer => ({ kind: 'ollama', url: 'http://127.0.0.1:11434', name: 'Ollama', models: [], local: true, ...over });

function model(id: string, over: Partial<ModelView> = {}): ModelView {
  return {
    id,
    name: id.toUpperCase(),
    state: 'not-downloaded',
    sizeBytes: 1_000_000_000,
    bytes: 0,
    memory: { verdict: 'fits', sentence: `${id} fits.` },
    ...over,
  } as ModelView;
}

const role = (r: RoleAssignment['role'], modelId: string, over: Partial<RoleAssignment> = {}): RoleAssignment => ({ role: r, label: r, path: `/m/${modelId}`, modelId, present: false, configured: false, ...over });

describe('Set Up Local AI choices', function () {
  it('takes the first Local server that has a chat model, with its first chat and embedding models', function () {
    const choice = chooseServerModels([
      server({ url: 'http://10.0.0.5:11434', local: false, models: [{ name: 'remote', role: 'chat' }] }),
      server({ name: 'LM Studio', url: 'http://127.0.0.1:1234', models: [{ name: 'nomic-embed', role: 'embedding' }] }),
      server({ models: [{ name: 'nomic-embed-text', role: 'embedding' }, { name: 'llama3.2:3b', role: 'chat' }, { name: 'qwen2.5:7b', role: 'chat' }, { name: 'bge-m3', role: 'embedding' }] }),
    ]);
    assert.equal(choice?.server.name, 'Ollama');
    assert.equal(choice?.chatModel, 'llama3.2:3b');
    assert.equal(choice?.embeddingModel, 'nomic-embed-text');
  });

  it('has no server choice without a Local server that can chat, and no embedding model when none is listed', function () {
    assert.equal(chooseServerModels(undefined), undefined);
    assert.equal(chooseServerModels([server({ local: false, models: [{ name: 'x', role: 'chat' }] })]), undefined, 'a server outside the trust rule');
    assert.equal(chooseServerModels([server({ models: [{ name: 'e', role: 'embedding' }] })]), undefined, 'embeddings only');
    const chatOnly = chooseServerModels([server({ models: [{ name: 'llama3.2:3b', role: 'chat' }] })]);
    assert.deepEqual(Object.keys(chatOnly!).sort(), ['chatModel', 'server']);
  });

  it('offers each default model once, for the roles left to the default, with the bytes still to fetch', function () {
    const { offers, tooBig, nothingToDo } = chooseDownloads({
      models: [model('llama-1b'), model('llama-3b', { memory: { verdict: 'tight', sentence: 'tight.' } as ModelView['memory'], state: 'paused', bytes: 400_000_000 }), model('minilm')],
      roles: [role('task-parsing', 'llama-1b'), role('review', 'llama-3b'), role('embeddings', 'minilm', { present: true })],
    });
    assert.deepEqual(offers.map((o) => [o.id, o.roles, o.sizeBytes, o.fitsEasily]), [
      ['llama-1b', 'Task parsing', 1_000_000_000, true],
      ['llama-3b', 'Code review', 600_000_000, false],
    ]);
    assert.deepEqual(tooBig, []);
    assert.equal(nothingToDo, false);
  });

  it('joins the roles of a model that serves two, and leaves out what does not fit, is downloading, or the user named', function () {
    const { offers, tooBig } = chooseDownloads({
      models: [model('llama-1b'), model('big', { memory: { verdict: 'too-big', sentence: 'no.' } as ModelView['memory'] }), model('minilm', { state: 'downloading' })],
      roles: [role('task-parsing', 'llama-1b'), role('review', 'llama-1b'), role('review', 'big'), role('embeddings', 'minilm'), role('task-parsing', 'mine', { configured: true })],
    });
    assert.deepEqual(offers.map((o) => [o.id, o.roles]), [['llama-1b', 'Task parsing, Code review']]);
    assert.deepEqual(tooBig, ['BIG']);
  });

  it('has nothing to do when every default model is on disk', function () {
    const result = chooseDownloads({ models: [model('a', { state: 'ready' })], roles: [role('task-parsing', 'a', { present: true })] });
    assert.deepEqual(result, { offers: [], tooBig: [], nothingToDo: true });
  });
});
