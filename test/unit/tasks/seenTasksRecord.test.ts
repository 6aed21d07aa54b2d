// A task ticked by hand while no store was looking (the editor closed, between two CLI runs) is
// stamped `done=` by the next store, which compares the file with the open tasks this machine last
// saw in it (seenTasksRecord.ts), at the file's modification time: the tick happened after the
// record was written and no later than that. Without a record, or with a broken one, nothing is
// guessed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TaskStore } from '../../../src/core/tasks/taskStore';

const OPEN = '- [ ] Ship the exporter — #export <!-- lf:id=ship0001 tier=degraded created=2026-03-01T08:00:00.000Z -->';
const TICKED = OPEN.replace('- [ ]', '- [x]');
const OTHER = '- [ ] Another task <!-- lf:id=other001 tier=degraded created=2026-03-01T08:00:00.000Z -->';
const SEEN = '2026-03-10T09:00:00.000Z';
const EDITED = '2026-03-10T11:45:00.000Z';
const NEXT_RUN = '2026-03-11T08:00:00.000Z';

describe('tasks ticked by hand while no store was looking', () => {
  let dir: string;
  let file: string;
  let record: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-seen-'));
    file = path.join(dir, 'TASKS.md');
    record = path.join(dir, 'home', 'tasks-seen', 'key.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (...lines: string[]) => fs.writeFileSync(file, ['# Tasks', '', ...lines, ''].join('\n'));
  /** A hand edit saved at `iso`. */
  const editAt = (iso: string, ...lines: string[]) => {
    write(...lines);
    fs.utimesSync(file, new Date(iso), new Date(iso));
  };
  const storeAt = (iso: string) => new TaskStore({ filePath: file, now: () => new Date(iso), seenRecordPath: record });
  const recorded = () => JSON.parse(fs.readFileSync(record, 'utf8')) as { version: number; file: string; seenAt: string; open: string[] };

  it('stamps a tick made between two stores at the file modification time', async () => {
    write(OPEN, OTHER);
    await storeAt(SEEN).read();
    assert.deepEqual(recorded(), { version: 1, file, seenAt: SEEN, open: ['other001', 'ship0001'] });
    editAt(EDITED, TICKED, OTHER);
    const { tasks } = await storeAt(NEXT_RUN).read();
    assert.equal(tasks.find((t) => t.id === 'ship0001')?.done, EDITED);
    assert.equal(tasks.find((t) => t.id === 'other001')?.done, undefined);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^- \[x\] Ship the exporter — #export <!-- lf:id=ship0001 tier=degraded created=2026-03-01T08:00:00\.000Z done=2026-03-10T11:45:00\.000Z -->$/m);
    assert.match(text, /^- \[ \] Another task <!-- lf:id=other001 tier=degraded created=2026-03-01T08:00:00\.000Z -->$/m);
    assert.deepEqual(recorded().open, ['other001']);
  });

  it('stamps a tick first seen by a write (a CLI add), in the same write', async () => {
    write(OPEN);
    await storeAt(SEEN).read();
    editAt(EDITED, TICKED);
    await storeAt(NEXT_RUN).addTask({ id: 'new00001', title: 'Added from the CLI', tags: [], status: 'open', tier: 'degraded', created: NEXT_RUN });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /lf:id=ship0001 .*done=2026-03-10T11:45:00\.000Z/);
    assert.match(text, /lf:id=new00001/);
    assert.deepEqual(recorded().open, ['new00001']);
  });

  it('stamps no earlier than the record: a file time older than seenAt is raised to it', async () => {
    write(OPEN);
    await storeAt(SEEN).read();
    editAt('2026-03-09T07:00:00.000Z', TICKED);
    const { tasks } = await storeAt(NEXT_RUN).read();
    assert.equal(tasks[0]?.done, SEEN);
  });

  it('stamps a hand-written line without an id, matched by its line before the tick', async () => {
    write('- [ ] Buy milk', '- [ ] Call the bank');
    await storeAt(SEEN).read();
    editAt(EDITED, '- [x] Buy milk', '- [ ] Call the bank');
    const { tasks } = await storeAt(NEXT_RUN).read();
    assert.equal(tasks.find((t) => t.title === 'Buy milk')?.done, EDITED);
    assert.equal(tasks.find((t) => t.title === 'Call the bank')?.done, undefined);
    assert.match(fs.readFileSync(file, 'utf8'), /^- \[x\] Buy milk <!-- lf:id=h-[0-9a-f]{8} tier=degraded done=2026-03-10T11:45:00\.000Z -->$/m);
  });

  it('does not stamp without a record: when the task closed is unknown', async () => {
    write(OPEN);
    await new TaskStore({ filePath: file, now: () => new Date(SEEN) }).read();
    assert.equal(fs.existsSync(record), false, 'a store without a record path keeps none');
    editAt(EDITED, TICKED);
    const before = fs.readFileSync(file, 'utf8');
    const { tasks } = await storeAt(NEXT_RUN).read();
    assert.equal(tasks[0]?.done, undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  it('ignores a malformed record, costs the read nothing, and writes a good one', async () => {
    for (const broken of ['{ not json', JSON.stringify({ version: 1, file, seenAt: 'yesterday', open: ['ship0001'] }), JSON.stringify({ file, seenAt: SEEN, open: 'ship0001' })]) {
      fs.mkdirSync(path.dirname(record), { recursive: true });
      fs.writeFileSync(record, broken);
      editAt(EDITED, TICKED, OTHER);
      const { tasks } = await storeAt(NEXT_RUN).read();
      assert.equal(tasks.find((t) => t.id === 'ship0001')?.done, undefined, broken);
      assert.deepEqual(recorded(), { version: 1, file, seenAt: NEXT_RUN, open: ['other001'] }, broken);
    }
  });

  it('does not restamp a task that already has its done= time', async () => {
    write(OPEN);
    await storeAt(SEEN).read();
    editAt(EDITED, TICKED.replace(' -->', ' done=2026-03-10T10:00:00.000Z -->'));
    const before = fs.readFileSync(file, 'utf8');
    const { tasks } = await storeAt(NEXT_RUN).read();
    assert.equal(tasks[0]?.done, '2026-03-10T10:00:00.000Z');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  it('rewrites the record only when the open tasks changed', async () => {
    write(OPEN);
    await storeAt(SEEN).read();
    await storeAt(NEXT_RUN).read();
    assert.equal(recorded().seenAt, SEEN);
    write(OPEN, OTHER);
    await storeAt(NEXT_RUN).read();
    assert.deepEqual(recorded(), { version: 1, file, seenAt: NEXT_RUN, open: ['other001', 'ship0001'] });
  });

  it('carries a tick whose stamp could not be written to the next store, which stamps it', async () => {
    write(OPEN);
    const blocked = new TaskStore({
      filePath: file,
      now: () => new Date(SEEN),
      seenRecordPath: record,
      beforeCommit: () => {
        throw new Error('EROFS: read-only file system');
      },
    });
    await blocked.read();
    editAt(EDITED, TICKED);
    assert.equal((await blocked.read()).tasks[0]?.done, undefined);
    assert.deepEqual(recorded().open, ['ship0001'], 'still waiting for its stamp');
    const { tasks } = await storeAt(NEXT_RUN).read();
    assert.equal(tasks[0]?.done, EDITED);
    assert.deepEqual(recorded().open, []);
  });

  it('a record that cannot be written never costs the read', async () => {
    write(OPEN);
    fs.writeFileSync(path.join(dir, 'home'), 'a file where the folder should be');
    const { tasks } = await storeAt(SEEN).read();
    assert.deepEqual(
      tasks.map((t) => t.id),
      ['ship0001'],
    );
  });
});
