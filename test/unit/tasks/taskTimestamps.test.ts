// When a task was started and done: stamped by the store with its clock, kept in the task file's
// comment, dropped on reopen (done) or kept (started), and left alone by a change that is no change.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Task } from '../../../src/core/tasks/task';
import { formatTaskLine, parseTaskLine } from '../../../src/core/tasks/taskFile';
import { withStarted, withStatus } from '../../../src/core/tasks/taskStatusChange';
import { TaskStore } from '../../../src/core/tasks/taskStore';
import type { TaskUpdate } from '../../../src/core/tasks/taskIdentity';

function task(extra: Partial<Task> = {}): Task {
  return { id: 'a1', title: 'Ship it', tags: [], status: 'open', tier: 'degraded', created: '2026-03-01T08:00:00.000Z', ...extra };
}

/** A clock the test moves by hand. */
function manualClock(start: string): { now: () => Date; set: (iso: string) => void } {
  let current = new Date(start);
  return { now: () => current, set: (iso) => (current = new Date(iso)) };
}

describe('task timestamps: the status change', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');

  it('stamps done when a task leaves open, for done and for resolved in code', () => {
    assert.equal(withStatus(task(), 'done', now).done, '2026-03-10T12:00:00.000Z');
    assert.equal(withStatus(task(), 'resolved-in-code', now).done, '2026-03-10T12:00:00.000Z');
  });

  it('drops done on reopen and keeps started', () => {
    const reopened = withStatus(task({ status: 'done', started: '2026-03-09T09:00:00.000Z', done: '2026-03-09T17:00:00.000Z' }), 'open', now);
    assert.equal(reopened.done, undefined);
    assert.equal('done' in reopened, false);
    assert.equal(reopened.started, '2026-03-09T09:00:00.000Z');
  });

  it('returns the same task when the status does not change, so no line is rewritten', () => {
    const closed = task({ status: 'done', done: '2026-03-09T17:00:00.000Z' });
    assert.equal(withStatus(closed, 'done', now), closed);
  });

  it('stamps started once: a second start keeps the first time', () => {
    const started = withStarted(task(), now);
    assert.equal(started.started, '2026-03-10T12:00:00.000Z');
    assert.equal(withStarted(started, new Date('2026-03-11T12:00:00.000Z')), started);
  });
});

describe('task timestamps: the task file line', () => {
  it('round-trips started and done through the hidden comment', () => {
    const t = task({ status: 'done', started: '2026-03-09T09:00:00.000Z', done: '2026-03-09T17:30:00.000Z' });
    const line = formatTaskLine(t);
    assert.match(line, /started=2026-03-09T09:00:00\.000Z done=2026-03-09T17:30:00\.000Z -->$/);
    assert.deepEqual(parseTaskLine(line)?.task, t);
  });

  it('reads a line without them as never started and not done', () => {
    const parsed = parseTaskLine('- [ ] Old task <!-- lf:id=a1 tier=degraded created=2026-03-01T08:00:00.000Z -->')!.task;
    assert.equal(parsed.started, undefined);
    assert.equal(parsed.done, undefined);
  });
});

describe('task timestamps: TaskStore with an injected clock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-stamps-'));
    file = path.join(dir, 'TASKS.md');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes started and done at the clock\'s times, and they survive a fresh read', async () => {
    const clock = manualClock('2026-03-10T09:00:00.000Z');
    const store = new TaskStore({ filePath: file, now: clock.now });
    await store.addTask(task());
    await store.startTask('a1');
    clock.set('2026-03-10T11:45:00.000Z');
    await store.setStatus('a1', 'done');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /started=2026-03-10T09:00:00\.000Z done=2026-03-10T11:45:00\.000Z/);
    const [read] = (await new TaskStore({ filePath: file }).read()).tasks;
    assert.equal(read?.started, '2026-03-10T09:00:00.000Z');
    assert.equal(read?.done, '2026-03-10T11:45:00.000Z');
  });

  it('removes done from the file on reopen and stamps it again at the next completion', async () => {
    const clock = manualClock('2026-03-10T09:00:00.000Z');
    const store = new TaskStore({ filePath: file, now: clock.now });
    await store.addTask(task());
    await store.setStatus('a1', 'done');
    await store.setStatus('a1', 'open');
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /done=/);
    clock.set('2026-03-12T10:00:00.000Z');
    assert.equal((await store.setStatus('a1', 'done')).done, '2026-03-12T10:00:00.000Z');
  });

  it('stamps done when a reconcile resolves a task in code, and leaves an unchanged file alone', async () => {
    const clock = manualClock('2026-03-10T09:00:00.000Z');
    const store = new TaskStore({ filePath: file, now: clock.now });
    await store.addTask(task());
    const resolve: TaskUpdate = { id: 'a1', changes: { status: 'resolved-in-code' } };
    assert.equal(await store.applyUpdates([resolve]), 1);
    assert.match(fs.readFileSync(file, 'utf8'), /status=resolved-in-code .*done=2026-03-10T09:00:00\.000Z/);
    clock.set('2026-03-11T09:00:00.000Z');
    const before = fs.readFileSync(file, 'utf8');
    assert.equal(await store.applyUpdates([resolve]), 0);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });
});
