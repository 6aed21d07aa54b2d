import assert from 'node:assert/strict';
import type { DetectedLocalServer } from '../../../src/core/localServerProtocol';
import { pickServer, serverAvailability, type ServerAvailability, type ServerFacts } from '../../../src/core/localServerChoice';
import { capabilityStatus, chooseTier, serverBeforeLocal, type PolicyInputs } from '../../../src/core/modePolicy';
import type { Capability, ModelTier } from '../../../src/core/protocol';

const OLLAMA = { name: 'Ollama 0.5.7', url: 'http://127.0.0.1:11434', model: 'llama3.2:3b' };

function inputs(over: {
  mode?: PolicyInputs['mode'];
  server?: ServerAvailability;
  cloud?: PolicyInputs['cloud'];
  local?: { available: boolean; loaded: boolean; reason?: string };
  tierOrder?: ModelTier[];
}): PolicyInputs {
  const local = over.local ?? { available: true, loaded: false };
  const server = over.server ?? { available: true, server: OLLAMA };
  const all = <T>(v: T): Record<Capability, T> => ({ taskParsing: v, notesSearch: v, codeReview: v });
  return {
    mode: over.mode ?? 'auto',
    cloud: over.cloud ?? { configured: true, reachable: 'yes' },
    local: all(local),
    server: all(server),
    ...(over.tierOrder ? { tierOrder: over.tierOrder } : {}),
  };
}

function server(over: Partial<DetectedLocalServer> = {}): DetectedLocalServer {
  return {
    kind: 'ollama',
    url: 'http://127.0.0.1:11434',
    name: 'Ollama 0.5.7',
    local: true,
    models: [
      { name: 'nomic-embed-text:latest', role: 'embedding' },
      { name: 'llama3.2:3b', role: 'chat' },
      { name: 'qwen2.5:7b', role: 'chat' },
    ],
    ...over,
  };
}

function facts(over: Partial<ServerFacts> = {}): ServerFacts {
  return { servers: [server()], down: new Map(), ...over };
}

describe('the server tier in the mode policy', function () {
  it('auto with no in-process model loaded: the server, then the cloud, then the model that would have to load', function () {
    const c = chooseTier('taskParsing', inputs({}));
    assert.deepEqual(c.order, ['server', 'cloud', 'local', 'degraded']);
    assert.deepEqual(c.server, OLLAMA);
    assert.equal(c.reason, undefined);
  });

  it('auto with the in-process model loaded on a simple capability keeps the default order', function () {
    const c = chooseTier('taskParsing', inputs({ local: { available: true, loaded: true } }));
    assert.deepEqual(c.order, ['local', 'server', 'cloud', 'degraded']);
    assert.equal(c.server, undefined, 'the server is named only when it serves');
    const review = chooseTier('codeReview', inputs({ local: { available: true, loaded: true } }));
    assert.deepEqual(review.order, ['server', 'cloud', 'local', 'degraded'], 'review is never simple');
  });

  it('cloudPreferred puts the cloud first and the rest in the tier order', function () {
    assert.deepEqual(chooseTier('codeReview', inputs({ mode: 'cloudPreferred' })).order, ['cloud', 'local', 'server', 'degraded']);
    const order = chooseTier('codeReview', inputs({ mode: 'cloudPreferred', tierOrder: ['server', 'local', 'cloud'] })).order;
    assert.deepEqual(order, ['cloud', 'server', 'local', 'degraded']);
  });

  it('Local only keeps the server (it is local) and never the cloud', function () {
    const c = chooseTier('codeReview', inputs({ mode: 'localOnly' }));
    assert.deepEqual(c.order, ['local', 'server', 'degraded']);
    const noModel = chooseTier('taskParsing', inputs({ mode: 'localOnly', local: { available: false, loaded: false, reason: 'no model file' } }));
    assert.equal(noModel.tier, 'server');
    assert.match(noModel.reason!, /no model file/);
  });

  it('follows a user tier order, and drops the tiers it leaves out', function () {
    assert.deepEqual(chooseTier('taskParsing', inputs({ tierOrder: ['cloud', 'server'] })).order, ['cloud', 'server', 'degraded']);
    const serverLast = inputs({ tierOrder: ['cloud', 'local', 'server'], local: { available: true, loaded: true } });
    assert.deepEqual(chooseTier('taskParsing', serverLast).order, ['cloud', 'local', 'server', 'degraded']);
    assert.deepEqual(chooseTier('taskParsing', inputs({ tierOrder: [] })).order, ['server', 'cloud', 'local', 'degraded'], 'an empty order is the default');
  });

  it('a server that cannot serve is skipped with its reason', function () {
    const down = inputs({ server: { available: false, reason: 'Ollama at http://127.0.0.1:11434 is down: nothing answers' } });
    const c = chooseTier('taskParsing', down);
    assert.equal(c.tier, 'cloud');
    assert.match(c.reason!, /Ollama at http:\/\/127\.0\.0\.1:11434 is down/);
    const status = capabilityStatus('taskParsing', down);
    assert.equal(status.server, undefined);
  });

  it('no server looked for: the tier is skipped without a word', function () {
    const i = inputs({});
    delete i.server;
    const c = chooseTier('taskParsing', i);
    assert.deepEqual(c.order, ['cloud', 'local', 'degraded']);
    assert.equal(c.reason, undefined);
  });

  it('notes search has no cloud tier, and its server tier follows the tier order', function () {
    assert.deepEqual(chooseTier('notesSearch', inputs({})).order, ['local', 'server', 'degraded']);
    assert.deepEqual(chooseTier('notesSearch', inputs({ tierOrder: ['server', 'cloud', 'local'] })).order, ['server', 'local', 'degraded']);
  });

  it('notes search is on the server tier when the worker has no embedding model and a server has one', function () {
    const c = capabilityStatus('notesSearch', inputs({ local: { available: false, loaded: false, reason: 'embedding model not found' } }));
    assert.equal(c.tier, 'server');
    assert.deepEqual(c.server, OLLAMA);
  });

  it('the capability status names the server and model on the server tier', function () {
    assert.deepEqual(capabilityStatus('codeReview', inputs({})).server, OLLAMA);
  });
});

