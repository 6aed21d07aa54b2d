// `npm test`: the three tiers in order (unit, integration, e2e), each in its own process, then one
// closing line with the totals. A tier that fails to start counts as a failure, never as a skip.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const tiers = [
  { name: 'unit', cmd: npm, args: ['run', '-s', 'test:unit'] },
  { name: 'integration', cmd: npm, args: ['run', '-s', 'test:integration'] },
  { name: 'e2e', cmd: npm, args: ['run', '-s', 'test:e2e'] },
].filter((t) => only.length === 0 || only.includes(t.name));

function run(tier) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    console.log(`\n=== ${tier.name} tests ===`);
    const child = spawn(tier.cmd, tier.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let text = '';
    const onData = (stream) => (d) => {
      text += d.toString();
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => {
      const count = (re) => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
      // mocha's spec reporter and node:test's TAP-style summary.
      const passed = count(/^\s*(\d+) passing/gm) + count(/^# pass (\d+)/gm);
      const failed = count(/^\s*(\d+) failing/gm) + count(/^# fail (\d+)/gm);
      const skipped = count(/^\s*(\d+) pending/gm) + count(/^# skipped (\d+)/gm);
      resolve({ name: tier.name, code, passed, failed: failed || (code === 0 ? 0 : Math.max(1, failed)), skipped, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

const results = [];
for (const tier of tiers) results.push(await run(tier));

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.name.padEnd(12)} ${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds.toFixed(0)} s)`);
}
const sum = (k) => results.reduce((s, r) => s + r[k], 0);
console.log(`tests: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
