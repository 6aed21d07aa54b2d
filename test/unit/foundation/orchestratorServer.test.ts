import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import type { ServerAvailability } from '../../../src/core/localServerChoice';
import type { LocalAvailability } from '../../../src/core/modePolicy';
import type { Capability, Tier } from '../../../src/core/protocol';
import { Orchestrator, type TierHandlers } from '../../../src/inference/orchestrator';

const OLLAMA = { name: 'Ollama 0.5.7', url: 'http://127.0.0.1:11434', model: 'llama3.2:3b' };

function make(local: LocalAvailability, server: ServerAvailability) {
  const o = new Orchestrator({
    localAvailability: () => local,
    serverAvailability: () => ({ taskParsing: server, codeReview: server, notesSearch: server }) as Record<Capability, ServerAvailability>,
    probeCloud: async () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  o.configure('auto', false, true);
  return o;
}

/** Handlers that record the tiers tried; each tier answers its name unless it is in `failing`. */
function handlers(tried: Tier[], failing: Partial<Record<Tier, LocalFocusError>>): TierHandlers<string> {
  const h: TierHandlers<string> = {};
  for (const tier of ['cloud', 'server', 'local', 'degraded'] as const) {
    h[tier] = async () => {
      tried.push(tier);
      const error = failing[tier];
      if (error) throw error;
      return tier;
    };
  }
  return h;
}

const signal = () => new AbortController().signal;
const serverDown = new LocalFocusError('local-server', 'Nothing answers at Ollama at http://127.0.0.1:11434', { reason: 'server-down' });

describe('orchestrator and the model-server tier', function () {
  it('a forced local tier runs the in-process model, then the server', async function () {
    const tried: Tier[] = [];
    const o = make({ available: true, loaded: false }, { available: true, server: OLLAMA });
    const missing = new LocalFocusError('model-missing', 'No model file');
    const r = await o.run('taskParsing', handlers(tried, { local: missing }), { signal: signal(), forceTier: 'local' });
    assert.deepEqual(r, { value: 'server', tier: 'server' });
    assert.deepEqual(tried, ['local', 'server']);
  });

  it('a forced local tier without an in-process model goes to the server; with neither, the model\'s own error', async function () {
    const tried: Tier[] = [];
    const noModel = { available: false, loaded: false, reason: 'no model file' };
    assert.equal((await make(noModel, { available: true, server: OLLAMA }).run('codeReview', handlers(tried, {}), { signal: signal(), forceTier: 'local' })).tier, 'server');
    assert.deepEqual(tried, ['server']);
    const neither = make(noModel, { available: false, reason: 'no local model server found' });
    const missing = new LocalFocusError('model-missing', 'No model file');
    await assert.rejects(neither.run('codeReview', handlers([], { local: missing }), { signal: signal(), forceTier: 'local' }), /No model file/);
  });

  it('a forced local tier for a feature without a server handler (a named model file) runs the in-process model', async function () {
    const o = make({ available: false, loaded: false, reason: 'no model file' }, { available: true, server: OLLAMA });
    const tried: Tier[] = [];
    const h = handlers(tried, {});
    delete h.server;
    assert.equal((await o.run('taskParsing', h, { signal: signal(), forceTier: 'local' })).tier, 'local');
    assert.deepEqual(tried, ['local']);
  });

  it('a server failure falls to the next tier and is recorded, a server bad-input included', async function () {
    const o = make({ available: false, loaded: false }, { available: true, server: OLLAMA });
    const tried: Tier[] = [];
    const r = await o.run('taskParsing', handlers(tried, { server: serverDown }), { signal: signal() });
    assert.deepEqual(r, { value: 'degraded', tier: 'degraded' });
    const status = o.status().find((s) => s.capability === 'taskParsing')!;
    assert.deepEqual([status.lastFallback?.from, status.lastFallback?.to], ['server', 'degraded']);
    assert.match(status.lastFallback!.reason, /Nothing answers/);
    const refused = new LocalFocusError('bad-input', 'the server refused the request');
    assert.equal((await o.run('taskParsing', handlers([], { server: refused }), { signal: signal() })).tier, 'degraded');
  });

  it('the status names the server on the server tier', function () {
    const o = make({ available: false, loaded: false }, { available: true, server: OLLAMA });
    assert.deepEqual(o.status().find((s) => s.capability === 'codeReview')?.server, OLLAMA);
  });
});
