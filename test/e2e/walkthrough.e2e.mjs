// The Get Started walkthrough as a user meets it on the first start: it opens by itself once, and
// each of its five steps shows its page. A screenshot of each step goes to test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

const STEPS = ['Choose a mode', 'Set up local AI', 'Capture a TODO as a task', 'Search your notes', 'Review a file'];

describe('walkthrough', { timeout: 150_000 }, () => {
  const suite = e2eSuite('walkthrough', () => ({
    workspace: path.join(repoRoot, 'demo'),
    // The harness sets no startup editor for every other spec, which keeps the walkthrough closed.
    userSettings: { 'workbench.startupEditor': 'welcomePage' },
  }));
  const { step } = suite;
  const page = () => suite.vscode.page;
  // The welcome page keeps the walkthrough's steps in its DOM when it shows its list of
  // walkthroughs instead, with the buttons disabled: only an enabled step is one on screen.
  const stepButton = (title) => page().locator('.getting-started-step:not([disabled])', { hasText: title }).first();

  step('opens by itself on the first start', async () => {
    // The editor's welcome page may come first, listing the walkthrough as a card; then it opens.
    await waitFor(async () => (await stepButton(STEPS[0]).count()) > 0, 60_000, 'the Local Focus walkthrough and its steps');
    assert.ok(await page().locator('.gettingStartedContainer', { hasText: 'Get Started with Local Focus' }).count(), 'the walkthrough\'s title');
    for (const title of STEPS) assert.ok(await stepButton(title).count(), `the walkthrough lists "${title}"`);
    // The page shows each step's media beside the steps only when the editor is wide enough.
    await suite.vscode.runCommand('View: Close Primary Side Bar');
  });

  STEPS.forEach((title, i) => {
    step(`step ${i + 1}, "${title}", shows its page`, async () => {
      await stepButton(title).click();
      await waitFor(async () => /expanded/.test((await stepButton(title).getAttribute('class')) ?? ''), 10_000, `"${title}" expanded`);
      await waitFor(async () => (await page().locator('.getting-started-media:visible').count()) > 0, 10_000, `the media of "${title}"`);
      await suite.vscode.screenshot(`walkthrough-${i + 1}-${title.toLowerCase().replace(/\W+/g, '-')}`);
    });
  });

  step('Set Up Local AI, with no model server, offers the default downloads that fit, with sizes', async () => {
    await stepButton(STEPS[1]).click();
    await page().locator('.getting-started-step.expanded').getByRole('button', { name: 'Set Up Local AI', exact: true }).click();
    const items = await suite.vscode.quickPickItems();
    const rows = await page().locator('.quick-input-list .monaco-list-row').allInnerTexts();
    await suite.vscode.screenshot('walkthrough-6-set-up-local-ai-downloads');
    assert.ok(items.length >= 1, `a download is offered: ${JSON.stringify(rows)}`);
    assert.ok(rows.every((r) => /\d(\.\d+)? (KB|MB|GB)/.test(r)), `each offer shows its size: ${JSON.stringify(rows)}`);
    await suite.vscode.closeQuickPick();
    // The step counts as done once its command ran.
    await waitFor(async () => (await stepButton(STEPS[1]).locator('.codicon-pass-filled, .complete').count()) > 0, 10_000, 'the step to be checked off');
  });
});
