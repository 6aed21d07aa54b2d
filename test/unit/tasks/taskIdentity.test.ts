import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTodos } from '../../../src/core/todos/findTodos';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import type { Task } from '../../../src/core/tasks/task';
import { captureTodo, matchTodoToTask, normalizeTodoText, reconcileTodos, textSimilarity, todoIdMarker, type TodoRef } from '../../../src/core/tasks/taskIdentity';
import { upsertTask } from '../../../src/core/tasks/taskFile';
import { TaskStore } from '../../../src/core/tasks/taskStore';

const now = new Date('2026-03-10T09:30:00+01:00');
let counter = 0;
const newId = (): string => `id${++counter}`;

function todosOf(pathName: string, source: string): TodoRef[] {
  return findTodos(source, pathName).map((m) => ({ path: pathName, line: m.line, text: m.text }));
}

function capture(todo: TodoRef, tasks: Task[], fileTodos?: TodoRef[]): { task: Task; created: boolean } {
  const fields = parseTaskRules(todo.text, { now, timeZone: 'Europe/Berlin' });
  const result = captureTodo(todo, fields, tasks, { now, tier: 'degraded', newId, ...(fileTodos ? { fileTodos } : {}) });
  const i = tasks.findIndex((t) => t.id === result.task.id);
  if (i >= 0) tasks[i] = result.task;
  else tasks.push(result.task);
  return result;
}

function apply(tasks: Task[], updates: ReturnType<typeof reconcileTodos>['updates']): void {
  for (const u of updates) {
    const t = tasks.find((x) => x.id === u.id)!;
    if (u.changes.status) t.status = u.changes.status;
    if (u.changes.source) t.source = u.changes.source;
  }
}

