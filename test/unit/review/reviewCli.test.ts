import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

const CHECKOUT = fs.readFileSync(path.resolve(__dirname, '../../../demo/src/checkout.ts'), 'utf8');
const CLEAN = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

describe('local-focus review', function () {
  this.timeout(20_000);
  let home: string;
  let dir: string;
  const env = () => ({ LOCAL_FOCUS_HOME: home, PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', HOME: home });

  async function cli(args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: env(), cwd: dir });
    return { code, out, err };
  }

  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, env: env(), stdio: 'pipe' });

  beforeEach(function () {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-cli-home-'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-cli-'));
  });

  it('exits 1 when a finding is an error and prints a header naming the tier, then file:line findings', async function () {
    fs.writeFileSync(path.join(dir, 'checkout.ts'), CHECKOUT);
    const r = await cli(['review', 'checkout.ts', '--tier', 'heuristics']);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[0], /^Review of checkout\.ts · Degraded \(heuristics\) · 1 error, 2 warnings, 1 info · \d+ ms$/);
    assert.ok(lines.includes('checkout.ts:14: error   [bug] Comparison with NaN is always false: NaN is not equal to anything, itself included. Test with the language\'s isnan function. (nan-comparison)'), r.out);
    assert.ok(lines.some((l) => l.startsWith('checkout.ts:27-28: warning [bug] Empty catch block')), r.out);
  });

  it('exits 0 for a file without error findings; --json gives each file\'s result and the counts', async function () {
    fs.writeFileSync(path.join(dir, 'add.ts'), CLEAN);
    fs.writeFileSync(path.join(dir, 'checkout.ts'), CHECKOUT);
    const clean = await cli(['review', 'add.ts']);
    assert.equal(clean.code, 0, clean.err);
    assert.match(clean.out, /no cloud API key is set; review model not found/, 'the header says why no model reviewed');
    const r = await cli(['review', '--json', 'add.ts', 'checkout.ts']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.files.map((f: { path: string; tier: string }) => [f.path, f.tier]), [['add.ts', 'degraded'], ['checkout.ts', 'degraded']]);
    assert.deepEqual(j.counts, { error: 1, warning: 2, info: 1 });
    assert.equal(j.files[1].findings[0].rule, 'nan-comparison');
  });

  it('--diff reviews only the lines changed since HEAD, staged and unstaged, and new files whole', async function () {
    git('init', '-q');
    const clean = CHECKOUT.replace('  if (total == NaN) {', '  if (Number.isNaN(total)) {').replace('  debugger;\n', '');
    fs.writeFileSync(path.join(dir, 'checkout.ts'), clean);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // Staged: the debugger line comes back; unstaged on top: the NaN comparison.
    fs.writeFileSync(path.join(dir, 'checkout.ts'), clean.replace("  console.log('checkout', req.headers);\n", "  console.log('checkout', req.headers);\n  debugger;\n"));
    git('add', 'checkout.ts');
    fs.writeFileSync(path.join(dir, 'checkout.ts'), CHECKOUT);
    fs.writeFileSync(path.join(dir, 'new.js'), 'function f() {\n  debugger;\n}\n');

    const r = await cli(['review', '--json', '--diff', 'checkout.ts', 'new.js']);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.files[0].findings.map((f: { rule: string }) => f.rule), ['nan-comparison', 'debugger'], 'console.log and the empty catch are unchanged');
    assert.equal(j.files[0].path, 'checkout.ts');
    assert.deepEqual(j.files[1].findings.map((f: { line: number }) => f.line), [2], 'an untracked file is new in every line');
    assert.equal(r.code, 1);

    const staged = JSON.parse((await cli(['review', '--json', '--staged', 'checkout.ts'])).out);
    assert.deepEqual(staged.files[0].findings.map((f: { rule: string }) => f.rule), ['debugger'], 'the index holds only the debugger change');
  });

  it('uses exit code 2 for bad usage and 1 when --diff is outside git', async function () {
    fs.writeFileSync(path.join(dir, 'add.ts'), CLEAN);
    assert.equal((await cli(['review'])).code, 2);
    assert.equal((await cli(['review', 'missing.ts'])).code, 2);
    assert.equal((await cli(['review', 'add.ts', '--tier', 'sometimes'])).code, 2);
    const outside = await cli(['review', '--diff', 'add.ts']);
    assert.equal(outside.code, 1);
    assert.match(outside.err, /needs a git repository/);
  });
});
