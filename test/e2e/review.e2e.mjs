// Code review as a user meets it on a fresh profile without models: Review File on the demo's
// checkout.ts runs the heuristics (the degraded tier), the findings land in the Problems panel,
// the summary and the Local Focus status item's tooltip say "Degraded", and the quick fix on the
// `debugger` finding deletes the line in the editor.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

// <publisher>.<name>.<itemId> from package.json and createStatusBarItem('localFocus.mode', …).
const modeItemId = 'local-focus.local-focus.localFocus.mode';

describe('review', { timeout: 150_000 }, () => {

  const suite = e2eSuite('review', () => ({ workspace: path.join(repoRoot, 'demo') }));
  const { step } = suite;

  const page = () => suite.vscode.page;
  const editorLines = () => page().locator('.editor-group-container.active .monaco-editor .view-lines').first();
  const problemRows = () => page().locator('.markers-panel .monaco-list-row');
  const editorText = async () => (await editorLines().innerText()).replace(/\u00a0/g, ' ');

  /** Rows of the Problems panel from the review (the TypeScript server adds its own). */
  async function problemTexts() {
    return (await problemRows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.includes('Local Focus'));
  }

  step('Review File on checkout.ts puts the heuristics findings in the Problems panel', async () => {
    // The worker reports the rules tier once it is up: no model and no key on a fresh profile.
    await waitFor(async () => /Rules/.test(await suite.vscode.statusBarItem(modeItemId).innerText()), 45_000, 'the mode item to say Rules');
    await suite.vscode.openFile('checkout.ts');
    await waitFor(async () => (await editorText()).includes('export function cartTotal'), 15_000, 'checkout.ts in the editor');

    await suite.vscode.runCommand('Local Focus: Review File');
    await page().keyboard.press('Control+Shift+M');
    await waitFor(async () => (await problemTexts()).length === 4, 20_000, 'four findings in Problems');
    const rows = await problemTexts();
    await suite.vscode.screenshot('review-1-problems');
    for (const expected of [/Comparison with NaN is always false/, /`debugger` statement left in the code/, /Leftover console\.log call/, /Empty catch block/]) {
      assert.ok(rows.some((r) => expected.test(r)), `Problems shows ${expected}; rows: ${JSON.stringify(rows)}`);
    }
    assert.ok(rows.some((r) => /Local Focus/.test(r) && /nan-comparison/.test(r) && /\[Ln 14/.test(r)), `the NaN finding sits on line 14 with its source and rule: ${JSON.stringify(rows)}`);
  });

  step('the summary and the status item\'s tooltip say the Degraded (heuristics) tier ran, with counts', async () => {
    let tooltip = '';
    await waitFor(async () => /Degraded review/.test((tooltip = await modeTooltip())), 20_000, 'the last review in the status tooltip');
    assert.match(tooltip, /Degraded review: 1 2 1 · (src\/)?checkout\.ts/, `status tooltip: ${JSON.stringify(tooltip)}`);
    const notes = await suite.vscode.readNotifications();
    const summary = notes.find((n) => n.includes('Review of checkout.ts') || n.includes('Review of src/checkout.ts'));
    assert.ok(summary, `a summary notification; notifications: ${JSON.stringify(notes)}`);
    assert.match(summary, /Degraded \(heuristics\): 1 error, 2 warnings, 1 info\./);
    assert.match(summary, /No model review: .*review model not found/);
    await suite.vscode.screenshot('review-2-summary');
  });

  step('the quick fix on the debugger finding deletes the line in the editor', async () => {
    const before = await editorText();
    assert.match(before, /^\s*debugger;\s*$/m);
    const actions = page().locator('.action-widget .monaco-list-row');
    const fix = await suite.vscode.quickFixMenu(/^\s*debugger;\s*$/, 'Delete line 22');
    assert.ok(await actions.filter({ hasText: 'Dismiss finding' }).count() >= 1, 'Dismiss finding is offered too');
    await suite.vscode.screenshot('review-3-quick-fix-menu');
    await fix.click();
    await waitFor(async () => !/^\s*debugger;\s*$/m.test(await editorText()), 10_000, 'the debugger line to go');
    const afterText = await editorText();
    assert.match(afterText, /console\.log\('checkout', req\.headers\);\s*\n\s*try \{/, 'the lines around the deleted one close up');
    // The fixed finding leaves Problems; the others stay, the empty catch moved up a line.
    await waitFor(async () => (await problemTexts()).length === 3, 10_000, 'three findings left');
    const rows = await problemTexts();
    assert.ok(!rows.some((r) => /debugger/.test(r)), JSON.stringify(rows));
    assert.ok(rows.some((r) => /Empty catch block/.test(r) && /\[Ln 26/.test(r)), `empty catch now on line 26: ${JSON.stringify(rows)}`);
    await waitFor(async () => /Degraded review: 1 1 1 /.test(await modeTooltip()), 20_000, 'the status tooltip to count the findings left');
    await suite.vscode.screenshot('review-4-after-fix');
  });

  step('Review Branch Changes… against main reports only what the branch changed', async () => {
    // The branch's change goes to a file no editor holds, so what git compares is what was written.
    const ws = suite.vscode.workspace;
    const git = (...args) => execFileSync('git', args, { cwd: ws, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@e2e.test', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@e2e.test' } });
    const file = path.join(ws, 'src', 'http.ts');
    const append = (lines) => fs.appendFileSync(file, `\n${lines.join('\n')}\n`);
    // main already logs: its finding is main's, not the branch's.
    append(['export function logRequest(req: Request): void {', "  console.log('request', req.query);", '}']);
    const mainLogLine = fs.readFileSync(file, 'utf8').split('\n').length - 2;
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'demo as it is');
    git('checkout', '-q', '-b', 'feature');
    append(['export function traceRequest(): void {', '  debugger;', '}']);
    const debuggerLine = fs.readFileSync(file, 'utf8').split('\n').length - 2;

    await suite.vscode.pickCommand('Local Focus: Review Branch Changes…');
    await suite.vscode.quickPickRow('default branch').first().waitFor({ timeout: 20_000 });
    await suite.vscode.screenshot('review-5-branch-base-pick');
    await suite.vscode.quickPickRow('default branch').first().click();
    let rows = [];
    const debuggerRows = () => rows.filter((r) => /debugger/.test(r));
    const branchFinding = async () => {
      rows = await problemTexts();
      return debuggerRows().length === 1;
    };
    await waitFor(branchFinding, 30_000, 'the branch\'s finding in Problems')
      .catch((e) => assert.fail(`${e.message}: ${JSON.stringify(rows)}`));
    assert.ok(debuggerRows()[0].includes(`[Ln ${debuggerLine},`), `the finding sits on the added line ${debuggerLine}: ${JSON.stringify(rows)}`);
    assert.ok(!rows.some((r) => /console\.log/.test(r) && r.includes(`[Ln ${mainLogLine},`)), `main's console.log is not the branch's: ${JSON.stringify(rows)}`);
    await suite.vscode.screenshot('review-6-branch-findings');
  });

  /** The Local Focus item's tooltip, whitespace folded (codicons leave gaps), closed again after reading. */
  async function modeTooltip() {
    const text = await suite.vscode.hoverText(suite.vscode.statusBarItem(modeItemId).locator('a, .statusbar-item-label').first());
    await suite.vscode.dismissHovers();
    return text.replace(/\s+/g, ' ');
  }
});
