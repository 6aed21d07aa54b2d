// Notes search as a user meets it on a fresh profile without models (keyword tier): the demo's
// notes are indexed in the background, "Local Focus: Search Notes" shows results as the query is
// typed, with title, heading path, file and line, and a snippet with the matched words; picking a
// result opens the note at that section's line. "Find Related Notes" lists the other notes. When
// an embedding model is set, the notes are embedded in the background and search turns hybrid.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

const modeItemId = 'local-focus.local-focus.localFocus.mode';
// The tiny MiniLM-shaped fixture model (test/fixtures/make-tiny-embedder.mjs): real loading and
// inference, meaningless vectors, so the hybrid step checks the tier and the embedding, not ranks.
const tinyModel = path.join(repoRoot, 'test', 'fixtures', 'generated', 'tiny-minilm');

describe('notes', { timeout: 150_000 }, () => {

  const suite = e2eSuite('notes', () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'test', 'fixtures', 'make-tiny-embedder.mjs'), tinyModel]);
    return { workspace: path.join(repoRoot, 'demo') };
  });
  const { step } = suite;

  const page = () => suite.vscode.page;
  const rows = () => page().locator('.quick-input-list .monaco-list-row');
  const quickTitle = () => page().locator('.quick-input-widget .quick-input-title');
  const cursorPosition = () => page().locator('[id="status.editor.selection"]');
  const activeTab = () => page().locator('.tabs-container .tab.active');

  /** Label, description and whole text (snippet included) of each row the quick pick shows. */
  async function rowTexts() {
    return rows().evaluateAll((els) => els.map((el) => ({
      label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
      text: el.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    })));
  }

  /**
   * Runs a command that opens its own quick pick. (runCommand waits for the palette to close,
   * which never happens when the command's quick pick takes its place.)
   */
  async function openPickCommand(title, pickTitle) {
    const input = await suite.vscode.openCommandPalette();
    await input.pressSequentially(title, { delay: 10 });
    const row = suite.vscode.quickPickRow(title, { exact: true }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await waitFor(async () => pickTitle.test(await quickTitle().innerText().catch(() => '')), 10_000, `the ${title} quick pick`);
  }

  async function searchFor(query) {
    await openPickCommand('Local Focus: Search Notes', /^Search Notes/);
    await suite.vscode.quickInput().locator('input').pressSequentially(query, { delay: 15 });
  }

  /** The Output panel's text with its wrapped lines joined (each log line starts with a date). */
  const flat = (text) => text.replace(/\n(?!\d{4}-\d{2}-\d{2} )/g, '');

  async function hidePanel() {
    const panel = page().locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await suite.vscode.focusWorkbench();
    await page().keyboard.press('Control+J');
    await waitFor(async () => !(await panel.isVisible()), 5_000, 'the panel to close');
  }

  step('the demo notes are indexed in the background by keyword (no model on a fresh profile)', async () => {
    await waitFor(async () => /Rules/.test(await suite.vscode.statusBarItem(modeItemId).innerText()), 45_000, 'the worker to report its tiers');
    await suite.vscode.runCommand('Local Focus: Show Log');
    let log = '';
    await waitFor(async () => /notes: indexed demo: 4 notes in scope/.test((log = flat(suite.vscode.extensionLogText()))), 30_000, 'the notes to be indexed');
    assert.match(log, /notes: indexed demo: 4 notes in scope, 4 added.*keyword search/);
    assert.match(log, /keyword-only: embedding model not found/);
    await hidePanel();
  });

  step('Search Notes shows results as you type, with the tier, title, heading path and snippet', async () => {
    await searchFor('rotate the payment key');
    await waitFor(async () => (await rows().count()) >= 3 && /Rotating API keys/.test(await rows().first().innerText()), 15_000, 'results for the query');
    await page().mouse.move(700, 700);
    await suite.vscode.screenshot('notes-1-results');
    const title = (await quickTitle().innerText()).trim();
    assert.match(title, /^Search Notes · Keyword only \(embedding model not found\)$/, `quick pick title: ${title}`);
    const shown = await rowTexts();
    const first = shown[0];
    assert.equal(first.label, 'Rotating API keys');
    assert.match(first.description, /^notes\/key-rotation\.md:1$/, JSON.stringify(first));
    assert.match(first.text, /We \*\*rotate\*\* the \*\*payment\*\* provider \*\*key\*\*/, 'the snippet marks the matched words');
    const steps = shown.find((r) => r.description.startsWith('Steps · '));
    assert.ok(steps, `a row for the Steps section: ${JSON.stringify(shown.map((r) => r.description))}`);
    assert.equal(steps.description, 'Steps · notes/key-rotation.md:5');
  });

  step('picking a result opens the note at its section line', async () => {
    await suite.vscode.quickPickRow('Steps · notes/key-rotation.md:5').first().click();
    await waitFor(async () => /key-rotation\.md/.test((await activeTab().getAttribute('aria-label')) ?? ''), 10_000, 'key-rotation.md in the editor');
    await waitFor(async () => /Ln 5, Col 1/.test(await cursorPosition().innerText()), 10_000, 'the cursor on line 5');
    await suite.vscode.dismissHovers().catch(() => {});
    await waitFor(async () => /Ln 5, Col 1/.test(await cursorPosition().innerText()), 5_000, 'the cursor still on line 5');
    const cursorLine = page().locator('.editor-group-container.active .monaco-editor .view-overlays .current-line').first();
    await cursorLine.waitFor({ timeout: 5_000 }).catch(() => {});
    await suite.vscode.screenshot('notes-2-opened-at-line');
    const editorText = (await page().locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(editorText, /## Steps/);
  });

  step('a query whose best section is mid-note opens at that line', async () => {
    await searchFor('token bucket requests per minute');
    await waitFor(async () => (await rows().count()) >= 1 && /Architecture overview/.test(await rows().first().innerText()), 15_000, 'results for the second query');
    const [first] = await rowTexts();
    assert.equal(first.description, 'Rate limiting · notes/architecture.md:6');
    await page().keyboard.press('Enter');
    await waitFor(async () => /architecture\.md/.test((await activeTab().getAttribute('aria-label')) ?? ''), 10_000, 'architecture.md in the editor');
    await waitFor(async () => /Ln 6, Col 1/.test(await cursorPosition().innerText()), 10_000, 'the cursor on line 6');
  });

  step('Find Related Notes lists the other notes, never the current one', async () => {
    await openPickCommand('Local Focus: Find Related Notes', /^Notes Related to/);
    await waitFor(async () => (await rows().count()) >= 1 && !(await rows().first().innerText()).includes('No note'), 15_000, 'related notes');
    const title = (await quickTitle().innerText()).trim();
    assert.match(title, /^Notes Related to architecture\.md · Keyword only/, title);
    const shown = await rowTexts();
    assert.ok(shown.every((r) => !r.description.includes('architecture.md')), JSON.stringify(shown.map((r) => r.description)));
    await page().mouse.move(700, 700);
    await suite.vscode.screenshot('notes-3-related');
    await suite.vscode.closeQuickPick();
  });

  step('setting an embedding model embeds the notes in the background and search turns hybrid', async () => {
    // The workspace's settings: the workbench watches the folder, so the change reaches the extension as a user's edit would.
    fs.mkdirSync(path.dirname(suite.vscode.workspaceSettingsPath), { recursive: true });
    fs.writeFileSync(suite.vscode.workspaceSettingsPath, JSON.stringify({ 'localFocus.models.embeddings': tinyModel }, null, 2));
    await suite.vscode.runCommand('Local Focus: Show Log');
    let log = '';
    await waitFor(async () => /notes: indexed demo: [^\n]* 10 chunks embedded/.test((log = flat(suite.vscode.extensionLogText()))), 30_000, 'the notes to be embedded');
    assert.match(log, /notes: indexed demo: 4 notes in scope, 0 added, 0 changed, 0 deleted; 10 chunks embedded, 10 chunks \/ 10 vectors in the index; hybrid search/);
    await hidePanel();
    await searchFor('rotate the payment key');
    await waitFor(async () => /Hybrid/.test(await quickTitle().innerText()) && (await rows().count()) >= 3, 15_000, 'hybrid results');
    assert.equal((await quickTitle().innerText()).trim(), 'Search Notes · Hybrid: meaning + keywords');
    const shown = await rowTexts();
    assert.ok(shown.some((r) => r.description === 'notes/key-rotation.md:1'), 'fusion keeps the keyword hit');
    await page().mouse.move(700, 700);
    await suite.vscode.screenshot('notes-4-hybrid');
    await suite.vscode.closeQuickPick();
  });
});
