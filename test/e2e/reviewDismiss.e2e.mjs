// A dismissed review finding as a user meets it across a restart: Dismiss finding on the
// console.log finding of the demo's checkout.ts writes .localfocus/review-baseline.json in the
// workspace; after an edit above it and a window reload (a new extension host and worker), Review
// File still leaves it out and the summary says one is dismissed; Show Dismissed Findings restores
// it and the next review shows it again, on its moved line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

const modeItemId = 'local-focus.local-focus.localFocus.mode';

describe('review dismissals', { timeout: 230_000 }, () => {
  const suite = e2eSuite('reviewDismiss', () => ({ workspace: path.join(repoRoot, 'demo'), maxLifetimeMs: 175_000 }));
  const { step } = suite;

  const page = () => suite.vscode.page;
  const editorLines = () => page().locator('.editor-group-container.active .monaco-editor .view-lines').first();
  const editorText = async () => (await editorLines().innerText()).replace(/\u00a0/g, ' ');
  const baselineFile = () => path.join(suite.vscode.workspace, '.localfocus', 'review-baseline.json');
  const baselineEntries = () => JSON.parse(fs.readFileSync(baselineFile(), 'utf8')).findings;

  async function problemTexts() {
    const rows = await page().locator('.markers-panel .monaco-list-row').allInnerTexts();
    return rows.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.includes('Local Focus'));
  }

  async function reviewCheckout(expected, what) {
    await suite.vscode.openFile('checkout.ts');
    await waitFor(async () => (await editorText()).includes('export function cartTotal'), 15_000, 'checkout.ts in the editor');
    await suite.vscode.runCommand('Local Focus: Review File');
    // The key toggles the panel in some versions: press it only while Problems is hidden.
    if (!(await page().locator('.markers-panel').isVisible().catch(() => false))) await page().keyboard.press('Control+Shift+M');
    await waitFor(async () => (await problemTexts()).length === expected, 30_000, what);
    return problemTexts();
  }

  step('Dismiss finding writes the finding to the workspace\'s baseline and takes it out of Problems', async () => {
    // Activation is enough: the heuristics run in the host until the worker is up (review.e2e.mjs covers the worker).
    await waitFor(async () => (await suite.vscode.statusBarItem(modeItemId).count()) > 0, 45_000, 'Local Focus to activate');
    const rows = await reviewCheckout(4, 'four findings in Problems');
    assert.ok(rows.some((r) => /Leftover console\.log call/.test(r)), JSON.stringify(rows));

    const dismiss = await suite.vscode.quickFixMenu(/console\.log\('checkout'/, 'Dismiss finding');
    await dismiss.click();
    await waitFor(async () => (await problemTexts()).length === 3, 10_000, 'three findings left');
    assert.ok(!(await problemTexts()).some((r) => /console\.log/.test(r)));
    await waitFor(async () => fs.existsSync(baselineFile()), 10_000, 'the baseline file');
    const entries = baselineEntries();
    assert.deepEqual(entries.map((e) => [e.path, e.rule, e.context, e.code]), [['src/checkout.ts', 'console-log', 'checkout', "console.log('checkout', req.headers);"]]);
    assert.ok(!fs.readFileSync(baselineFile(), 'utf8').includes(suite.vscode.workspace), 'no absolute path in the file');
    await suite.vscode.screenshot('reviewDismiss-1-dismissed');
  });

  step('after an edit above it and a window reload, Review File still leaves it out', async () => {
    // A line in view takes the click (the first rendered one can sit under the breadcrumbs).
    await page().locator('.editor-group-container.active .view-line', { hasText: /console\.log\('checkout'/ }).first().click();
    await page().keyboard.press('Control+Home');
    // Code, not comments: the editor continues a comment line on Enter.
    await page().keyboard.type('const CENTS = 100;\nconst DIGITS = 2;\n');
    await page().keyboard.press('Control+S');
    const saved = () => fs.readFileSync(path.join(suite.vscode.workspace, 'src', 'checkout.ts'), 'utf8');
    await waitFor(async () => saved().startsWith('const CENTS = 100;\nconst DIGITS = 2;\n// Checkout flow.'), 10_000, 'two lines added above and saved');

    // A new window: the extension host, the worker and the findings kept in memory start afresh.
    // The review needs no wait for the worker: while it starts, the heuristics run in the host.
    await suite.vscode.runCommand('Developer: Reload Window');
    await page().locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await waitFor(async () => (await suite.vscode.statusBarItem(modeItemId).count()) > 0, 60_000, 'Local Focus to activate in the reloaded window');

    const rows = await reviewCheckout(3, 'three findings after the reload');
    assert.ok(!rows.some((r) => /console\.log/.test(r)), `still dismissed: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => /Comparison with NaN/.test(r) && /\[Ln 16/.test(r)), `the others moved down two lines: ${JSON.stringify(rows)}`);
    const notes = await suite.vscode.readNotifications();
    assert.ok(notes.some((n) => /1 dismissed finding is not shown/.test(n)), `the summary counts it: ${JSON.stringify(notes)}`);
    await suite.vscode.screenshot('reviewDismiss-2-after-reload');
  });

  step('Show Dismissed Findings lists it and restores it; the next review shows it on its moved line', async () => {
    await suite.vscode.pickCommand('Local Focus: Show Dismissed Findings');
    const row = suite.vscode.quickPickRow("console.log('checkout', req.headers);").first();
    await row.waitFor({ timeout: 15_000 });
    await suite.vscode.screenshot('reviewDismiss-3-list');
    await row.click();
    await waitFor(async () => baselineEntries().length === 0, 10_000, 'the entry to leave the baseline');
    const rows = await reviewCheckout(4, 'four findings after the restore');
    assert.ok(rows.some((r) => /Leftover console\.log call/.test(r) && /\[Ln 23/.test(r)), JSON.stringify(rows));
  });
});
