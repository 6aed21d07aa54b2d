// What the TODOs view shows, without the editor: TODOs with the tasks they became, the filter,
// and the arrangements by folder and file and by tag, with counts.
import assert from 'node:assert/strict';
import type { Task } from '../../../src/core/tasks/task';
import { findTodos } from '../../../src/core/todos/findTodos';
import { buildTodoTree, countTodos, entriesOf, placeOf, todoFilter, type TodoEntry, type TodoNode } from '../../../src/extension/todos/todoTreeModel';

const F = 'file:///ws';
const files = new Map([
  ['src/auth.ts', findTodos('// TODO(ana): fix login redirect\nlet x;\n// FIXME clock skew', 'typescript')],
  ['README.md', findTodos('<!-- TODO write the intro -->', 'markdown')],
  ['src/deep/db.ts', findTodos('// HACK retry twice', 'typescript')],
  ['server/main.go', findTodos('// TODO graceful shutdown', 'go')],
]);
const task = (o: Partial<Task>): Task => ({ id: 'abcd1234', title: 'fix login redirect', tags: [], status: 'open', tier: 'degraded', created: '', ...o });

/** Node labels as an outline, two spaces a level: what the user reads in the tree. */
function outline(nodes: readonly TodoNode[], depth = 0): string[] {
  return nodes.flatMap((n) =>
    n.kind === 'todo' ? [`${'  '.repeat(depth)}${n.entry.todo.tag} ${n.entry.todo.text}`] : [`${'  '.repeat(depth)}${n.label} (${n.count})`, ...outline(n.children, depth + 1)],
  );
}

describe('the TODOs view model', function () {
  const entries = entriesOf(F, 'ws', files, []);

  it('lists TODOs in path and line order', function () {
    assert.deepEqual(entries.map((e) => placeOf(e, false)), ['README.md:1', 'server/main.go:1', 'src/auth.ts:1', 'src/auth.ts:3', 'src/deep/db.ts:1']);
    assert.equal(placeOf(entries[0]!, true), 'ws/README.md:1');
  });

  it('arranges by folder and file: folders first, then the top-level files, with counts', function () {
    const tree = buildTodoTree(entries, 'folder');
    assert.deepEqual(outline(tree), [
      'server (1)', '  main.go (1)', '    TODO graceful shutdown',
      'src (2)', '  auth.ts (2)', '    TODO fix login redirect', '    FIXME clock skew',
      'src/deep (1)', '  db.ts (1)', '    HACK retry twice',
      'README.md (1)', '  TODO write the intro',
    ]);
    assert.equal(countTodos(tree), 5);
  });

  it('arranges by tag in the configured order, then other tags alphabetically', function () {
    const tree = buildTodoTree(entries, 'tag', ['FIXME', 'TODO']);
    assert.deepEqual(outline(tree).filter((l) => !l.startsWith(' ')), ['FIXME (1)', 'TODO (3)', 'HACK (1)']);
    assert.deepEqual(outline([tree.find((n) => n.id === 'tag:TODO')!]), ['TODO (3)', '  TODO write the intro', '  TODO graceful shutdown', '  TODO fix login redirect']);
  });

  it('puts each workspace folder on top when there are several', function () {
    const other = entriesOf('file:///api', 'api', new Map([['x.py', findTodos('# BUG off by one', 'python')]]), []);
    const tree = buildTodoTree([...entries, ...other], 'folder');
    assert.deepEqual(tree.map((n) => (n.kind === 'todo' ? '' : `${n.label} (${n.count})`)), ['ws (5)', 'api (1)']);
    assert.equal(new Set(outlineIds(tree)).size, outlineIds(tree).length, 'every node id is unique');
  });

  it('filters by words in tag, owner, text or path, and by tag: terms', function () {
    const shown = (text: string) => entries.filter(todoFilter(text)).map((e) => e.todo.text);
    assert.deepEqual(shown(''), entries.map((e) => e.todo.text));
    assert.deepEqual(shown('LOGIN'), ['fix login redirect']);
    assert.deepEqual(shown('ana'), ['fix login redirect'], 'the owner');
    assert.deepEqual(shown('src/deep'), ['retry twice'], 'the path');
    assert.deepEqual(shown('fixme'), ['clock skew'], 'the tag as a word');
    assert.deepEqual(shown('tag:todo'), ['write the intro', 'graceful shutdown', 'fix login redirect']);
    assert.deepEqual(shown('tag:todo tag:hack'), ['write the intro', 'graceful shutdown', 'fix login redirect', 'retry twice']);
    assert.deepEqual(shown('tag:todo shutdown'), ['graceful shutdown']);
    assert.deepEqual(shown('nothing-like-this'), []);
  });

  it('marks the TODO that became a task with that task, by the scans\' identity matching', function () {
    const captured = task({ source: { path: 'src/auth.ts', line: 0, text: 'fix login redirect' } });
    const done = task({ id: 'eeee0000', title: 'shutdown', status: 'done', source: { path: 'server/main.go', line: 5, text: 'graceful shutdown' } });
    const withTasks = entriesOf(F, 'ws', files, [captured, done]);
    const marked = withTasks.filter((e): e is TodoEntry & { task: NonNullable<TodoEntry['task']> } => e.task !== undefined);
    assert.deepEqual(marked.map((e) => [e.todo.text, e.task.id, e.task.status]), [['graceful shutdown', 'eeee0000', 'done'], ['fix login redirect', 'abcd1234', 'open']]);
  });
});

function outlineIds(nodes: readonly TodoNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...(n.kind === 'todo' ? [] : outlineIds(n.children))]);
}
