import assert from 'node:assert/strict';
import { findFileDiff, mapNewLineToOld, mapOldLineToNew, parseUnifiedDiff } from '../../../src/core/review/diff';

// `git diff --cached -M` of a scratch repository: a rename with an edit, a file with two hunks, a
// removed line that reads like a header, a pure rename of a quoted non-ASCII path, a new file, a
// deleted file, then a binary file.
const GIT_DIFF = [
  'diff --git a/before.py b/after.py',
  'similarity index 63%',
  'rename from before.py',
  'rename to after.py',
  'index d4579d6..e29c63d 100644',
  '--- a/before.py',
  '+++ b/after.py',
  '@@ -1,5 +1,5 @@',
  ' keep1',
  ' keep2',
  '-keep3',
  '+keep3 changed',
  ' keep4',
  ' keep5',
  'diff --git a/app.js b/app.js',
  'index a82bf91..e3bf460 100644',
  '--- a/app.js',
  '+++ b/app.js',
  '@@ -1,5 +1,5 @@',
  ' line1',
  '-line2',
  '+LINE2',
  ' line3',
  ' line4',
  ' line5',
  '@@ -8,5 +8,6 @@ line7',
  ' line8',
  ' line9',
  ' line10',
  '-line11',
  '+line11 changed',
  '+added after 11',
  ' line12',
  'diff --git a/dash.sql b/dash.sql',
  'index b0e7344..6e94b48 100644',
  '--- a/dash.sql',
  '+++ b/dash.sql',
  '@@ -1,3 +1,2 @@',
  ' x',
  '--- y',
  ' z',
  '\\ No newline at end of file',
  'diff --git "a/na\\303\\257ve file.txt" "b/na\\303\\257ve renamed.txt"',
  'similarity index 100%',
  'rename from "na\\303\\257ve file.txt"',
  'rename to "na\\303\\257ve renamed.txt"',
  'diff --git a/new.ts b/new.ts',
  'new file mode 100644',
  'index 0000000..de7baa4',
  '--- /dev/null',
  '+++ b/new.ts',
  '@@ -0,0 +1,2 @@',
  '+new1',
  '+new2',
  '\\ No newline at end of file',
  'diff --git a/old.txt b/old.txt',
  'deleted file mode 100644',
  'index de98044..0000000',
  '--- a/old.txt',
  '+++ /dev/null',
  '@@ -1,3 +0,0 @@',
  '-a',
  '-b',
  '-c',
  'diff --git a/img.png b/img.png',
  'new file mode 100644',
  'index 0000000..1d4f2a7',
  'Binary files /dev/null and b/img.png differ',
].join('\n');

describe('review diff parsing', () => {
  const files = parseUnifiedDiff(GIT_DIFF);

  it('reads every file with its status and paths', () => {
    assert.deepEqual(
      files.map((f) => [f.status, f.oldPath, f.newPath, f.binary]),
      [
        ['renamed', 'before.py', 'after.py', false],
        ['modified', 'app.js', 'app.js', false],
        ['modified', 'dash.sql', 'dash.sql', false],
        ['renamed', 'naïve file.txt', 'naïve renamed.txt', false],
        ['added', null, 'new.ts', false],
        ['deleted', 'old.txt', null, false],
        ['added', null, 'img.png', true],
      ],
    );
  });

  it('collects the changed new-file lines of each file', () => {
    assert.deepEqual([...files[0].changedLines], [3]);
    assert.deepEqual([...files[1].changedLines], [2, 11, 12]);
    assert.deepEqual([...files[2].changedLines], []);
    assert.deepEqual([...files[4].changedLines], [1, 2]);
    assert.deepEqual([...files[5].changedLines], []);
  });

  it('reads hunk headers, section text and line numbers', () => {
    const [first, second] = files[1].hunks;
    assert.deepEqual([first.oldStart, first.oldLines, first.newStart, first.newLines], [1, 5, 1, 5]);
    assert.equal(second.section, 'line7');
    assert.deepEqual(
      second.lines.map((l) => `${l.kind}:${l.oldLine ?? '-'}:${l.newLine ?? '-'}`),
      ['context:8:8', 'context:9:9', 'context:10:10', 'delete:11:-', 'add:-:11', 'add:-:12', 'context:12:13'],
    );
  });

  it('takes a removed line starting with "-- " for content, and marks the missing final newline', () => {
    const lines = files[2].hunks[0].lines;
    assert.deepEqual(lines.map((l) => [l.kind, l.text]), [['context', 'x'], ['delete', '-- y'], ['context', 'z']]);
    assert.equal(lines[2].noNewlineAtEnd, true);
    assert.deepEqual(files[2].deletionPoints, [1]);
    assert.equal(files[4].hunks[0].lines[1].noNewlineAtEnd, true);
  });

  it('maps lines between the old and the new file', () => {
    const app = files[1];
    assert.equal(mapOldLineToNew(app, 1), 1);
    assert.equal(mapOldLineToNew(app, 2), undefined); // rewritten
    assert.equal(mapOldLineToNew(app, 7), 7); // between hunks
    assert.equal(mapOldLineToNew(app, 12), 13);
    assert.equal(mapNewLineToOld(app, 13), 12);
    assert.equal(mapNewLineToOld(app, 12), undefined); // added
    assert.equal(mapOldLineToNew(files[5], 2), undefined); // deleted file
  });

  it("finds a file's diff by path", () => {
    assert.equal(findFileDiff(files, 'app.js'), files[1]);
    assert.equal(findFileDiff(files, '/home/me/repo/after.py'), files[0]);
    assert.equal(findFileDiff(files, 'missing.js'), undefined);
  });

  it('reads plain unified diffs without git headers, and --no-prefix output', () => {
    const plain = ['--- lib/a.c\t2024-01-01 10:00:00', '+++ lib/a.c\t2024-01-02 10:00:00', '@@ -2 +2,2 @@', '-old', '+new', '+more'].join('\n');
    const [file] = parseUnifiedDiff(plain, { stripPrefixes: false });
    assert.equal(file.newPath, 'lib/a.c');
    assert.deepEqual([...file.changedLines], [2, 3]);
  });

  it('skips combined merge diffs instead of misreading them', () => {
    const combined = ['diff --cc x.js', 'index 1,2..3', '--- a/x.js', '+++ b/x.js', '@@@ -1,1 -1,1 +1,1 @@@', '- a', ' -b', '++c'].join('\n');
    assert.deepEqual(parseUnifiedDiff(combined), []);
  });
});
