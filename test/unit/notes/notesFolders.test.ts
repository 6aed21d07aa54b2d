// localFocus.notes.folders read: strings and { path, include } entries, ~ expanded, bad entries
// skipped with a warning that says what to fix; the labels results carry; and where each folder's
// index lives (one per folder under the Local Focus home, whichever window or spelling asks).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { folderLabels } from '../../../src/core/notes/folderLabels';
import { expandTilde, kindOnDisk, readNotesFolders, type NotesFoldersEnvironment } from '../../../src/core/notes/notesFolders';
import { indexDirFor } from '../../../src/inference/notes/noteIndex';

const HOME = path.resolve('/home/ada');

/** A disk with these folders and files only. */
function disk(folders: string[], files: string[] = []): NotesFoldersEnvironment {
  const f = new Set(folders.map((p) => path.resolve(p)));
  const g = new Set(files.map((p) => path.resolve(p)));
  return { homedir: HOME, kindOf: (p) => (f.has(p) ? 'folder' : g.has(p) ? 'file' : 'missing') };
}

describe('localFocus.notes.folders', function () {
  const vault = path.join(HOME, 'vault');
  const notes = path.join(HOME, 'notes');
  const env = disk([vault, notes, path.join(HOME, 'work', 'notes')], [path.join(HOME, 'todo.md')]);

  it('reads paths and { path, include } entries, expanding a leading ~', function () {
    const { folders, warnings } = readNotesFolders(['~/notes', { path: vault, include: ['journal/**/*.md', ' *.org '] }], env);
    assert.deepEqual(warnings, []);
    assert.deepEqual(folders, [
      { path: notes, label: 'notes' },
      { path: vault, label: 'vault', include: ['journal/**/*.md', '*.org'] },
    ]);
  });

  it('normalises a path (trailing separator, "..") so one folder is one entry and one index', function () {
    const { folders, warnings } = readNotesFolders([`${vault}${path.sep}`, path.join(HOME, 'notes', '..', 'vault')], env);
    assert.deepEqual(folders.map((f) => f.path), [vault]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /listed twice; keep one entry/);
  });

  it('an empty include list means the default note types', function () {
    assert.deepEqual(readNotesFolders([{ path: '~/vault', include: [] }], env).folders, [{ path: vault, label: 'vault' }]);
  });

  it('skips each bad entry with a warning that names the setting and says what to fix, keeping the good ones', function () {
    const { folders, warnings } = readNotesFolders(
      ['notes', '~/missing', '~/todo.md', '', 42, { include: ['*.md'] }, { path: '~/vault', include: '*.md' }, { path: '~/vault', include: [''] }, '~/notes'],
      env,
    );
    assert.deepEqual(folders.map((f) => f.path), [notes], 'the good entry survives the bad ones');
    const expected = [
      /"notes" is not an absolute path; write it in full, e\.g\. .*notes or ~\/notes/,
      /there is no folder at .*missing; create it or correct the path/,
      /todo\.md is a file; give the folder that holds the notes/,
      /an entry has an empty path/,
      /an entry must be a folder path or \{ "path": …, "include": \[globs\] \}, not 42/,
      /has no "path"; add the folder's absolute path/,
      /"include" of ~\/vault must be a list of globs/,
      /"include" of ~\/vault must be a list of globs/,
    ];
    assert.equal(warnings.length, expected.length, warnings.join('\n'));
    warnings.forEach((w, i) => {
      assert.match(w, expected[i]!);
      assert.ok(w.startsWith('localFocus.notes.folders: '), w);
      assert.ok(w.endsWith('; that entry is skipped.'), w);
    });
  });

  it('a value that is not a list is one warning and no folder; no value is no folder and no warning', function () {
    const notAList = readNotesFolders('~/notes', env);
    assert.deepEqual(notAList.folders, []);
    assert.match(notAList.warnings[0]!, /must be a list of folders, e\.g\. \["~\/notes"\]/);
    assert.deepEqual(readNotesFolders(undefined, env), { folders: [], warnings: [] });
    assert.deepEqual(readNotesFolders([], env), { folders: [], warnings: [] });
  });

  it('expands ~ and ~/ only: ~user is another user\'s folder and stays as typed', function () {
    assert.equal(expandTilde('~', HOME), HOME);
    assert.equal(expandTilde('~/a/b', HOME), path.join(HOME, 'a', 'b'));
    assert.equal(expandTilde('~bob/notes', HOME), '~bob/notes');
    assert.equal(expandTilde('/srv/~/x', HOME), '/srv/~/x');
    const { warnings } = readNotesFolders(['~bob/notes'], env);
    assert.match(warnings[0]!, /"~bob\/notes" is not an absolute path/);
  });

  it('asks the real disk through kindOnDisk', function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-notes-folders-'));
    try {
      fs.writeFileSync(path.join(tmp, 'a.md'), '# a\n');
      assert.equal(kindOnDisk(tmp), 'folder');
      assert.equal(kindOnDisk(path.join(tmp, 'a.md')), 'file');
      assert.equal(kindOnDisk(path.join(tmp, 'nope')), 'missing');
      const { folders, warnings } = readNotesFolders([tmp, path.join(tmp, 'nope')], { homedir: os.homedir(), kindOf: kindOnDisk });
      assert.deepEqual(folders.map((f) => f.path), [tmp]);
      assert.equal(warnings.length, 1);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('folder labels', function () {
  it('is the folder name, with parents added only where two names clash', function () {
    assert.deepEqual(folderLabels(['/home/ada/vault', '/home/ada/work/notes', '/srv/notes', '/x/y/z']), ['vault', 'work/notes', 'srv/notes', 'z']);
    assert.deepEqual(folderLabels(['/a/same/notes', '/b/same/notes']), ['a/same/notes', 'b/same/notes']);
    assert.deepEqual(folderLabels(['/notes']), ['notes']);
    assert.deepEqual(folderLabels([]), []);
  });

  it('keeps labels apart even when one folder is the parent path of the other\'s name', function () {
    const labels = folderLabels(['/notes', '/home/notes']);
    assert.equal(new Set(labels).size, 2, labels.join(', '));
  });
});

describe('a notes folder\'s index location', function () {
  const home = path.resolve('/tmp/lf-home');

  it('is one folder under <home>/indexes, the same however the path was written', function () {
    const vault = path.join(HOME, 'vault');
    const env = disk([vault]);
    const typed = ['~/vault', `${vault}${path.sep}`, path.join(HOME, 'x', '..', 'vault'), { path: '~/vault', include: ['*.md'] }];
    const dirs = typed.map((t) => indexDirFor(readNotesFolders([t], env).folders[0]!.path, home));
    assert.equal(new Set(dirs).size, 1, dirs.join('\n'));
    assert.equal(path.dirname(dirs[0]!), path.join(home, 'indexes'));
    assert.match(path.basename(dirs[0]!), /^[0-9a-f]{16}$/);
  });

  it('does not depend on the workspace or the current folder, and differs per notes folder', function () {
    const vault = path.join(HOME, 'vault');
    const cwd = process.cwd();
    const here = indexDirFor(vault, home);
    try {
      process.chdir(os.tmpdir());
      assert.equal(indexDirFor(vault, home), here);
    } finally {
      process.chdir(cwd);
    }
    assert.notEqual(indexDirFor(path.join(HOME, 'notes'), home), here);
  });
});
