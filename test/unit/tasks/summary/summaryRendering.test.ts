// A summary rendered as Markdown for a stand-up note and as JSON, from a fixed clock: the heading
// names the period, each section has its count and tag subheadings, each task is a bullet with
// its due date and priority; JSON keeps the same sections with `tag: null` for untagged.
import assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/tasks/task';
import { summaryJson } from '../../../../src/core/tasks/summary/summaryJson';
import { summaryMarkdown, summaryTitle, taskBullet } from '../../../../src/core/tasks/summary/summaryMarkdown';
import { parseSummaryPeriod } from '../../../../src/core/tasks/summary/summaryPeriod';
import { summariseTasks } from '../../../../src/core/tasks/summary/taskSummary';

const CLOCK = { now: new Date('2026-03-10T08:30:00.000Z'), timeZone: 'UTC' };

function task(title: string, extra: Partial<Task> = {}): Task {
  return { id: title.replace(/\W/g, '').slice(0, 8), title, tags: [], status: 'open', tier: 'degraded', created: '2026-01-01T00:00:00.000Z', ...extra };
}

const TASKS = [
  task('Ship the exporter', { status: 'done', done: '2026-03-09T16:00:00.000Z', tags: ['export'], priority: 'high' }),
  task('Fix login redirect', { status: 'done', done: '2026-03-08T16:00:00.000Z', tags: ['auth', 'ui'], due: '2026-03-08T15:00' }),
  task('Tidy the wiki', { status: 'done', done: '2026-03-07T16:00:00.000Z' }),
  task('Drop IE11 polyfills', { status: 'resolved-in-code', done: '2026-03-09T10:00:00.000Z', tags: ['build'] }),
  task('Renew the *wildcard* certificate', { due: '2026-03-06', priority: 'medium', tags: ['ops'] }),
  task('Pay the invoice', { due: '2026-03-12', created: '2026-03-09T09:00:00.000Z' }),
];

describe('summaries: rendering', () => {
  const summary = summariseTasks(TASKS, parseSummaryPeriod('7d', CLOCK), CLOCK);

  it('Markdown: the period, a section per kind with counts, tag subheadings, untagged last', () => {
    const md = summaryMarkdown(summary);
    assert.equal(
      md,
      [
        '# Summary 2026-03-04 to 2026-03-10',
        '',
        '## Done (3)',
        '',
        '### #auth',
        '',
        '- Fix login redirect — due 2026-03-08 15:00',
        '',
        '### #export',
        '',
        '- Ship the exporter — !high',
        '',
        '### Untagged',
        '',
        '- Tidy the wiki',
        '',
        '## Resolved in code (1)',
        '',
        '### #build',
        '',
        '- Drop IE11 polyfills',
        '',
        '## Added (1)',
        '',
        '### Untagged',
        '',
        '- Pay the invoice — due 2026-03-12',
        '',
        '## Overdue (1)',
        '',
        '### #ops',
        '',
        '- Renew the \\*wildcard\\* certificate — due 2026-03-06 · !medium',
        '',
        '## Due in the next 7 days (1)',
        '',
        '### Untagged',
        '',
        '- Pay the invoice — due 2026-03-12',
        '',
      ].join('\n'),
    );
  });

  it('Markdown: an empty section says so', () => {
    const md = summaryMarkdown(summariseTasks([], parseSummaryPeriod('today', CLOCK), CLOCK));
    assert.match(md, /^# Summary for 2026-03-10\n/);
    assert.equal(md.match(/\n\nNothing\.\n/g)?.length, 5);
  });

  it('the title names one day, or the first and last', () => {
    assert.equal(summaryTitle(parseSummaryPeriod('1d', CLOCK)), 'Summary for 2026-03-10');
    assert.equal(summaryTitle(parseSummaryPeriod('2026-02-27', CLOCK)), 'Summary 2026-02-27 to 2026-03-10');
  });

  it('a bullet escapes Markdown in the title and adds the due date and priority it has', () => {
    assert.equal(taskBullet(task('use [x] in _init_')), '- use \\[x\\] in \\_init\\_');
    assert.equal(taskBullet(task('a', { due: '2026-03-11', priority: 'low' })), '- a — due 2026-03-11 · !low');
  });

  it('JSON: the period, the zone, and every section by tag with whole tasks', () => {
    const json = JSON.parse(JSON.stringify(summaryJson(summary))) as {
      period: Record<string, string>;
      timeZone: string;
      sections: Record<string, { count: number; groups: { tag: string | null; tasks: Task[] }[] }>;
    };
    assert.deepEqual(json.period, { since: '7d', from: '2026-03-04T00:00:00.000Z', until: '2026-03-10T08:30:00.000Z', firstDay: '2026-03-04', lastDay: '2026-03-10' });
    assert.equal(json.timeZone, 'UTC');
    assert.deepEqual(Object.keys(json.sections), ['done', 'resolved', 'added', 'overdue', 'dueNext']);
    assert.deepEqual(
      json.sections.done?.groups.map((g) => [g.tag, g.tasks.map((t) => t.title)]),
      [
        ['auth', ['Fix login redirect']],
        ['export', ['Ship the exporter']],
        [null, ['Tidy the wiki']],
      ],
    );
    assert.equal(json.sections.done?.count, 3);
    const overdue = json.sections.overdue?.groups[0]?.tasks[0];
    assert.deepEqual([overdue?.due, overdue?.priority, overdue?.tags], ['2026-03-06', 'medium', ['ops']]);
  });

  it('Markdown: a narrative paragraph goes under the heading, escaped into one plain paragraph', () => {
    const md = summaryMarkdown(summary, '# "Ship the *exporter*" was done;\n- more');
    assert.match(md, /^# Summary 2026-03-04 to 2026-03-10\n\n\\# "Ship the \\\*exporter\\\*" was done; - more\n\n## Done \(3\)\n/);
    assert.equal(summaryMarkdown(summary, undefined), summaryMarkdown(summary));
  });

  it('JSON: the narrative with its tier, paragraph and the tasks it names, or why there is none', () => {
    const shipped = TASKS[0]!;
    const withOne = JSON.parse(JSON.stringify(summaryJson(summary, { paragraph: '"Ship the exporter" was done.', tasks: [shipped], tier: 'server' }))) as { narrative: unknown };
    assert.deepEqual(withOne.narrative, { tier: 'server', paragraph: '"Ship the exporter" was done.', tasks: [{ id: shipped.id, title: 'Ship the exporter' }] });
    const none = JSON.parse(JSON.stringify(summaryJson(summary, { tasks: [], tier: 'degraded', fallbackReason: 'server: down' }))) as { narrative: unknown };
    assert.deepEqual(none.narrative, { tier: 'degraded', paragraph: null, tasks: [], fallbackReason: 'server: down' });
    assert.equal('narrative' in (summaryJson(summary) as object), false);
  });
});
