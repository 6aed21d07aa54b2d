// The Tasks view's date groups and the labels of the CodeLens and tree, computed from the
// wall-clock date in the user's zone.
import assert from 'node:assert/strict';
import type { Task } from '../../../src/core/tasks/task';
import { civilInZone } from '../../../src/core/tasks/timeZone';
import { compareTasks, groupOf, groupTasks } from '../../../src/extension/tasks/taskGroups';
import { codeLensTitle, fieldsSummary, formatDue } from '../../../src/extension/tasks/taskLabels';

const task = (o: Partial<Task>): Task => ({ id: o.id ?? Math.random().toString(36).slice(2, 10), title: 't', tags: [], status: 'open', tier: 'degraded', created: '', ...o });

// Wednesday 2026-03-11 14:30 in Berlin (13:30 UTC).
const NOW = civilInZone(new Date('2026-03-11T13:30:00Z'), 'Europe/Berlin');

describe('task groups', function () {
  it('puts tasks in Overdue, Today, This week, Later and No date by the local date', function () {
    assert.equal(NOW.weekday, 3);
    const cases: [string | undefined, string][] = [
      ['2026-03-10', 'overdue'],
      ['2026-03-11T14:00', 'overdue'], // a time today that has passed
      ['2026-03-11T15:00', 'today'],
      ['2026-03-11', 'today'], // a date is due until the day ends
      ['2026-03-12', 'thisWeek'],
      ['2026-03-15', 'thisWeek'], // Sunday ends the week
      ['2026-03-16', 'later'], // next Monday
      ['2027-01-01', 'later'],
      [undefined, 'noDate'],
    ];
    for (const [due, group] of cases) assert.equal(groupOf(task(due ? { due } : {}), NOW), group, `due ${due}`);
  });

  it('puts done and resolved tasks in Completed whatever their date', function () {
    assert.equal(groupOf(task({ due: '2026-03-01', status: 'done' }), NOW), 'completed');
    assert.equal(groupOf(task({ status: 'resolved-in-code' }), NOW), 'completed');
  });

  it('on a Sunday, This week is only today; Monday starts Later', function () {
    const sunday = civilInZone(new Date('2026-03-15T10:00:00Z'), 'UTC');
    assert.equal(sunday.weekday, 0);
    assert.equal(groupOf(task({ due: '2026-03-16' }), sunday), 'later');
  });

  it('follows the zone: late evening UTC is already tomorrow in Tokyo', function () {
    const tokyo = civilInZone(new Date('2026-03-11T20:00:00Z'), 'Asia/Tokyo');
    assert.equal(groupOf(task({ due: '2026-03-12' }), tokyo), 'today');
    assert.equal(groupOf(task({ due: '2026-03-11' }), tokyo), 'overdue');
  });

  it('sorts by due (a timed due before the same plain date), then priority, then title; leaves out empty groups', function () {
    const a = task({ title: 'b', due: '2026-03-12' });
    const b = task({ title: 'a', due: '2026-03-12T09:00' });
    const c = task({ title: 'z', due: '2026-03-12', priority: 'high' });
    const d = task({ title: 'no date, high', priority: 'high' });
    assert.deepEqual([a, b, c].sort(compareTasks).map((t) => t.title), ['a', 'z', 'b']);
    assert.ok(compareTasks(a, d) < 0, 'a dated task comes before an undated one');
    const groups = groupTasks([a, b, c, d], NOW);
    assert.deepEqual(groups.map((g) => g.group), ['thisWeek', 'noDate']);
    assert.equal(groups[0]!.tasks.length, 3);
  });
});

describe('task labels', function () {
  it('names dates near today and keeps the time', function () {
    assert.equal(formatDue('2026-03-11', NOW), 'today');
    assert.equal(formatDue('2026-03-12T15:00', NOW), 'tomorrow 15:00');
    assert.equal(formatDue('2026-03-10', NOW), 'yesterday');
    assert.equal(formatDue('2026-03-13', NOW), 'Fri 13 Mar');
    assert.equal(formatDue('2026-04-20T09:30', NOW), '20 Apr 09:30');
    assert.equal(formatDue('2027-01-05', NOW), '5 Jan 2027');
    assert.equal(formatDue('soon', NOW), 'soon');
  });

  it('writes the CodeLens of a captured TODO as "Task: <title> · due … · priority"', function () {
    const t = task({ title: 'fix login redirect', due: '2026-03-12T15:00', priority: 'high', tags: ['auth'] });
    assert.equal(codeLensTitle(t, NOW), 'Task: fix login redirect · due tomorrow 15:00 · high');
    assert.equal(codeLensTitle(task({ title: 'fix login redirect', tags: ['auth'], status: 'resolved-in-code' }), NOW), 'Task (resolved in code): fix login redirect');
    assert.equal(fieldsSummary({ ...t, assignee: 'ana', estimateMinutes: 90 }, NOW), 'due tomorrow 15:00 · !high · #auth · @ana · est 1h30m');
  });
});
