// Tag and estimate suggestions for a task being captured: the duration a finished task recorded,
// tags from similar tasks weighted by use, the estimate from similar finished tasks, and what the
// preview offers and applies.
import assert from 'node:assert/strict';
import { acceptSuggestion, offeredSuggestions } from '../../../../src/core/tasks/suggest/offeredSuggestions';
import { parseLabelledTasks, scoreSuggestions } from '../../../../src/core/tasks/suggest/suggestionAccuracy';
import { roundEstimate, weightedMedian } from '../../../../src/core/tasks/suggest/suggestEstimate';
import { examplesOf, tagUsage, type SuggestionExample } from '../../../../src/core/tasks/suggest/suggestionExamples';
import { MAX_RECORDED_MINUTES, recordedMinutes } from '../../../../src/core/tasks/suggest/taskDuration';
import { TaskSuggester } from '../../../../src/core/tasks/suggest/taskSuggester';
import type { Task } from '../../../../src/core/tasks/task';

const task = (over: Partial<Task>): Task => ({ id: 'x', title: 't', tags: [], status: 'done', tier: 'degraded', created: '2026-03-01T08:00:00.000Z', ...over });
let nextId = 0;
const example = (title: string, tags: string[], minutes?: number): SuggestionExample => ({ id: `e${nextId++}`, title, tags, ...(minutes !== undefined ? { minutes } : {}) });

describe('task suggestions: recorded duration', () => {
  it('takes started → done as it is within a working day', () => {
    assert.equal(recordedMinutes(task({ started: '2026-03-02T09:00:00.000Z', done: '2026-03-02T10:30:00.000Z' })), 90);
  });

  it('counts a third of a longer span as work, capped at five working days', () => {
    // 48 hours from start to done: 16 hours of work.
    assert.equal(recordedMinutes(task({ started: '2026-03-02T09:00:00.000Z', done: '2026-03-04T09:00:00.000Z' })), 16 * 60);
    // 10 hours: a third would be under a working day, so a working day.
    assert.equal(recordedMinutes(task({ started: '2026-03-02T09:00:00.000Z', done: '2026-03-02T19:00:00.000Z' })), 8 * 60);
    assert.equal(recordedMinutes(task({ started: '2026-01-02T09:00:00.000Z', done: '2026-03-02T09:00:00.000Z' })), MAX_RECORDED_MINUTES);
  });

  it('falls back to the written estimate, and gives none for open or unmeasured tasks', () => {
    assert.equal(recordedMinutes(task({ done: '2026-03-02T10:30:00.000Z', estimateMinutes: 45 })), 45, 'never started');
    assert.equal(recordedMinutes(task({ started: '2026-03-02T10:30:00.000Z', done: '2026-03-02T10:30:20.000Z', estimateMinutes: 30 })), 30, 'under a minute');
    assert.equal(recordedMinutes(task({ started: '2026-03-02T11:00:00.000Z', done: '2026-03-02T10:00:00.000Z' })), undefined, 'done before started');
    assert.equal(recordedMinutes(task({ status: 'open', started: '2026-03-02T09:00:00.000Z', estimateMinutes: 60 })), undefined);
    assert.equal(recordedMinutes(task({ done: 'not a date', started: '2026-03-02T09:00:00.000Z' })), undefined);
  });

  it('makes examples of a task file: every task teaches tags, finished ones minutes', () => {
    const ex = examplesOf([
      task({ id: 'a', title: 'fix login', tags: ['auth'], started: '2026-03-02T09:00:00.000Z', done: '2026-03-02T09:45:00.000Z' }),
      task({ id: 'b', title: 'add logout', tags: ['auth', 'ui'], status: 'open' }),
    ]);
    assert.deepEqual(ex, [
      { id: 'a', title: 'fix login', tags: ['auth'], minutes: 45 },
      { id: 'b', title: 'add logout', tags: ['auth', 'ui'] },
    ]);
    assert.deepEqual([...tagUsage(ex)], [['auth', 2], ['ui', 1]]);
  });
});

