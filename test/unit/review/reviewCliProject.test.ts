// `local-focus review` with a project's .localfocus/ files: settings with flags over them, the
// baseline written and honoured, SARIF. In process, on the heuristics tier.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { sarifValidator } from '../../support/sarifValidator';

const CHECKOUT = fs.readFileSync(path.resolve(__dirname, '../../../demo/src/checkout.ts'), 'utf8');

describe('local-focus review in a project', function () {
  this.timeout(20_000);
  let home: string;
  let root: string;

  async function cli(args: string[], cwd = root) {
    let out = '';
    let err = '';
    const env = { LOCAL_FOCUS_HOME: home, PATH: process.env.PATH, HOME: home };
    const code = await runCli(['review', '--tier', 'heuristics', ...args], { out: (t) => (out += t), err: (t) => (err += t), env, cwd });
    return { code, out, err };
  }
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  };
  const rules = async (args: string[]) => JSON.parse((await cli(['--json', ...args])).out).files[0].findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`);

  beforeEach(function () {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-project-home-'));
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-project-'));
    write('src/checkout.ts', CHECKOUT);
  });
  afterEach(function () {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('takes review.json\'s settings, and the flags over them', async function () {
    assert.deepEqual(await rules(['src/checkout.ts']), ['nan-comparison:error', 'console-log:info', 'debugger:warning', 'empty-catch:warning']);
    write('.localfocus/review.json', JSON.stringify({ minSeverity: 'warning', checks: { debugger: 'off', 'console-log': 'warning' } }));
    assert.deepEqual(await rules(['src/checkout.ts']), ['nan-comparison:error', 'console-log:warning', 'empty-catch:warning']);
    assert.deepEqual(await rules(['src/checkout.ts', '--check', 'debugger=on,nan-comparison=off', '--min-severity', 'info']), ['console-log:warning', 'debugger:warning', 'empty-catch:warning']);
    // From a subfolder the project folder is still the one holding .localfocus/.
    assert.deepEqual(JSON.parse((await cli(['--json', 'checkout.ts'], path.join(root, 'src'))).out).files[0].findings.length, 3);
  });

  it('reports at info in test files what tests do on purpose, judged by the path inside the project', async function () {
    write('test/checkout.test.ts', CHECKOUT);
    assert.deepEqual(await rules(['test/checkout.test.ts']), ['nan-comparison:error', 'console-log:info', 'debugger:info', 'empty-catch:info']);
    // A project that itself lies in a folder named tests is not all test code.
    const project = path.join(root, 'tests', 'app');
    fs.mkdirSync(path.join(project, '.localfocus'), { recursive: true });
    fs.writeFileSync(path.join(project, '.localfocus', 'review.json'), '{}');
    fs.cpSync(path.join(root, 'src'), path.join(project, 'src'), { recursive: true });
    const findings = JSON.parse((await cli(['--json', path.join(project, 'src', 'checkout.ts')], project)).out).files[0].findings;
    assert.deepEqual(findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`), ['nan-comparison:error', 'console-log:info', 'debugger:warning', 'empty-catch:warning']);
  });

  it('says what is wrong in review.json (exit 1) and in a flag (exit 2)', async function () {
    write('.localfocus/review.json', '{"checks": {"debuger": "off"}}');
    const file = await cli(['src/checkout.ts']);
    assert.equal(file.code, 1);
    assert.match(file.err, /\.localfocus\/review\.json has a mistake:\n- checks\.debuger: there is no such check; the checks are .*debugger/);
    fs.rmSync(path.join(root, '.localfocus'), { recursive: true });
    const flag = await cli(['src/checkout.ts', '--check', 'debugger=loud']);
    assert.equal(flag.code, 2);
    assert.match(flag.err, /--check has a mistake: checks\.debugger: "loud" is not a check setting/);
    assert.equal((await cli(['src/checkout.ts', '--check', 'debugger'])).code, 2);
    assert.equal((await cli(['src/checkout.ts', '--format', 'xml'])).code, 2);
    assert.equal((await cli(['src/checkout.ts', '--write-baseline', '--diff'])).code, 2);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-elsewhere-'));
    fs.writeFileSync(path.join(elsewhere, 'a.js'), 'debugger;\n');
    fs.mkdirSync(path.join(root, '.localfocus'));
    const outside = await cli([path.join(elsewhere, 'a.js'), '--write-baseline']);
    fs.rmSync(elsewhere, { recursive: true, force: true });
    assert.equal(outside.code, 2);
    assert.match(outside.err, /a\.js is outside the project folder .*--write-baseline takes only files inside it/);
    assert.ok(!fs.existsSync(path.join(root, '.localfocus', 'review-baseline.json')), 'nothing was written');
  });

  it('--write-baseline records every finding; later reviews report only new ones, through edits and line moves', async function () {
    const recorded = await cli(['src/checkout.ts', '--write-baseline']);
    assert.equal(recorded.code, 0, recorded.err);
    assert.match(recorded.out, /Recorded 4 findings of 1 file in \.localfocus\/review-baseline\.json/);
    const baseline = JSON.parse(fs.readFileSync(path.join(root, '.localfocus/review-baseline.json'), 'utf8'));
    assert.deepEqual(baseline.findings.map((e: { path: string; rule: string }) => `${e.path} ${e.rule}`).sort(), [
      'src/checkout.ts console-log',
      'src/checkout.ts debugger',
      'src/checkout.ts empty-catch',
      'src/checkout.ts nan-comparison',
    ]);
    assert.ok(!fs.readFileSync(path.join(root, '.localfocus/review-baseline.json'), 'utf8').includes(root), 'no absolute path');

    const clean = await cli(['src/checkout.ts']);
    assert.equal(clean.code, 0, 'the NaN error is dismissed');
    assert.match(clean.out, /0 errors, 0 warnings, 0 info · \d+ ms · 4 dismissed in the baseline/);

    // Lines added above, and a second debugger statement in the same function: only the copy is new.
    write('src/checkout.ts', '// moved down\n\n' + CHECKOUT.replace('  debugger;\n', '  debugger;\n  debugger;\n'));
    const moved = JSON.parse((await cli(['--json', 'src/checkout.ts'])).out).files[0];
    assert.deepEqual(moved.findings.map((f: { rule: string; line: number }) => `${f.rule}:${f.line}`), ['debugger:25']);
    assert.equal(moved.dismissed.length, 4);

    // The NaN line changes: it comes back, and the exit code says so.
    write('src/checkout.ts', CHECKOUT.replace('if (total == NaN) {', 'if (total === NaN) {'));
    const changed = await cli(['src/checkout.ts']);
    assert.equal(changed.code, 1);
    assert.match(changed.out, /checkout\.ts:14: error/);
    assert.equal((await cli(['src/checkout.ts', '--no-baseline'])).out.split('\n').filter((l) => l.startsWith('src/checkout.ts:')).length, 4);
  });

  it('refuses a broken baseline without touching it', async function () {
    write('.localfocus/review-baseline.json', '{"version": 1, "findings": [\n<<<<<<< HEAD\n');
    for (const args of [['src/checkout.ts'], ['src/checkout.ts', '--write-baseline']]) {
      const r = await cli(args);
      assert.equal(r.code, 1);
      assert.match(r.err, /review-baseline\.json is not valid JSON at line 2, column 1: .*git checkout/);
    }
    assert.equal(fs.readFileSync(path.join(root, '.localfocus/review-baseline.json'), 'utf8'), '{"version": 1, "findings": [\n<<<<<<< HEAD\n');
  });

  it('--format sarif is valid SARIF 2.1.0 with project paths; --include-dismissed adds the baseline\'s as suppressed', async function () {
    await cli(['src/checkout.ts', '--write-baseline', '--check', 'nan-comparison=off']);
    const r = await cli(['src/checkout.ts', '--format', 'sarif']);
    assert.equal(r.code, 1, 'the NaN error was not recorded, so it is new');
    const log = JSON.parse(r.out);
    assert.deepEqual(sarifValidator()(log), []);
    assert.deepEqual(log.runs[0].results.map((x: { ruleId: string; baselineState: string }) => `${x.ruleId}:${x.baselineState}`), ['nan-comparison:new']);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'src/checkout.ts');
    const all = JSON.parse((await cli(['src/checkout.ts', '--format', 'sarif', '--include-dismissed'])).out);
    assert.deepEqual(sarifValidator()(all), []);
    assert.deepEqual(all.runs[0].results.map((x: { baselineState: string; suppressions?: unknown[] }) => `${x.baselineState}:${x.suppressions?.length ?? 0}`), [
      'new:0',
      'unchanged:1',
      'unchanged:1',
      'unchanged:1',
    ]);
  });

  it('warns about project rules over the limit and reviews without them', async function () {
    write('.localfocus/review.md', 'Flag floats for money.\n'.repeat(300));
    const r = await cli(['src/checkout.ts']);
    assert.equal(r.code, 1);
    assert.match(r.err, /review\.md has 6,899 characters; project rules may have at most 4,000.*This review runs without the project rules\./s);
    assert.match(r.out, /^Review of src\/checkout\.ts/);
  });
});