describe('picking a model server', function () {
  it('takes the first chat model, or the one the user named (with or without :latest)', function () {
    assert.deepEqual(serverAvailability('chat', facts()).server, { name: 'Ollama 0.5.7', url: 'http://127.0.0.1:11434', model: 'llama3.2:3b' });
    assert.equal(serverAvailability('chat', facts({ chatModel: 'qwen2.5:7b' })).server?.model, 'qwen2.5:7b');
    assert.equal(serverAvailability('embedding', facts({ embeddingModel: 'nomic-embed-text' })).server?.model, 'nomic-embed-text:latest');
  });

  it('says which server lacks the model', function () {
    const none = serverAvailability('chat', facts({ servers: [server({ models: [{ name: 'nomic-embed-text', role: 'embedding' }] })] }));
    assert.deepEqual(none, { available: false, reason: 'Ollama 0.5.7 at http://127.0.0.1:11434 has no chat model' });
    assert.match(serverAvailability('chat', facts({ chatModel: 'mistral' })).reason!, /has no chat model named mistral/);
  });

  it('never picks a server the trust rule does not count as Local', function () {
    const remote = server({ url: 'http://10.0.0.5:11434', local: false });
    const a = serverAvailability('chat', facts({ servers: [remote] }));
    assert.equal(a.available, false);
    assert.match(a.reason!, /10\.0\.0\.5:11434 is not on this machine.*allowHosts/);
    const allowed = serverAvailability('chat', facts({ servers: [remote, server({ url: 'http://127.0.0.1:1234', name: 'LM Studio' })] }));
    assert.equal(allowed.server?.url, 'http://127.0.0.1:1234');
  });

  it('skips a server that is down and says so; none at all is "no local model server found"', function () {
    const down = new Map([['http://127.0.0.1:11434', { name: 'Ollama 0.5.7', reason: 'nothing answers' }]]);
    assert.deepEqual(pickServer('chat', facts({ down })), { reason: 'Ollama 0.5.7 at http://127.0.0.1:11434 is down: nothing answers' });
    assert.deepEqual(pickServer('chat', facts({ servers: [] })), { reason: 'no local model server found' });
  });
});

describe('serverBeforeLocal (the notes embedding source follows it)', () => {
  it('reads the tier order as the policy does: the default and an empty order put local first', () => {
    assert.equal(serverBeforeLocal(undefined), false);
    assert.equal(serverBeforeLocal([]), false);
    assert.equal(serverBeforeLocal(['server', 'local', 'cloud']), true);
    assert.equal(serverBeforeLocal(['server', 'cloud']), true, 'local left out');
    assert.equal(serverBeforeLocal(['local', 'cloud']), false, 'server left out');
  });
});
