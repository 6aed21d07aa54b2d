import assert from 'node:assert/strict';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { buildTaskPrompt } from '../../../src/core/tasks/taskPrompt';
import { hasTemporalHint, mergeWithRules, TASK_JSON_SCHEMA, validateModelTask } from '../../../src/core/tasks/taskSchema';

const ctx = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin' };

describe('task JSON schema', () => {
  it('requires every field and allows nothing else (OpenAI strict mode rules)', () => {
    const props = Object.keys(TASK_JSON_SCHEMA.properties as object);
    assert.deepEqual([...(TASK_JSON_SCHEMA.required as string[])].sort(), [...props].sort());
    assert.equal(TASK_JSON_SCHEMA.additionalProperties, false);
    assert.deepEqual(props.sort(), ['assignee', 'due', 'estimateMinutes', 'priority', 'tags', 'title']);
  });

  it('the prompt carries the reference time, weekday and zone', () => {
    const p = buildTaskPrompt('fix it  tomorrow', ctx);
    assert.match(p.prompt, /Now: Tuesday 2026-03-10 09:30 \(Europe\/Berlin\)/);
    assert.match(p.prompt, /TODO: fix it tomorrow/);
    assert.match(p.system, /JSON/);
  });
});

describe('validateModelTask', () => {
  it('keeps valid fields and normalises them', () => {
    const v = validateModelTask(
      { title: ' fix  login ', due: '2026-03-11T15:00', priority: 'HIGH', tags: ['#auth', 'auth', 'ui'], assignee: '@ana', estimateMinutes: 120.4 },
      ctx,
    );
    assert.deepEqual(v.fields, { title: 'fix login', due: '2026-03-11T15:00', priority: 'high', tags: ['auth', 'ui'], assignee: 'ana', estimateMinutes: 120 });
    assert.deepEqual(v.dropped, []);
  });

  it('drops malformed fields one by one with a reason', () => {
    const v = validateModelTask({ title: '', due: 'next tuesday', priority: 'urgent', tags: 'auth', assignee: 42, estimateMinutes: -5 }, ctx);
    assert.deepEqual(v.fields, {});
    assert.deepEqual(v.dropped.map((d) => d.field).sort(), ['assignee', 'due', 'estimateMinutes', 'priority', 'tags', 'title']);
  });

  it('converts a due with an offset to local wall time and rejects impossible or implausible dates', () => {
    assert.equal(validateModelTask({ title: 'x', due: '2026-03-11T14:00:00Z' }, ctx).fields.due, '2026-03-11T15:00');
    assert.equal(validateModelTask({ title: 'x', due: '2026-02-30' }, ctx).fields.due, undefined);
    assert.equal(validateModelTask({ title: 'x', due: '1970-01-01' }, ctx).fields.due, undefined);
    assert.equal(validateModelTask({ title: 'x', due: null }, ctx).dropped.length, 0);
  });

  it('accepts JSON text and rejects non-objects', () => {
    assert.equal(validateModelTask('{"title":"a"}', ctx).fields.title, 'a');
    assert.equal(validateModelTask('not json', ctx).dropped[0]!.field, 'value');
    assert.equal(validateModelTask([1, 2], ctx).dropped[0]!.field, 'value');
  });
});

describe('mergeWithRules', () => {
  const rules = (text: string) => parseTaskRules(text, ctx);

  it('keeps the date the rules read when the model disagrees', () => {
    const r = rules('fix login redirect tomorrow 3pm !high #auth');
    const m = mergeWithRules(validateModelTask({ title: 'Fix the login redirect', due: '2026-03-12', priority: 'low', tags: ['auth'], assignee: null, estimateMinutes: null }, ctx), r, 'local');
    assert.equal(m.due, '2026-03-11T15:00');
    assert.equal(m.priority, 'high');
    assert.equal(m.title, 'Fix the login redirect');
    assert.equal(m.tier, 'local');
    assert.deepEqual(m.fromModel, ['title']);
  });

  it('lets the model fill a date the rules missed, but not invent one', () => {
    const missed = rules('ship it over the holidays this year');
    assert.equal(missed.due, undefined);
    const filled = mergeWithRules(validateModelTask({ title: 'ship it', due: '2026-03-23', priority: null, tags: [], assignee: null, estimateMinutes: null }, ctx), missed, 'cloud');
    assert.equal(filled.due, '2026-03-23');
    assert.ok(filled.fromModel?.includes('due'));

    const none = rules('refactor the parser');
    assert.equal(hasTemporalHint(none.input), false);
    const invented = mergeWithRules(validateModelTask({ title: 'refactor the parser', due: '2026-04-01', priority: null, tags: ['refactoring'], assignee: 'bob', estimateMinutes: 60 }, ctx), none, 'local');
    assert.equal(invented.due, undefined);
    assert.deepEqual(invented.tags, []);
    assert.equal(invented.assignee, undefined);
    assert.equal(invented.estimateMinutes, undefined);
  });

  it('falls back to the rules, marked degraded, on nonsense', () => {
    const r = rules('add retries to the uploader p2');
    const nonsense = mergeWithRules(validateModelTask('Once upon a time there was a little dragon', ctx), r, 'local');
    assert.equal(nonsense.tier, 'degraded');
    assert.equal(nonsense.title, r.title);
    assert.equal(nonsense.priority, 'medium');
    const offTopic = mergeWithRules(validateModelTask({ title: 'the dragon flew over the hills', due: null, priority: null, tags: [], assignee: null, estimateMinutes: null }, ctx), r, 'local');
    assert.equal(offTopic.title, r.title, 'an ungrounded title is not taken');
  });
});
