// A task ticked by hand in TASKS.md is stamped `done=` by the store that notices it, at its clock,
// so a summary counts it as done in the period; a task already closed at the first read is not
// (when it closed is unknown); the stamp never overwrites an edit the store has not seen.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tasksTickedByHand } from '../../../src/core/tasks/handTicks';
import { parseTaskFile } from '../../../src/core/tasks/taskFile';
import { TaskStore } from '../../../src/core/tasks/taskStore';
import { parseSummaryPeriod } from '../../../src/core/tasks/summary/summaryPeriod';
import { summariseTasks } from '../../../src/core/tasks/summary/taskSummary';

const OPEN = '- [ ] Ship the exporter — #export <!-- lf:id=ship0001 tier=degraded created=2026-03-01T08:00:00.000Z -->';
const TICKED = OPEN.replace('- [ ]', '- [x]');
const NOTICED = '2026-03-10T11:45:00.000Z';

describe('tasks ticked by hand', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-ticks-'));
    file = path.join(dir, 'TASKS.md');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (...lines: string[]) => fs.writeFileSync(file, ['# Tasks', '', ...lines, ''].join('\n'));
  const storeAt = (iso: string) => new TaskStore({ filePath: file, now: () => new Date(iso) });

  it('stamps done= at the time the store noticed the tick, in the file and in what read returns', async () => {
    write(OPEN, '- [ ] Another task <!-- lf:id=other001 tier=degraded created=2026-03-01T08:00:00.000Z -->');
    const store = storeAt(NOTICED);
    await store.read();
    write(TICKED, '- [ ] Another task <!-- lf:id=other001 tier=degraded created=2026-03-01T08:00:00.000Z -->');
    const { tasks } = await store.read();
    assert.equal(tasks.find((t) => t.id === 'ship0001')?.done, NOTICED);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^- \[x\] Ship the exporter — #export <!-- lf:id=ship0001 tier=degraded created=2026-03-01T08:00:00\.000Z done=2026-03-10T11:45:00\.000Z -->$/m);
    // Only the ticked line was rewritten.
    assert.match(text, /^- \[ \] Another task <!-- lf:id=other001 tier=degraded created=2026-03-01T08:00:00\.000Z -->$/m);
  });

  it('so a summary of the period counts the task as done', async () => {
    write(OPEN);
    const store = storeAt(NOTICED);
    await store.read();
    write(TICKED);
    const { tasks } = await store.read();
    const clock = { now: new Date('2026-03-10T18:00:00.000Z'), timeZone: 'UTC' };
    const done = summariseTasks(tasks, parseSummaryPeriod('today', clock), clock).sections.find((s) => s.kind === 'done');
    assert.deepEqual(done?.groups.flatMap((g) => g.tasks.map((t) => t.id)), ['ship0001']);
  });

  it('stamps a hand-written line without an id, matched by its line before the tick', async () => {
    write('- [ ] Buy milk', '- [ ] Call the bank');
    const store = storeAt(NOTICED);
    await store.read();
    write('- [x] Buy milk', '- [ ] Call the bank');
    const { tasks } = await store.read();
    assert.equal(tasks.find((t) => t.title === 'Buy milk')?.done, NOTICED);
    assert.equal(tasks.find((t) => t.title === 'Call the bank')?.done, undefined);
    assert.match(fs.readFileSync(file, 'utf8'), /^- \[x\] Buy milk <!-- lf:id=h-[0-9a-f]{8} tier=degraded done=2026-03-10T11:45:00\.000Z -->$/m);
  });

  it('does not stamp a task already closed at the first read: when it closed is unknown', async () => {
    write(TICKED);
    const before = fs.readFileSync(file, 'utf8');
    const { tasks } = await storeAt(NOTICED).read();
    assert.equal(tasks[0]?.done, undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  it('stamps a tick it first sees while applying a write of its own, in the same write', async () => {
    write(OPEN);
    const store = storeAt(NOTICED);
    await store.read();
    write(TICKED, '- [ ] Written by hand after the tick');
    await store.addTask({ id: 'new00001', title: 'Added by the editor', tags: [], status: 'open', tier: 'degraded', created: NOTICED });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /lf:id=ship0001 .*done=2026-03-10T11:45:00\.000Z/);
    assert.match(text, /^- \[ \] Written by hand after the tick$/m);
    assert.match(text, /lf:id=new00001/);
  });

  it('never overwrites an edit it has not seen: the stamp is made on the file as it is at the write', async () => {
    write(OPEN);
    let edited = false;
    const store = new TaskStore({
      filePath: file,
      now: () => new Date(NOTICED),
      beforeCommit: () => {
        // Another editor saves between the store's read and its rename, once.
        if (edited) return;
        edited = true;
        fs.appendFileSync(file, '- [ ] Saved by another window\n');
      },
    });
    await store.read();
    write(TICKED);
    await store.read();
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^- \[ \] Saved by another window$/m);
    assert.match(text, /lf:id=ship0001 .*done=2026-03-10T11:45:00\.000Z/);
  });

  it('a stamp that cannot be written never costs the read: it waits, with its first time, for the next one', async () => {
    write(OPEN);
    let failing = true;
    let now = NOTICED;
    const store = new TaskStore({
      filePath: file,
      now: () => new Date(now),
      beforeCommit: () => {
        if (failing) throw new Error('EROFS: read-only file system');
      },
    });
    await store.read();
    write(TICKED);
    const first = await store.read();
    assert.equal(first.tasks[0]?.status, 'done');
    assert.equal(first.tasks[0]?.done, undefined);
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /done=/);
    failing = false;
    now = '2026-03-10T12:30:00.000Z';
    const second = await store.read();
    assert.equal(second.tasks[0]?.done, NOTICED);
    assert.match(fs.readFileSync(file, 'utf8'), /done=2026-03-10T11:45:00\.000Z/);
  });

  it('finds the ticks between two versions of the file, and no others', () => {
    const before = parseTaskFile([OPEN, '- [ ] Buy milk', '- [x] Old <!-- lf:id=old00001 tier=degraded -->'].join('\n'));
    const after = parseTaskFile([TICKED, '- [x] Buy milk', '- [x] Old <!-- lf:id=old00001 tier=degraded -->', '- [x] Pasted closed'].join('\n'));
    const ticked = tasksTickedByHand(before, after);
    assert.equal(ticked.length, 2);
    assert.ok(ticked.includes('ship0001'));
    assert.ok(ticked.every((id) => id === 'ship0001' || id.startsWith('h-')));
    assert.deepEqual(tasksTickedByHand(before, before), []);
  });
});
