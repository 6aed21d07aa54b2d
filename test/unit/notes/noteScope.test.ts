// Which files of a folder are notes: include globs, exclude globs, .gitignore files (nested, with
// negation), .git/info/exclude, version-control folders; for a full walk and for one path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NoteScope } from '../../../src/inference/features/notes/noteScope';

function write(root: string, rel: string, text = 'x\n'): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('NoteScope', function () {
  let root: string;

  beforeEach(function () {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-scope-'));
    for (const f of ['a.md', 'b.txt', 'c.org', 'd.rst', 'e.mdx', 'code.ts', 'docs/guide.md', 'docs/old/legacy.md', 'docs/old/keep.md', 'build/out.md', 'node_modules/pkg/README.md', '.git/notes.md', 'private/diary.md', 'vendor/x.md']) {
      write(root, f);
    }
    write(root, '.gitignore', 'build/\n*.log\n');
    write(root, 'docs/.gitignore', 'old/*\n!old/keep.md\n');
    write(root, '.git/info/exclude', 'private/\n');
  });

  afterEach(function () {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists notes by the default globs minus .gitignore, info/exclude, node_modules and .git', async function () {
    const notes = await new NoteScope(root).list();
    assert.deepEqual(notes, ['a.md', 'b.txt', 'c.org', 'd.rst', 'docs/guide.md', 'docs/old/keep.md', 'e.mdx', 'vendor/x.md']);
  });

  it('honours include and exclude globs, and can ignore .gitignore', async function () {
    const scope = new NoteScope(root, { include: ['**/*.md'], exclude: ['vendor/**', '**/guide.md'], respectGitignore: false });
    assert.deepEqual(await scope.list(), ['a.md', 'build/out.md', 'docs/old/keep.md', 'docs/old/legacy.md', 'node_modules/pkg/README.md', 'private/diary.md']);
  });

  it('judges one path (existing or deleted) the way the walk does', async function () {
    const scope = new NoteScope(root);
    const listed = new Set(await scope.list());
    for (const rel of ['a.md', 'code.ts', 'docs/old/legacy.md', 'docs/old/keep.md', 'build/out.md', 'node_modules/pkg/README.md', '.git/notes.md', 'private/diary.md', 'vendor/x.md']) {
      assert.equal(await scope.contains(path.join(root, rel)), listed.has(rel), rel);
    }
    assert.equal(await scope.contains('gone/deleted.md'), true, 'a deleted note is still in scope, so the index drops it');
    assert.equal(await scope.contains(path.join(os.tmpdir(), 'elsewhere.md')), false, 'outside the folder');
  });

  it('stops when the signal aborts', async function () {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new NoteScope(root).list(controller.signal), /stopped/);
  });

  it('refuses a path that is not a folder', async function () {
    await assert.rejects(new NoteScope(path.join(root, 'a.md')).list(), /not a folder/);
  });
});
