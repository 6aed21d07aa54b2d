// `npm start` (after `npm run build`): opens the demo workspace with the extension loaded.
// With a desktop `code` CLI on PATH it uses an Extension Development Host. Without one (this
// machine, CI boxes) it serves a real VS Code with code-server on 127.0.0.1 and prints the URL;
// Ctrl+C stops it.
//
// The built repo is registered as an installed extension (no packaging, a few seconds); with
// --vsix the packaged VSIX is installed instead, as a user would get it.
//
//   PORT=8080 npm start          port (default 8080; a free one if taken)
//   npm start -- --vsix          install the VSIX (reused when newer than dist/, else packaged)
//   LOCAL_FOCUS_VSIX=path        install this VSIX (implies --vsix)
//   LOCAL_FOCUS_HOME=dir         models and indexes (default ~/.local-focus, shared with the CLI)
//   LOCAL_FOCUS_NO_DESKTOP=1     use code-server even when a desktop `code` CLI is on PATH
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CodeServer, e2ePaths, ensureInstalled, findVsix, freePort, quietUserSettings, repoRoot, serverEnv,
} from '../test/e2e/code-server.mjs';

const demo = path.join(repoRoot, 'demo');
const args = process.argv.slice(2);
const vsixMode = args.includes('--vsix') || Boolean(process.env.LOCAL_FOCUS_VSIX);

function log(message) {
  console.log(`[start] ${message}`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

if (onPath('code') && !process.env.LOCAL_FOCUS_NO_DESKTOP) {
  log('opening the demo workspace in an Extension Development Host (desktop VS Code)');
  const r = spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// --- code-server ------------------------------------------------------------------------------
let tools;
try {
  tools = ensureInstalled({ needBrowser: false, log });
} catch (e) {
  console.error(`[start] ${e.message}`);
  process.exit(1);
}

const built = path.join(repoRoot, 'dist', 'extension.js');
if (!fs.existsSync(built)) {
  console.error('[start] dist/extension.js is missing: run `npm run build` (npm start does it for you)');
  process.exit(1);
}

/** Runs a command; a Ctrl+C meanwhile reaches it too (same process group) and ends us after it. */
function run(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: repoRoot, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

/** The VSIX to install, packaged now when missing or older than the build. */
async function vsixForBuild() {
  if (process.env.LOCAL_FOCUS_VSIX) return path.resolve(process.env.LOCAL_FOCUS_VSIX);
  const existing = findVsix();
  const builtAt = Math.max(fs.statSync(built).mtimeMs, fs.statSync(path.join(repoRoot, 'package.json')).mtimeMs);
  if (existing && fs.statSync(existing).mtimeMs >= builtAt) {
    log(`reusing ${path.relative(repoRoot, existing)} (newer than dist/)`);
    return existing;
  }
  log('packaging the extension (npm run package, about a minute)');
  if (await run('npm', ['run', 'package']) !== 0) {
    console.error('[start] npm run package failed; `npm start` without --vsix needs no packaging');
    process.exit(1);
  }
  return findVsix();
}

const vsix = vsixMode ? await vsixForBuild() : undefined;

// A stable profile under the e2e cache: settings made in the demo survive a restart.
const root = path.join(e2ePaths().dir, 'start');
const dirs = {
  root,
  userData: path.join(root, 'user-data'),
  extensions: path.join(root, 'extensions'),
};
fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
// Reinstalled (or relinked) each start so the build just made is the one that runs.
fs.rmSync(dirs.extensions, { recursive: true, force: true });
fs.mkdirSync(dirs.extensions, { recursive: true });
const userSettings = path.join(dirs.userData, 'User', 'settings.json');
let savedSettings = {};
try {
  savedSettings = JSON.parse(fs.readFileSync(userSettings, 'utf8'));
} catch { /* first start, or a file with comments: keep what the user wrote */ }
if (!fs.existsSync(userSettings) || Object.keys(savedSettings).length) {
  fs.writeFileSync(userSettings, JSON.stringify({ ...quietUserSettings, ...savedSettings }, null, 2));
}

const requested = Number(process.env.PORT) || 8080;
const port = await freePort(requested);
if (port !== requested) log(`port ${requested} is taken; using ${port}`);

const localFocusHome = process.env.LOCAL_FOCUS_HOME || path.join(os.homedir(), '.local-focus');
const server = new CodeServer({
  dirs,
  port,
  env: serverEnv({ root, node24: tools.node24, localFocusHome }),
  logTo: path.join(root, 'code-server.log'),
});

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping code-server');
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  if (vsix) {
    const t = Date.now();
    await server.install(vsix);
    log(`installed ${path.basename(vsix)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } else {
    await server.link(repoRoot);
  }
  await server.start(demo);
  await server.waitHealthy();
} catch (e) {
  console.error(`[start] ${e.message}`);
  await shutdown(1);
}

const url = `${server.url}?folder=${encodeURIComponent(demo)}`;
console.log('');
console.log('  Local Focus demo is running in VS Code (code-server):');
console.log('');
console.log(`    ${url}`);
console.log('');
console.log(`  extension: ${vsix ? path.basename(vsix) : `${repoRoot} (built; run \`npm run build\` and reload the page after a change)`}`);
console.log(`  models and indexes: ${localFocusHome}`);
console.log(`  server log: ${server.o.logTo}`);
console.log('  Press Ctrl+C to stop.');
console.log('');

server.exited.then(() => {
  if (stopping) return;
  console.error(`[start] code-server exited (${JSON.stringify(server.exit)}); see ${server.o.logTo}`);
  void shutdown(1);
});
// Keeps the process alive until a signal or the server's exit ends it.
setInterval(() => {}, 1 << 30);
