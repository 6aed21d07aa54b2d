// tasks/parse through the real orchestrator with scripted models: which tier answers, how a
// model answer is merged with the rules, and how nonsense falls back to the rules with a reason.
import assert from 'node:assert/strict';
import type { JsonSchema, Mode } from '../../../src/core/protocol';
import { LocalFocusError } from '../../../src/core/errors';
import { parseTaskTiered, LOCAL_TASK_JSON_SCHEMA, type TaskParseDeps } from '../../../src/inference/features/tasks';
import { Orchestrator } from '../../../src/inference/orchestrator';

const NOW = '2026-03-10T09:30:00+01:00';
const TZ = 'Europe/Berlin';

interface Script {
  mode?: Mode;
  cloudKey?: boolean;
  localModel?: boolean;
  local?: (req: { schema: JsonSchema; prompt: string; completion?: boolean }) => unknown;
  cloud?: (req: { schema: JsonSchema }) => unknown;
}

function harness(script: Script) {
  const calls: string[] = [];
  const logs: string[] = [];
  const orchestrator = new Orchestrator({
    localAvailability: () => (script.localModel ? { available: true, loaded: true } : { available: false, loaded: false, reason: 'task-parsing model not found at /m.gguf' }),
    probeCloud: async () => undefined,
    log: (level, message) => logs.push(`${level}: ${message}`),
    onChange: () => undefined,
  });
  orchestrator.configure(script.mode ?? 'auto', Boolean(script.cloudKey), true);
  const deps: TaskParseDeps = {
    runTiered: (handlers, opts) => orchestrator.run('taskParsing', handlers, opts),
    localJson: async (req) => {
      calls.push('local');
      const value = script.local!(req);
      if (value instanceof Error) throw value;
      return { value, tokens: 42 };
    },
    cloudJson: async (req) => {
      calls.push('cloud');
      const value = script.cloud!(req);
      if (value instanceof Error) throw value;
      return { value, tokens: 17 };
    },
    log: (level, message) => logs.push(`${level}: ${message}`),
    tierReason: () => orchestrator.status().find((c) => c.capability === 'taskParsing')?.reason,
  };
  return { deps, calls, logs, orchestrator };
}

const signal = new AbortController().signal;
const answer = (o: Partial<Record<string, unknown>>) => ({ title: 'x', due: null, priority: null, tags: [], assignee: null, estimateMinutes: null, ...o });

