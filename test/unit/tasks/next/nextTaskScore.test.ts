// The next-task score: each factor on its own, the order the weights promise, and the reasons.
import assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/tasks/task';
import { dueUrgency } from '../../../../src/core/tasks/next/dueUrgency';
import { NEXT_WEIGHTS, scoreNextTask, type NextScoreContext } from '../../../../src/core/tasks/next/nextTaskScore';
import { civilInZone } from '../../../../src/core/tasks/timeZone';

// Tuesday 10 March 2026, 09:30 in Berlin (08:30 UTC).
const NOW = new Date('2026-03-10T08:30:00.000Z');
const ZONE = 'Europe/Berlin';
const CTX: NextScoreContext = { now: NOW, timeZone: ZONE };

function task(extra: Partial<Task> = {}): Task {
  return { id: 't1', title: 'Task', tags: [], status: 'open', tier: 'degraded', created: NOW.toISOString(), ...extra };
}

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

describe('next tasks: due urgency', () => {
  const now = civilInZone(NOW, ZONE);

  it('reads overdue dates, passed times today, today and the next three days', () => {
    assert.deepEqual(dueUrgency('2026-03-07', now), { kind: 'overdue', days: 3 });
    assert.deepEqual(dueUrgency('2026-03-10T09:00', now), { kind: 'overdue', days: 0 });
    assert.deepEqual(dueUrgency('2026-03-10T15:00', now), { kind: 'today', minutes: 900 });
    assert.deepEqual(dueUrgency('2026-03-10', now), { kind: 'today' });
    assert.deepEqual(dueUrgency('2026-03-11', now), { kind: 'soon', days: 1 });
    assert.deepEqual(dueUrgency('2026-03-13', now), { kind: 'soon', days: 3 });
    assert.equal(dueUrgency('2026-03-14', now), undefined);
    assert.equal(dueUrgency(undefined, now), undefined);
  });

  it('counts days on the user\'s wall clock, not in UTC', () => {
    // 23:30 UTC on the 9th is already the 10th in Tokyo: a task due the 10th is due today there.
    const lateUtc = new Date('2026-03-09T23:30:00.000Z');
    assert.deepEqual(dueUrgency('2026-03-10', civilInZone(lateUtc, 'Asia/Tokyo')), { kind: 'today' });
    assert.deepEqual(dueUrgency('2026-03-10', civilInZone(lateUtc, 'UTC')), { kind: 'soon', days: 1 });
  });
});