describe('TODO ↔ task identity', () => {
  const v1 = ['import x from "x";', '', '// TODO: fix login redirect tomorrow !high', 'export function login() {}', '// FIXME: handle empty password'].join('\n');

  it('normalises away case, punctuation, the tag and an id marker', () => {
    assert.equal(normalizeTodoText('TODO(ana): Fix  login, redirect! [lf:abc123]'), 'fix login redirect!');
    assert.equal(todoIdMarker('fix it lf:abc123'), 'abc123');
    assert.equal(todoIdMarker('no marker'), undefined);
    assert.ok(textSimilarity('fix login redirect', 'fix the login redirect') >= 0.6);
    assert.ok(textSimilarity('fix login redirect', 'add metrics to queue') < 0.2);
  });

  it('capturing the same TODO twice never makes a duplicate', () => {
    const tasks: Task[] = [];
    const [todo] = todosOf('src/app.ts', v1);
    const first = capture(todo!, tasks);
    const second = capture(todo!, tasks);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.task.id, first.task.id);
    assert.equal(tasks.length, 1);
    assert.equal(first.task.title, 'fix login redirect');
    assert.equal(first.task.priority, 'high');
  });

  it('keeps identity when lines above change, and updates the source line', () => {
    const tasks: Task[] = [];
    const [login, empty] = todosOf('src/app.ts', v1);
    capture(login!, tasks);
    capture(empty!, tasks);
    const v2 = ['// header comment', 'import y from "y";', ...v1.split('\n')].join('\n');
    const r = reconcileTodos(new Map([['src/app.ts', todosOf('src/app.ts', v2)]]), tasks);
    assert.deepEqual([...r.matches.get('src/app.ts')!.values()], [tasks[0]!.id, tasks[1]!.id]);
    apply(tasks, r.updates);
    assert.deepEqual(
      tasks.map((t) => [t.source!.line, t.status]),
      [
        [4, 'open'],
        [6, 'open'],
      ],
    );
  });

  it('keeps identity when a TODO is edited a little or moved within the file', () => {
    const tasks: Task[] = [];
    const [login, empty] = todosOf('src/app.ts', v1);
    capture(login!, tasks);
    capture(empty!, tasks);
    const edited = ['// FIXME: handle an empty password', 'export function login() {}', '// TODO: fix the login redirect tomorrow !high'].join('\n');
    const r = reconcileTodos(new Map([['src/app.ts', todosOf('src/app.ts', edited)]]), tasks);
    const m = r.matches.get('src/app.ts')!;
    assert.equal(m.get(0), tasks[1]!.id);
    assert.equal(m.get(1), tasks[0]!.id);
    assert.equal(r.updates.filter((u) => u.changes.status).length, 0);
  });

  it('tells two identical TODOs apart by their nearest line', () => {
    const source = ['// TODO: add tests', 'a();', '', '', '', '', '// TODO: add tests', 'b();'].join('\n');
    const tasks: Task[] = [];
    const all = todosOf('src/x.ts', source);
    const [a, b] = all;
    capture(a!, tasks, all);
    capture(b!, tasks, all);
    assert.equal(tasks.length, 2);
    // Capturing either again still finds its own task.
    assert.equal(capture(b!, tasks, all).task.id, tasks[1]!.id);
    assert.equal(tasks.length, 2);
    const shifted = ['', ...source.split('\n')].join('\n');
    const r = reconcileTodos(new Map([['src/x.ts', todosOf('src/x.ts', shifted)]]), tasks);
    const m = r.matches.get('src/x.ts')!;
    assert.equal(m.get(0), tasks[0]!.id);
    assert.equal(m.get(1), tasks[1]!.id);
  });

  it('marks a task resolved in code when its TODO is deleted, and reopens it when it comes back', () => {
    const tasks: Task[] = [];
    const [login, empty] = todosOf('src/app.ts', v1);
    capture(login!, tasks);
    capture(empty!, tasks);
    const without = v1.replace('// TODO: fix login redirect tomorrow !high', 'const fixed = true;');
    const r1 = reconcileTodos(new Map([['src/app.ts', todosOf('src/app.ts', without)]]), tasks);
    apply(tasks, r1.updates);
    assert.deepEqual(
      tasks.map((t) => t.status),
      ['resolved-in-code', 'open'],
    );
    assert.equal(tasks.length, 2, 'not deleted');
    const r2 = reconcileTodos(new Map([['src/app.ts', todosOf('src/app.ts', v1)]]), tasks);
    apply(tasks, r2.updates);
    assert.deepEqual(
      tasks.map((t) => t.status),
      ['open', 'open'],
    );
  });

  it('follows a TODO moved to another file', () => {
    const tasks: Task[] = [];
    const [login] = todosOf('src/app.ts', v1);
    capture(login!, tasks);
    const moved = reconcileTodos(
      new Map([
        ['src/app.ts', []],
        ['src/auth/login.ts', todosOf('src/auth/login.ts', '\n\n// TODO: fix login redirect tomorrow !high\n')],
      ]),
      tasks,
    );
    apply(tasks, moved.updates);
    assert.equal(tasks[0]!.status, 'open');
    assert.deepEqual(tasks[0]!.source, { path: 'src/auth/login.ts', line: 2, text: 'fix login redirect tomorrow !high' });
    // Matching a single TODO also finds a task resolved elsewhere.
    tasks[0]!.status = 'resolved-in-code';
    tasks[0]!.source = { path: 'src/old.ts', line: 9, text: 'fix login redirect tomorrow !high' };
    assert.equal(matchTodoToTask({ path: 'src/new.ts', line: 0, text: 'fix login redirect tomorrow !high' }, tasks)?.id, tasks[0]!.id);
  });

  it('prefers an id marker written in the comment over everything else', () => {
    const tasks: Task[] = [];
    const [login] = todosOf('src/app.ts', v1);
    const { task } = capture(login!, tasks);
    const rewritten: TodoRef = { path: 'src/other.ts', line: 50, text: `completely different words lf:${task.id}` };
    assert.equal(matchTodoToTask(rewritten, tasks)?.id, task.id);
  });

  it('only resolves tasks of scanned files unless the scan was complete, and leaves done tasks done', () => {
    const tasks: Task[] = [];
    capture({ path: 'a.ts', line: 0, text: 'one' }, tasks);
    capture({ path: 'b.ts', line: 0, text: 'two' }, tasks);
    capture({ path: 'c.ts', line: 0, text: 'three' }, tasks);
    tasks[2]!.status = 'done';
    const partial = reconcileTodos(new Map([['a.ts', []]]), tasks);
    assert.deepEqual(
      partial.updates.map((u) => u.id),
      [tasks[0]!.id],
    );
    const complete = reconcileTodos(new Map([['a.ts', []]]), tasks, { complete: true });
    assert.deepEqual(
      complete.updates.map((u) => u.id),
      [tasks[0]!.id, tasks[1]!.id],
    );
  });

  it('end to end through the task file: capture, edit code, reconcile, re-capture', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-identity-'));
    try {
      const store = new TaskStore({ filePath: path.join(dir, 'TASKS.md') });
      const [login] = todosOf('src/app.ts', v1);
      await store.update((doc) => {
        const fields = parseTaskRules(login!.text, { now, timeZone: 'Europe/Berlin' });
        upsertTask(doc, captureTodo(login!, fields, [], { now, tier: 'degraded', newId }).task);
      });
      const shifted = `// new first line\n${v1}`;
      const r = reconcileTodos(new Map([['src/app.ts', todosOf('src/app.ts', shifted)]]), (await store.read()).tasks);
      await store.applyUpdates(r.updates);
      // Capturing again after reload finds the task by its stored source text.
      const tasks = (await store.read()).tasks;
      const [again] = todosOf('src/app.ts', shifted);
      const second = captureTodo(again!, parseTaskRules(again!.text, { now, timeZone: 'Europe/Berlin' }), tasks, { now, tier: 'degraded', newId });
      assert.equal(second.created, false);
      await store.update((doc) => upsertTask(doc, second.task));
      const final = (await store.read()).tasks;
      assert.equal(final.length, 1);
      assert.equal(final[0]!.source!.line, 3);
      assert.match(fs.readFileSync(path.join(dir, 'TASKS.md'), 'utf8'), /\[src\/app\.ts#L4\]\(src\/app\.ts#L4\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
