// The store behind the TODOs view: a full scan replaces a folder, a save or a change on disk
// touches only the files it read, a deleted folder removes what was under it, and a save that
// left the TODOs as they were reports no change. A folder's recorded TODOs stand in until its
// first scan reports.
import assert from 'node:assert/strict';
import { findTodos, type TodoMatch } from '../../../src/core/todos/findTodos';
import { WorkspaceTodoStore, type TodoStoreChange } from '../../../src/extension/todos/workspaceTodoStore';

const todos = (text: string): TodoMatch[] => findTodos(text, 'typescript');
const F = 'file:///ws';
const G = 'file:///other';

function storeWithChanges(): { store: WorkspaceTodoStore; changes: TodoStoreChange[] } {
  const store = new WorkspaceTodoStore();
  const changes: TodoStoreChange[] = [];
  store.onDidChange((c) => changes.push(c));
  return { store, changes };
}

describe('the workspace TODO store', function () {
  it('holds a full scan\'s files and drops the ones without TODOs', function () {
    const { store, changes } = storeWithChanges();
    assert.equal(store.hasFolder(F), false);
    store.replaceFolder(F, [['a.ts', todos('// TODO a')], ['empty.ts', []]]);
    assert.equal(store.hasFolder(F), true);
    assert.deepEqual([...store.files(F).keys()], ['a.ts']);
    assert.deepEqual(changes, [{ folder: F }]);
  });

  it('updates one saved file and leaves every other file, and the other folder, as they were', function () {
    const { store, changes } = storeWithChanges();
    const b = todos('// FIXME b');
    const other = todos('// TODO elsewhere');
    store.replaceFolder(F, [['a.ts', todos('// TODO a')], ['src/b.ts', b]]);
    store.replaceFolder(G, [['c.ts', other]]);
    changes.length = 0;
    store.updateFiles(F, new Map([['a.ts', todos('// TODO a\n// HACK new')]]));
    assert.deepEqual(changes, [{ folder: F, paths: ['a.ts'] }]);
    assert.equal(store.files(F).get('a.ts')!.length, 2);
    assert.equal(store.files(F).get('src/b.ts'), b, 'the untouched file keeps the very same list');
    assert.equal(store.files(G).get('c.ts'), other);
  });

  it('reports nothing when a save left the TODOs as they were', function () {
    const { store, changes } = storeWithChanges();
    store.replaceFolder(F, [['a.ts', todos('// TODO a')]]);
    changes.length = 0;
    store.updateFiles(F, new Map([['a.ts', todos('// TODO a')]]));
    assert.deepEqual(changes, []);
    store.updateFiles(F, new Map([['a.ts', todos('\n// TODO a')]]));
    assert.deepEqual(changes, [{ folder: F, paths: ['a.ts'] }], 'a TODO that moved a line is a change');
  });

  it('removes a file whose TODOs are gone, and everything under a deleted folder but not its namesakes', function () {
    const { store, changes } = storeWithChanges();
    store.replaceFolder(F, [['src/a.ts', todos('// TODO a')], ['src/deep/b.ts', todos('// TODO b')], ['src-old/c.ts', todos('// TODO c')], ['d.ts', todos('// TODO d')]]);
    changes.length = 0;
    store.updateFiles(F, new Map([['src', []], ['d.ts', []]]));
    assert.deepEqual([...store.files(F).keys()], ['src-old/c.ts']);
    assert.deepEqual(changes, [{ folder: F, paths: ['src/a.ts', 'src/deep/b.ts', 'd.ts'] }]);
  });

  it('waits for the first full scan before taking single files, and forgets a removed folder', function () {
    const { store, changes } = storeWithChanges();
    store.updateFiles(F, new Map([['a.ts', todos('// TODO a')]]));
    assert.equal(store.hasFolder(F), false);
    assert.deepEqual(changes, []);
    store.replaceFolder(F, []);
    store.removeFolder(F);
    assert.equal(store.hasFolder(F), false);
    assert.equal(changes.length, 2);
  });

  it('stops telling a listener once it is disposed', function () {
    const store = new WorkspaceTodoStore();
    let calls = 0;
    const sub = store.onDidChange(() => calls++);
    store.replaceFolder(F, []);
    sub.dispose();
    store.replaceFolder(F, []);
    assert.equal(calls, 1);
  });

  it('shows a folder\'s recorded TODOs until its scan reports, and never over a scan\'s', function () {
    const { store, changes } = storeWithChanges();
    assert.equal(store.showRecorded(F, [['a.ts', todos('// TODO a')], ['gone.ts', todos('// TODO gone')], ['empty.ts', []]]), true);
    assert.equal(store.isFromRecord(F), true);
    assert.equal(store.hasFolder(F), false, 'the record is not a scan');
    assert.deepEqual([...store.files(F).keys()], ['a.ts', 'gone.ts']);
    // A save while the scan runs is shown at once.
    store.updateFiles(F, new Map([['a.ts', todos('// TODO a\n// TODO saved')]]));
    assert.equal(store.files(F).get('a.ts')?.length, 2);

    store.replaceFolder(F, [['a.ts', todos('// TODO a\n// TODO saved')]]);
    assert.equal(store.isFromRecord(F), false);
    assert.equal(store.hasFolder(F), true);
    assert.deepEqual([...store.files(F).keys()], ['a.ts'], 'the scan drops what the record held and the disk no longer does');

    assert.equal(store.showRecorded(F, [['old.ts', todos('// TODO old')]]), false, 'a record is older than a scan that reported');
    assert.deepEqual([...store.files(F).keys()], ['a.ts']);
    assert.deepEqual(changes, [{ folder: F }, { folder: F, paths: ['a.ts'] }, { folder: F }]);

    store.showRecorded(G, [['c.ts', todos('// TODO c')]]);
    store.removeFolder(G);
    assert.equal(store.isFromRecord(G), false);
  });
});
