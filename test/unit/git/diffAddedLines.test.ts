// Which lines a `git diff -U0` (or with context) adds to each file: hunk numbers counted along
// the hunk, changed lines as added, deleted files, renames, quoted and spaced names, and the
// "\ No newline at end of file" marker.
import assert from 'node:assert/strict';
import { addedLinesOfDiff, diffPath, unquoteC } from '../../../src/core/git/diffAddedLines';

const asObject = (m: Map<string, Set<number>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));

describe('lines added by a git diff', function () {
  it('reads -U0 hunks, a name with a space (tab after it) and the no-newline marker', function () {
    // git 2.39, a file with a space in its name, one line appended without a final newline.
    const diff = [
      'diff --git a/my file.ts b/my file.ts',
      'index 422c2b7..11c7020 100644',
      '--- a/my file.ts\t',
      '+++ b/my file.ts\t',
      '@@ -2,0 +3 @@ b',
      '+// TODO new',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    assert.deepEqual(asObject(addedLinesOfDiff(diff)), { 'my file.ts': [3] });
  });

  it('counts changed lines as added and keeps later hunks numbered by the new file', function () {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1 +1 @@',
      '-// TODO old',
      '+// TODO old, reworded',
      '@@ -5,2 +4,0 @@ function f() {',
      '-gone',
      '-gone too',
      '@@ -10 +9,3 @@',
      '-x',
      '+// FIXME one',
      '+// FIXME two',
      '+y',
      '',
    ].join('\n');
    assert.deepEqual(asObject(addedLinesOfDiff(diff)), { 'src/a.ts': [1, 9, 10, 11] });
  });

  it('counts context lines (-U3) without taking them as added', function () {
    const diff = ['diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -3,4 +3,5 @@ def f():', ' a', ' b', '+# TODO new', ' c', '\\ No newline at end of file', '+# TODO last', ''].join('\n');
    assert.deepEqual(asObject(addedLinesOfDiff(diff)), { 'a.py': [5, 7] });
  });

  it('takes a renamed file under its new name and adds only what changed in it', function () {
    const diff = [
      'diff --git a/old name.ts b/dir/new name.ts',
      'similarity index 90%',
      'rename from old name.ts',
      'rename to dir/new name.ts',
      'index abc1234..def5678 100644',
      '--- a/old name.ts\t',
      '+++ b/dir/new name.ts\t',
      '@@ -3,0 +4 @@ x',
      '+// TODO added after the move',
      'diff --git a/moved.ts b/elsewhere/moved.ts',
      'similarity index 100%',
      'rename from moved.ts',
      'rename to elsewhere/moved.ts',
      '',
    ].join('\n');
    assert.deepEqual(asObject(addedLinesOfDiff(diff)), { 'dir/new name.ts': [4] });
  });

  it('adds nothing for deleted or binary files, and reads new files and quoted names', function () {
    const diff = [
      'diff --git "a/\\303\\274.ts" "b/\\303\\274.ts"',
      'deleted file mode 100644',
      '--- "a/\\303\\274.ts"',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git a/img.png b/img.png',
      'Binary files a/img.png and b/img.png differ',
      'diff --git "a/\\303\\266 \\"q\\".ts" "b/\\303\\266 \\"q\\".ts"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/\\303\\266 \\"q\\".ts"\t',
      '@@ -0,0 +1,2 @@',
      '+x',
      '++++ a line that starts with plus signs',
      '',
    ].join('\n');
    assert.deepEqual(asObject(addedLinesOfDiff(diff)), { 'ö "q".ts': [1, 2] });
  });

  it('unquotes git\'s C-style names and refuses broken ones', function () {
    assert.equal(unquoteC('"tab\\there\\\\"'), 'tab\there\\');
    assert.equal(unquoteC('"\\346\\227\\245.md"'), '日.md');
    assert.equal(unquoteC('"bad\\q"'), undefined);
    assert.equal(unquoteC('"'), undefined);
    assert.equal(diffPath('/dev/null'), undefined);
    assert.equal(diffPath('b/a b.ts\t'), 'a b.ts');
  });
});
