// `local-focus tasks next` through the launcher and the built CLI (dist/cli.js) on a real git
// repository: the task file's open tasks ranked by due date, priority, the branch's changed files
// and age, with their reasons; a snooze recorded in the Local Focus home hides one until it ends.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { folderKey } from '../../src/core/paths';
import { branchChangedFiles } from '../../src/core/tasks/next/branchChangedFiles';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const fullBundle = path.join(repo, 'dist', 'cli.js');
const NOW = '2026-03-10T09:00:00Z';
/** The machine's own git configuration stays out: no global or system file, a fixed identity. */
const GIT_ENV: Record<string, string> = { GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'me', GIT_AUTHOR_EMAIL: 'me@example.org', GIT_COMMITTER_NAME: 'me', GIT_COMMITTER_EMAIL: 'me@example.org' };

interface NextJson {
  branch: { base?: string; changedFiles?: string[]; skipped?: string };
  hidden: number;
  suggestions: { task: { id: string; title: string }; score: number; reasons: { factor: string; text: string }[] }[];
}

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, stdio: 'pipe' });
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function cli(args: string[], home: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [launcher, ...args], { cwd: repo, env: { ...process.env, ...GIT_ENV, LOCAL_FOCUS_HOME: home }, timeout: 60_000 }, (err, out, errText) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
    );
  });
}

async function next(root: string, home: string, ...extra: string[]): Promise<NextJson> {
  const r = await cli(['tasks', 'next', '--json', '--now', NOW, '--tz', 'UTC', '--path', root, ...extra], home);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as NextJson;
}

const titles = (n: NextJson) => n.suggestions.map((s) => s.task.title);

/** A task line as Local Focus writes it, with a source link when `file` is given. */
function taskLine(id: string, title: string, meta: string, created: string, file?: string): string {
  const items = [meta, file ? `[${file}#L1](${file}#L1)` : ''].filter(Boolean).join(' · ');
  return `- [ ] ${title}${items ? ` — ${items}` : ''} <!-- lf:id=${id} tier=degraded created=${created} -->`;
}

/**
 * main: src/login.ts and src/billing.ts, each with a TODO. Branch `feat`: login.ts changed and
 * committed. TASKS.md holds a task per factor and a done task that must never be suggested.
 */
function makeWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-next-'));
  git(root, ['init', '-q', '-b', 'main']);
  write(root, 'src/login.ts', '// TODO fix the login redirect\nexport const a = 1;\n');
  write(root, 'src/billing.ts', '// TODO round the totals\nexport const b = 1;\n');
  git(root, ['add', '.']);
  git(root, ['commit', '-q', '-m', 'start']);
  git(root, ['checkout', '-q', '-b', 'feat']);
  write(root, 'src/login.ts', '// TODO fix the login redirect\nexport const a = 2;\n');
  git(root, ['commit', '-q', '-am', 'work on login']);
  write(root, 'TASKS.md', [
    '# Tasks',
    '',
    taskLine('billing1', 'Round the totals', '', '2026-03-09T08:00:00.000Z', 'src/billing.ts'),
    taskLine('login001', 'Fix the login redirect', '', '2026-03-09T08:00:00.000Z', 'src/login.ts'),
    taskLine('invoice1', 'Pay the invoice', 'due 2026-03-10', '2026-03-09T08:00:00.000Z'),
    taskLine('late0001', 'Renew the certificate', 'due 2026-03-07', '2026-03-09T08:00:00.000Z'),
    taskLine('offsite1', 'Plan the offsite', '!high', '2026-03-09T08:00:00.000Z'),
    taskLine('old00001', 'Tidy the wiki', '', '2026-02-01T08:00:00.000Z'),
    '- [x] Ship the exporter — due 2026-03-01 · !high <!-- lf:id=done0001 tier=degraded created=2026-02-01T08:00:00.000Z -->',
    '',
  ].join('\n'));
  return root;
}

