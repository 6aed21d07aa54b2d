// Tag and estimate suggestions in the Add Task preview, as a user meets them: a task file with
// finished login tasks, a new login task typed into Add Task…, the preview listing the suggested
// tags and estimate under the fields, and only the picked suggestion saved.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, waitFor } from './harness.mjs';

/** Two finished #auth tasks of an hour and 45 minutes (started= to done=) and a #docs one. */
function workspaceWithTasks() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-suggest-'));
  const meta = (id, minutes) =>
    `<!-- lf:id=${id} tier=degraded created=2026-03-01T08:00:00.000Z started=2026-03-02T09:00:00.000Z done=${new Date(Date.parse('2026-03-02T09:00:00.000Z') + minutes * 60_000).toISOString()} -->`;
  const lines = ['# Tasks', '', `- [x] Fix the login redirect loop — #auth #bug ${meta('a1000001', 60)}`, `- [x] Login form loses the password — #auth ${meta('a1000002', 45)}`, `- [x] Typo in the README — #docs ${meta('d1000001', 10)}`, ''];
  fs.writeFileSync(path.join(root, 'TASKS.md'), lines.join('\n'));
  return root;
}

describe('task suggestions', { timeout: 150_000 }, () => {
  const suite = e2eSuite('taskSuggestions', () => ({ workspace: workspaceWithTasks() }));
  const { step } = suite;
  const taskFile = () => path.join(suite.vscode.workspace, 'TASKS.md');
  const rowsText = async () => (await suite.vscode.page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');

  step('the Add Task preview lists suggested tags and an estimate under the fields', async () => {
    await suite.vscode.statusBarItem('local-focus.local-focus.localFocus.mode').waitFor({ timeout: 40_000 });
    await suite.vscode.openFile('TASKS.md');
    await suite.vscode.pickCommand('Local Focus: Add Task…');
    await suite.vscode.page.locator('.quick-input-title', { hasText: /^Add Task$/ }).waitFor({ timeout: 15_000 });
    const input = suite.vscode.quickInput().locator('input');
    const typed = 'login with Google fails';
    await input.pressSequentially(typed, { delay: 5 });
    await waitFor(async () => (await input.inputValue()) === typed, 5_000, 'the typed text in the Add Task box');
    await suite.vscode.page.keyboard.press('Enter');
    await suite.vscode.page.locator('.quick-input-title', { hasText: 'Add Task: login with Google fails' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await rowsText()).includes('Add tag #auth'), 10_000, 'the suggested #auth');
    const text = await rowsText();
    for (const expected of ['Add tag #auth', 'on 2 similar tasks', 'Add tag #bug', 'Use estimate 45m', 'from 2 similar finished tasks']) {
      assert.ok(text.includes(expected), `the preview shows ${expected}:\n${text}`);
    }
    await suite.vscode.screenshot('taskSuggestions-1-preview');
  });

  step('picking a suggested tag adds it to the task and takes it off the list; Enter saves only that', async () => {
    await suite.vscode.quickPickRow('Add tag #auth').first().click();
    await waitFor(async () => !(await rowsText()).includes('Add tag #auth'), 10_000, '#auth off the suggestions');
    const text = await rowsText();
    assert.match(text, /Tags\s*#auth/, text);
    assert.ok(text.includes('Use estimate 45m'), 'the estimate is still only offered');
    await suite.vscode.screenshot('taskSuggestions-2-picked');
    await suite.vscode.quickPickRow('Save Task').first().click();
    await waitFor(() => /\n- \[ \] login with Google fails — #auth <!-- lf:id=/.test(fs.readFileSync(taskFile(), 'utf8')), 10_000, 'the task with #auth alone and no estimate in TASKS.md');
  });
});
