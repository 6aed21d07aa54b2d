// `local-focus todos` with ripgrep choosing the files lists exactly what the scan's own walk lists,
// in the same order, on a tree built to catch every place where the two could part: ignore files
// ripgrep would read and the scan does not (.ignore), excludes of each shape, hidden and version-control folders, names known by their whole
// name or their start, scripts known by `#!`, endings ripgrep skips, binary and oversized files,
// symbolic links, and tags that stand as words only by the scan's rules. The one known difference,
// a .rgignore file, which ripgrep 13 honours unless told to honour no ignore file at all, has its
// own test. Needs ripgrep (on PATH or in LOCAL_FOCUS_RIPGREP); skipped with the reason when there
// is none.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ripgrepBinary } from '../../../src/cli/ripgrepBinary';
import { listTodosByRipgrep, walkOrder } from '../../../src/cli/todosByRipgrep';
import { listTodos, type ListTodosOptions } from '../../../src/cli/todosListing';
import { EDITOR_DEFAULT_EXCLUDES } from '../../../src/core/todos/editorExcludes';
import { DEFAULT_TODO_TAGS } from '../../../src/core/todos/findTodos';
import { writeTree } from '../../support/fileTree';

const TODO = (what: string): string => `// TODO: ${what}\n`;
const HASH_TODO = (what: string): string => `# TODO: ${what}\n`;

const FILES: Record<string, string | Buffer> = {
  'a.ts': TODO('plain'),
  'b/c.ts': TODO('nested'),
  'b/a.ts': TODO('a file of b, listed before its folders'),
  'b/z/y.ts': TODO('deeper'),
  'B.ts': TODO('upper case sorts first'),
  // Ignore files: the scan reads .gitignore files inside the folder and the root's info/exclude.
  '.gitignore': 'ignored-by-git/\n*.gen.ts\n!keep.gen.ts\n',
  'ignored-by-git/x.ts': TODO('never listed'),
  'drop.gen.ts': TODO('never listed'),
  'keep.gen.ts': TODO('re-included'),
  'sub/.gitignore': '/local.ts\n',
  'sub/local.ts': TODO('ignored in sub only'),
  'sub/deeper/local.ts': TODO('anchored pattern does not reach here'),
  '.git/info/exclude': 'excluded-by-info.ts\n',
  '.git/HEAD.ts': TODO('inside .git'),
  'excluded-by-info.ts': TODO('never listed'),
  // ripgrep would honour a .ignore file; the scan does not, so its files are listed.
  '.ignore': 'by-dot-ignore.ts\n',
  'by-dot-ignore.ts': TODO('listed'),
  // Excludes of each shape.
  'node_modules/pkg/index.js': TODO('default exclude'),
  'gen/out.ts': TODO('literal path exclude'),
  'src/gen/out.ts': TODO('not the literal path, listed'),
  'src/deep/build/out.ts': TODO('glob exclude'),
  'x.code-search': TODO('ending exclude'),
  // Hidden files and folders are read.
  '.hidden/h.ts': TODO('hidden folder'),
  '.eslintrc.js': TODO('hidden file'),
  // Names known whole or by their start, scripts by `#!`, endings ripgrep may skip.
  'CMakeLists.txt': HASH_TODO('known whole name with a skipped ending'),
  'Dockerfile.json': HASH_TODO('known start with a skipped ending'),
  'notes.txt': 'TODO: a document, not read\n',
  'data.json': '{"TODO": 1}\n',
  'X.JSON': '{"TODO": 1}\n',
  'bin/deploy': `#!/bin/sh\n${HASH_TODO('script without an ending')}`,
  '.json': `#!/bin/sh\n${HASH_TODO('a script named like an ending')}`,
  'tool.in': `#!/usr/bin/env python3\n${HASH_TODO('configure template')}`,
  'upper.C': TODO('upper-case ending'),
  // Binary and size: NUL within the scan's sniff is binary; NUL after it is text to the scan.
  'binary-early.ts': Buffer.concat([Buffer.from(TODO('binary')), Buffer.alloc(10, 0)]),
  'binary-late.ts': Buffer.concat([Buffer.from(TODO('text to the scan')), Buffer.alloc(9000, 0x20), Buffer.alloc(4, 0)]),
  'large.ts': TODO('too large') + ' '.repeat(13_000),
  // Tags: words by the scan's rules only.
  'words.ts': '// DEBUG: not a tag\n// TODO-list: not a tag\n// éTODO: a tag to the scan (é is no ASCII word character)\n',
  'space name/s p.ts': TODO('spaces in names'),
};

const MAX_FILE_BYTES = 12_000;

