// tasks/parse on the model-server tier through the real orchestrator with a scripted server: the
// bounded schema goes to the server, a usable answer is merged with the rules, a nonsense answer
// or a failure falls to the next tier with its reason, and a named model file never goes there.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import type { JsonSchema } from '../../../src/core/protocol';
import { LOCAL_TASK_JSON_SCHEMA, parseTaskTiered, type TaskParseDeps } from '../../../src/inference/features/tasks';
import { Orchestrator } from '../../../src/inference/orchestrator';

const NOW = '2026-03-10T09:30:00+01:00';
const TZ = 'Europe/Berlin';
const OLLAMA = { name: 'Ollama 0.5.7', url: 'http://127.0.0.1:11434', model: 'llama3.2:3b' };

function harness(server: (req: { schema: JsonSchema }) => unknown) {
  const calls: string[] = [];
  const available = { available: true, server: OLLAMA };
  const orchestrator = new Orchestrator({
    localAvailability: () => ({ available: false, loaded: false, reason: 'task-parsing model not found at /m.gguf' }),
    serverAvailability: () => ({ taskParsing: available, codeReview: available, notesSearch: available }),
    probeCloud: async () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  orchestrator.configure('localOnly', false, true);
  const deps: TaskParseDeps = {
    runTiered: (handlers, opts) => orchestrator.run('taskParsing', handlers, opts),
    localJson: async () => {
      calls.push('local');
      throw new LocalFocusError('model-missing', 'No model file at /m.gguf.');
    },
    cloudJson: async () => assert.fail('Local only never calls the cloud'),
    serverJson: async (req) => {
      calls.push('server');
      const value = server(req);
      if (value instanceof Error) throw value;
      return { value, tokens: 12 };
    },
    log: () => undefined,
  };
  return { deps, calls };
}

const signal = new AbortController().signal;
const TEXT = 'TODO: rotate the payment key !high';
const ANSWER = { title: 'rotate the payment key', due: null, priority: 'high', tags: [], assignee: null, estimateMinutes: null };

describe('tasks/parse on the model-server tier', function () {
  it('sends the bounded schema and answers on the server tier in Local only', async function () {
    let schema: JsonSchema | undefined;
    const { deps } = harness((req) => {
      schema = req.schema;
      return ANSWER;
    });
    const r = await parseTaskTiered({ text: TEXT, now: NOW, timeZone: TZ }, signal, deps);
    assert.equal(r.tier, 'server');
    assert.equal(r.title, 'rotate the payment key');
    assert.ok(r.fromModel?.includes('title'));
    assert.equal(schema, LOCAL_TASK_JSON_SCHEMA);
  });

  it('falls to the rules with the reason when the server fails or answers nonsense', async function () {
    const down = harness(() => new LocalFocusError('local-server', 'Nothing answers at Ollama at http://127.0.0.1:11434.', { reason: 'server-down' }));
    const r = await parseTaskTiered({ text: TEXT, now: NOW, timeZone: TZ }, signal, down.deps);
    assert.equal(r.tier, 'degraded');
    assert.match(r.fallbackReason!, /^server: Nothing answers/);
    const nonsense = harness(() => ({ ...ANSWER, title: 'buy milk' }));
    const n = await parseTaskTiered({ text: TEXT, now: NOW, timeZone: TZ }, signal, nonsense.deps);
    assert.equal(n.tier, 'degraded');
    assert.match(n.fallbackReason!, /^server: the model's answer had nothing usable/);
  });

  it('a forced local tier goes to the server when no model is in the process; a named model file never does', async function () {
    const forced = harness(() => ANSWER);
    assert.equal((await parseTaskTiered({ text: TEXT, now: NOW, timeZone: TZ, tier: 'local' }, signal, forced.deps)).tier, 'server');
    const named = harness(() => ANSWER);
    await assert.rejects(parseTaskTiered({ text: TEXT, now: NOW, timeZone: TZ, modelPath: '/m.gguf' }, signal, named.deps), /No model file/);
    assert.deepEqual(named.calls, ['local']);
  });
});
