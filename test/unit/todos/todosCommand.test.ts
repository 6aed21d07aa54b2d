// `local-focus todos` skips what the editor's search skips by default (node_modules,
// bower_components …), outside git as well, and reads it all with --no-default-excludes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { runTodos, todosCommand, TODOS_OPTIONS } from '../../../src/cli/todosCommand';
import { writeTree } from '../../support/fileTree';

async function listedFiles(root: string, argv: string[]): Promise<string[]> {
  const { command, options } = parseArgs(['todos', root, '--json', ...argv], { json: { value: false }, ...TODOS_OPTIONS });
  let out = '';
  const io = { out: (text: string) => (out += text), err: () => undefined, env: {} };
  const code = await runTodos({ args: command.slice(1), options, json: true, io, cwd: root, signal: new AbortController().signal });
  assert.equal(code, 0);
  return [...new Set((JSON.parse(out) as { todos: { file: string }[] }).todos.map((t) => t.file))];
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
