// Runs every test/e2e/*.e2e.mjs file, one after another, with node's built-in test runner
// (TAP output, so the closing "# pass N" / "# fail N" lines are printed). Exits non-zero on
// any failure, on a missing VSIX or tool, and when the run outlives its time limit.
//
//   node test/e2e/run.mjs [name-filter ...]
// Environment: LOCAL_FOCUS_VSIX (default: this machine's VSIX from `npm run package`, else the newest
// local-focus-*.vsix at the repo root), LOCAL_FOCUS_E2E_DIR (see scripts/install-e2e.sh),
// LOCAL_FOCUS_E2E_KEEP=1 keeps each run's temp folders, LOCAL_FOCUS_E2E_NETWORK=on keeps the
// network (see below).
//
// The network is cut: the files run in a new network namespace whose only interface is
// loopback (`unshare -n`, test/support/networkCut.cjs), where code-server, chromium, the
// extension host and the worker still reach each other on 127.0.0.1 but nothing else. So a
// passing e2e tier is also the proof that the extension works offline. Where the machine does
// not allow it (no unshare, no permission) the run goes on with the network and says why.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeNetworkCut, wrapWithNetworkCut } from '../support/networkCut.cjs';
import { ensureInstalled, findVsix, repoRoot } from './code-server.mjs';

const perFileLimitMs = 240_000;
const here = path.join(repoRoot, 'test', 'e2e');
const filters = process.argv.slice(2);

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

try {
  ensureInstalled({ log: (line) => console.log(`e2e: ${line}`) });
} catch (e) {
  fail(e.message);
}

const vsix = findVsix();
if (!vsix || !fs.existsSync(vsix)) {
  fail('no VSIX found: run `npm run package` (writes local-focus-<platform>-<arch>-<version>.vsix) or set LOCAL_FOCUS_VSIX');
}

const files = fs.readdirSync(here)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => path.join(here, f));
if (files.length === 0) fail(`no *.e2e.mjs files matched in ${here}`);

// Screenshots and logs of an earlier run would pass for this run's: each file's own go first.
const resultsDir = path.join(repoRoot, 'test-results');
if (fs.existsSync(resultsDir)) {
  const prefixes = files.map((f) => `${path.basename(f, '.e2e.mjs')}-`);
  for (const entry of fs.readdirSync(resultsDir)) {
    if (prefixes.some((p) => entry.startsWith(p))) fs.rmSync(path.join(resultsDir, entry), { recursive: true, force: true });
  }
}

const pidsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-pids-'));
console.log(`e2e: ${files.length} file(s), VSIX ${path.relative(repoRoot, vsix) || vsix}`);
const started = Date.now();

const testArgs = ['--test', '--test-reporter=tap', '--test-concurrency=1', `--test-timeout=${perFileLimitMs}`, ...files];
let argv = [process.execPath, ...testArgs];
let networkCut = '';
if (process.env.LOCAL_FOCUS_E2E_NETWORK === 'on') {
  console.log('network: NOT cut: LOCAL_FOCUS_E2E_NETWORK=on');
} else {
  const cut = probeNetworkCut();
  if (cut.ok) {
    // unshare and sh exec the command: the child's PID stays node's, and its process group
    // (killed below on a timeout) still holds every server it starts.
    argv = wrapWithNetworkCut(process.execPath, testArgs);
    networkCut = cut.how;
    console.log(`network: cut (${cut.how})`);
  } else {
    console.log(`network: NOT cut: ${cut.reason}`);
  }
}

const child = spawn(argv[0], argv.slice(1), {
  cwd: repoRoot,
  stdio: 'inherit',
  detached: true,
  // LOCAL_FOCUS_E2E_NETWORK_CUT tells the files whether they run offline (offline.e2e.mjs checks it).
  env: { ...process.env, LOCAL_FOCUS_VSIX: vsix, LOCAL_FOCUS_E2E_PIDS: pidsDir, LOCAL_FOCUS_E2E_NETWORK_CUT: networkCut },
});

// The run must end by itself even if a test hangs in a way node:test's timeout cannot interrupt.
const limitMs = files.length * perFileLimitMs + 60_000;
let timedOut = false;
const limit = setTimeout(() => {
  timedOut = true;
  console.error(`e2e: run exceeded ${limitMs / 1000} s, killing it`);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
}, limitMs);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    try { process.kill(-child.pid, sig); } catch { /* gone */ }
  });
}

child.on('exit', (code, signal) => {
  clearTimeout(limit);
  // A test process killed hard cannot run its exit handler; kill the servers it recorded.
  for (const pid of fs.readdirSync(pidsDir)) {
    console.error(`e2e: killing leftover code-server ${pid}`);
    try { process.kill(-Number(pid), 'SIGKILL'); } catch { /* gone */ }
    try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
  }
  fs.rmSync(pidsDir, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = code === 0 && !timedOut;
  console.log(`e2e: ${ok ? 'passed' : 'FAILED'} in ${seconds} s${signal ? ` (signal ${signal})` : ''}, network ${networkCut ? `cut (${networkCut})` : 'NOT cut'}`);
  process.exit(ok ? 0 : (code || 1));
});
