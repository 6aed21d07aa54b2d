// A project's review files end to end without the editor: the built CLI through its launcher in a
// git repository with .localfocus/ (settings, a baseline written and honoured as a pre-commit hook
// would run it, SARIF valid against the official schema), and the real worker process applying
// the settings and carrying project rules to the local model (stories260K).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../src/core/errors';
import { isReviewFindingsPartial } from '../../src/core/reviewProtocol';
import { assertBuilt, startRealWorker, type RealWorker } from '../support/realWorker';
import { sarifValidator } from '../support/sarifValidator';
import { repoRoot as repo, sharedModel, sharedModelsDir, STORIES_260K } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const checkout = fs.readFileSync(path.join(repo, 'demo', 'src', 'checkout.ts'), 'utf8');

describe('review with project files: the built CLI', function () {
  this.timeout(120_000);
  let project: string;
  let home: string;

  const env = () => ({ PATH: process.env.PATH, HOME: home, LOCAL_FOCUS_HOME: home, GIT_CONFIG_NOSYSTEM: '1' });
  const cli = (args: string[], cwd = project): Promise<{ code: number; out: string; err: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [launcher, 'review', '--tier', 'heuristics', ...args], { cwd, env: env(), timeout: 60_000, maxBuffer: 1 << 24 }, (err, out, errText) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
      );
    });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: project, env: env(), stdio: 'pipe' });
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    fs.writeFileSync(path.join(project, name), text);
  };

  before(function () {
    assertBuilt(path.join(repo, 'dist', 'cli.js'));
  });
  beforeEach(function () {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-int-home-'));
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-int-'));
    git('init', '-q');
    write('src/checkout.ts', checkout);
    write('.localfocus/review.json', JSON.stringify({ checks: { 'console-log': 'off' } }, null, 2));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });
  afterEach(function () {
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('a committed baseline lets a review pass on old findings, and a pre-commit review stop on a changed one', async function () {
    const recorded = await cli(['src/checkout.ts', '--write-baseline']);
    assert.equal(recorded.code, 0, recorded.err);
    assert.match(recorded.out, /Recorded 3 findings of 1 file/, 'console-log is off in review.json, so it is not recorded');
    git('add', '.');
    git('commit', '-q', '-m', 'baseline');

    // An edit that moves every finding down and adds a debugger statement to another function:
    // the whole file, as a CI job reviews it, reports only the new warning.
    write('src/checkout.ts', '// Prices in cents.\n' + checkout.replace(/^(export function cartTotal[^\n]*\n)/m, '$1  debugger;\n'));
    const whole = await cli(['src/checkout.ts']);
    assert.equal(whole.code, 0, `only a warning is new: ${whole.out}`);
    assert.match(whole.out, /0 errors, 1 warning, 0 info · \d+ ms · 3 dismissed in the baseline/);
    assert.deepEqual(whole.out.split('\n').filter((l) => l.startsWith('src/checkout.ts:')).map((l) => l.split(' ')[0]), ['src/checkout.ts:11:']);

    // The NaN comparison's line changes: the dismissed error is new again, and the hook stops the commit.
    write('src/checkout.ts', checkout.replace('total == NaN', 'total == NaN /* still */'));
    git('add', 'src/checkout.ts');
    const stopped = await cli(['--staged', 'src/checkout.ts']);
    assert.equal(stopped.code, 1);
    assert.match(stopped.out, /src\/checkout\.ts:14: error/);
  });

  it('reviews a Go file under its module\'s go.mod version: the loop-variable check runs before Go 1.22 only', async function () {
    write('svc/worker.go', 'package svc\n\nfunc Start(jobs []string) {\n\tfor _, job := range jobs {\n\t\tgo func() {\n\t\t\trun(job)\n\t\t}()\n\t}\n}\n');
    write('svc/go.mod', 'module example.com/svc\n\ngo 1.21\n');
    const old = await cli(['svc/worker.go', '--format', 'json', '--no-baseline']);
    assert.deepEqual(JSON.parse(old.out).files[0].findings.map((f: { rule?: string; line: number }) => `${f.rule}:${f.line}`), ['loop-variable-capture:5'], old.err);
    write('svc/go.mod', 'module example.com/svc\n\ngo 1.22\n');
    const current = await cli(['svc/worker.go', '--format', 'json', '--no-baseline']);
    assert.deepEqual(JSON.parse(current.out).files[0].findings, [], current.err);
  });

  it('--format sarif from a subfolder names files from the project folder and is valid SARIF 2.1.0', async function () {
    await cli(['src/checkout.ts', '--write-baseline', '--check', 'debugger=off']);
    const r = await cli(['checkout.ts', '--format', 'sarif', '--include-dismissed'], path.join(project, 'src'));
    assert.equal(r.code, 0, 'the only new finding, the debugger, is a warning');
    const log = JSON.parse(r.out);
    assert.deepEqual(sarifValidator()(log), []);
    const results = log.runs[0].results as { ruleId: string; baselineState: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    assert.deepEqual(results.map((x) => `${x.ruleId}:${x.baselineState}`), ['nan-comparison:unchanged', 'debugger:new', 'empty-catch:unchanged']);
    assert.ok(results.every((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'src/checkout.ts'));
  });
});

describe('review with project files: the real worker (stories260K)', function () {
  let worker: RealWorker;

  before(async function () {
    sharedModel(STORIES_260K);
    worker = await startRealWorker({ config: { mode: 'localOnly', models: { codeReview: path.join(sharedModelsDir, STORIES_260K) } } });
  });
  after(async function () {
    await worker?.stop();
  });

  it('applies the settings to the streamed parts and the result; a review with project rules runs on the local model', async function () {
    this.timeout(120_000);
    const text = 'function add(a, b) {\n  if (a = b) return NaN;\n  return a + b;\n}\n';
    const result = await worker.client.request('review/run', {
      requestId: 'rules',
      path: 'add.js',
      text,
      tier: 'local',
      maxFindingsPerChunk: 3,
      answerTokens: 128,
      projectRules: 'Report only errors. Money is integer cents.',
      settings: { minSeverity: 'error' },
    });
    assert.equal(result.tier, 'local', result.fallbackReason);
    assert.ok(result.findings.every((f) => f.severity === 'error'), JSON.stringify(result.findings));
    const partials = worker.progress.filter((p) => p.requestId === 'rules').map((p) => p.partial).filter(isReviewFindingsPartial);
    assert.equal(partials.length, 1);
    assert.ok(partials[0].findings.every((f) => f.severity === 'error'));

    const heuristics = await worker.client.request('review/run', { requestId: 'h', path: 'checkout.ts', text: checkout, tier: 'degraded', settings: { checks: { 'nan-comparison': { severity: 'info' }, debugger: { enabled: false } } } });
    assert.deepEqual(heuristics.findings.map((f) => `${f.rule}:${f.severity}`), ['nan-comparison:info', 'console-log:info', 'empty-catch:warning']);
  });

  it('refuses project rules over the limit and settings it does not know with bad-input across the process boundary', async function () {
    for (const params of [{ projectRules: 'x'.repeat(4001) }, { settings: { minSeverity: 'loud' } }]) {
      await assert.rejects(
        worker.client.request('review/run', { requestId: 'bad', path: 'a.js', text: 'debugger;\n', tier: 'degraded', ...(params as object) }),
        (err: LocalFocusError) => err.code === 'bad-input' && /at most 4,000|not a severity/.test(err.message),
      );
    }
  });
});
