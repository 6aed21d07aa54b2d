// tasks/nextRerank through the real orchestrator with scripted models: a valid answer re-ranks on
// the server tier with its reasons; a refused answer or a failure falls to the rules' order with
// the reason; a forced rules tier never asks a model; a cloud answer that is refused is not an
// unreachable cloud.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../../src/core/errors';
import type { RerankCandidate } from '../../../../src/core/tasks/next/rerankCandidates';
import { rerankNextTiered } from '../../../../src/inference/features/nextRerank';
import { scriptedTaskTiers } from '../../../support/scriptedTaskTiers';

const NOW = '2026-03-10T09:00:00Z';
const CANDIDATES: RerankCandidate[] = [
  { id: 'late0001', title: 'Renew the certificate', due: '2026-03-07', reasons: ['overdue by 3 days'] },
  { id: 'invoice1', title: 'Pay the invoice', due: '2026-03-10', reasons: ['due today'] },
  { id: 'offsite1', title: 'Plan the offsite', priority: 'high', reasons: ['high priority'] },
];
const RULES = CANDIDATES.map((c) => c.id);
const signal = new AbortController().signal;

const harness = scriptedTaskTiers;

describe('tasks/nextRerank on the tiers', function () {
  it('re-ranks on the server tier with the bounded schema and one reason each', async function () {
    let schema: { properties: { order: { items: { properties: { id: { enum: string[] }; reason: { maxLength: number } } } } } } | undefined;
    const { deps } = harness({
      server: (s) => {
        schema = s as unknown as typeof schema;
        return { order: [{ id: 'offsite1', reason: 'the venue books out this week' }, { id: 'late0001', reason: 'already late' }] };
      },
    });
    const r = await rerankNextTiered({ candidates: CANDIDATES, now: NOW, timeZone: 'UTC' }, signal, deps);
    assert.equal(r.tier, 'server');
    assert.deepEqual(r.order, ['offsite1', 'late0001', 'invoice1']);
    assert.deepEqual(r.reasons, { offsite1: 'the venue books out this week', late0001: 'already late' });
    assert.equal(r.fallbackReason, undefined);
    assert.deepEqual(schema?.properties.order.items.properties.id.enum, RULES);
    assert.equal(schema?.properties.order.items.properties.reason.maxLength, 80);
  });

  for (const [what, answer, why] of [
    ['an unknown id', { order: [{ id: 'nope', reason: 'x' }] }, /"nope", which is not one of the tasks/],
    ['a duplicate', { order: [{ id: 'invoice1', reason: 'x' }, { id: 'invoice1', reason: 'y' }] }, /invoice1 twice/],
    ['garbage', 'Once upon a time there was a little cat', /no "order" list/],
  ] as const) {
    it(`keeps the rules' order when the server answers ${what}, with the reason`, async function () {
      const { deps } = harness({ server: () => answer });
      const r = await rerankNextTiered({ candidates: CANDIDATES, now: NOW, timeZone: 'UTC' }, signal, deps);
      assert.equal(r.tier, 'degraded');
      assert.deepEqual(r.order, RULES);
      assert.deepEqual(r.reasons, {});
      assert.match(r.fallbackReason ?? '', /^server: the model's order was refused: /);
      assert.match(r.fallbackReason ?? '', why);
      assert.deepEqual(r.modelAnswer, answer);
    });
  }

  it('keeps the rules\' order when the server fails, with its error', async function () {
    const { deps } = harness({ server: () => new LocalFocusError('local-server', 'Ollama at http://127.0.0.1:11434 is down: nothing answers.') });
    const r = await rerankNextTiered({ candidates: CANDIDATES, now: NOW, timeZone: 'UTC' }, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.deepEqual(r.order, RULES);
    assert.match(r.fallbackReason ?? '', /^server: Ollama .* is down/);
  });

  it('a forced rules tier, or a single candidate, never asks a model', async function () {
    const { deps, calls } = harness({ server: () => assert.fail('not asked') });
    const rules = await rerankNextTiered({ candidates: CANDIDATES, tier: 'degraded' }, signal, deps);
    assert.deepEqual([rules.tier, rules.order, rules.tokens], ['degraded', RULES, 0]);
    const one = await rerankNextTiered({ candidates: CANDIDATES.slice(0, 1) }, signal, deps);
    assert.deepEqual([one.tier, one.order], ['degraded', ['late0001']]);
    assert.deepEqual(calls, []);
  });

  it('a refused cloud answer gives the rules\' order without marking the cloud unreachable', async function () {
    const { deps, orchestrator } = harness({ cloud: () => ({ order: [{ id: 'x', reason: 'y' }] }), mode: 'auto' });
    const r = await rerankNextTiered({ candidates: CANDIDATES, now: NOW, timeZone: 'UTC', tier: 'cloud' }, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.deepEqual(r.order, RULES);
    assert.match(r.fallbackReason ?? '', /^cloud: the model's order was refused/);
    assert.notEqual(orchestrator.inputs().cloud.reachable, 'unreachable');
  });

  it('refuses more than ten candidates, or one listed twice, as bad input', async function () {
    const { deps } = harness({});
    const many = Array.from({ length: 11 }, (_, i) => ({ id: `t${i}`, title: 't', reasons: [] }));
    await assert.rejects(rerankNextTiered({ candidates: many }, signal, deps), (e: LocalFocusError) => e.code === 'bad-input');
    await assert.rejects(rerankNextTiered({ candidates: [CANDIDATES[0]!, CANDIDATES[0]!] }, signal, deps), /listed twice/);
  });
});
