// notes/ask through the real orchestrator with scripted models: the in-process model's streamed
// text reaches the host as growing partials; an empty answer falls to the next tier, then to no
// answer with the reason; a cloud that answers empty is not marked unreachable; no passage asks no
// model; a forced rules tier never asks one; the cloud streams as the local model does.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../../src/core/errors';
import { isNotesAnswerPartial, type AskPassage } from '../../../../src/core/notesAskProtocol';
import type { ProgressParams } from '../../../../src/core/protocol';
import { askNotesTiered, type AskDeps } from '../../../../src/inference/features/notesAsk';
import { Orchestrator } from '../../../../src/inference/orchestrator';

const PASSAGES: AskPassage[] = [
  { source: 'ops/keys.md:3', heading: 'Keys', text: 'The payment key rotates every 90 days.' },
  { source: 'ops/keys.md:9', text: 'Both keys work during the overlap.' },
];
const signal = new AbortController().signal;

/** `local`/`cloud`: the pieces the model streams (local: or an error); `server` whole. */
function harness(opts: { local?: string[] | Error; server?: string | Error; cloud?: string[]; mode?: 'localOnly' | 'cloudPreferred' }) {
  const calls: string[] = [];
  const progress: ProgressParams[] = [];
  const serverAvailable = { available: opts.server !== undefined, ...(opts.server !== undefined ? { server: { name: 'Ollama', url: 'http://127.0.0.1:11434', model: 'm' } } : { reason: 'no local model server found' }) };
  const orchestrator = new Orchestrator({
    localAvailability: () => (opts.local ? { available: true, loaded: true } : { available: false, loaded: false, reason: 'task-parsing model not found' }),
    serverAvailability: () => ({ taskParsing: serverAvailable, codeReview: serverAvailable, notesSearch: serverAvailable }),
    probeCloud: async () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  orchestrator.configure(opts.mode ?? 'localOnly', opts.cloud !== undefined, true);
  const whole = (tier: string, text: string | Error | undefined) => {
    calls.push(tier);
    if (text === undefined) assert.fail(`${tier} was asked`);
    if (text instanceof Error) throw text;
    return { value: JSON.parse(text) as unknown, tokens: 30 };
  };
  const deps: AskDeps = {
    runTiered: (handlers, o) => orchestrator.run('taskParsing', handlers, o),
    localJson: async () => assert.fail('localText is the one used'),
    localText: async (req) => {
      calls.push('local');
      if (opts.local instanceof Error) throw opts.local;
      for (const piece of opts.local ?? []) req.onText(piece);
      return { value: JSON.parse((opts.local ?? []).join('')) as unknown, tokens: 30 };
    },
    cloudJson: async () => assert.fail('cloudText is the one used'),
    cloudText: async (req) => {
      calls.push('cloud');
      for (const piece of opts.cloud ?? []) req.onToken(piece);
      return { value: JSON.parse((opts.cloud ?? []).join('')) as unknown, tokens: 30 };
    },
    serverJson: async () => assert.fail('serverText is the one used'),
    serverText: async () => whole('server', opts.server),
    progress: (p) => progress.push(p),
    log: () => undefined,
  };
  return { deps, calls, progress, orchestrator };
}

describe('notes/ask on the tiers', function () {
  it('streams the local model\'s answer as it is written and checks its citations', async function () {
    const { deps, progress } = harness({ local: ['{"answer": "Every 90', ' days [1]', '; see [3]."}'] });
    const r = await askNotesTiered({ question: 'How often does the key rotate?', passages: PASSAGES, requestId: 'r1' }, signal, deps);
    assert.equal(r.tier, 'local');
    assert.equal(r.answer, 'Every 90 days [1]; see.');
    assert.deepEqual([r.cited, r.removedCitations], [[1], [3]]);
    const texts = progress.filter((p) => p.requestId === 'r1').map((p) => p.partial).filter(isNotesAnswerPartial).map((p) => p.text);
    assert.deepEqual(texts, ['Every 90', 'Every 90 days [1]', 'Every 90 days [1]; see [3].']);
  });

  it('falls from an empty server answer to no answer, saying why', async function () {
    const { deps, calls } = harness({ server: '{"answer": "  "}' });
    const r = await askNotesTiered({ question: 'q', passages: PASSAGES }, signal, deps);
    assert.deepEqual(calls, ['server']);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.answer, undefined);
    assert.match(r.fallbackReason ?? '', /^server: the model gave an empty answer/);
  });

  it('falls from a failing local model to the server', async function () {
    const { deps, calls } = harness({ local: new LocalFocusError('model-missing', 'No model file at /m.gguf.'), server: '{"answer": "Monthly [2]."}' });
    const r = await askNotesTiered({ question: 'q', passages: PASSAGES }, signal, deps);
    assert.deepEqual([calls, r.tier, r.answer], [['local', 'server'], 'server', 'Monthly [2].']);
    assert.match(r.fallbackReason ?? '', /^local: No model file/);
  });

  it('keeps a cloud that answered empty reachable', async function () {
    const { deps, orchestrator } = harness({ cloud: ['{"answer": ""}'], mode: 'cloudPreferred' });
    const r = await askNotesTiered({ question: 'q', passages: PASSAGES }, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.match(r.fallbackReason ?? '', /^cloud: the model gave an empty answer/);
    assert.notEqual(orchestrator.cloudStatus().reachable, 'no');
    assert.equal(orchestrator.status().find((c) => c.capability === 'taskParsing')?.tier, 'cloud');
  });

  it('streams the cloud\'s answer too', async function () {
    const { deps, progress } = harness({ cloud: ['{"answer": "Every', ' 90 days [1]."}'], mode: 'cloudPreferred' });
    const r = await askNotesTiered({ question: 'How often?', passages: PASSAGES, requestId: 'c1' }, signal, deps);
    assert.deepEqual([r.tier, r.answer], ['cloud', 'Every 90 days [1].']);
    const texts = progress.filter((p) => p.requestId === 'c1').map((p) => p.partial).filter(isNotesAnswerPartial).map((p) => [p.tier, p.text]);
    assert.deepEqual(texts, [['cloud', 'Every'], ['cloud', 'Every 90 days [1].']]);
  });

  it('asks no model with no passage, or with the rules forced', async function () {
    const { deps, calls } = harness({ server: '{"answer": "made up"}' });
    const none = await askNotesTiered({ question: 'q', passages: [] }, signal, deps);
    const rules = await askNotesTiered({ question: 'q', passages: PASSAGES, tier: 'degraded' }, signal, deps);
    assert.deepEqual(calls, []);
    assert.deepEqual([none.tier, none.answer, rules.tier, rules.answer], ['degraded', undefined, 'degraded', undefined]);
    assert.match(none.fallbackReason ?? '', /no passage/);
    assert.ok(rules.fallbackReason, 'the panel says why no model answered');
  });
});
