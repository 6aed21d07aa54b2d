// `local-focus review --base <ref>` / `--branch` in-process on a real repository: which files and
// lines a branch review reads (the merge-base, not the base's tip; renames and binaries left out;
// the working tree and untracked files in), which base `--branch` chooses, paths that narrow it,
// and the refusals: an unknown ref, no repository, flags that contradict it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

/** The machine's own git configuration stays out: the CLI's git reads process.env. */
const GIT_ENV: Record<string, string> = { GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' };
const OLD_DEBUGGER = 'function f(a) {\n  debugger;\n  return a;\n}\n';
const MOVED = Array.from({ length: 12 }, (_, i) => `const v${i} = ${i};\n`).join('');

interface JsonReview {
  branch: { base: string; mergeBase: string };
  files: { path: string; findings: { line: number; rule: string }[] }[];
}

describe('local-focus review --base', function () {
  this.timeout(20_000);
  let home: string;
  let dir: string;
  const saved: Record<string, string | undefined> = {};

  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, env: { ...process.env, ...GIT_ENV }, stdio: 'pipe' }).toString().trim();
  const write = (name: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  async function cli(args: string[], cwd = dir) {
    let out = '';
    let err = '';
    const env = { LOCAL_FOCUS_HOME: home, HOME: home, PATH: process.env.PATH, ...GIT_ENV };
    const code = await runCli(['review', '--tier', 'heuristics', ...args], { out: (t) => (out += t), err: (t) => (err += t), env, cwd });
    return { code, out, err };
  }
  const findingsOf = (review: JsonReview) => Object.fromEntries(review.files.map((f) => [f.path, f.findings.map((x) => `${x.line}:${x.rule}`)]));

  before(function () {
    for (const [k, v] of Object.entries(GIT_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(function () {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  /**
   * main: base.js with an old debugger statement, lib/old.js. Branch feat: a new function with a
   * debugger in base.js and the rename lib/old.js → lib/moved.js, committed; main then moves on
   * (later.js, and its old debugger removed: measured against main's tip, that line would look
   * changed on the branch); uncommitted on feat: an untracked new.js comparing with NaN and
   * a binary file.
   */
  beforeEach(function () {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-branch-home-'));
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-branch-')));
    git('init', '-q', '-b', 'main');
    write('base.js', OLD_DEBUGGER);
    write('lib/old.js', MOVED);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feat');
    write('base.js', OLD_DEBUGGER + 'function g() {\n  debugger;\n}\n');
    git('mv', 'lib/old.js', 'lib/moved.js');
    git('commit', '-q', '-am', 'feat');
    git('checkout', '-q', 'main');
    write('later.js', 'debugger;\n');
    write('base.js', OLD_DEBUGGER.replace('  debugger;\n', ''));
    git('add', '.');
    git('commit', '-q', '-m', 'main moves on');
    git('checkout', '-q', 'feat');
    write('new.js', 'function h(x) {\n  return x == NaN;\n}\n');
    write('logo.bin', Buffer.from([0x89, 0x50, 0x00, 0x01, 0x64, 0x65, 0x62, 0x75, 0x67]));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('reviews only the lines changed since the merge-base, untracked files whole, and exits 1 on an error', async function () {
    const r = await cli(['--base', 'main', '--json']);
    assert.equal(r.code, 1, 'the NaN comparison in new.js is an error');
    const review = JSON.parse(r.out) as JsonReview;
    assert.deepEqual(review.branch, { base: 'main', mergeBase: git('merge-base', 'HEAD', 'main') });
    assert.notEqual(review.branch.mergeBase, git('rev-parse', 'main'), 'the base is where the branch left main, not its tip');
    assert.deepEqual(findingsOf(review), { 'base.js': ['6:debugger'], 'new.js': ['2:nan-comparison'] }, 'not the old debugger on line 2, the rename, the binary or main\'s later.js');
  });

  it('prints what it compared with before the files in text, and the same findings in SARIF', async function () {
    const text = await cli(['--base', 'main']);
    const lines = text.out.split('\n');
    assert.match(lines[0]!, /^Branch review: 2 files changed since main \(merge-base [0-9a-f]{12}\), the working tree included$/);
    assert.ok(lines.includes('base.js:6: warning [bug] `debugger` statement left in the code: it pauses execution whenever developer tools are open. (debugger)'), text.out);
    const sarif = JSON.parse((await cli(['--base', 'main', '--format', 'sarif'])).out);
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    assert.deepEqual(results.map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine}:${x.ruleId}`).sort(), ['base.js:6:debugger', 'new.js:2:nan-comparison']);
  });

  it('narrows to the paths given, named from the current folder', async function () {
    const one = await cli(['--base', 'main', '--json', 'base.js']);
    assert.equal(one.code, 0, 'a debugger is a warning');
    assert.deepEqual(findingsOf(JSON.parse(one.out)), { 'base.js': ['6:debugger'] });
    write('lib/extra.js', 'debugger;\n');
    const fromLib = await cli(['--base', 'main', '--json', '.'], path.join(dir, 'lib'));
    assert.deepEqual(findingsOf(JSON.parse(fromLib.out)), { 'extra.js': ['1:debugger'] }, 'the folder lib/ only, its file named from there');
  });

  it('--branch compares with origin/HEAD\'s branch when the clone has one, else main', async function () {
    assert.equal((JSON.parse((await cli(['--branch', '--json'])).out) as JsonReview).branch.base, 'main');
    git('update-ref', 'refs/remotes/origin/trunk', 'main~1');
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    const review = JSON.parse((await cli(['--branch', '--json'])).out) as JsonReview;
    assert.deepEqual(review.branch, { base: 'origin/trunk', mergeBase: git('rev-parse', 'main~1') });
  });

  it('refuses an unknown ref and a folder outside git with what to do (exit 1), contradicting flags as usage (exit 2)', async function () {
    const unknown = await cli(['--base', 'no-such-branch']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /git knows no commit named "no-such-branch"; give a branch, tag or commit that exists \(git branch -a lists the branches\)/);
    assert.equal(unknown.out, '');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-branch-outside-'));
    try {
      const r = await cli(['--branch'], outside);
      assert.equal(r.code, 1);
      assert.match(r.err, /is not in a git repository/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
    for (const args of [['--base', 'main', '--staged'], ['--branch', '--diff', 'base.js'], ['--base', ''], ['--base', 'main', '--write-baseline'], ['--base', 'main', '../elsewhere.js']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    }
  });
});
