import assert from 'node:assert/strict';
import type { Task } from '../../../src/core/tasks/task';
import {
  formatTaskLine,
  handWrittenId,
  parseDuration,
  formatDuration,
  parseTaskFile,
  parseTaskLine,
  removeTask,
  serializeTaskFile,
  tasksOf,
  upsertTask,
} from '../../../src/core/tasks/taskFile';

const full: Task = {
  id: 'k3x9a2p1',
  title: 'Fix login redirect',
  due: '2026-03-11T15:00',
  priority: 'high',
  tags: ['auth', 'web'],
  assignee: 'ana',
  estimateMinutes: 150,
  status: 'open',
  source: { path: 'src/login.ts', line: 41, text: 'fix login redirect tomorrow 3pm !high #auth -- "quoted" \\ back' },
  tier: 'degraded',
  created: '2026-03-10T08:30:00.000Z',
};

describe('task file line format', () => {
  it('renders one GitHub task-list line with metadata, a source link and a hidden id', () => {
    const line = formatTaskLine(full);
    assert.match(line, /^- \[ \] Fix login redirect — due 2026-03-11 15:00 · !high · #auth #web · @ana · est 2h30m · \[src\/login\.ts#L42\]\(src\/login\.ts#L42\) <!-- lf:id=k3x9a2p1 /);
    assert.ok(line.endsWith(' -->'));
    assert.ok(!line.slice(line.indexOf('<!--') + 4, -3).includes('--'), 'no "--" inside the HTML comment');
  });

  it('round-trips every field, including awkward source text', () => {
    const back = parseTaskLine(formatTaskLine(full))!.task;
    assert.deepEqual(back, full);
    const minimal: Task = { id: 'a1', title: 'Just a title', tags: [], status: 'done', tier: 'local', created: '' };
    assert.deepEqual(parseTaskLine(formatTaskLine(minimal))!.task, minimal);
  });

  it('shows resolved-in-code tasks as checked, struck through and marked', () => {
    const resolved: Task = { ...full, status: 'resolved-in-code' };
    const line = formatTaskLine(resolved);
    assert.match(line, /^- \[x\] ~~Fix login redirect~~ \(resolved in code\) — /);
    assert.deepEqual(parseTaskLine(line)!.task, resolved);
  });

  it('writes source links relative to the task file folder and reads them back', () => {
    const line = formatTaskLine({ ...full, source: { path: 'src/a b(1).ts', line: 0, text: '' } }, { linkBase: 'docs' });
    assert.match(line, /\]\(\.\.\/src\/a%20b%281%29\.ts#L1\)/);
    assert.deepEqual(parseTaskLine(line, { linkBase: 'docs' })!.task.source, { path: 'src/a b(1).ts', line: 0, text: '' });
  });

  it('keeps titles that contain the separators or a comment opener intact', () => {
    const { source: _source, ...withoutSource } = full;
    const odd: Task = { ...withoutSource, title: 'Use <!-- in HTML — really · twice' };
    const back = parseTaskLine(formatTaskLine(odd))!.task;
    assert.equal(back.title, 'Use <!-- in HTML – really · twice');
    assert.equal(back.due, full.due);
  });

  it('reads hand-written task lines, ~estimates and an unchecked box as open', () => {
    const t = parseTaskLine('  * [ ] Buy milk — due 2026-04-01 · ~1h30m · !low')!;
    assert.equal(t.indent, '  ');
    assert.equal(t.task.title, 'Buy milk');
    assert.equal(t.task.due, '2026-04-01');
    assert.equal(t.task.estimateMinutes, 90);
    assert.equal(t.task.priority, 'low');
    assert.equal(t.task.status, 'open');
    assert.equal(t.task.id, handWrittenId('  * [ ] Buy milk — due 2026-04-01 · ~1h30m · !low'));
    // A " — " tail that is not metadata stays in the title.
    assert.equal(parseTaskLine('- [x] Read "Dune" — great book')!.task.title, 'Read "Dune" — great book');
    assert.equal(parseTaskLine('- not a task'), undefined);
    assert.equal(parseTaskLine('- [ ]'), undefined);
  });

  it('formats and reads durations', () => {
    assert.equal(formatDuration(45), '45m');
    assert.equal(formatDuration(120), '2h');
    assert.equal(formatDuration(150), '2h30m');
    assert.equal(parseDuration('1d'), 480);
    assert.equal(parseDuration('2h30m'), 150);
    assert.equal(parseDuration('soon'), undefined);
  });
});

describe('task file document', () => {
  const file = [
    '# Tasks',
    '',
    'Notes written by hand, kept as they are.',
    '',
    '## This sprint',
    '',
    formatTaskLine(full),
    '- [ ]  Hand-written   task with odd spacing',
    '  - [x] nested done item',
    '- plain bullet',
    '',
    '<!-- a human comment -->',
  ].join('\n');

  it('serialises an untouched document byte for byte, with LF or CRLF and with or without a final newline', () => {
    for (const text of [file, file + '\n', file.replace(/\n/g, '\r\n') + '\r\n', '']) {
      assert.equal(serializeTaskFile(parseTaskFile(text)), text);
    }
  });

  it('lists the tasks, including hand-written and nested ones', () => {
    const tasks = tasksOf(parseTaskFile(file));
    assert.deepEqual(
      tasks.map((t) => [t.title, t.status]),
      [
        ['Fix login redirect', 'open'],
        [' Hand-written   task with odd spacing'.trim(), 'open'],
        ['nested done item', 'done'],
      ],
    );
  });

  it('rewrites only the changed line and keeps every line it does not understand', () => {
    const doc = parseTaskFile(file + '\n');
    const hand = tasksOf(doc)[1]!;
    upsertTask(doc, { ...hand, status: 'done' });
    const out = serializeTaskFile(doc).split('\n');
    const before = (file + '\n').split('\n');
    const changed = out.map((l, i) => (l === before[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(changed, [7]);
    assert.match(out[7]!, /^- \[x\] Hand-written task with odd spacing <!-- lf:id=h-[0-9a-f]{8} tier=degraded -->$/);
  });

  it('appends new tasks after the last task, or under a new heading in an empty file', () => {
    const doc = parseTaskFile(file);
    assert.equal(upsertTask(doc, { ...full, id: 'new1', title: 'Second' }), 'added');
    const lines = serializeTaskFile(doc).split('\n');
    assert.match(lines[9]!, /^- \[ \] Second/);
    assert.equal(lines[8], '  - [x] nested done item');

    const empty = parseTaskFile('');
    upsertTask(empty, { ...full, id: 'first' });
    const text = serializeTaskFile(empty);
    assert.match(text, /^# Tasks\n\n.*\n\n- \[ \] Fix login redirect .*\n$/);
    assert.equal(tasksOf(parseTaskFile(text)).length, 1);
  });

  it('replaces by id instead of adding a second line, and removes by id', () => {
    const doc = parseTaskFile(file);
    assert.equal(upsertTask(doc, { ...full, title: 'Renamed' }), 'updated');
    assert.deepEqual(
      tasksOf(doc).filter((t) => t.id === full.id).map((t) => t.title),
      ['Renamed'],
    );
    assert.equal(removeTask(doc, full.id), true);
    assert.equal(removeTask(doc, full.id), false);
    assert.ok(serializeTaskFile(doc).includes('Notes written by hand, kept as they are.'));
  });
});
