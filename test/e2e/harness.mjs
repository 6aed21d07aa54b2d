// Drives a real VS Code workbench (code-server on loopback) with Debian's chromium through
// playwright-core. One VSCodeSession per test file: a fresh profile, HOME, TMPDIR and
// LOCAL_FOCUS_HOME each time, so nothing leaks between runs or into the user's real data.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { chromium } from 'playwright-core';
import {
  assertInstalled, CodeServer, findVsix, freePort, killGroup, quietUserSettings, repoRoot, serverEnv, sleep,
} from './code-server.mjs';

export { assertInstalled, e2ePaths, findVsix, quietUserSettings, repoRoot } from './code-server.mjs';
export const resultsDir = path.join(repoRoot, 'test-results');

/**
 * The frame every e2e file shares, called inside its describe(): a workbench started before the
 * steps (with the VSIX, or with the built repo when LOCAL_FOCUS_E2E_LINK is set: `1` for this
 * checkout, or a path) and stopped after them, its logs kept when a step failed; and `step`, a
 * test that keeps a screenshot of what the user saw when it fails.
 * @param {string} name
 * @param {() => Promise<object> | object} [options] more startVSCode options, computed in the before hook
 */
export function e2eSuite(name, options = () => ({})) {
  const suite = {
    /** @type {VSCodeSession | undefined} */
    vscode: undefined,
    failed: false,
    /** @param {string} stepName @param {() => Promise<void>} fn */
    step: (stepName, fn) => it(stepName, async () => {
      try {
        await fn();
      } catch (e) {
        suite.failed = true;
        await suite.vscode?.screenshot(`${name}-FAILED-${stepName.replace(/\W+/g, '-')}`).catch(() => {});
        throw e;
      }
    }),
  };
  before(async () => {
    const link = process.env.LOCAL_FOCUS_E2E_LINK;
    const extension = link ? { linkExtension: link === '1' ? repoRoot : link } : { vsix: findVsix() };
    suite.vscode = await startVSCode({ name, ...extension, ...(await options()) });
    console.log(`code-server timings: ${JSON.stringify(suite.vscode.timings)}`);
  }, { timeout: 120_000 });
  after(async () => {
    await suite.vscode?.stop({ keepLogs: suite.failed });
  });
  return suite;
}

const liveSessions = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    for (const s of liveSessions) if (s.server.process) killGroup(s.server.process.pid, 'SIGKILL');
    process.exit(130);
  });
}

/**
 * Starts code-server and a browser on a workspace.
 * @param {object} o
 * @param {string} [o.vsix] extension package to install (--install-extension)
 * @param {string} [o.extensionDevelopmentPath] load an unpacked extension instead (development
 *   mode: notification toasts are hidden there, read them with readNotifications())
 * @param {string} [o.linkExtension] register an unpacked, built extension folder as installed
 *   (no VSIX; for quick runs while developing, e.g. the repo root after `npm run build`)
 * @param {string} [o.workspace] folder to open; copied to a temp folder unless copyWorkspace is false
 * @param {boolean} [o.copyWorkspace=true]
 * @param {object} [o.userSettings] merged over quietUserSettings into User/settings.json
 * @param {boolean} [o.keepWorkspaceTrust=false] leave workspace trust on (trust tests)
 * @param {Record<string,string>} [o.env] extra server (and extension host) environment
 * @param {string} [o.name='e2e'] prefix for the temp folder and the kept logs
 * @param {number} [o.port] preferred port; a free one is used when taken
 * @param {number} [o.maxLifetimeMs=240000] the server and browser are killed after this, whatever happens
 * @returns {Promise<VSCodeSession>}
 */
