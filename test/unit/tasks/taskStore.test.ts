import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareAtomicWrite, writeFileAtomic } from '../../../src/core/atomicWrite';
import type { Task } from '../../../src/core/tasks/task';
import { TaskFileConflictError, TaskStore } from '../../../src/core/tasks/taskStore';

function task(id: string, title: string, extra: Partial<Task> = {}): Task {
  return { id, title, tags: [], status: 'open', tier: 'degraded', created: '2026-03-10T08:30:00.000Z', ...extra };
}

describe('TaskStore', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-'));
    file = path.join(dir, 'TASKS.md');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const leftovers = (): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  it('creates the file on first add and reads tasks back', async () => {
    const store = new TaskStore({ filePath: file });
    assert.deepEqual((await store.read()).tasks, []);
    await store.addTask(task('a1', 'First'));
    await store.addTask(task('b2', 'Second'));
    const again = new TaskStore({ filePath: file });
    assert.deepEqual(
      (await again.read()).tasks.map((t) => t.title),
      ['First', 'Second'],
    );
    assert.deepEqual(leftovers(), []);
  });

  it('keeps an edit made on disk after its last read (re-reads and merges)', async () => {
    const store = new TaskStore({ filePath: file });
    await store.addTask(task('a1', 'First'));
    await store.read();
    // Someone edits the file by hand: adds a note and a task.
    fs.appendFileSync(file, '\nA note written by hand.\n- [ ] Hand task\n');
    assert.equal(await store.changedOnDisk(), true);
    await store.setStatus('a1', 'done');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('A note written by hand.'));
    assert.ok(text.includes('- [ ] Hand task'));
    assert.match(text, /- \[x\] First/);
    assert.equal(await store.changedOnDisk(), false);
  });

  it('detects a change between its read and its rename, and applies the operation again on top of it', async () => {
    let raced = false;
    const store = new TaskStore({
      filePath: file,
      beforeCommit: () => {
        if (raced) return;
        raced = true;
        // Lands after the store read the file and staged its write, before the rename.
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + '- [ ] Added by git pull\n');
      },
    });
    await writeFileAtomic(file, '# Tasks\n\n- [ ] Existing\n');
    await store.addTask(task('n1', 'New'));
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('- [ ] Added by git pull'), 'the outside edit survived');
    assert.ok(text.includes('- [ ] New'), 'our task was written');
    assert.ok(text.includes('- [ ] Existing'));
    assert.equal(raced, true);
    assert.deepEqual(leftovers(), []);
  });

  it('gives up with a conflict error, writing nothing, when the file keeps changing', async () => {
    let n = 0;
    const store = new TaskStore({
      filePath: file,
      maxAttempts: 2,
      beforeCommit: () => {
        fs.appendFileSync(file, `- [ ] outside ${++n}\n`);
      },
    });
    await writeFileAtomic(file, '- [ ] Existing\n');
    await assert.rejects(store.addTask(task('n1', 'New')), (err: Error) => err instanceof TaskFileConflictError && (err as TaskFileConflictError).code === 'bad-input');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('New'));
    assert.ok(text.includes('outside 2'));
    assert.deepEqual(leftovers(), []);
  });

  it('refuses to overwrite a task edited outside since the caller saw it', async () => {
    const store = new TaskStore({ filePath: file });
    await store.addTask(task('a1', 'Original'));
    const seen = (await store.read()).tasks[0]!;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Original', 'Renamed by hand'));
    await assert.rejects(store.editTask('a1', { title: 'Renamed in the tree' }, seen), TaskFileConflictError);
    assert.ok(fs.readFileSync(file, 'utf8').includes('Renamed by hand'));
    // Without a stale view the field edit merges onto the current line.
    await store.editTask('a1', { priority: 'high' });
    assert.match(fs.readFileSync(file, 'utf8'), /Renamed by hand — !high/);
  });

  it('clears a field an edit sets to undefined and keeps the ones it leaves out', async () => {
    const store = new TaskStore({ filePath: file });
    await store.addTask(task('a1', 'Ship it', { priority: 'high', assignee: 'ana' }));
    const edited = await store.editTask('a1', { priority: undefined, title: 'Ship it now' });
    assert.equal(edited.title, 'Ship it now');
    assert.equal(edited.assignee, 'ana');
    assert.ok(!('priority' in edited));
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /!high/);
  });

  it('reports a task removed outside instead of resurrecting it', async () => {
    const store = new TaskStore({ filePath: file });
    await store.addTask(task('a1', 'Gone soon'));
    fs.writeFileSync(file, '# Tasks\n');
    await assert.rejects(store.setStatus('a1', 'done'), TaskFileConflictError);
    assert.equal(fs.readFileSync(file, 'utf8'), '# Tasks\n');
  });

  it('runs its own operations one after another', async () => {
    const store = new TaskStore({ filePath: file });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.addTask(task(`t${i}`, `Task ${i}`))));
    const tasks = (await store.read()).tasks;
    assert.equal(tasks.length, 10);
    assert.deepEqual(new Set(tasks.map((t) => t.id)).size, 10);
  });

  it('applies reconcile updates but leaves done tasks done', async () => {
    const store = new TaskStore({ filePath: file });
    const src = { path: 'a.ts', line: 1, text: 'x' };
    await store.addTask(task('o1', 'Open', { source: src }));
    await store.addTask(task('d1', 'Done', { status: 'done', source: src }));
    const n = await store.applyUpdates([
      { id: 'o1', changes: { status: 'resolved-in-code' } },
      { id: 'd1', changes: { status: 'resolved-in-code' } },
      { id: 'missing', changes: { status: 'open' } },
    ]);
    assert.equal(n, 1);
    const tasks = (await store.read()).tasks;
    assert.equal(tasks.find((t) => t.id === 'o1')!.status, 'resolved-in-code');
    assert.equal(tasks.find((t) => t.id === 'd1')!.status, 'done');
  });
});

describe('atomic write', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the file only on commit and keeps its permissions', async () => {
    const file = path.join(dir, 'f.md');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    const staged = await prepareAtomicWrite(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.ok(fs.existsSync(staged.tempPath));
    assert.equal(path.dirname(staged.tempPath), dir);
    await staged.commit();
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir), ['f.md']);
  });

  it('leaves the old file and no temporary file on abort', async () => {
    const file = path.join(dir, 'f.md');
    fs.writeFileSync(file, 'old');
    const staged = await prepareAtomicWrite(file, 'new');
    await staged.abort();
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(dir), ['f.md']);
    await assert.rejects(staged.commit());
  });
});
