// A task ticked by hand between two runs of the built CLI (dist/cli.js, through the launcher) is
// stamped `done=` by the second run, at the file's modification time, from the record of the open
// tasks the first run left in LOCAL_FOCUS_HOME; the summary then counts it as done.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const fullBundle = path.join(repo, 'dist', 'cli.js');
const OPEN = '- [ ] Ship the exporter — #export <!-- lf:id=ship0001 tier=degraded created=2026-03-01T08:00:00.000Z -->';

function cli(args: string[], home: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [launcher, ...args], { cwd: repo, env: { ...process.env, LOCAL_FOCUS_HOME: home }, timeout: 60_000 }, (err, out, errText) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
    );
  });
}

describe('tasks ticked by hand between two CLI runs (built CLI)', function () {
  this.timeout(120_000);
  let root: string;
  let home: string;
  let file: string;

  before(() => assertBuilt(fullBundle));
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-hand-ticks-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-hand-ticks-home-'));
    file = path.join(root, 'TASKS.md');
    fs.writeFileSync(file, ['# Tasks', '', OPEN, ''].join('\n'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('the second run stamps done= at the edit and the summary counts the task as done', async () => {
    const first = await cli(['tasks', 'list', '--path', root], home);
    assert.equal(first.code, 0, first.err);
    fs.writeFileSync(file, ['# Tasks', '', OPEN.replace('- [ ]', '- [x]'), ''].join('\n'));
    const editedAt = fs.statSync(file).mtime.toISOString();
    const second = await cli(['tasks', 'summary', '--json', '--since', '7d', '--tier', 'rules', '--path', root], home);
    assert.equal(second.code, 0, second.err);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`lf:id=ship0001 .*done=${editedAt.replace(/\./g, '\\.')} -->`));
    const done = (JSON.parse(second.out) as { sections: Record<string, { groups: { tasks: { id: string }[] }[] }> }).sections.done;
    assert.deepEqual(done?.groups.flatMap((g) => g.tasks.map((t) => t.id)), ['ship0001']);
  });

  it('without a first run (no record) the closed task stays unstamped', async () => {
    fs.writeFileSync(file, ['# Tasks', '', OPEN.replace('- [ ]', '- [x]'), ''].join('\n'));
    const run = await cli(['tasks', 'list', '--all', '--path', root], home);
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /done=/);
  });
});