describe('local-focus tasks next', function () {
  let root: string;
  let home: string;

  before(() => {
    assertBuilt(fullBundle);
    root = makeWorkspace();
  });
  beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-next-home-'))));
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('ranks the open tasks by due date, priority, the branch\'s files and age, each with its reasons', async function () {
    const n = await next(root, home, '--count', '10');
    assert.equal(n.branch.base, 'main');
    assert.deepEqual(n.branch.changedFiles, ['TASKS.md', 'src/login.ts']);
    assert.deepEqual(titles(n), ['Renew the certificate', 'Pay the invoice', 'Plan the offsite', 'Fix the login redirect', 'Tidy the wiki', 'Round the totals']);
    const reasons = Object.fromEntries(n.suggestions.map((s) => [s.task.id, s.reasons.map((r) => r.text)]));
    assert.deepEqual(reasons.late0001, ['overdue by 3 days', 'waiting 1 day']);
    assert.deepEqual(reasons.invoice1, ['due today', 'waiting 1 day']);
    assert.deepEqual(reasons.offsite1, ['high priority', 'waiting 1 day']);
    assert.deepEqual(reasons.login001, ['file changed on this branch', 'waiting 1 day']);
    assert.deepEqual(reasons.old00001, ['waiting 37 days']);
    assert.deepEqual(reasons.billing1, ['waiting 1 day']);
  });

  it('shows the first three by default, as text with their reasons', async function () {
    const r = await cli(['tasks', 'next', '--now', NOW, '--tz', 'UTC', '--path', root], home);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^1\. Renew the certificate — overdue by 3 days · waiting 1 day {2}\{late0001\}\n2\. Pay the invoice — due today · waiting 1 day {2}\{invoice1\}\n3\. Plan the offsite — high priority · waiting 1 day {2}\{offsite1\}\n\(3 of 6 open tasks in .*TASKS\.md\)\n\(ranked by Degraded \(rules\)\)\n\(why not a better tier: [^\n]*\)\n$/);
  });

  it('leaves out a snoozed task until its snooze ends, unless --all', async function () {
    const until = '2026-03-10T11:00:00.000Z';
    write(home, 'next-hidden.json', JSON.stringify({ version: 1, hidden: [{ folder: folderKey(root), taskId: 'invoice1', kind: 'snooze', until }] }));
    const hidden = await next(root, home);
    assert.deepEqual(titles(hidden), ['Renew the certificate', 'Plan the offsite', 'Fix the login redirect']);
    assert.equal(hidden.hidden, 1);
    assert.ok(titles(await next(root, home, '--all')).includes('Pay the invoice'));
    const later = await cli(['tasks', 'next', '--json', '--now', until, '--tz', 'UTC', '--path', root], home);
    assert.ok(titles(JSON.parse(later.out) as NextJson).includes('Pay the invoice'), 'the snooze is over');
  });

  it('outside a repository, ranks without the branch and says why', async function () {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-next-plain-'));
    try {
      fs.copyFileSync(path.join(root, 'TASKS.md'), path.join(plain, 'TASKS.md'));
      const n = await next(plain, home, '--count', '10');
      assert.match(n.branch.skipped ?? '', /not in a git repository/);
      assert.ok(!n.suggestions.some((s) => s.reasons.some((r) => r.factor === 'branch')));
      assert.equal(titles(n).indexOf('Fix the login redirect') > titles(n).indexOf('Tidy the wiki'), true);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('refuses bad usage with exit code 2 and an unknown --base with 1', async function () {
    for (const extra of [['--count', '0'], ['--count', 'many'], ['--now', 'someday'], ['--tz', 'Mars/Olympus'], ['extra']]) {
      const r = await cli(['tasks', 'next', '--path', root, ...extra], home);
      assert.equal(r.code, 2, `${extra.join(' ')} → ${r.code}: ${r.err}`);
    }
    const base = await cli(['tasks', 'next', '--path', root, '--base', 'no-such-branch'], home);
    assert.equal(base.code, 1);
    assert.match(base.err, /no commit named "no-such-branch"/);
  });
});

describe('the branch\'s changed files, for a workspace folder inside a repository', function () {
  let top: string;

  before(() => {
    // main: app/a.ts, app/b.ts, lib/c.ts. Branch feat: a.ts committed, c.ts changed in the working
    // tree, b.ts renamed, an untracked app/new.ts and an ignored app/build.log.
    top = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-branch-files-'));
    git(top, ['init', '-q', '-b', 'main']);
    for (const rel of ['app/a.ts', 'app/b.ts', 'lib/c.ts']) write(top, rel, `// ${rel}\n`);
    write(top, '.gitignore', '*.log\n');
    git(top, ['add', '.']);
    git(top, ['commit', '-q', '-m', 'start']);
    git(top, ['checkout', '-q', '-b', 'feat']);
    write(top, 'app/a.ts', '// changed\n');
    git(top, ['mv', 'app/b.ts', 'app/b2.ts']);
    git(top, ['commit', '-q', '-am', 'work']);
    write(top, 'lib/c.ts', '// changed, not committed\n');
    write(top, 'app/new.ts', '// new\n');
    write(top, 'app/build.log', 'ignored\n');
  });
  after(() => fs.rmSync(top, { recursive: true, force: true }));

  it('gives the folder\'s files relative to it, committed, renamed, edited and untracked, and nothing outside it', async function () {
    const app = await branchChangedFiles(path.join(top, 'app'), { howToChooseBase: 'x' });
    assert.equal(app.base, 'main');
    assert.deepEqual([...app.files].sort(), ['a.ts', 'b2.ts', 'new.ts']);
    const whole = await branchChangedFiles(top, { howToChooseBase: 'x' });
    assert.deepEqual([...whole.files].sort(), ['app/a.ts', 'app/b2.ts', 'app/new.ts', 'lib/c.ts']);
  });

  it('finds the same files through a symbolic link to the folder', async function () {
    const link = path.join(os.tmpdir(), `lf-branch-link-${process.pid}`);
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.join(top, 'app'), link);
    try {
      assert.deepEqual([...(await branchChangedFiles(link, { howToChooseBase: 'x' })).files].sort(), ['a.ts', 'b2.ts', 'new.ts']);
    } finally {
      fs.rmSync(link, { force: true });
    }
  });
});