describe('next tasks: each factor', () => {
  it('scores a task with nothing for it at zero, without reasons', () => {
    assert.deepEqual(scoreNextTask(task(), CTX), { score: 0, reasons: [] });
  });

  it('due: overdue grows by the day up to its cap, today and soon step down', () => {
    const points = (due: string) => scoreNextTask(task({ due }), CTX).score;
    assert.equal(points('2026-03-09'), NEXT_WEIGHTS.overdue + NEXT_WEIGHTS.overduePerDay);
    assert.equal(points('2026-03-05'), NEXT_WEIGHTS.overdue + 5 * NEXT_WEIGHTS.overduePerDay);
    assert.equal(points('2026-01-01'), NEXT_WEIGHTS.overdue + NEXT_WEIGHTS.overdueDaysCounted * NEXT_WEIGHTS.overduePerDay);
    assert.equal(points('2026-03-10'), NEXT_WEIGHTS.today);
    assert.ok(points('2026-03-11') > points('2026-03-12') && points('2026-03-12') > points('2026-03-13') && points('2026-03-13') > 0);
    assert.equal(points('2026-04-01'), 0);
  });

  it('due: says how it is due', () => {
    const reason = (due: string) => scoreNextTask(task({ due }), CTX).reasons[0]?.text;
    assert.equal(reason('2026-03-09'), 'overdue by 1 day');
    assert.equal(reason('2026-03-07'), 'overdue by 3 days');
    assert.equal(reason('2026-03-10T08:00'), 'overdue since 08:00');
    assert.equal(reason('2026-03-10'), 'due today');
    assert.equal(reason('2026-03-10T15:00'), 'due today 15:00');
    assert.equal(reason('2026-03-11'), 'due tomorrow');
    assert.equal(reason('2026-03-12'), 'due in 2 days');
  });

  it('priority: high and medium add and say so, low subtracts without a reason', () => {
    assert.deepEqual(scoreNextTask(task({ priority: 'high' }), CTX), { score: 50, reasons: [{ factor: 'priority', points: 50, text: 'high priority' }] });
    assert.equal(scoreNextTask(task({ priority: 'medium' }), CTX).reasons[0]?.text, 'medium priority');
    const low = scoreNextTask(task({ priority: 'low', due: '2026-03-10' }), CTX);
    assert.equal(low.score, NEXT_WEIGHTS.today + NEXT_WEIGHTS.priority.low);
    assert.deepEqual(low.reasons.map((r) => r.factor), ['due']);
  });

  it('branch: counts only when the task\'s own file is among the changed files', () => {
    const onBranch = task({ source: { path: 'src/login.ts', line: 4, text: 'fix it' } });
    const changed = new Set(['src/login.ts', 'README.md']);
    assert.deepEqual(scoreNextTask(onBranch, { ...CTX, changedFiles: changed }).reasons, [{ factor: 'branch', points: NEXT_WEIGHTS.branch, text: 'file changed on this branch' }]);
    assert.equal(scoreNextTask(onBranch, { ...CTX, changedFiles: new Set(['src/other.ts']) }).score, 0);
    assert.equal(scoreNextTask(onBranch, CTX).score, 0, 'no branch information: no points');
    assert.equal(scoreNextTask(task(), { ...CTX, changedFiles: changed }).score, 0, 'a task typed by hand has no file');
  });

  it('age: a point a day since capture up to its cap; a line with no capture time has no age', () => {
    assert.equal(scoreNextTask(task({ created: daysAgo(0.5) }), CTX).score, 0);
    assert.deepEqual(scoreNextTask(task({ created: daysAgo(1) }), CTX).reasons, [{ factor: 'age', points: 1, text: 'waiting 1 day' }]);
    assert.equal(scoreNextTask(task({ created: daysAgo(12) }), CTX).score, 12);
    const old = scoreNextTask(task({ created: daysAgo(90) }), CTX);
    assert.equal(old.score, NEXT_WEIGHTS.ageDaysCounted);
    assert.equal(old.reasons[0]?.text, 'waiting 90 days');
    assert.equal(scoreNextTask(task({ created: '' }), CTX).score, 0);
  });

  it('sums the factors and lists the reasons strongest first', () => {
    const t = task({ due: '2026-03-11', priority: 'high', created: daysAgo(8), source: { path: 'a.ts', line: 0, text: '' } });
    const s = scoreNextTask(t, { ...CTX, changedFiles: new Set(['a.ts']) });
    assert.equal(s.score, 60 + 50 + 30 + 8);
    assert.deepEqual(s.reasons.map((r) => r.text), ['due tomorrow', 'high priority', 'file changed on this branch', 'waiting 8 days']);
  });
});

describe('next tasks: the order the weights promise', () => {
  const score = (extra: Partial<Task>, changed: string[] = []) => scoreNextTask(task(extra), { ...CTX, changedFiles: new Set(changed) }).score;
  const strongestUndated = score({ priority: 'high', created: daysAgo(60), source: { path: 'a.ts', line: 0, text: '' } }, ['a.ts']);

  it('puts overdue before due today, and today before any undated task', () => {
    assert.ok(score({ due: '2026-03-09' }) > score({ due: '2026-03-10' }));
    assert.ok(score({ due: '2026-03-10' }) > strongestUndated, `today ${score({ due: '2026-03-10' })} vs ${strongestUndated}`);
  });

  it('among equally due tasks: high priority, then the branch, then medium priority, then age', () => {
    const onBranch = { source: { path: 'a.ts', line: 0, text: '' } };
    const high = score({ priority: 'high' });
    const branch = score(onBranch, ['a.ts']);
    const medium = score({ priority: 'medium' });
    const waited = score({ created: daysAgo(10) });
    assert.ok(high > branch && branch > medium && medium > waited, `${high} ${branch} ${medium} ${waited}`);
  });

  it('lets a high priority task due tomorrow outrank a plain task due in three days', () => {
    assert.ok(score({ due: '2026-03-11', priority: 'high' }) > score({ due: '2026-03-13' }));
  });
});
