// The words around the TODOs view: the scope and filter beside the title, and the message that
// says why the tree is empty or narrowed, that it shows the last scan's record while the workspace
// is checked, and what to do when git could not answer.
import assert from 'node:assert/strict';
import { describeView, type ViewFacts } from '../../../src/extension/todos/todosViewText';

const facts = (o: Partial<ViewFacts>): ViewFacts => ({ scope: 'all', filter: '', total: 5, inScope: 5, shown: 5, scanned: true, folders: [{ name: 'ws' }], tags: ['TODO', 'FIXME'], ...o });

describe('the TODOs view text', function () {
  it('says nothing more than the tree when it shows every TODO', function () {
    assert.deepEqual(describeView(facts({})), { description: '', message: undefined });
  });

  it('names the scope and the filter beside the title, and counts what they keep', function () {
    const mine = { name: 'ws', state: { state: 'ready' as const, summary: 'Lines git blame gives to me@x.org, and lines not committed yet.' } };
    const text = describeView(facts({ scope: 'mine', filter: 'login', inScope: 3, shown: 1, folders: [mine] }));
    assert.equal(text.description, 'Mine · filter: login');
    assert.equal(text.message, 'Mine: 3 of 5 TODOs. Lines git blame gives to me@x.org, and lines not committed yet. Filter "login": 1 shown.');
  });

  it('explains an empty tree: no folder, still scanning, no TODOs, nothing matches', function () {
    assert.equal(describeView(facts({ folders: [] })).message, 'Open a folder to list its TODO comments.');
    assert.equal(describeView(facts({ scanned: false, total: 0, inScope: 0, shown: 0 })).message, 'Looking for TODO comments in the workspace…');
    assert.equal(describeView(facts({ total: 0, inScope: 0, shown: 0 })).message, 'No TODO comments in the workspace. Tags looked for: TODO, FIXME (setting localFocus.todo.tags).');
    assert.equal(describeView(facts({ filter: 'zzz', shown: 0 })).message, 'No TODO matches the filter "zzz".');
    const none = describeView(facts({ scope: 'branch', inScope: 0, shown: 0, folders: [{ name: 'ws', state: { state: 'ready', summary: 'Lines added since main.' } }] }));
    assert.equal(none.message, 'None of the 5 TODOs is on lines added on this branch. Lines added since main.');
  });

  it('gives git\'s refusal as the message, named by folder when there are several', function () {
    const reason = 'ws is not in a git repository, so …; run git init or open a folder inside a clone.';
    assert.equal(describeView(facts({ scope: 'mine', inScope: 0, shown: 0, folders: [{ name: 'ws', state: { state: 'failed', reason } }] })).message, reason);
    const two = describeView(facts({ scope: 'branch', inScope: 2, shown: 2, folders: [{ name: 'ws', state: { state: 'failed', reason: 'no default branch found.' } }, { name: 'api', state: { state: 'ready', summary: 'Lines added since main.' } }] }));
    assert.equal(two.message, 'This branch: 2 of 5 TODOs. ws: no default branch found. api: Lines added since main.');
  });

  it('says the TODOs are as at the last scan while a folder shows its record, before the scope and the filter', function () {
    const text = describeView(facts({ scanned: false, fromRecord: true, filter: 'login', shown: 1 }));
    assert.equal(text.message, 'As at the last scan; checking the workspace for changes… Filter "login": 1 shown.');
    assert.equal(describeView(facts({ scanned: false, fromRecord: true })).message, 'As at the last scan; checking the workspace for changes…');
    assert.equal(describeView(facts({ scanned: false, fromRecord: true, total: 0, inScope: 0, shown: 0 })).message, 'Looking for TODO comments in the workspace…');
  });

  it('says git is being read while no answer has come', function () {
    assert.equal(describeView(facts({ scope: 'mine', inScope: 0, shown: 0, folders: [{ name: 'ws', state: { state: 'reading' } }] })).message, 'Reading git blame…');
  });
});
