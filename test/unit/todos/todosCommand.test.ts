// `local-focus todos` skips what the editor's search skips by default (node_modules,
// bower_components …), outside git as well, and reads it all with --no-default-excludes. A folder's
// listing keeps a record under the home, so the next one reads only what changed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { runTodos, todosCommand, TODOS_OPTIONS } from '../../../src/cli/todosCommand';
import { RACY_MARGIN_MS } from '../../../src/inference/recordedVerdicts';
import { writeTree } from '../../support/fileTree';

interface Listing {
  todos: { file: string; line: number; text: string }[];
  stats: { filesScanned: number; fromRecord?: number };
}

async function listing(root: string, argv: string[], home: string): Promise<Listing> {
  const { command, options } = parseArgs(['todos', root, '--json', ...argv], { json: { value: false }, ...TODOS_OPTIONS });
  let out = '';
  const io = { out: (text: string) => (out += text), err: () => undefined, env: { LOCAL_FOCUS_HOME: home } };
  const code = await runTodos({ args: command.slice(1), options, json: true, io, cwd: root, signal: new AbortController().signal });
  assert.equal(code, 0);
  return JSON.parse(out) as Listing;
}

async function listedFiles(root: string, argv: string[]): Promise<string[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-home-'));
  try {
    return [...new Set((await listing(root, argv, home)).todos.map((t) => t.file))];
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

describe('local-focus todos: the editor default excludes', () => {
  let root: string;

  before(() => {
    // No .git folder and no .gitignore: only the default excludes can leave these out.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-excludes-'));
    writeTree(root, {
      'src/app.ts': '// TODO: ours\n',
      'node_modules/dep/index.js': '// TODO: a dependency\n',
      'web/bower_components/lib/lib.js': '// TODO: a bower dependency\n',
      'vendor/x.js': '// TODO: vendored\n',
    });
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('skips node_modules and bower_components at any depth by default, and --exclude adds to them', async () => {
    assert.deepEqual(await listedFiles(root, []), ['src/app.ts', 'vendor/x.js']);
    assert.deepEqual(await listedFiles(root, ['--exclude', 'vendor']), ['src/app.ts']);
  });

  it('reads them with --no-default-excludes, which --help names', async () => {
    assert.deepEqual((await listedFiles(root, ['--no-default-excludes'])).sort(), ['node_modules/dep/index.js', 'src/app.ts', 'vendor/x.js', 'web/bower_components/lib/lib.js']);
    assert.match(todosCommand.synopsis, /node_modules.*skipped unless --no-default-excludes/);
  });
});

describe('local-focus todos: the folder\'s record', () => {
  let root: string;
  let home: string;
  beforeEach(async function () {
    this.timeout(10_000);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-record-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-record-home-'));
    writeTree(root, { 'a.ts': '// TODO: first\n', 'b.py': '# FIXME: second\n', 'c.go': 'package c\n' });
    // A file changed within the racy margin of a scan is not trusted to the record (its change
    // time cannot be set back), so the tree is left alone that long first.
    await new Promise((r) => setTimeout(r, RACY_MARGIN_MS + 200));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('answers a second listing of an unchanged folder from its record, with the same TODOs', async () => {
    const first = await listing(root, [], home);
    assert.equal(first.stats.fromRecord ?? 0, 0);
    assert.ok(fs.readdirSync(path.join(home, 'todo-scans')).length > 0, 'the first listing wrote a record');
    const second = await listing(root, [], home);
    assert.deepEqual(second.todos, first.todos);
    assert.equal(second.stats.fromRecord, 3);
  });

  it('reads a file changed since the record again, and --no-record neither reads nor writes one', async () => {
    await listing(root, [], home);
    fs.writeFileSync(path.join(root, 'a.ts'), '// TODO: first, reworded\n// HACK: new\n');
    const after = await listing(root, [], home);
    assert.deepEqual(after.todos.map((t) => `${t.file}:${t.line} ${t.text}`), ['a.ts:1 first, reworded', 'a.ts:2 new', 'b.py:1 second']);
    assert.ok((after.stats.fromRecord ?? 0) < 3, 'the changed file was read');
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-todos-record-none-'));
    try {
      assert.equal((await listing(root, ['--no-record'], other)).stats.fromRecord ?? 0, 0);
      assert.deepEqual(fs.readdirSync(other), []);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
