// What a model's card in the webview says and offers in each state.
import assert from 'node:assert/strict';
import type { ModelView } from '../../../src/core/modelsProtocol';
import { actionsFor, cardModel, modelsByRole, stateText, verdictText, withProgress } from '../../../src/webview/modelCard';

function view(overrides: Partial<ModelView> = {}): ModelView {
  return {
    id: 'm',
    name: 'Model M',
    roles: ['task-parsing', 'review'],
    publisher: 'Pub',
    trust: 'verified',
    verified: true,
    origin: 'builtin',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '1B',
    contextLength: 4096,
    license: 'MIT',
    sizeBytes: 800_000_000,
    sizeExact: true,
    state: 'not-downloaded',
    bytes: 0,
    memory: { verdict: 'fits', totalBytes: 1_280_000_000, weightsBytes: 800_000_000, kvCacheBytes: 1, overheadBytes: 1, contextSize: 4096, budgetBytes: 9.6e9, remainingBytes: 9.6e9, sentence: 'Needs about 1.28 GB…', shapeSource: 'catalog' },
    path: '/models/m.gguf',
    usedFor: [],
    ...overrides,
  };
}

const labels = (m: ModelView) => actionsFor(m).map((a) => a.label);

describe('model card', () => {
  it('offers the actions of each state', () => {
    assert.deepEqual(labels(view()), ['Download']);
    assert.deepEqual(labels(view({ state: 'queued' })), ['Pause', 'Cancel']);
    assert.deepEqual(labels(view({ state: 'downloading', bytes: 1 })), ['Pause', 'Cancel']);
    assert.deepEqual(labels(view({ state: 'paused', bytes: 1 })), ['Resume', 'Cancel']);
    assert.deepEqual(labels(view({ state: 'verifying' })), []);
    assert.deepEqual(labels(view({ state: 'unverified' })), ['Verify', 'Remove']);
    assert.deepEqual(labels(view({ state: 'ready', usedFor: ['task-parsing'] })), ['Load', 'Use for Code review', 'Verify', 'Remove']);
    assert.deepEqual(labels(view({ state: 'loaded', usedFor: ['task-parsing', 'review'] })), ['Unload', 'Verify', 'Remove']);
    assert.deepEqual(labels(view({ state: 'failed', reason: 'x' })), ['Retry']);
    assert.deepEqual(labels(view({ state: 'failed', reason: 'x', bytes: 5 })), ['Retry', 'Remove']);
    assert.deepEqual(labels(view({ state: 'not-downloaded', origin: 'imported' })), ['Remove'], 'an imported model cannot be downloaded');
  });

  it('offers Forget, never Download or Delete, for a model used in place', () => {
    const inPlace = (o: Partial<ModelView>) => actionsFor(view({ origin: 'in-place', ...o }));
    assert.deepEqual(inPlace({ state: 'ready', usedFor: ['task-parsing'] }).map((x) => x.label), ['Load', 'Use for Code review', 'Verify', 'Forget']);
    assert.deepEqual(inPlace({ state: 'not-downloaded' }).map((x) => x.label), ['Forget'], 'its file is gone: it can only be forgotten');
    assert.deepEqual(inPlace({ state: 'failed', reason: 'x' }).map((x) => x.label), ['Forget']);
    assert.match(inPlace({ state: 'unverified' })[1]!.title, /^Forget \(its file stays where it is\) Model M$/);
  });

  it('makes the waited-for action primary, but not Load for a model that does not fit', () => {
    assert.equal(actionsFor(view({ state: 'paused' }))[0]!.primary, true);
    assert.equal(actionsFor(view({ state: 'ready' }))[0]!.primary, true);
    const big = view({ state: 'ready', memory: { ...view().memory, verdict: 'too-big' } });
    assert.equal(actionsFor(big)[0]!.primary, undefined);
  });

  it('says the state with percent, speed and time left, and the verdict with its numbers', () => {
    assert.equal(stateText(view({ state: 'downloading', bytes: 200_000_000, speed: 5_000_000, etaSeconds: 120 })), 'Downloading 25% · 5.00 MB/s · 2 min 0 s left');
    assert.equal(stateText(view({ state: 'paused', bytes: 400_000_000 })), 'Paused at 50%');
    assert.equal(stateText(view({ state: 'failed', reason: 'HTTP 404' })), 'Failed: HTTP 404');
    assert.equal(verdictText(view()), 'Fits: needs 1.28 GB of 9.60 GB free');
    const big = view({ memory: { ...view().memory, verdict: 'too-big', remainingBytes: 1e9 } });
    assert.equal(verdictText(big), 'Too big: needs 1.28 GB, 1.00 GB free');
    const c = cardModel(view({ state: 'downloading', bytes: 400_000_000, stats: { loads: 1, loadMs: 80, generations: 2, tokens: 40, tokensPerSecond: 12.34, ttftMs: 150 } }));
    assert.equal(c.percent, 50);
    assert.equal(c.trustText, 'Verified');
    assert.equal(c.statsText, 'Measured: loads in 80 ms, 12.3 tokens/s, first token 150 ms');
  });

  it("shows the figures kept for this machine when the model has not run in this worker, this worker's first", () => {
    const measured = { name: 'm', kind: 'in-process' as const, measuredAt: '2026-01-01T00:00:00Z', runs: 3, loadMs: 412.4, ttftMs: 95.6, genTokensPerSecond: 21.06, promptTokensPerSecond: 480.2, gpuLayers: 20, totalLayers: 33 };
    assert.equal(cardModel(view({ state: 'ready', measured })).statsText, 'Measured: loads in 412 ms, 21.1 tokens/s, first token 96 ms, prompt 480 tokens/s, 20/33 layers on the GPU');
    const live = cardModel(view({ state: 'loaded', measured, stats: { loads: 1, loadMs: 80, generations: 1, tokens: 5, tokensPerSecond: 30, ttftMs: 40 } }));
    assert.match(live.statsText ?? '', /^Measured: loads in 80 ms, 30\.0 tokens\/s, first token 40 ms, prompt 480 tokens\/s/);
    assert.equal(cardModel(view({ state: 'ready' })).statsText, undefined);
  });

  it('applies a progress event newer than the list', () => {
    const p = { requestId: 'models/download:m', modelId: 'm', state: 'downloading' as const, bytes: 100, totalBytes: 800_000_000, speed: 3, etaSeconds: 9 };
    assert.equal(withProgress(view(), p).state, 'downloading');
    assert.equal(withProgress(view(), { ...p, modelId: 'other' }).state, 'not-downloaded');
    assert.equal(withProgress(view({ state: 'downloading' }), { ...p, state: 'failed', reason: 'bad hash' }).reason, 'bad hash');
  });

  it('groups by role (a model with two roles in both) and filters on role and fit', () => {
    const models = [view({ id: 'a' }), view({ id: 'b', roles: ['embeddings'] }), view({ id: 'c', roles: ['review'], memory: { ...view().memory, verdict: 'too-big' } })];
    const all = modelsByRole(models, { role: 'all', fitsOnly: false });
    assert.deepEqual(all.map((g) => [g.role, g.models.map((m) => m.id)]), [['task-parsing', ['a']], ['review', ['a', 'c']], ['embeddings', ['b']]]);
    assert.deepEqual(modelsByRole(models, { role: 'review', fitsOnly: true }).map((g) => [g.role, g.models.map((m) => m.id)]), [['review', ['a']]]);
  });
});
