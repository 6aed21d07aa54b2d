// Each section of a summary from a fixed clock: done and resolved by `done=` in the period, added
// by `created=`, overdue and due next from the open tasks' due dates at now; grouped by first tag.
import assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/tasks/task';
import { parseSummaryPeriod } from '../../../../src/core/tasks/summary/summaryPeriod';
import { summariseTasks, type SummarySectionKind, type TaskSummary } from '../../../../src/core/tasks/summary/taskSummary';

const NOW = new Date('2026-03-10T08:30:00.000Z');
const CLOCK = { now: NOW, timeZone: 'UTC' };
const OLD = '2026-01-05T10:00:00.000Z';

let nextId = 0;
function task(title: string, extra: Partial<Task> = {}): Task {
  return { id: `id${nextId++}`, title, tags: [], status: 'open', tier: 'degraded', created: OLD, ...extra };
}

function titles(summary: TaskSummary, kind: SummarySectionKind): string[] {
  const section = summary.sections.find((s) => s.kind === kind);
  assert.ok(section, kind);
  return section.groups.flatMap((g) => g.tasks.map((t) => t.title));
}

function summarise(tasks: Task[], since = '7d', clock = CLOCK): TaskSummary {
  return summariseTasks(tasks, parseSummaryPeriod(since, clock), clock);
}

describe('summaries: sections', () => {
  it('done: tasks done in the period, earliest first, not those done before it or with no time', () => {
    const s = summarise([
      task('done yesterday', { status: 'done', done: '2026-03-09T15:00:00.000Z' }),
      task('done this morning', { status: 'done', done: '2026-03-10T07:00:00.000Z' }),
      task('done at the first midnight', { status: 'done', done: '2026-03-04T00:00:00.000Z' }),
      task('done the day before', { status: 'done', done: '2026-03-03T23:59:00.000Z' }),
      task('done, time unknown', { status: 'done' }),
      task('reopened', { done: '2026-03-09T15:00:00.000Z' }),
      task('resolved', { status: 'resolved-in-code', done: '2026-03-09T15:00:00.000Z' }),
    ]);
    assert.deepEqual(titles(s, 'done'), ['done at the first midnight', 'done yesterday', 'done this morning']);
  });

  it('resolved in code: its own section, by done= in the period', () => {
    const s = summarise([
      task('todo deleted', { status: 'resolved-in-code', done: '2026-03-08T12:00:00.000Z' }),
      task('todo deleted long ago', { status: 'resolved-in-code', done: '2026-02-01T12:00:00.000Z' }),
      task('done', { status: 'done', done: '2026-03-08T12:00:00.000Z' }),
    ]);
    assert.deepEqual(titles(s, 'resolved'), ['todo deleted']);
  });

  it('added: created in the period, whatever the state now', () => {
    const s = summarise([
      task('new open', { created: '2026-03-09T09:00:00.000Z' }),
      task('new and done', { created: '2026-03-05T09:00:00.000Z', status: 'done', done: '2026-03-06T09:00:00.000Z' }),
      task('old'),
      task('hand-written', { created: '' }),
    ]);
    assert.deepEqual(titles(s, 'added'), ['new and done', 'new open']);
  });

  it('the period narrows what happened: today leaves out yesterday', () => {
    const tasks = [task('new yesterday', { created: '2026-03-09T09:00:00.000Z' }), task('new today', { created: '2026-03-10T06:00:00.000Z' })];
    assert.deepEqual(titles(summarise(tasks, 'today'), 'added'), ['new today']);
    assert.deepEqual(titles(summarise(tasks, '2d'), 'added'), ['new yesterday', 'new today']);
  });

  it('overdue: open tasks due before now, a plain date until its day ends', () => {
    const s = summarise([
      task('due friday', { due: '2026-03-06' }),
      task('due 8:00 today', { due: '2026-03-10T08:00' }),
      task('due today', { due: '2026-03-10' }),
      task('due 10:00 today', { due: '2026-03-10T10:00' }),
      task('done late', { due: '2026-03-01', status: 'done', done: '2026-03-09T12:00:00.000Z' }),
      task('due last year', { due: '2025-12-01' }),
    ]);
    assert.deepEqual(titles(s, 'overdue'), ['due last year', 'due friday', 'due 8:00 today']);
  });

  it('due next: open tasks due from now through the seventh day, earliest first', () => {
    const s = summarise([
      task('due in 7 days', { due: '2026-03-17' }),
      task('due in 6 days', { due: '2026-03-16' }),
      task('due today', { due: '2026-03-10' }),
      task('due 10:00 today', { due: '2026-03-10T10:00' }),
      task('due 8:00 today', { due: '2026-03-10T08:00' }),
      task('due tomorrow, done', { due: '2026-03-11', status: 'done', done: '2026-03-09T12:00:00.000Z' }),
      task('no date'),
    ]);
    assert.deepEqual(titles(s, 'dueNext'), ['due 10:00 today', 'due today', 'due in 6 days']);
  });

  it('overdue and due next are read at now, whatever the period', () => {
    const tasks = [task('late', { due: '2026-01-01' }), task('soon', { due: '2026-03-12' })];
    for (const since of ['today', '7d', '2026-01-01']) {
      const s = summarise(tasks, since);
      assert.deepEqual([titles(s, 'overdue'), titles(s, 'dueNext')], [['late'], ['soon']], since);
    }
  });

  it('today and overdue follow the time zone', () => {
    // 01:30 on 10 March in UTC is still 9 March in Los Angeles: a task due on the 9th is not late there.
    const at = new Date('2026-03-10T01:30:00.000Z');
    const tasks = [task('due 9 march', { due: '2026-03-09' })];
    assert.deepEqual(titles(summarise(tasks, 'today', { now: at, timeZone: 'UTC' }), 'overdue'), ['due 9 march']);
    const la = summarise(tasks, 'today', { now: at, timeZone: 'America/Los_Angeles' });
    assert.deepEqual([titles(la, 'overdue'), titles(la, 'dueNext')], [[], ['due 9 march']]);
  });

  it('keeps the sections in one order, each with its count', () => {
    const s = summarise([task('late', { due: '2026-03-01' }), task('late too', { due: '2026-03-02', tags: ['ops'] })]);
    assert.deepEqual(s.sections.map((x) => [x.kind, x.count]), [['done', 0], ['resolved', 0], ['added', 0], ['overdue', 2], ['dueNext', 0]]);
    assert.equal(s.timeZone, 'UTC');
  });
});
