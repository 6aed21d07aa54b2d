// The offline promise in a real workbench: Local only with a cloud API key set (through the
// command, into secret storage) and the cloud URL off the machine (TEST-NET-3). The connect guard
// (test/support/connectGuard.cjs) is preloaded with NODE_OPTIONS into code-server and every Node
// process it starts, the extension host and the inference worker included; each records its
// connection attempts into one file. After review, notes search and a parsed task, no attempt
// from the extension host or the worker may leave the machine. code-server itself (its
// marketplace and update lookups) and the other extensions in the same host are not ours: their
// remote attempts are printed, not failed on; an extension-host attempt counts against us when
// its stack names our bundle or it goes to the configured cloud URL or a model host.
// run.mjs runs this file with the network cut where it can (network: cut ...); it works either way.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';
import { createRequire } from 'node:module';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

const require = createRequire(import.meta.url);
const guard = require('../support/connectGuard.cjs');

const modeItemId = 'local-focus.local-focus.localFocus.mode';
const CLOUD_URL = 'https://203.0.113.1/v1';
const CLOUD_HOST = '203.0.113.1';
const API_KEY = 'sk-e2e-offline-0123456789abcdef';
/** Hosts the product itself knows (cloud default, model catalog): any attempt there is ours. */
const PRODUCT_HOSTS = [CLOUD_HOST, 'openrouter.ai', 'huggingface.co', 'cdn-lfs.huggingface.co', 'cdn-lfs.hf.co'];

/**
 * Which process a record comes from, by the command line the guard wrote down. The argv comes
 * first: the children of the extension host inherit its VSCODE_ESM_ENTRYPOINT, which the guard
 * appends in brackets.
 */
function roleOf(record) {
  const argv = record.proc.replace(/ \[[^\]]*\]$/, '');
  if (/\bworker\.js\b/.test(argv)) return 'worker';
  if (/--type=extensionHost\b/.test(argv)) return 'extension host';
  if (/--install-extension/.test(argv)) return 'code-server (install)';
  if (/\bentry\.js\b/.test(argv)) return 'code-server (launcher)';
  if (/^node entry$/.test(argv.trim())) return 'code-server (server)';
  if (/--type=fileWatcher\b/.test(argv)) return 'file watcher';
  if (/\b(tsserver|typingsInstaller)\.js\b/.test(argv)) return 'TypeScript server (built-in extension)';
  if (/\bjsonServerMain\b/.test(argv)) return 'JSON server (built-in extension)';
  return `other (${argv.trim().slice(0, 60) || 'no arguments'})`;
}

