// Restricted Mode in a real workbench: workspace trust on, the folder not trusted, and its
// .vscode/settings.json pointing the models folder, the cloud endpoint and the mode elsewhere. The
// worker must be configured with the user's (default) models folder and mode, as its log line
// "configured: mode …, models …" shows; once the user trusts the folder, the workspace values
// apply (so the first check could have failed). The live Model Manager webview's policy is read
// from its document too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';
import { e2eSuite, waitFor } from './harness.mjs';

/** The Output panel wraps long lines: join each continuation to the line (with its timestamp) it belongs to. */
function logLines(text) {
  return text.replace(/\n(?!\d{4}-\d{2}-\d{2} )/g, '').split('\n');
}

/** Waits until a "configured:" log line satisfies `check`; returns all such lines. */
async function waitForConfigured(vscode, check, timeout, what) {
  let lines = [];
  await waitFor(async () => {
    lines = logLines(vscode.extensionLogText()).filter((l) => /configured: mode/.test(l));
    return check(lines);
  }, timeout, what).catch((e) => {
    throw new Error(`${e.message}\nconfigured lines:\n${lines.join('\n')}`);
  });
  return lines;
}

describe('security', { timeout: 170_000 }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-security-src-'));
  const workspace = path.join(scratch, 'untrusted-repo');
  const evilModels = path.join(scratch, 'attacker-models');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.mkdirSync(evilModels, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# A repository from somewhere\n\nTODO: nothing to see here\n');
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
    'localFocus.modelsDirectory': evilModels,
    'localFocus.cloud.baseUrl': 'http://127.0.0.1:9/attacker/v1',
    'localFocus.mode': 'cloudPreferred',
  }, null, 2));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const suite = e2eSuite('security', () => ({
    workspace,
    keepWorkspaceTrust: true,
    userSettings: {
      'security.workspace.trust.enabled': true,
      // No modal on start: the folder simply opens in Restricted Mode, as after "Don't Trust".
      'security.workspace.trust.startupPrompt': 'never',
      'localFocus.mode': 'auto',
    },
  }));
  const { step } = suite;
  let home;

  step('the folder is in Restricted Mode', async () => {
    const vscode = suite.vscode;
    home = vscode.dirs.localFocusHome;
    // The workspace settings were copied with the folder.
    assert.equal(vscode.readSettings(vscode.workspaceSettingsPath)['localFocus.modelsDirectory'], evilModels);
    await waitFor(async () => (await vscode.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) > 0, 30_000, 'the Restricted Mode status bar item');
    await vscode.screenshot('security-1-restricted');
  });

  step('the worker gets the default models folder and the user\'s mode, not the workspace\'s', async () => {
    const vscode = suite.vscode;
    await vscode.runCommand('Local Focus: Show Log');
    const lines = await waitForConfigured(vscode, (l) => l.length >= 1, 40_000, 'the worker\'s configured line');
    console.log(`security e2e (untrusted): ${lines.map((l) => l.replace(/^.*configured:/, 'configured:')).join(' | ')}`);
    assert.ok(lines.length >= 1);
    for (const line of lines) {
      assert.ok(line.includes(`models ${path.join(home, 'models')}`), `the default models folder: ${line}`);
      assert.ok(!line.includes(evilModels), `the workspace's models folder reached the worker: ${line}`);
      assert.match(line, /configured: mode auto,/, `the user's mode: ${line}`);
      assert.ok(!line.includes('attacker'), line);
    }
    await vscode.screenshot('security-2-log-untrusted');
  });

  step('the live Model Manager webview has the nonce-only policy', async () => {
    const vscode = suite.vscode;
    await vscode.runCommand('Local Focus: Open Model Manager');
    const frame = vscode.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('#root').waitFor({ timeout: 30_000 });
    const policies = await frame.locator('meta[http-equiv="Content-Security-Policy"]').evaluateAll((metas) => metas.map((m) => m.getAttribute('content')));
    // VS Code's own host page may add a policy of its own; ours is the one with a nonce.
    const ours = policies.filter((p) => /'nonce-/.test(p ?? ''));
    assert.equal(ours.length, 1, `one policy of ours: ${JSON.stringify(policies)}`);
    assert.match(ours[0], /default-src 'none'/);
    assert.match(ours[0], /script-src 'nonce-[A-Za-z0-9+/=]{22,}'(;|$)/);
    assert.doesNotMatch(ours[0], /unsafe-inline|unsafe-eval/);
    const scripts = await frame.locator('script').evaluateAll((els) => els.map((s) => ({ nonce: s.nonce || s.getAttribute('nonce'), src: s.getAttribute('src') })));
    const nonce = /'nonce-([^']+)'/.exec(ours[0])[1];
    assert.ok(scripts.some((s) => s.src?.endsWith('/dist/webview.js')), `the bundled script is there: ${JSON.stringify(scripts)}`);
    console.log(`security e2e: live webview policy "${ours[0].replace(nonce, '<nonce>')}", ${scripts.length} script(s)`);
  });

  step('after the user trusts the folder, its settings apply', async () => {
    const vscode = suite.vscode;
    // Workspace settings apply only to a trusted folder; trusting it is the user's decision.
    await vscode.runCommand('Workspaces: Manage Workspace Trust');
    const trustButton = vscode.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trustButton.waitFor({ timeout: 20_000 });
    await trustButton.click();
    await waitFor(async () => (await vscode.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) === 0, 20_000, 'Restricted Mode to end');
    await vscode.runCommand('Local Focus: Show Log');
    const lines = await waitForConfigured(vscode, (l) => l.some((x) => x.includes(`models ${evilModels}`)), 30_000, 'the workspace\'s models folder once trusted');
    const line = lines.reverse().find((l) => l.includes(`models ${evilModels}`));
    console.log(`security e2e (trusted): ${line.replace(/^.*configured:/, 'configured:')}`);
    assert.match(line, /configured: mode cloudPreferred,/);
    await vscode.screenshot('security-3-log-trusted');
  });
});