function options(rg: string | undefined, respectGitignore = true): ListTodosOptions {
  return { tags: DEFAULT_TODO_TAGS, exclude: [...EDITOR_DEFAULT_EXCLUDES, 'gen', '**/build/**'], respectGitignore, ripgrep: rg, maxFileBytes: MAX_FILE_BYTES };
}

describe('local-focus todos: ripgrep chooses the files, the scan decides', function () {
  let root: string;
  let rg: string | undefined;

  before(function () {
    rg = ripgrepBinary(process.env);
    if (!rg) {
      console.log('      skipped: no ripgrep on PATH or in LOCAL_FOCUS_RIPGREP (apt-get install ripgrep)');
      this.skip();
    }
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-rg-'));
    writeTree(root, FILES);
    fs.symlinkSync(path.join(root, 'a.ts'), path.join(root, 'link.ts'));
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'linked-folder'));
  });

  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  for (const respectGitignore of [true, false]) {
    it(`lists what the walk lists, in its order${respectGitignore ? '' : ', with .gitignore files off'}`, async () => {
      const byRipgrep = await listTodos(root, options(rg, respectGitignore));
      const byWalk = await listTodos(root, options(undefined, respectGitignore));
      assert.equal(byRipgrep.listedBy, 'ripgrep');
      assert.equal(byWalk.listedBy, undefined);
      assert.deepEqual(byRipgrep.todos, byWalk.todos);
      // The tree's verdicts, so that equal lists cannot be equally wrong.
      const files = new Set(byWalk.todos.map((t) => t.file));
      for (const listed of ['keep.gen.ts', 'sub/deeper/local.ts', 'by-dot-ignore.ts', 'src/gen/out.ts', '.hidden/h.ts', 'CMakeLists.txt', 'Dockerfile.json', 'bin/deploy', '.json', 'tool.in', 'upper.C', 'binary-late.ts', 'words.ts', 'space name/s p.ts']) {
        assert.ok(files.has(listed), `${listed} is listed`);
      }
      for (const unlisted of ['node_modules/pkg/index.js', 'gen/out.ts', 'src/deep/build/out.ts', 'x.code-search', '.git/HEAD.ts', 'notes.txt', 'data.json', 'X.JSON', 'binary-early.ts', 'large.ts', 'link.ts', 'linked-folder/c.ts']) {
        assert.ok(!files.has(unlisted), `${unlisted} is not listed`);
      }
      const gitIgnored = ['ignored-by-git/x.ts', 'drop.gen.ts', 'sub/local.ts', 'excluded-by-info.ts'];
      for (const file of gitIgnored) assert.equal(files.has(file), !respectGitignore, file);
      assert.deepEqual(
        byWalk.todos.filter((t) => t.file === 'words.ts').map((t) => t.line),
        [3],
      );
    });
  }

  it('honours a .rgignore file, the one ignore file ripgrep cannot be told to skip alone', async () => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-rgignore-'));
    try {
      writeTree(tree, { '.rgignore': 'skipped.ts\n', 'skipped.ts': TODO('ripgrep skips'), 'kept.ts': TODO('both list') });
      const byRipgrep = await listTodos(tree, options(rg));
      const byWalk = await listTodos(tree, options(undefined));
      assert.deepEqual(byWalk.todos.map((t) => t.file), ['kept.ts', 'skipped.ts']);
      assert.deepEqual(byRipgrep.todos.map((t) => t.file), ['kept.ts']);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  it('falls back to the walk when ripgrep does not finish its search', async function () {
    if (process.platform === 'win32') this.skip(); // the stand-in below is a shell script
    const failing = path.join(root, '..', `lf-failing-rg-${process.pid}`);
    fs.writeFileSync(failing, '#!/bin/sh\nprintf "./a.ts\\0"\nexit 2\n', { mode: 0o755 });
    try {
      assert.equal(await listTodosByRipgrep(failing, root, { tags: DEFAULT_TODO_TAGS, maxFileBytes: MAX_FILE_BYTES }), undefined);
      const listing = await listTodos(root, options(failing));
      assert.equal(listing.listedBy, undefined);
      assert.deepEqual(listing.todos, (await listTodos(root, options(undefined))).todos);
    } finally {
      fs.rmSync(failing, { force: true });
    }
  });
});

describe('walkOrder', () => {
  it("sorts a folder's files by name before its subfolders, as the walk visits them", () => {
    const paths = ['b/z/y.ts', 'a.ts', 'b/c.ts', 'B.ts', 'b/a.ts', '.x/h.ts', 'c.ts', 'b/a/q.ts'];
    assert.deepEqual([...paths].sort(walkOrder), ['B.ts', 'a.ts', 'c.ts', '.x/h.ts', 'b/a.ts', 'b/c.ts', 'b/a/q.ts', 'b/z/y.ts']);
  });
});
