// The extension's foundation as a user meets it in a real workbench: the mode status bar item,
// its tooltip and quick pick, the mode setting it writes, and the log channel the worker fills.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, repoRoot } from './harness.mjs';

// <publisher>.<name>.<itemId> from package.json and createStatusBarItem('localFocus.mode', …).
const statusBarId = 'local-focus.local-focus.localFocus.mode';
const tierPattern = /^(Cloud|Local|Local server|Rules)$/;

describe('foundation', { timeout: 150_000 }, () => {

  const suite = e2eSuite('foundation', () => ({ workspace: path.join(repoRoot, 'demo') }));
  const { step } = suite;

  const statusItem = () => suite.vscode.statusBarItem(statusBarId);

  step('status bar shows Rules, without a warning background, on a fresh profile with no models', async () => {
    const item = statusItem();
    await item.waitFor({ timeout: 30_000 });
    // The worker may report after activation; the fresh profile has no model and no API key.
    await waitForText(item, /Rules/, 30_000);
    const text = (await item.innerText()).trim();
    assert.match(text, /^Rules$/, `status bar text: ${JSON.stringify(text)}`);
    // The tier's codicon, and a spinner while the notes of the demo workspace are indexed.
    assert.ok(await item.locator('.codicon').count() >= 1, 'the tier is shown with a codicon');
    assert.equal(await item.locator('.codicon-warning').count(), 0, 'the rules tier is not a warning');
    await suite.vscode.screenshot('foundation-1-status-rules');
  });

  step('tooltip lists each capability with its tier', async () => {
    const text = await suite.vscode.hoverText(statusItem().locator('a, .statusbar-item-label').first());
    await suite.vscode.screenshot('foundation-2-tooltip');
    for (const capability of ['Task parsing', 'Notes search', 'Code review']) {
      const line = text.split('\n').find((l) => l.includes(capability));
      assert.ok(line, `tooltip mentions ${capability}:\n${text}`);
      // A table row reads "capability<TAB>tier<TAB>why"; the why may itself mention "cloud".
      const tier = line.includes('\t')
        ? line.split('\t').map((c) => c.trim()).find((c) => tierPattern.test(c))
        : line.match(/\b(Cloud|Local|Rules)\b/)?.[1];
      assert.equal(tier, 'Rules', `${capability} on a fresh profile: ${JSON.stringify(line)}`);
    }
    assert.match(text, /Set up local AI/, 'the tooltip offers the setup');
    await suite.vscode.dismissHovers();
  });

  step('clicking the item offers the mode menu and Local only is applied and saved', async () => {
    await statusItem().click();
    const items = await suite.vscode.quickPickItems();
    await suite.vscode.screenshot('foundation-3-mode-menu');
    for (const expected of ['Mode: Auto', 'Mode: Local only', 'Mode: Cloud preferred',
      'Show Log', 'Open Model Manager', 'Set Cloud API Key…']) {
      assert.ok(items.includes(expected), `menu has ${expected}; it shows ${JSON.stringify(items)}`);
    }
    await suite.vscode.pickQuickPickItem('Mode: Local only');
    await suite.vscode.dismissHovers();
    await waitForText(statusItem(), /Local only/, 15_000);
    const text = (await statusItem().innerText()).trim();
    assert.match(text, /^(Cloud|Local|Rules) \(Local only\)$/, `status bar text: ${JSON.stringify(text)}`);
    await suite.vscode.screenshot('foundation-4-local-only');

    const where = await waitForSetting(suite.vscode, 'localFocus.mode', 'localOnly', 10_000);
    assert.ok(where, 'localFocus.mode = localOnly is written to user, machine or workspace settings');
    console.log(`localFocus.mode written to ${path.relative(suite.vscode.dirs.root, where)}`);
  });

  step('Local Focus: Show Log opens the Local Focus output with the worker\'s lines and their level', async () => {
    await suite.vscode.runCommand('Local Focus: Show Log');
    // The panel shows the channel's last lines; the mode switch above made the worker log one.
    const text = await suite.vscode.waitForOutput(/\[info\] configured: mode localOnly/, 30_000);
    await suite.vscode.screenshot('foundation-5-show-log');
    assert.match(text, /\[info\] configured: mode localOnly/);
    const channel = await suite.vscode.outputChannelName();
    assert.equal(channel, 'Local Focus', `Output panel shows channel ${JSON.stringify(channel)}`);
    // The worker's first line has scrolled out of the panel by now; the channel's log file keeps it.
    const files = suite.vscode.logFiles().filter((f) => path.basename(f).startsWith('Local Focus'));
    assert.ok(files.length > 0, `a "Local Focus" channel log file among ${suite.vscode.logFiles().join(', ')}`);
    assert.ok(files.some((f) => /\[info\] worker started/.test(fs.readFileSync(f, 'utf8'))), `"worker started" in ${files.join(', ')}`);
  });
});

async function waitForText(locator, pattern, timeout) {
  const end = Date.now() + timeout;
  let text = '';
  while (Date.now() < end) {
    text = await locator.innerText().catch(() => '');
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`expected ${pattern} within ${timeout} ms; last text ${JSON.stringify(text)}`);
}

/** Resolves to the settings file that holds key = value, or undefined after the timeout. */
async function waitForSetting(vscode, key, value, timeout) {
  const files = [vscode.userSettingsPath, vscode.machineSettingsPath, vscode.workspaceSettingsPath];
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const hit = files.find((f) => vscode.readSettings(f)?.[key] === value);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}
