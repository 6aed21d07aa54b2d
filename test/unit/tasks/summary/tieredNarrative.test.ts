// tasks/summaryNarrative through the real orchestrator with scripted models: a paragraph that
// passes the check comes back on the server tier with the keys it names; a refused one or a
// failure gives no paragraph, with the reason; a forced rules tier, or a summary with no task,
// never asks a model; a refused cloud answer is not an unreachable cloud.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../../src/core/errors';
import { narrateSummaryTiered } from '../../../../src/inference/features/summaryNarrative';
import { TWO_TASK_FACTS } from '../../../support/narrativeFacts';
import { scriptedTaskTiers } from '../../../support/scriptedTaskTiers';

const FACTS = TWO_TASK_FACTS;
const GOOD = { paragraph: '"Ship the exporter" was done; "Renew the certificate" is overdue since 2026-03-07.', tasks: ['t1', 't2'] };
const signal = new AbortController().signal;

describe('tasks/summaryNarrative on the tiers', function () {
  it('writes the paragraph on the server tier with the bounded schema', async function () {
    let schema: { properties: { paragraph: { maxLength: number }; tasks: { items: { enum: string[] } } } } | undefined;
    const { deps } = scriptedTaskTiers({
      server: (s) => {
        schema = s as unknown as typeof schema;
        return GOOD;
      },
    });
    const r = await narrateSummaryTiered({ facts: FACTS }, signal, deps);
    assert.deepEqual([r.tier, r.paragraph, r.tasks, r.fallbackReason], ['server', GOOD.paragraph, ['t1', 't2'], undefined]);
    assert.deepEqual(schema?.properties.tasks.items.enum, ['t1', 't2']);
    assert.equal(schema?.properties.paragraph.maxLength, 400);
  });

  for (const [what, answer, why] of [
    ['a task not in the summary', { paragraph: '"Deploy to Mars" was done.', tasks: ['t1'] }, /names "Deploy to Mars"/],
    ['a wrong count', { paragraph: '"Ship the exporter" and 4 more were done.', tasks: ['t1'] }, /says 4/],
    ['garbage', 'Once upon a time there was a little cat', /no "paragraph"/],
  ] as const) {
    it(`gives no paragraph when the server's answer holds ${what}, with the reason`, async function () {
      const { deps } = scriptedTaskTiers({ server: () => answer });
      const r = await narrateSummaryTiered({ facts: FACTS }, signal, deps);
      assert.deepEqual([r.tier, r.paragraph, r.tasks], ['degraded', undefined, []]);
      assert.match(r.fallbackReason ?? '', /^server: the model's paragraph was refused: /);
      assert.match(r.fallbackReason ?? '', why);
      assert.deepEqual(r.modelAnswer, answer);
    });
  }

  it('gives no paragraph when the server fails, with its error', async function () {
    const { deps } = scriptedTaskTiers({ server: () => new LocalFocusError('local-server', 'Ollama at http://127.0.0.1:11434 is down: nothing answers.') });
    const r = await narrateSummaryTiered({ facts: FACTS }, signal, deps);
    assert.equal(r.paragraph, undefined);
    assert.match(r.fallbackReason ?? '', /^server: Ollama .* is down/);
  });

  it('a forced rules tier, or a summary with no task, never asks a model', async function () {
    const { deps, calls } = scriptedTaskTiers({ server: () => assert.fail('not asked') });
    const rules = await narrateSummaryTiered({ facts: FACTS, tier: 'degraded' }, signal, deps);
    assert.deepEqual([rules.tier, rules.paragraph, rules.tokens], ['degraded', undefined, 0]);
    const empty = await narrateSummaryTiered({ facts: { ...FACTS, tasks: [] } }, signal, deps);
    assert.equal(empty.paragraph, undefined);
    assert.deepEqual(calls, []);
  });

  it('a refused cloud answer gives no paragraph without marking the cloud unreachable', async function () {
    const { deps, orchestrator } = scriptedTaskTiers({ cloud: () => ({ paragraph: '"Ship the exporter" was done.', tasks: ['t7'] }), mode: 'auto' });
    const r = await narrateSummaryTiered({ facts: FACTS, tier: 'cloud' }, signal, deps);
    assert.equal(r.paragraph, undefined);
    assert.match(r.fallbackReason ?? '', /^cloud: the model's paragraph was refused: it lists "t7"/);
    assert.notEqual(orchestrator.inputs().cloud.reachable, 'unreachable');
  });

  it('refuses facts with a key listed twice as bad input', async function () {
    const { deps } = scriptedTaskTiers({});
    await assert.rejects(narrateSummaryTiered({ facts: { ...FACTS, tasks: [FACTS.tasks[0]!, FACTS.tasks[0]!] } }, signal, deps), /listed twice/);
    await assert.rejects(narrateSummaryTiered({} as never, signal, deps), (e: LocalFocusError) => e.code === 'bad-input');
  });
});
