// Ranking the open tasks: only open, scored, unhidden tasks with a reason; the first few; ties
// broken the same way every time.
import assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/tasks/task';
import { mergeRankings, rankNextTasks } from '../../../../src/core/tasks/next/rankNextTasks';

const NOW = new Date('2026-03-10T08:30:00.000Z');
const ZONE = 'UTC';

let nextId = 0;
function task(title: string, extra: Partial<Task> = {}): Task {
  return { id: `id${nextId++}`, title, tags: [], status: 'open', tier: 'degraded', created: NOW.toISOString(), ...extra };
}

describe('next tasks: ranking', () => {
  const tasks = [
    task('plain'),
    task('due later', { due: '2026-03-30' }),
    task('high', { priority: 'high' }),
    task('today', { due: '2026-03-10' }),
    task('overdue', { due: '2026-03-08' }),
    task('done overdue', { due: '2026-03-01', status: 'done' }),
    task('resolved high', { priority: 'high', status: 'resolved-in-code' }),
    task('branch', { source: { path: 'src/a.ts', line: 1, text: 'x' } }),
  ];

  it('ranks the open tasks by score and keeps the first three by default', () => {
    const ranked = rankNextTasks(tasks, { now: NOW, timeZone: ZONE, changedFiles: new Set(['src/a.ts']) });
    assert.deepEqual(ranked.map((s) => s.task.title), ['overdue', 'today', 'high']);
    assert.deepEqual(ranked.map((s) => s.reasons[0]?.text), ['overdue by 2 days', 'due today', 'high priority']);
  });

  it('gives as many as asked, and leaves out tasks that nothing speaks for', () => {
    const ranked = rankNextTasks(tasks, { now: NOW, timeZone: ZONE, changedFiles: new Set(['src/a.ts']), count: 10 });
    assert.deepEqual(ranked.map((s) => s.task.title), ['overdue', 'today', 'high', 'branch']);
  });

  it('leaves out hidden tasks and moves the next one up', () => {
    const ranked = rankNextTasks(tasks, { now: NOW, timeZone: ZONE, isHidden: (t) => t.title === 'today' });
    assert.deepEqual(ranked.map((s) => s.task.title), ['overdue', 'high']);
  });

  it('leaves out a task whose low priority cancels what speaks for it', () => {
    const low = task('old low', { priority: 'low', created: new Date(NOW.getTime() - 5 * 86_400_000).toISOString() });
    assert.deepEqual(rankNextTasks([low], { now: NOW, timeZone: ZONE }), []);
  });

  it('breaks equal scores by the earlier due, then the longer wait, then the title', () => {
    const created = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
    const tied = [
      task('b same', { priority: 'high', created: created(3) }),
      task('a same', { priority: 'high', created: created(3) }),
      task('c same', { priority: 'high', created: created(3) }),
    ];
    // Same score (50 + 3), no due, same capture time: the title decides.
    assert.deepEqual(rankNextTasks(tied, { now: NOW, timeZone: ZONE }).map((s) => s.task.title), ['a same', 'b same', 'c same']);
    const byDue = [task('due 11:00', { due: '2026-03-10T11:00' }), task('due 09:00', { due: '2026-03-10T09:00' })];
    assert.deepEqual(rankNextTasks(byDue, { now: NOW, timeZone: ZONE }).map((s) => s.task.title), ['due 09:00', 'due 11:00']);
    const byWait = [task('newer', { priority: 'high', created: '2026-03-10T08:00:00.000Z' }), task('waited', { priority: 'high', created: '2026-03-10T01:00:00.000Z' })];
    assert.deepEqual(rankNextTasks(byWait, { now: NOW, timeZone: ZONE }).map((s) => s.task.title), ['waited', 'newer']);
  });

  it('gives the same order whatever order the file lists the tasks in', () => {
    const forward = rankNextTasks(tasks, { now: NOW, timeZone: ZONE, count: 10 }).map((s) => s.task.id);
    const backward = rankNextTasks([...tasks].reverse(), { now: NOW, timeZone: ZONE, count: 10 }).map((s) => s.task.id);
    assert.deepEqual(backward, forward);
  });
});

describe('next tasks: several workspace folders', () => {
  it('merges the folders\' rankings into one order, each scored with its own branch', () => {
    const front = [task('front high', { priority: 'high' }), task('front on branch', { source: { path: 'ui.ts', line: 0, text: '' } })];
    const back = [task('back today', { due: '2026-03-10' }), task('back on branch', { source: { path: 'ui.ts', line: 0, text: '' } })];
    const rank = (folder: string, tasks: Task[], changed: string[]) =>
      rankNextTasks(tasks, { now: NOW, timeZone: ZONE, changedFiles: new Set(changed) }).map((suggestion) => ({ folder, suggestion }));
    // Only the front folder's branch changed ui.ts: the back folder's ui.ts task gets nothing for it.
    const merged = mergeRankings([rank('front', front, ['ui.ts']), rank('back', back, [])]);
    assert.deepEqual(merged.map((m) => `${m.folder}: ${m.suggestion.task.title}`), ['back: back today', 'front: front high', 'front: front on branch']);
  });
});