describe('task suggestions: tags and estimate', () => {
  const history = [
    example('fix the login redirect loop', ['auth', 'bug'], 60),
    example('login form loses the password on error', ['auth', 'ui'], 45),
    example('add a login rate limit', ['auth', 'security'], 240),
    example('typo in the README', ['docs'], 10),
    example('typo in the changelog', ['docs'], 10),
    example('README install steps are outdated', ['docs'], 30),
    example('speed up the dashboard query', ['perf', 'db'], 180),
    example('dashboard chart colours', ['ui'], 30),
    example('index the orders table', ['db']),
  ];

  it('suggests the tags of the most similar tasks before the most used ones', () => {
    const s = new TaskSuggester(history).suggest({ title: 'login page crashes after the redirect' });
    assert.equal(s.tags[0]?.tag, 'auth');
    assert.equal(s.tags[0]?.similarTasks, 3);
    // docs is the most used tag (3 tasks) but no login task has it.
    assert.ok(!s.tags.some((t) => t.tag === 'docs'), JSON.stringify(s.tags));
    assert.equal(s.tags.length, 3);
  });

  it('fills in with the most used tags when no task is alike, and never repeats the task\'s own', () => {
    const s = new TaskSuggester(history).suggest({ title: 'something entirely different', tags: ['docs'] });
    // auth on 3 tasks; db and ui on 2 each, in the order of their names.
    assert.deepEqual(s.tags.map((t) => t.tag), ['auth', 'db', 'ui']);
    assert.ok(s.tags.every((t) => t.similarTasks === 0));
  });

  it('estimates from the similar finished tasks, near the nearest', () => {
    const s = new TaskSuggester(history).suggest({ title: 'typo in the contributing guide' });
    assert.equal(s.estimate?.basis, 'similar');
    assert.ok(s.estimate!.minutes <= 20, `a typo fix like the two 10-minute ones, not ${s.estimate!.minutes}`);
    const big = new TaskSuggester(history).suggest({ title: 'speed up the orders query' });
    assert.ok(big.estimate!.minutes >= 60, `like the 3-hour dashboard query, not ${big.estimate!.minutes}`);
  });

  it('gives the median of finished tasks when none is alike, and nothing without finished tasks', () => {
    const s = new TaskSuggester(history).suggest({ title: 'something entirely different' });
    assert.deepEqual(s.estimate, { minutes: 30, basis: 'all', tasks: 8 });
    assert.equal(new TaskSuggester([example('login', ['auth'])]).suggest({ title: 'login' }).estimate, undefined);
    assert.equal(new TaskSuggester(history).suggest({ title: 'typo', estimateMinutes: 5 }).estimate, undefined, 'the task has its own');
  });

  it('weights the median and rounds to steps one would write', () => {
    assert.equal(weightedMedian([{ value: 10, weight: 1 }, { value: 100, weight: 3 }]), 100);
    assert.equal(weightedMedian([{ value: 10, weight: 3 }, { value: 100, weight: 1 }]), 10);
    assert.deepEqual([3, 42, 71, 250, 500].map(roundEstimate), [5, 40, 75, 240, 480]);
  });
});

describe('task suggestions: offered in the preview', () => {
  const suggestions = { tags: [{ tag: 'auth', score: 2, similarTasks: 2 }, { tag: 'ui', score: 1, similarTasks: 1 }], estimate: { minutes: 45, basis: 'similar' as const, tasks: 2 } };

  it('offers only what would change the task, and applies only what is accepted', () => {
    const fields = { title: 'fix login', tags: ['auth'] };
    const offered = offeredSuggestions(fields, suggestions);
    assert.deepEqual(offered.map((o) => (o.kind === 'tag' ? o.tag : o.minutes)), ['ui', 45]);
    const withUi = acceptSuggestion(fields, offered[0]!);
    assert.deepEqual(withUi, { title: 'fix login', tags: ['auth', 'ui'] });
    assert.deepEqual(fields.tags, ['auth'], 'the fields given are left as they were');
    assert.deepEqual(offeredSuggestions(withUi, suggestions).map((o) => o.kind), ['estimate']);
    const estimated = acceptSuggestion(withUi, offered[1]!);
    assert.equal(estimated.estimateMinutes, 45);
    assert.deepEqual(offeredSuggestions(estimated, suggestions), []);
  });
});

describe('task suggestions: accuracy scoring', () => {
  it('reads labelled sets and refuses a malformed line', () => {
    assert.deepEqual(parseLabelledTasks('# c\n30 | docs | fix a typo\n', 's'), [{ id: 's2', title: 'fix a typo', tags: ['docs'], minutes: 30 }]);
    assert.throws(() => parseLabelledTasks('thirty | docs | fix', 's'), /line 1/);
  });

  it('scores precision@k, recall@k and the estimate errors', () => {
    const s = scoreSuggestions([
      { labelTags: ['a', 'b'], suggestedTags: ['a', 'c', 'd'], labelMinutes: 60, suggestedMinutes: 30 },
      { labelTags: ['c'], suggestedTags: ['c', 'a', 'b'], labelMinutes: 60, suggestedMinutes: 70 },
      { labelTags: ['d'], suggestedTags: ['a', 'b', 'c'], labelMinutes: 60 },
    ]);
    assert.equal(s.precision, 2 / 9);
    assert.equal(s.recall, 2 / 4);
    assert.equal(s.medianAbsError, 20);
    assert.equal(s.meanAbsError, 20);
    assert.equal(s.estimated, 2);
  });
});
