// The extension's foundation as a user meets it in a real workbench: the mode status bar item,
// its tooltip and quick pick, the mode setting it writes, and the log channel the worker fills.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findVsix, repoRoot, startVSCode } from './harness.mjs';

// <publisher>.<name>.<itemId> from package.json and createStatusBarItem('localFocus.mode', …).
const statusBarId = 'local-focus.local-focus.localFocus.mode';
const tierPattern = /^(Cloud|Local|Degraded)$/;

describe('foundation', { timeout: 150_000 }, () => {
  /** @type {import('./harness.mjs').VSCodeSession} */
  let vscode;
  let failed = false;

  // Each step keeps a screenshot of what the user saw when it failed.
  const step = (name, fn) => it(name, async () => {
    try {
      await fn();
    } catch (e) {
      failed = true;
      await vscode?.screenshot(`foundation-FAILED-${name.replace(/\W+/g, '-')}`).catch(() => {});
      throw e;
    }
  });

  before(async () => {
    vscode = await startVSCode({
      name: 'foundation',
      vsix: findVsix(),
      workspace: path.join(repoRoot, 'demo'),
    });
    console.log(`code-server timings: ${JSON.stringify(vscode.timings)}`);
  }, { timeout: 120_000 });

  after(async () => {
    await vscode?.stop({ keepLogs: failed });
  });

  const statusItem = () => vscode.statusBarItem(statusBarId);

  step('status bar shows Degraded on a fresh profile with no models', async () => {
    const item = statusItem();
    await item.waitFor({ timeout: 30_000 });
    // The worker may report after activation; the fresh profile has no model and no API key.
    await waitForText(item, /Degraded/, 30_000);
    const text = (await item.innerText()).trim();
    assert.match(text, /^Degraded$/, `status bar text: ${JSON.stringify(text)}`);
    assert.equal(await item.locator('.codicon').count(), 1, 'the tier is shown with a codicon');
    await vscode.screenshot('foundation-1-status-degraded');
  });

  step('tooltip lists each capability with its tier', async () => {
    const text = await vscode.hoverText(statusItem().locator('a, .statusbar-item-label').first());
    await vscode.screenshot('foundation-2-tooltip');
    for (const capability of ['Task parsing', 'Notes search', 'Code review']) {
      const line = text.split('\n').find((l) => l.includes(capability));
      assert.ok(line, `tooltip mentions ${capability}:\n${text}`);
      // A table row reads "capability<TAB>tier<TAB>why"; the why may itself mention "cloud".
      const tier = line.includes('\t')
        ? line.split('\t').map((c) => c.trim()).find((c) => tierPattern.test(c))
        : line.match(/\b(Cloud|Local|Degraded)\b/)?.[1];
      assert.equal(tier, 'Degraded', `${capability} on a fresh profile: ${JSON.stringify(line)}`);
    }
    await vscode.dismissHovers();
  });

  step('clicking the item offers the mode menu and Local only is applied and saved', async () => {
    await statusItem().click();
    const items = await vscode.quickPickItems();
    await vscode.screenshot('foundation-3-mode-menu');
    for (const expected of ['Mode: Auto', 'Mode: Local only', 'Mode: Cloud preferred',
      'Show Log', 'Open Model Manager', 'Set Cloud API Key…']) {
      assert.ok(items.includes(expected), `menu has ${expected}; it shows ${JSON.stringify(items)}`);
    }
    await vscode.pickQuickPickItem('Mode: Local only');
    await vscode.dismissHovers();
    await waitForText(statusItem(), /Local only/, 15_000);
    const text = (await statusItem().innerText()).trim();
    assert.match(text, /^(Cloud|Local|Degraded) \(Local only\)$/, `status bar text: ${JSON.stringify(text)}`);
    await vscode.screenshot('foundation-4-local-only');

    const where = await waitForSetting(vscode, 'localFocus.mode', 'localOnly', 10_000);
    assert.ok(where, 'localFocus.mode = localOnly is written to user, machine or workspace settings');
    console.log(`localFocus.mode written to ${path.relative(vscode.dirs.root, where)}`);
  });

  step('Local Focus: Show Log opens the Local Focus output with the worker start line', async () => {
    await vscode.runCommand('Local Focus: Show Log');
    const text = await vscode.waitForOutput('worker started', 30_000);
    await vscode.screenshot('foundation-5-show-log');
    assert.match(text, /worker started/);
    const channel = await vscode.outputChannelName();
    assert.equal(channel, 'Local Focus', `Output panel shows channel ${JSON.stringify(channel)}`);
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
