// Checks README's `npm start` as a user runs it: starts it, waits for the URL it prints, asks the
// editor it serves for its health and its workbench page, then stops it with Ctrl+C's signal and
// checks that it ends. Used by .ci/run; prints the start's output when anything fails.
//   LOCAL_FOCUS_START_LIMIT_S  seconds to wait for the URL (default 600: a first start installs code-server)
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const limitMs = Number(process.env.LOCAL_FOCUS_START_LIMIT_S || 600) * 1000;
let output = '';

// Its own process group (detached), so one signal reaches npm, scripts/start.mjs and code-server.
const child = spawn('npm', ['start'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: process.env.PORT || '8089' } });
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
let ended = false;
void exited.then(() => (ended = true));

function fail(message) {
  console.log(output);
  console.error(`check-start: ${message}`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch { /* already gone */ }
  process.exit(1);
}

const deadline = Date.now() + limitMs;
let url;
while (!url) {
  url = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output)?.[0];
  if (url) break;
  if (ended) fail('npm start exited before printing the editor\'s URL');
  if (Date.now() > deadline) fail(`no URL from npm start within ${limitMs / 1000} s`);
  await sleep(1000);
}

const base = new URL(url).origin;
const health = await fetch(`${base}/healthz`).catch((e) => ({ ok: false, statusText: e.message }));
if (!health.ok) fail(`${base}/healthz did not answer (${health.statusText})`);
const page = await fetch(url).then((r) => r.text()).catch(() => '');
if (!page.includes('workbench')) fail(`${url} served no workbench page`);
console.log(`check-start: npm start serves VS Code with the demo workspace at ${url}`);

process.kill(-child.pid, 'SIGINT');
const result = await Promise.race([exited, sleep(30_000, 'still running')]);
if (result === 'still running') fail('npm start still running 30 s after Ctrl+C');
console.log('check-start: stopped cleanly after Ctrl+C');
