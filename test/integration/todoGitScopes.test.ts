// The git scopes on a real repository: "Mine" (git blame against user.email, uncommitted and
// untracked lines counting as the user's, an editor's unsaved text blamed through --contents) and
// "This branch" (lines added since the merge-base with the default branch, the working tree
// included), each refusal with what to do, and `local-focus todos --mine --branch --base` through
// the launcher's fast bundle and the full CLI alike.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRepository } from '../../src/core/git/gitRepository';
import { branchLines } from '../../src/core/todos/branchScope';
import { mineLines } from '../../src/core/todos/mineScope';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const fullBundle = path.join(repo, 'dist', 'cli.js');
const ME = 'me@example.org';
const OTHER = 'other@example.org';
/** The machine's own git configuration stays out: no global or system file, a fixed identity. */
const GIT_ENV: Record<string, string> = { GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, args: string[], author = ME): void {
  execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV, GIT_AUTHOR_EMAIL: author, GIT_AUTHOR_NAME: author, GIT_COMMITTER_EMAIL: author, GIT_COMMITTER_NAME: author }, stdio: 'pipe' });
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/**
 * main: `src/old.ts` and `lib/moved.ts` by someone else. Branch `feat` (by me): a FIXME added to
 * old.ts and committed, lib/moved.ts renamed to `lib/new home.ts` unchanged; then, uncommitted, a
 * HACK in old.ts without a final newline and an untracked `notes dir/idea one.py`.
 */
function makeRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-git-scopes-'));
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['config', 'user.email', ME]);
  write(root, 'src/old.ts', '// TODO from main\nconst a = 1;\n');
  write(root, 'lib/moved.ts', Array.from({ length: 12 }, (_, i) => (i === 0 ? '// TODO moved along\n' : `const v${i} = ${i};\n`)).join(''));
  git(root, ['add', '.'], OTHER);
  git(root, ['commit', '-q', '-m', 'base'], OTHER);
  git(root, ['checkout', '-q', '-b', 'feat']);
  write(root, 'src/old.ts', '// TODO from main\nconst a = 1;\n// FIXME mine, committed\n');
  git(root, ['mv', 'lib/moved.ts', 'lib/new home.ts']);
  git(root, ['commit', '-q', '-am', 'feat work']);
  write(root, 'src/old.ts', '// TODO from main\nconst a = 1;\n// FIXME mine, committed\n// HACK uncommitted');
  write(root, 'notes dir/idea one.py', '# TODO untracked idea\n');
  return root;
}

const sorted = (m: Map<string, 'all' | ReadonlySet<number>>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v === 'all' ? 'all' : [...v].sort((x, y) => x - y)]));

function node(args: string[], cwd = repo): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, ...GIT_ENV }, maxBuffer: 1 << 26, timeout: 60_000 }, (err, out, errText) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
    );
  });
}

