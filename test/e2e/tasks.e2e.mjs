// Tasks from TODO comments as a user meets them in a real workbench, on a copy of demo/: the
// "Add as task" CodeLens above a TODO, the editable preview with the parsed fields, the line it
// writes to TASKS.md, the CodeLens turning into "Task: …", and the task in the Tasks view.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

describe('tasks', { timeout: 150_000 }, () => {

  const suite = e2eSuite('tasks', () => ({ workspace: path.join(repoRoot, 'demo') }));
  const { step } = suite;

  const taskFile = () => path.join(suite.vscode.workspace, 'TASKS.md');
  const codeLens = (text) => suite.vscode.page.locator('.monaco-editor .codelens-decoration a', { hasText: text });

  step('the CodeLens "Add as task" shows above each TODO of src/auth.ts', async () => {
    await suite.vscode.statusBarItem('local-focus.local-focus.localFocus.mode').waitFor({ timeout: 40_000 });
    await openFile('auth.ts');
    await codeLens('Add as task').first().waitFor({ timeout: 30_000 });
    // src/auth.ts has three TODO comments (lines 8, 15 and 19).
    await waitFor(async () => (await codeLens('Add as task').count()) === 3, 10_000, 'three CodeLenses');
  });

  step('clicking it shows the parsed task in an editable preview with the tier', async () => {
    await suite.vscode.page.locator('.monaco-editor .codelens-decoration a[title*="fix login redirect"]').click();
    await suite.vscode.waitForQuickPick();
    const title = (await suite.vscode.page.locator('.quick-input-title').innerText()).trim();
    assert.equal(title, 'Add as Task: fix login redirect');
    const rows = await suite.vscode.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    const text = rows.join('\n').replace(/\u00a0/g, ' ');
    for (const expected of ['Save Task', 'Title', 'fix login redirect', 'Due', '15:00 (tomorrow 15:00)', 'Priority', 'high', 'Tags', '#auth', 'Assignee', '@ana', 'Parsed by Degraded (rules)']) {
      assert.ok(text.includes(expected), `the preview shows ${expected}:\n${text}`);
    }
    await suite.vscode.screenshot('tasks-1-preview');
  });

  step('accepting the preview writes the task to TASKS.md and the CodeLens becomes "Task: …"', async () => {
    await suite.vscode.page.keyboard.press('Enter');
    await waitFor(() => fs.existsSync(taskFile()) && fs.readFileSync(taskFile(), 'utf8').includes('lf:id='), 15_000, 'TASKS.md with the task');
    const text = fs.readFileSync(taskFile(), 'utf8');
    assert.match(text, /^# Tasks\n/);
    assert.match(
      text,
      /\n- \[ \] fix login redirect — due \d{4}-\d{2}-\d{2} 15:00 · !high · #auth · @ana · \[src\/auth\.ts#L8\]\(src\/auth\.ts#L8\) <!-- lf:id=[0-9a-f]{8} tier=degraded created=\S+ src="fix login redirect tomorrow 3pm !high #auth" -->\n$/,
      text,
    );
    await codeLens('Task: fix login redirect · due tomorrow 15:00 · high').waitFor({ timeout: 20_000 });
    assert.equal(await codeLens('Add as task').count(), 2, 'the other two TODOs still offer "Add as task"');
  });

  step('the task appears in the Tasks view with its group and the open count badge', async () => {
    await suite.vscode.runCommand('Local Focus: Focus on Tasks View');
    const pane = suite.vscode.page.locator('.pane', { has: suite.vscode.page.locator('.pane-header', { hasText: 'Tasks' }) });
    // The task shows twice: in its due group with its fields, and in Next with its reasons.
    const row = pane.locator('.monaco-list-row', { hasText: 'fix login redirect' }).filter({ hasText: '#auth' });
    await row.waitFor({ timeout: 15_000 });
    const rowText = (await row.innerText()).replace(/\u00a0/g, ' ');
    assert.match(rowText, /fix login redirect\s*due tomorrow 15:00 · !high · #auth · @ana/);
    const groups = (await pane.locator('.monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
    // Tomorrow is in "This week", or in "Later" when today is Sunday.
    assert.ok(groups.includes('This week') || groups.includes('Later'), `groups: ${JSON.stringify(groups)}`);
    // Next comes first and suggests it, saying why: due tomorrow, high priority.
    assert.equal(groups[0], 'Next', `groups: ${JSON.stringify(groups)}`);
    const suggestion = pane.locator('.monaco-list-row', { hasText: 'fix login redirect' }).filter({ hasNotText: '#auth' });
    assert.match((await suggestion.innerText()).replace(/\u00a0/g, ' '), /fix login redirect\s*due tomorrow · high priority/);
    // The icon's number sums the badges of its views (the TODOs view counts TODOs); its title
    // names each one: "Local Focus - 1 open task - 17 TODOs shown".
    const icon = suite.vscode.page.locator('.activitybar [aria-label^="Local Focus"]').first();
    await waitFor(async () => ((await icon.getAttribute('aria-label')) ?? '').includes(' - 1 open task'), 10_000, 'the Local Focus badge to name 1 open task');
    // The file beside the view, and the Model Manager folded so the Tasks view has room.
    await suite.vscode.runCommand('Local Focus: Open Task File');
    await suite.vscode.page.locator('.tab', { hasText: 'TASKS.md' }).first().waitFor({ timeout: 10_000 });
    const manager = suite.vscode.page.locator('.pane-header', { hasText: 'Model Manager' });
    if ((await manager.getAttribute('aria-expanded')) === 'true') await manager.click();
    await suite.vscode.page.mouse.move(900, 600);
    await suite.vscode.screenshot('tasks-2-tree');
  });

  const treeLabels = async () => {
    const pane = suite.vscode.page.locator('.pane', { has: suite.vscode.page.locator('.pane-header', { hasText: 'Tasks' }) });
    return (await pane.locator('.monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
  };

  step('deleting the TODO and saving marks its task resolved in code; undo and save reopens it', async () => {
    await suite.vscode.page.locator('.tab', { hasText: 'auth.ts' }).first().click();
    await suite.vscode.page.locator('.monaco-editor .view-line', { hasText: 'TODO(ana)' }).click();
    await suite.vscode.page.keyboard.press('Control+Shift+K');
    await suite.vscode.page.keyboard.press('Control+S');
    await waitFor(() => /- \[x\] ~~fix login redirect~~ \(resolved in code\)/.test(fs.readFileSync(taskFile(), 'utf8')), 10_000, 'the task resolved in code in TASKS.md');
    await waitFor(async () => (await treeLabels()).includes('Completed'), 10_000, 'a Completed group');
    await suite.vscode.page.keyboard.press('Control+Z');
    await suite.vscode.page.keyboard.press('Control+S');
    await waitFor(() => /\n- \[ \] fix login redirect — /.test(fs.readFileSync(taskFile(), 'utf8')), 10_000, 'the task open again in TASKS.md');
    await codeLens('Task: fix login redirect').waitFor({ timeout: 10_000 });
  });

  step('a hand edit of TASKS.md on disk shows in the view and the CodeLens at once', async () => {
    const text = fs.readFileSync(taskFile(), 'utf8');
    fs.writeFileSync(taskFile(), text.replace('- [ ] fix login redirect — ', '- [x] fix the login redirect — '));
    await waitFor(async () => (await treeLabels()).join('|') === 'Completed', 10_000, 'only a Completed group');
    await codeLens('Task (done): fix the login redirect').waitFor({ timeout: 10_000 });
    await suite.vscode.page.mouse.move(900, 600);
    await suite.vscode.screenshot('tasks-3-done-on-disk');
  });

  step('Capture All TODOs in File offers the other TODOs, all ticked, and saves them in one write', async () => {
    await suite.vscode.page.locator('.tab', { hasText: 'auth.ts' }).first().click();
    await runCommandThatAsks('Local Focus: Capture All TODOs in File');
    // Parsing runs first; the palette's own rows must not be read as the list.
    await suite.vscode.page.locator('.quick-input-title', { hasText: 'Capture TODOs of src/auth.ts into TASKS.md' }).waitFor({ timeout: 15_000 });
    const items = await suite.vscode.quickPickItems();
    // Each row: the parsed title, then "line N · rules" as its detail.
    for (const expected of ['clock skew between servers makes sessions expire early, add 30s leeway', 'move the cookie name into config', 'line 15 · rules', 'line 19 · rules']) {
      assert.ok(items.includes(expected), `the list shows ${expected}: ${JSON.stringify(items)}`);
    }
    assert.ok(!items.some((i) => i.includes('fix login redirect')), 'the captured TODO is not offered again');
    assert.equal(await suite.vscode.page.locator('.quick-input-list .monaco-list-row input[type=checkbox]:checked, .quick-input-list .monaco-list-row .monaco-custom-toggle.checked').count(), 2, 'both are ticked');
    await suite.vscode.page.keyboard.press('Enter');
    await waitFor(() => (fs.readFileSync(taskFile(), 'utf8').match(/lf:id=/g) ?? []).length === 3, 10_000, 'three tasks in TASKS.md');
    const text = fs.readFileSync(taskFile(), 'utf8');
    assert.match(text, /- \[ \] clock skew between servers makes sessions expire early, add 30s leeway — due \d{4}-\d{2}-\d{2} · #auth #bug · @ben · \[src\/auth\.ts#L15\]/);
    assert.match(text, /- \[ \] move the cookie name into config — #cleanup · \[src\/auth\.ts#L19\]/);
    await waitFor(async () => (await codeLens('Add as task').count()) === 0, 10_000, 'no "Add as task" left in auth.ts');
  });

  step('Add Task… parses typed text, previews it and appends it without a source link', async () => {
    await runCommandThatAsks('Local Focus: Add Task…');
    // The palette's input is the same element as the input box's: typing before the box's own
    // title shows went into the closing palette (seen in CI), so wait for the title first.
    await suite.vscode.page.locator('.quick-input-title', { hasText: /^Add Task$/ }).waitFor({ timeout: 15_000 });
    const input = suite.vscode.quickInput().locator('input');
    // A due date a fixed number of days ahead: the summary below lists it as due in the next 7 days,
    // which "next monday" is not when the run falls on a Monday.
    const typed = 'write the release notes in 3 days !low #docs @lea ~2h';
    await input.pressSequentially(typed, { delay: 5 });
    await waitFor(async () => (await input.inputValue()) === typed, 5_000, 'the typed text in the Add Task box');
    await suite.vscode.page.keyboard.press('Enter');
    await suite.vscode.page.locator('.quick-input-title', { hasText: 'Add Task: write the release notes' }).waitFor({ timeout: 15_000 });
    await suite.vscode.page.keyboard.press('Enter');
    await waitFor(() => /\n- \[ \] write the release notes — due \d{4}-\d{2}-\d{2} · !low · #docs · @lea · est 2h <!-- lf:id=/.test(fs.readFileSync(taskFile(), 'utf8')), 10_000, 'the typed task in TASKS.md');
    await waitFor(async () => (await treeLabels()).includes('write the release notes'), 10_000, 'the typed task in the view');
    await suite.vscode.page.mouse.move(900, 600);
    await suite.vscode.screenshot('tasks-4-all-captured');
  });

  step('Summarise My Week opens the week as Markdown, and Save as Note writes it to notes/', async () => {
    await suite.vscode.runCommand('Local Focus: Summarise My Week');
    const toast = suite.vscode.page.locator('.notification-toast', { hasText: 'stand-up note' }).first();
    await toast.waitFor({ timeout: 15_000 });
    const editorText = async () => (await suite.vscode.page.locator('.editor-group-container.active .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    await waitFor(async () => /# Summary \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/.test(await editorText()), 10_000, 'the summary in an editor');
    await suite.vscode.screenshot('tasks-5-summary');
    await toast.getByRole('button', { name: 'Save as Note' }).click();
    const notes = path.join(suite.vscode.workspace, 'notes');
    const saved = () => fs.readdirSync(notes).filter((f) => /^summary-\d{4}-\d{2}-\d{2}\.md$/.test(f));
    await waitFor(() => saved().length === 1, 10_000, 'notes/summary-<date>.md');
    const text = fs.readFileSync(path.join(notes, saved()[0]), 'utf8');
    // Every task of this run was added today (the first one renamed by the hand edit above); an
    // open one due within the week is due next.
    const section = (title) => text.split(/\n(?=## )/).find((part) => part.startsWith(`## ${title}`)) ?? '';
    for (const title of ['fix the login redirect', 'write the release notes']) assert.ok(section('Added').includes(`- ${title}`), `"${title}" under Added:\n${text}`);
    assert.ok(section('Due in the next 7 days').includes('- write the release notes'), text);
    assert.match(text, /^# Summary .*\n\n## Done \(\d+\)\n/, text);
    await suite.vscode.page.locator('.tab.active', { hasText: saved()[0] }).waitFor({ timeout: 10_000 });
  });

  /** Runs a palette command that opens its own quick input (runCommand would wait for it to close). */
  async function runCommandThatAsks(title) {
    await suite.vscode.pickCommand(title);
  }

  /** Quick Open (Ctrl+P) a file by name and wait for its editor tab. */
  async function openFile(name) {
    await suite.vscode.focusWorkbench();
    await suite.vscode.page.keyboard.press('Control+P');
    const input = suite.vscode.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.pressSequentially(name, { delay: 10 });
    await suite.vscode.quickPickRow(name).first().waitFor({ timeout: 15_000 });
    await suite.vscode.page.keyboard.press('Enter');
    await suite.vscode.page.locator('.tab', { hasText: name }).first().waitFor({ timeout: 15_000 });
  }
});