export async function startVSCode(o = {}) {
  const tools = assertInstalled();
  const name = o.name ?? 'e2e';
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), `lf-e2e-${name}-`));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    localFocusHome: path.join(root, 'local-focus-home'),
    browser: path.join(root, 'browser'),
  };
  for (const d of Object.values(dirs)) await fsp.mkdir(d, { recursive: true });

  let workspace = o.workspace ? path.resolve(o.workspace) : path.join(root, 'workspace');
  if (o.workspace && o.copyWorkspace !== false) {
    // Keep the folder's name: the workbench shows it in the title and the Explorer.
    const copy = path.join(root, 'ws', path.basename(workspace));
    await fsp.cp(workspace, copy, { recursive: true });
    workspace = copy;
  } else if (!o.workspace) {
    await fsp.mkdir(workspace, { recursive: true });
  }

  await fsp.mkdir(path.join(dirs.userData, 'User'), { recursive: true });
  await fsp.writeFile(path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...quietUserSettings, ...(o.userSettings ?? {}) }, null, 2));

  const port = await freePort(o.port);
  const server = new CodeServer({
    dirs,
    port,
    env: serverEnv({ root, node24: tools.node24, localFocusHome: dirs.localFocusHome, extra: o.env }),
    keepWorkspaceTrust: o.keepWorkspaceTrust,
    smokeTestDriver: Boolean(o.extensionDevelopmentPath),
    logTo: path.join(root, 'code-server.log'),
  });
  const session = new VSCodeSession({ name, port, workspace, dirs, server });
  liveSessions.add(session);
  session.watchdog = setTimeout(() => {
    process.stderr.write(`[e2e] ${name}: max lifetime reached, stopping code-server\n`);
    void session.stop({ keepLogs: true });
  }, o.maxLifetimeMs ?? 240_000);
  session.watchdog.unref();

  const timings = session.timings;
  try {
    if (o.vsix) {
      const t = Date.now();
      await server.install(o.vsix);
      timings.installExtensionMs = Date.now() - t;
    }
    if (o.linkExtension) await server.link(o.linkExtension);
    const t = Date.now();
    await server.start(workspace);
    await server.waitHealthy();
    timings.healthzMs = Date.now() - t;

    const tb = Date.now();
    session.context = await chromium.launchPersistentContext(dirs.browser, {
      executablePath: tools.chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    session.page = session.context.pages()[0] ?? await session.context.newPage();
    session.page.setDefaultTimeout(20_000);
    let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    if (o.extensionDevelopmentPath) {
      const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${path.resolve(o.extensionDevelopmentPath)}`]];
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    session.url = url;
    await session.page.goto(url);
    await session.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    timings.workbenchMs = Date.now() - tb;
  } catch (e) {
    await session.stop({ keepLogs: true });
    throw e;
  }
  return session;
}

/** Polls `check` until it returns truthy; throws after `timeoutMs` naming `what`. */
export async function waitFor(check, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

export class VSCodeSession {
  constructor({ name, port, workspace, dirs, server }) {
    Object.assign(this, { name, port, workspace, dirs, server });
    /** Milliseconds spent installing the VSIX, until /healthz, and until the workbench showed. */
    this.timings = {};
    this.url = undefined;
    /** @type {import('playwright-core').BrowserContext | undefined} */
    this.context = undefined;
    /** @type {import('playwright-core').Page} */
    this.page = undefined;
    this.stopped = false;
  }

  get userSettingsPath() { return path.join(this.dirs.userData, 'User', 'settings.json'); }
  get machineSettingsPath() { return path.join(this.dirs.userData, 'Machine', 'settings.json'); }
  get workspaceSettingsPath() { return path.join(this.workspace, '.vscode', 'settings.json'); }

  /** A status bar item by its DOM id (`<publisher>.<name>.<itemId>`). */
  statusBarItem(domId) {
    return this.page.locator(`[id="${domId}"]`);
  }

  async screenshot(name) {
    await fsp.mkdir(resultsDir, { recursive: true });
    // Toasts and hovers animate in; a shot taken at once catches them half drawn.
    await sleep(400);
    const file = path.join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Focus the workbench so keyboard shortcuts reach it rather than the browser chrome. */
  async focusWorkbench() {
    await this.page.locator('.monaco-workbench').focus().catch(() => {});
  }

  /** Runs a command palette entry by its full title, e.g. `Local Focus: Show Log`. */
  async runCommand(title) {
    await this.pickCommand(title);
    await this.quickInput().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }

  /**
   * Clicks a command palette entry by its full title, without waiting for the palette to close
   * (for commands that open their own quick input). The palette's list can miss a command: it
   * was computed while the workbench still loaded contributions (seen in CI, Restricted Mode),
   * or the typing began before the palette's ">" was in place and searched files. Each attempt
   * checks the box and reopens the palette when the row does not show.
   */
  async pickCommand(title) {
    const row = this.quickPickRow(title, { exact: true });
    for (let attempt = 1; ; attempt++) {
      const input = await this.openCommandPalette();
      await input.pressSequentially(title, { delay: 10 });
      const value = await input.inputValue().catch(() => '');
      if (!value.startsWith('>')) await input.fill(`>${title}`);
      try {
        await row.first().waitFor({ timeout: attempt < 3 ? 7_500 : 15_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        // Escape only while the palette is open: a palette that closed by itself (the focus moved)
        // would pass the key to the editor, and on the welcome page it leaves the walkthrough.
        await this.closeQuickPick();
        await this.quickInput().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      }
    }
    await row.first().click();
  }

  async openCommandPalette() {
    const input = this.quickInput().locator('input');
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.focusWorkbench();
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        return input;
      } catch { /* the workbench was still starting; try again */ }
    }
    throw new Error('command palette did not open');
  }

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Opens the quick fix menu (Ctrl+.) on the first editor line whose text matches `lineText` and
   * waits for the action titled `action`; returns that row. Clicking the code puts the cursor on
   * the line and the focus in the editor (not Problems); a menu opened too early is closed and the
   * click repeated, up to three times.
   */
  async quickFixMenu(lineText, action) {
    const row = this.page.locator('.action-widget .monaco-list-row').filter({ hasText: action }).first();
    for (let attempt = 0; ; attempt++) {
      await this.page.locator('.editor-group-container.active .view-line', { hasText: lineText }).first().click();
      await this.page.keyboard.press('Control+.');
      try {
        await row.waitFor({ timeout: 5_000 });
        return row;
      } catch (e) {
        if (attempt === 2) throw e;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Opens a workspace file by name through Quick Open (Ctrl+P), as a user would. */
  async openFile(name) {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially(name, { delay: 10 });
    await this.quickPickRow(name).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' }).catch(() => {});
  }

  /** Rows of the open quick pick whose label matches; `exact` compares the whole label. */
  quickPickRow(label, { exact = false } = {}) {
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    if (!exact) return rows.filter({ hasText: label });
    return rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });
  }

  async waitForQuickPick(timeout = 15_000) {
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout });
  }

  /** Labels of the rows the open quick pick shows (the list is virtual: what is rendered). */
  async quickPickItems() {
    await this.waitForQuickPick();
    const labels = await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    return labels.map((s) => s.trim());
  }

  async pickQuickPickItem(label) {
    const row = this.quickPickRow(label, { exact: true }).first();
    await row.waitFor();
    await row.click();
  }

  /**
   * Moves the mouse and the focus off the status bar: after a quick pick closes, focus returns
   * to the item that opened it and its tooltip would cover later screenshots.
   */
  async dismissHovers() {
    await this.page.mouse.move(700, 200);
    const editorArea = this.page.locator('.part.editor').first();
    if (await editorArea.isVisible()) await editorArea.click({ position: { x: 20, y: 20 } });
  }

  async closeQuickPick() {
    if (await this.quickInput().isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Messages of visible toasts, or of the Notification Center when toasts are hidden. */
  async readNotifications() {
    const toasts = this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
    const fromToasts = (await toasts.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    if (fromToasts.length) return fromToasts;
    const bell = this.page.locator('[id="status.notifications"]');
    if (!(await bell.count())) return [];
    await bell.click();
    const center = this.page.locator('.notifications-center .notification-list-item-message');
    await center.first().waitFor({ timeout: 2_000 }).catch(() => {});
    const fromCenter = (await center.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    await bell.click();
    return fromCenter;
  }

  /** Text of the Output panel's editor (the channel currently shown). */
  async outputText() {
    const lines = this.page.locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines').first();
    await lines.waitFor();
    // Monaco renders spaces as U+00A0; tests match on ordinary text.
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /**
   * Text of the "Local Focus" log channel as VS Code writes it to disk (every line, oldest first).
   * The Output panel only renders the lines in view, so a line scrolled off by later ones, or a
   * panel that did not open on a busy machine, would hide it; the file has them all.
   */
  extensionLogText() {
    const files = [];
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/Local Focus\.log$/.test(e.name)) files.push(p);
      }
    };
    try { walk(this.dirs.root); } catch { /* not written yet */ }
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  }

  /** Waits until the Output panel shows `needle`; returns the text seen. */
  async waitForOutput(needle, timeout = 20_000) {
    let text = '';
    await waitFor(async () => {
      text = await this.outputText().catch(() => '');
      return needle instanceof RegExp ? needle.test(text) : text.includes(needle);
    }, timeout, `Output panel text ${needle}`).catch((e) => {
      throw new Error(`${e.message}\nOutput panel text was:\n${text}`);
    });
    return text;
  }

  /** Name of the channel selected in the Output panel's dropdown. */
  async outputChannelName() {
    const select = this.page.locator('.part.panel .monaco-select-box, .part.panel select').first();
    if (!(await select.count())) return undefined;
    return (await select.evaluate((el) => el instanceof HTMLSelectElement
      ? el.options[el.selectedIndex]?.text : el.getAttribute('title') || el.textContent)).trim();
  }

  /** Hover text of an element (status bar tooltips render as a `.monaco-hover` or a custom hover). */
  async hoverText(locator, timeout = 10_000) {
    await locator.hover();
    const hover = this.page.locator('.monaco-hover:visible, .workbench-hover:visible, .custom-hover:visible').first();
    try {
      await hover.waitFor({ timeout });
    } catch {
      // Hovers open after a delay and only on a fresh mouse move.
      await this.page.mouse.move(0, 0);
      await locator.hover();
      await hover.waitFor({ timeout });
    }
    return hover.innerText();
  }

  readSettings(file) {
    try {
      // VS Code writes JSON with comments; these files are written by it and by us without any.
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Log files of the run (server, extension host, remote agent), for a failing test's report. */
  logFiles() {
    const found = [this.server.o.logTo];
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.log')) found.push(p);
      }
    };
    try { walk(path.join(this.dirs.userData, 'logs')); } catch { /* not written yet */ }
    return found;
  }

  /** Copies the run's logs into test-results/<name>-logs/ so a failure can be read after cleanup. */
  async keepLogs() {
    const dest = path.join(resultsDir, `${this.name}-logs`);
    await fsp.rm(dest, { recursive: true, force: true });
    await fsp.mkdir(dest, { recursive: true });
    for (const f of this.logFiles()) {
      const rel = path.relative(this.dirs.root, f).replaceAll(path.sep, '__');
      await fsp.copyFile(f, path.join(dest, rel)).catch(() => {});
    }
    return dest;
  }

  /** Closes the browser and kills code-server by its PID; safe to call twice. */
  async stop({ keepLogs = false } = {}) {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.watchdog);
    if (this.context) {
      await Promise.race([this.context.close().catch(() => {}), sleep(10_000)]);
    }
    await this.server.stop();
    liveSessions.delete(this);
    if (keepLogs) await this.keepLogs().catch(() => {});
    if (!process.env.LOCAL_FOCUS_E2E_KEEP) {
      await fsp.rm(this.dirs.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch((e) => {
        process.stderr.write(`[e2e] could not remove ${this.dirs.root}: ${e.message}\n`);
      });
    }
  }
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
