// Branch review through the built CLI and its launcher, as a pre-push hook runs it: a clone of a
// bare remote with origin/HEAD, a feature branch, and the hook copied from docs/pre-commit.md
// stopping a push on an error the branch added, then letting the fixed branch through; the same
// review as SARIF valid against the 2.1.0 schema; an unknown base refused with what to do.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt } from '../support/realWorker';
import { sarifValidator } from '../support/sarifValidator';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const checkout = fs.readFileSync(path.join(repo, 'demo', 'src', 'checkout.ts'), 'utf8');

/** The pre-push hook as docs/pre-commit.md prints it: the sh block after the pre-push instructions. */
function prePushRecipe(): string {
  const doc = fs.readFileSync(path.join(repo, 'docs', 'pre-commit.md'), 'utf8');
  const after = doc.slice(doc.indexOf('.git/hooks/pre-push'));
  const block = /```sh\n([\s\S]*?)```/.exec(after);
  assert.ok(block, 'docs/pre-commit.md shows a pre-push hook');
  return block[1]!;
}

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('review --base: the built CLI on a branch', function () {
  this.timeout(120_000);
  let tmp: string;
  let work: string;
  let env: Record<string, string>;

  const run = (file: string, args: string[], cwd = work): Promise<Run> =>
    new Promise((resolve) => {
      execFile(file, args, { cwd, env, timeout: 90_000, maxBuffer: 1 << 24 }, (err, out, errText) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
      );
    });
  const cli = (args: string[]) => run(process.execPath, [launcher, 'review', '--tier', 'heuristics', ...args]);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, stdio: 'pipe' }).toString().trim();
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    fs.writeFileSync(path.join(work, name), text);
  };

  before(function () {
    assertBuilt(path.join(repo, 'dist', 'cli.js'));
  });

  /**
   * origin.git (bare) holds main: src/checkout.ts without its NaN comparison. The clone `work`
   * knows origin/HEAD → origin/main and is on branch feat, which adds nothing yet. `local-focus`
   * on the PATH is the launcher, as `npm install -g` would put it.
   */
  beforeEach(function () {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-branch-int-')));
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'local-focus'), `#!/bin/sh\nexec "${process.execPath}" "${launcher}" "$@"\n`, { mode: 0o755 });
    const home = path.join(tmp, 'home');
    fs.mkdirSync(home);
    env = {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      LOCAL_FOCUS_HOME: home,
      GIT_CONFIG_GLOBAL: os.devNull,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    };
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', path.join(tmp, 'origin.git')], { env });
    work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    git('init', '-q', '-b', 'main');
    write('src/checkout.ts', checkout.replace('total == NaN', 'Number.isNaN(total)'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('remote', 'add', 'origin', path.join(tmp, 'origin.git'));
    git('push', '-q', '-u', 'origin', 'main');
    git('remote', 'set-head', 'origin', 'main');
    git('checkout', '-q', '-b', 'feat');
  });
  afterEach(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the pre-push hook from docs/pre-commit.md stops a push on an error the branch added, and lets the fix through', async function () {
    fs.writeFileSync(path.join(work, '.git', 'hooks', 'pre-push'), prePushRecipe(), { mode: 0o755 });
    write('src/checkout.ts', checkout);
    git('commit', '-q', '-am', 'compare with NaN');

    const stopped = await run('git', ['push', '-q', 'origin', 'feat']);
    assert.notEqual(stopped.code, 0, 'the hook exits 1 on the error, so git refuses the push');
    assert.match(stopped.err, /failed to push/);
    assert.match(stopped.out + stopped.err, /Branch review: 1 file changed since origin\/main/);
    assert.match(stopped.out + stopped.err, /src\/checkout\.ts:14: error +\[bug\] Comparison with NaN/);
    assert.doesNotMatch(stopped.out + stopped.err, /src\/checkout\.ts:\d+: warning/, 'the debugger, console.log and empty catch came from main: not the branch\'s lines');
    assert.throws(() => git('rev-parse', '--verify', 'refs/remotes/origin/feat'), 'nothing reached the remote');

    write('src/checkout.ts', checkout.replace('total == NaN', 'Number.isNaN(total)').replace('export function', '// Prices in cents.\nexport function'));
    git('commit', '-q', '-am', 'fix');
    const pushed = await run('git', ['push', '-q', 'origin', 'feat']);
    assert.equal(pushed.code, 0, pushed.out + pushed.err);
    assert.equal(git('rev-parse', 'refs/remotes/origin/feat'), git('rev-parse', 'HEAD'));
  });

  it('--format sarif holds the branch\'s findings only and is valid SARIF 2.1.0', async function () {
    write('src/checkout.ts', checkout);
    write('src/new.js', 'function f() {\n  debugger;\n}\n');
    const r = await cli(['--base', 'origin/main', '--format', 'sarif']);
    assert.equal(r.code, 1, r.err);
    const log = JSON.parse(r.out);
    assert.deepEqual(sarifValidator()(log), []);
    const results = log.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    const where = results.map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}:${x.ruleId}:${x.level}`);
    assert.deepEqual(where.sort(), ['src/checkout.ts:14:nan-comparison:error', 'src/new.js:2:debugger:warning']);
  });

  it('an unknown base exits 1 and says what to give instead, with nothing on stdout', async function () {
    const r = await cli(['--base', 'origin/develop']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /^local-focus: git knows no commit named "origin\/develop"; give a branch, tag or commit that exists \(git branch -a lists the branches\)\./);
  });
});