describe('tasks/parse tiers', function () {
  it('uses the rules alone with no model and no key, and says why', async function () {
    const { deps, calls } = harness({});
    const r = await parseTaskTiered({ text: 'TODO(ana): fix login redirect tomorrow 3pm !high #auth', now: NOW, timeZone: TZ }, signal, deps);
    assert.deepEqual(calls, []);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.title, 'fix login redirect');
    assert.equal(r.due, '2026-03-11T15:00');
    assert.equal(r.priority, 'high');
    assert.deepEqual(r.tags, ['auth']);
    assert.equal(r.assignee, 'ana');
    assert.match(r.fallbackReason ?? '', /no cloud API key is set; task-parsing model not found/);
  });

  it('takes a grounded local answer, merged with the rules: an explicit date beats the model', async function () {
    const { deps, calls } = harness({
      localModel: true,
      local: () => answer({ title: 'Fix the login redirect', due: '2026-03-20', priority: 'low', tags: ['auth', 'invented'], estimateMinutes: 90 }),
    });
    const r = await parseTaskTiered({ text: 'fix login redirect tomorrow 3pm !high #auth ~1h30m', now: NOW, timeZone: TZ }, signal, deps);
    assert.deepEqual(calls, ['local']);
    assert.equal(r.tier, 'local');
    assert.equal(r.title, 'Fix the login redirect');
    assert.equal(r.due, '2026-03-11T15:00', 'the rules read "tomorrow 3pm"; the model disagreed');
    assert.equal(r.priority, 'high', '!high is explicit');
    assert.deepEqual(r.tags, ['auth'], 'a tag the text does not contain is not added');
    assert.equal(r.estimateMinutes, 90);
    assert.deepEqual(r.fromModel, ['title']);
    assert.equal(r.tokens, 42);
    assert.equal(r.fallbackReason, undefined);
  });

  it('lets the model fill a date the rules missed when the text has a temporal word', async function () {
    const { deps } = harness({ localModel: true, local: () => answer({ title: 'ship the exporter', due: '2026-12-24' }) });
    const r = await parseTaskTiered({ text: 'ship the exporter over the holidays this year', now: NOW, timeZone: TZ }, signal, deps);
    assert.equal(r.tier, 'local');
    assert.equal(r.due, '2026-12-24');
    assert.deepEqual(r.fromModel, ['title', 'due']);
    const invented = await parseTaskTiered({ text: 'ship the exporter', now: NOW, timeZone: TZ }, signal, deps);
    assert.equal(invented.due, undefined, 'no date word in the text: the model\'s date is invented');
  });

  it('falls back to the rules when the local answer is nonsense, records the tier and why', async function () {
    const { deps, calls, orchestrator } = harness({
      localModel: true,
      local: () => answer({ title: "It's a shark.", due: "It's a shark.", priority: 'medium', assignee: "It's a shark.", estimateMinutes: 0 }),
    });
    const r = await parseTaskTiered({ text: 'fix login redirect', now: NOW, timeZone: TZ }, signal, deps);
    assert.deepEqual(calls, ['local']);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.title, 'fix login redirect');
    assert.equal(r.priority, undefined, 'the nonsense answer\'s priority is not used either');
    assert.equal(r.due, undefined);
    assert.match(r.fallbackReason ?? '', /^local: the model's answer had nothing usable \(its title "It's a shark\." is not taken from the text/);
    const status = orchestrator.status().find((c) => c.capability === 'taskParsing')!;
    assert.equal(status.lastFallback?.from, 'local');
    assert.equal(status.lastFallback?.to, 'degraded');
  });

  it('with --tier local forced, nonsense still gives the rules, marked degraded, with the tokens spent', async function () {
    const { deps } = harness({ localModel: true, local: () => answer({ title: 'Once upon a time' }) });
    const r = await parseTaskTiered({ text: 'rename the flag @li', now: NOW, timeZone: TZ, tier: 'local' }, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.assignee, 'li');
    assert.equal(r.tokens, 42);
    assert.match(r.fallbackReason ?? '', /nothing usable/);
  });

  it('a forced tier that cannot run is an error, not a silent fallback', async function () {
    const { deps } = harness({ localModel: true, local: () => new LocalFocusError('model-missing', 'no such file') });
    await assert.rejects(parseTaskTiered({ text: 'x y z', now: NOW, timeZone: TZ, tier: 'local' }, signal, deps), (e: LocalFocusError) => e.code === 'model-missing');
  });

  it('a local failure in auto mode falls to the rules with the failure as the reason', async function () {
    const { deps } = harness({ localModel: true, local: () => new LocalFocusError('out-of-memory', 'the model needs 3 GB') });
    const r = await parseTaskTiered({ text: 'fix login redirect !high', now: NOW, timeZone: TZ }, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.priority, 'high');
    assert.equal(r.fallbackReason, 'local: the model needs 3 GB');
  });

  it('asks the cloud with the plain schema and the local model with the bounded one', async function () {
    const schemas: Record<string, JsonSchema> = {};
    const { deps } = harness({
      cloudKey: true,
      mode: 'cloudPreferred',
      cloud: (req) => ((schemas.cloud = req.schema), answer({ title: 'fix login redirect' })),
      localModel: true,
      local: (req) => ((schemas.local = req.schema), answer({ title: 'fix login redirect' })),
    });
    const cloud = await parseTaskTiered({ text: 'fix login redirect', now: NOW, timeZone: TZ }, signal, deps);
    assert.equal(cloud.tier, 'cloud');
    const local = await parseTaskTiered({ text: 'fix login redirect', now: NOW, timeZone: TZ, tier: 'local' }, signal, deps);
    assert.equal(local.tier, 'local');
    assert.equal(schemas.local, LOCAL_TASK_JSON_SCHEMA);
    assert.notEqual(schemas.cloud, LOCAL_TASK_JSON_SCHEMA);
    assert.ok(!JSON.stringify(schemas.cloud).includes('maxLength'));
  });

  it('a nonsense cloud answer gives the rules without marking the endpoint unreachable', async function () {
    const { deps, orchestrator } = harness({ cloudKey: true, mode: 'cloudPreferred', cloud: () => answer({ title: 'Lorem ipsum dolor' }) });
    const r = await parseTaskTiered({ text: 'rotate the payment key by Friday', now: NOW, timeZone: TZ }, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.due, '2026-03-13');
    assert.match(r.fallbackReason ?? '', /^cloud: .*nothing usable/);
    assert.notEqual(orchestrator.cloudStatus().reachable, 'no');
  });

  it('sends a base model the system prompt inside a plain completion', async function () {
    let seen: { prompt: string; completion?: boolean } | undefined;
    const { deps } = harness({ localModel: true, local: (req) => ((seen = req), answer({ title: 'fix login redirect' })) });
    await parseTaskTiered({ text: 'fix login redirect', now: NOW, timeZone: TZ, completion: true }, signal, deps);
    assert.equal(seen?.completion, true);
    assert.match(seen!.prompt, /^You turn a TODO comment/);
    assert.match(seen!.prompt, /Now: Tuesday 2026-03-10 09:30 \(Europe\/Berlin\)/);
  });

  it('refuses empty text, a bad --now and an unknown zone as bad input', async function () {
    const { deps } = harness({});
    for (const params of [{ text: '  ' }, { text: 'x', now: 'yesterday-ish' }, { text: 'x', timeZone: 'Mars/Olympus' }]) {
      await assert.rejects(parseTaskTiered(params, signal, deps), (e: LocalFocusError) => e.code === 'bad-input', JSON.stringify(params));
    }
  });
});