describe('offline', { timeout: 170_000 }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-offline-'));
  const log = path.join(scratch, 'connects.jsonl');
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const suite = e2eSuite('offline', () => ({
    workspace: path.join(repoRoot, 'demo'),
    userSettings: { 'localFocus.mode': 'localOnly', 'localFocus.cloud.baseUrl': CLOUD_URL },
    env: { NODE_OPTIONS: guard.nodeOptions(), [guard.LOG_ENV]: log },
  }));
  const { step } = suite;
  const page = () => suite.vscode.page;
  const flat = (text) => text.replace(/\n(?!\d{4}-\d{2}-\d{2} )/g, '');
  /** The "Local Focus" channel's log files: the whole log, not what the panel still shows. */
  const channelLog = () => suite.vscode.logFiles()
    .filter((f) => path.basename(f).startsWith('Local Focus'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');

  /** Runs a palette command that opens its own input, and types `text` into that input. */
  async function runCommandAndType(title, text) {
    const palette = await suite.vscode.openCommandPalette();
    await palette.pressSequentially(title, { delay: 10 });
    const row = suite.vscode.quickPickRow(title, { exact: true }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    // The command's own input replaces the palette's: wait for it to be empty and focused, or
    // the first keys go wherever the focus was (the Problems filter, say).
    const input = suite.vscode.quickInput().locator('input');
    await waitFor(async () => (await input.isVisible()) && (await input.inputValue()) === '', 10_000, `the input of ${title}`);
    await input.focus();
    await input.pressSequentially(text, { delay: 5 });
    return input;
  }

  async function openFile(name) {
    await suite.vscode.focusWorkbench();
    await page().keyboard.press('Control+P');
    const input = suite.vscode.quickInput().locator('input');
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially(name, { delay: 10 });
    await suite.vscode.quickPickRow(name).first().waitFor();
    await page().keyboard.press('Enter');
    await suite.vscode.quickInput().waitFor({ state: 'hidden' }).catch(() => {});
  }

  step('the extension starts in Local only and the guard runs in the extension host and the worker', async () => {
    const cut = process.env.LOCAL_FOCUS_E2E_NETWORK_CUT;
    console.log(`offline e2e: network ${cut ? `cut (${cut})` : 'NOT cut (test/e2e/run.mjs cuts it where unshare -n is allowed; see its "network:" line)'}`);
    await waitFor(async () => /\(Local only\)/.test(await suite.vscode.statusBarItem(modeItemId).innerText()), 45_000, 'the mode item to say Local only');
    await waitFor(() => /worker started/.test(channelLog()), 30_000, 'the worker to start');
    const roles = new Set(guard.readRecords(log).filter((r) => r.kind === 'installed').map(roleOf));
    for (const role of ['code-server (server)', 'extension host', 'worker']) {
      assert.ok(roles.has(role), `the guard runs in the ${role}; it runs in: ${[...roles].join(', ')}`);
    }
  });

  step('Set Cloud API Key… stores a key, and the worker is configured with it and the remote URL', async () => {
    await runCommandAndType('Local Focus: Set Cloud API Key…', API_KEY);
    await page().keyboard.press('Enter');
    await waitFor(() => flat(channelLog()).includes(`configured: mode localOnly, models ${path.join(suite.vscode.dirs.localFocusHome, 'models')}, cloud ${CLOUD_URL}`),
      20_000, 'the worker to be configured with the key (its log names the cloud URL only when a key is set)');
  });

  step('Review File, Search Notes and Add Task… work', async () => {
    await openFile('checkout.ts');
    await suite.vscode.runCommand('Local Focus: Review File');
    await page().keyboard.press('Control+Shift+M');
    const problemTexts = async () => (await page().locator('.markers-panel .monaco-list-row').allInnerTexts()).filter((t) => t.includes('Local Focus'));
    await waitFor(async () => (await problemTexts()).length >= 4, 30_000, 'the review findings in Problems');
    await page().keyboard.press('Control+J'); // close the panel: its filter box has the focus

    await runCommandAndType('Local Focus: Search Notes', 'rotate the payment key');
    await waitFor(async () => /Rotating API keys/.test(await page().locator('.quick-input-list .monaco-list-row').first().innerText().catch(() => '')), 30_000, 'notes search results');
    await page().keyboard.press('Escape');

    await runCommandAndType('Local Focus: Add Task…', 'rotate the payment key tomorrow 3pm !high #auth');
    await page().keyboard.press('Enter');
    await page().locator('.quick-input-title', { hasText: 'Add Task: rotate the payment key' }).waitFor({ timeout: 20_000 });
    await page().keyboard.press('Enter');
    await waitFor(() => /- \[ \] rotate the payment key — due .*!high · #auth/.test(fs.readFileSync(path.join(suite.vscode.workspace, 'TASKS.md'), 'utf8')), 15_000, 'the task in TASKS.md');
    await suite.vscode.screenshot('offline-1-features');
  });

  step('no connection left the machine from the extension host or the worker', async () => {
    // A moment for anything the features set off in the background (probes, retries).
    await new Promise((r) => setTimeout(r, 2_000));
    const records = guard.readRecords(log);
    const byRole = new Map();
    for (const r of records) {
      const role = roleOf(r);
      const s = byRole.get(role) ?? { pids: new Set(), loopback: 0, remote: [] };
      byRole.set(role, s);
      s.pids.add(r.pid);
      if (r.kind === 'installed') continue;
      if (r.loopback) s.loopback++;
      else s.remote.push(r);
    }
    const summary = [...byRole].map(([role, s]) => `${role}: ${s.pids.size} process(es), ${s.loopback} loopback, ${s.remote.length} remote${s.remote.length ? ` (${[...new Set(s.remote.map((r) => `${r.host}:${r.port}`))].join(', ')})` : ''}`);
    console.log(`offline e2e: connect attempts by process: ${summary.join('; ')}`);

    const worker = byRole.get('worker');
    assert.ok(worker, 'the worker recorded');
    assert.deepEqual(worker.remote, [], `the worker tried to leave the machine:\n${guard.describeRecords(worker.remote)}`);
    const host = byRole.get('extension host');
    assert.ok(host, 'the extension host recorded');
    const ours = host.remote.filter((r) => PRODUCT_HOSTS.includes(r.host) || (r.stack ?? []).some((l) => /local-focus|dist\/extension\.js/.test(l)));
    assert.deepEqual(ours, [], `the extension host tried to leave the machine for Local Focus:\n${guard.describeRecords(ours)}`);
    if (host.remote.length) console.log(`offline e2e: other extensions' remote attempts in the extension host (not ours):\n${guard.describeRecords(host.remote)}`);
    // The key went to secret storage and nowhere near the network or the guard's records.
    assert.ok(!fs.readFileSync(log, 'utf8').includes(API_KEY));
  });
});