describe('TODO git scopes on a real repository', function () {
  let root: string;
  const saved: Record<string, string | undefined> = {};
  before(function () {
    for (const [k, v] of Object.entries(GIT_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    root = makeRepo();
  });
  after(function () {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('Mine: lines blamed on user.email, uncommitted lines and untracked files, not another author\'s', async function () {
    const r = await openRepository(path.join(root, 'src'));
    assert.equal(fs.realpathSync(r.top), fs.realpathSync(root));
    const { email, lines } = await mineLines(r, [
      { path: 'src/old.ts', lines: [1, 3, 4] },
      { path: 'lib/new home.ts', lines: [1] },
      { path: 'notes dir/idea one.py', lines: [1] },
    ]);
    assert.equal(email, ME);
    assert.deepEqual(sorted(lines), { 'notes dir/idea one.py': 'all', 'src/old.ts': [3, 4] });
  });

  it('Mine: an editor\'s unsaved text is blamed as given, its new lines the user\'s', async function () {
    const r = await openRepository(root);
    const unsaved = '// NOTE pasted above\n// TODO from main\nconst a = 1;\n';
    const { lines } = await mineLines(r, [{ path: 'src/old.ts', lines: [1, 2], contents: unsaved }]);
    assert.deepEqual(sorted(lines), { 'src/old.ts': [1] }, 'line 2 is main\'s TODO, moved down by the unsaved line');
  });

  it('This branch: committed, uncommitted and untracked additions since the merge-base; a pure rename adds nothing', async function () {
    const r = await openRepository(root);
    const result = await branchLines(r, { howToChooseBase: 'pass --base' });
    assert.equal(result.base, 'main');
    assert.deepEqual(sorted(result.lines), { 'notes dir/idea one.py': 'all', 'src/old.ts': [3, 4] });
    const one = await branchLines(r, { howToChooseBase: 'pass --base', paths: ['src/old.ts'] });
    assert.deepEqual(sorted(one.lines), { 'src/old.ts': [3, 4] }, 'one file asked, one file answered');
    const sinceFeat = await branchLines(r, { base: 'feat', howToChooseBase: 'pass --base' });
    assert.deepEqual(sorted(sinceFeat.lines), { 'notes dir/idea one.py': 'all', 'src/old.ts': [4] });
  });

  it('refuses with what to do: not a repository, unknown ref, no default branch, no user.email', async function () {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-not-git-'));
    try {
      await assert.rejects(openRepository(outside), /is not in a git repository.*git init/);
      const r = await openRepository(root);
      await assert.rejects(branchLines(r, { base: 'no-such-branch', howToChooseBase: 'x' }), /git knows no commit named "no-such-branch"; give a branch, tag or commit/);
      git(outside, ['init', '-q', '-b', 'trunk']);
      write(outside, 'a.ts', '// TODO a\n');
      git(outside, ['add', '.']);
      git(outside, ['commit', '-q', '-m', 'one']);
      const trunk = await openRepository(outside);
      await assert.rejects(branchLines(trunk, { howToChooseBase: 'pass the branch as --base <ref>' }), /no default branch found .*\(no origin\/HEAD, main or master\); pass the branch as --base <ref>\./);
      assert.equal((await branchLines(trunk, { base: 'trunk', howToChooseBase: 'x' })).lines.size, 0);
      await assert.rejects(mineLines(trunk, [{ path: 'a.ts', lines: [1] }]), /git has no user\.email here.*git config user\.email/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  describe('local-focus todos --mine --branch --base', function () {
    before(() => {
      assertBuilt(path.join(repo, 'dist', 'cliTodos.js'));
      assertBuilt(fullBundle);
    });

    it('narrows the listing, alone and together, and prints the same through both bundles', async function () {
      const list = async (...flags: string[]) => {
        const r = await node([launcher, 'todos', root, '--json', ...flags]);
        assert.equal(r.code, 0, r.err);
        return (JSON.parse(r.out) as { todos: { file: string; line: number }[] }).todos.map((t) => `${t.file}:${t.line}`).sort();
      };
      assert.deepEqual(await list(), ['lib/new home.ts:1', 'notes dir/idea one.py:1', 'src/old.ts:1', 'src/old.ts:3', 'src/old.ts:4']);
      assert.deepEqual(await list('--mine'), ['notes dir/idea one.py:1', 'src/old.ts:3', 'src/old.ts:4']);
      assert.deepEqual(await list('--branch'), ['notes dir/idea one.py:1', 'src/old.ts:3', 'src/old.ts:4']);
      assert.deepEqual(await list('--base', 'feat'), ['notes dir/idea one.py:1', 'src/old.ts:4'], '--base implies --branch');
      assert.deepEqual(await list('--mine', '--base', 'feat'), ['notes dir/idea one.py:1', 'src/old.ts:4']);
      const json = JSON.parse((await node([launcher, 'todos', root, '--json', '--mine', '--branch'])).out) as { scope: { mine: { email: string }; branch: { base: string; mergeBase: string } } };
      assert.equal(json.scope.mine.email, ME);
      assert.equal(json.scope.branch.base, 'main');
      assert.match(json.scope.branch.mergeBase, /^[0-9a-f]{40}$/);
      for (const args of [['todos', 'src', '--mine'], ['todos', '.', '--branch', '--mine']]) {
        const fast = await node([launcher, ...args], root);
        const full = await node([fullBundle, ...args], root);
        assert.equal(fast.code, 0, fast.err);
        assert.equal(fast.out.replace(/ in \d+ ms/, ''), full.out.replace(/ in \d+ ms/, ''), args.join(' '));
      }
      const sub = await node([launcher, 'todos', 'src', '--mine'], root);
      assert.match(sub.out, /^old\.ts:3:4 {2}FIXME {2}mine, committed\nold\.ts:4:4 {2}HACK {2}uncommitted\n2 TODOs in 1 file \(\d+ files (?:scanned|named by ripgrep read) in \d+ ms; yours \(me@example\.org\)\)\n$/);
    });

    it('fails with exit code 1 and the reason outside a repository or for an unknown ref', async function () {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-not-git-'));
      try {
        write(outside, 'a.ts', '// TODO a\n');
        const notGit = await node([launcher, 'todos', outside, '--mine']);
        assert.equal(notGit.code, 1);
        assert.match(notGit.err, /is not in a git repository/);
        const badRef = await node([launcher, 'todos', root, '--base', 'nope']);
        assert.equal(badRef.code, 1);
        assert.match(badRef.err, /git knows no commit named "nope"/);
        const plain = await node([launcher, 'todos', outside]);
        assert.equal(plain.code, 0, 'without the flags git is never asked');
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});
