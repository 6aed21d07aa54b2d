// The re-rank prompt and schema: every candidate is one line with its id, due date, priority and
// the rules' reasons; the schema's ids are exactly the candidates' and its reasons are bounded.
import assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/tasks/task';
import { rankNextTasks } from '../../../../src/core/tasks/next/rankNextTasks';
import { RERANK_CANDIDATES, rerankCandidatesOf, type RerankCandidate } from '../../../../src/core/tasks/next/rerankCandidates';
import { buildRerankPrompt } from '../../../../src/core/tasks/next/rerankPrompt';
import { MAX_RERANK_REASON_CHARS, rerankJsonSchema } from '../../../../src/core/tasks/next/rerankSchema';

/** The parts of the re-rank schema the tests read. */
interface OrderSchema {
  required: string[];
  additionalProperties: boolean;
  properties: { order: { minItems?: number; maxItems?: number; items: { required: string[]; properties: { id: { enum: string[] }; reason: { maxLength?: number } } } } };
}
const schemaOf = (ids: string[], bounded: boolean) => rerankJsonSchema(ids, { bounded }) as unknown as OrderSchema;

const NOW = new Date('2026-03-10T09:00:00Z');
const CANDIDATES: RerankCandidate[] = [
  { id: 'late0001', title: 'Renew the certificate', due: '2026-03-07', reasons: ['overdue by 3 days'] },
  { id: 'offsite1', title: 'Plan the\n offsite', priority: 'high', reasons: ['high priority'] },
];

describe('the re-rank prompt', function () {
  it('lists each candidate on one line with its id, due date, priority and the rules\' reasons, after the time', function () {
    const { system, prompt } = buildRerankPrompt(CANDIDATES, { now: NOW, timeZone: 'UTC' });
    assert.match(system, /use only the ids given/);
    assert.match(system, new RegExp(`at most ${MAX_RERANK_REASON_CHARS} characters`));
    assert.equal(
      prompt,
      [
        'Now: 2026-03-10 09:00 (UTC)',
        'Tasks:',
        '- id late0001: Renew the certificate (due 2026-03-07; no priority; rules: overdue by 3 days)',
        '- id offsite1: Plan the offsite (no due date; high priority; rules: high priority)',
        'JSON:',
      ].join('\n'),
    );
  });

  it('takes the rules\' first ten suggestions, with their reasons as text', function () {
    const tasks: Task[] = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, title: `task ${i}`, tags: [], status: 'open', created: '2026-01-01T00:00:00Z', priority: 'high', tier: 'degraded' }));
    const candidates = rerankCandidatesOf(rankNextTasks(tasks, { now: NOW, timeZone: 'UTC', count: 20 }));
    assert.equal(candidates.length, RERANK_CANDIDATES);
    assert.deepEqual(candidates[0], { id: 't0', title: 'task 0', priority: 'high', reasons: ['high priority', 'waiting 68 days'] });
  });
});

describe('the re-rank schema', function () {
  it('bounded: the ids are an enum of the candidates, at most one entry each, reasons at most 80 characters', function () {
    const schema = schemaOf(['a', 'b', 'c'], true);
    const order = schema.properties.order;
    assert.deepEqual(schema.required, ['order']);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(order.items.properties.id.enum, ['a', 'b', 'c']);
    assert.equal(order.items.properties.reason.maxLength, MAX_RERANK_REASON_CHARS);
    assert.equal(MAX_RERANK_REASON_CHARS, 80);
    assert.equal(order.minItems, 1);
    assert.equal(order.maxItems, 3);
    assert.deepEqual(order.items.required, ['id', 'reason']);
  });

  it('for the cloud: the same shape and ids without the bounds strict mode does not take', function () {
    const order = schemaOf(['a', 'b'], false).properties.order;
    assert.deepEqual(order.items.properties.id.enum, ['a', 'b']);
    assert.equal(order.maxItems, undefined);
    assert.equal(order.items.properties.reason.maxLength, undefined);
  });
});
