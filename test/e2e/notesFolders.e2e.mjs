// A notes folder outside the workspace as a user sets one up: `localFocus.notes.folders` in the
// user settings names a vault beside the project; it is indexed by itself, Search Notes finds its
// notes together with the workspace's, and each row says which folder it comes from.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

describe('notes folders', { timeout: 150_000 }, () => {
  const vault = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-notes-folders-')), 'vault');
  const suite = e2eSuite('notes-folders', () => {
    fs.mkdirSync(path.join(vault, 'journal'), { recursive: true });
    fs.writeFileSync(
      path.join(vault, 'journal', 'flight.md'),
      '# Working on a plane\n\nBefore boarding, download the quantised model and check the [[packing-list|list]].\n\n#travel\n',
    );
    fs.writeFileSync(path.join(vault, 'packing-list.md'), '---\ntags: [travel]\n---\n# Packing list\n\nCharger, headphones, a paper notebook.\n');
    return { workspace: path.join(repoRoot, 'demo'), userSettings: { 'localFocus.notes.folders': [vault] } };
  });
  const { step } = suite;
  after(() => fs.rmSync(path.dirname(vault), { recursive: true, force: true }));

  const page = () => suite.vscode.page;
  const rows = () => page().locator('.quick-input-list .monaco-list-row');
  const quickTitle = () => page().locator('.quick-input-widget .quick-input-title');
  const flat = (text) => text.replace(/\n(?!\d{4}-\d{2}-\d{2} )/g, '');

  async function searchFor(query) {
    await suite.vscode.pickCommand('Local Focus: Search Notes');
    await waitFor(async () => /^Search Notes/.test(await quickTitle().innerText().catch(() => '')), 10_000, 'the Search Notes quick pick');
    await suite.vscode.quickInput().locator('input').pressSequentially(query, { delay: 15 });
  }

  /** Label and description of each row the quick pick shows. */
  async function rowTexts() {
    return rows().evaluateAll((els) => els.map((el) => ({
      label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
    })));
  }

  step('the vault named in the settings is indexed beside the workspace', async () => {
    let log = '';
    await waitFor(async () => /notes: indexed vault: 2 notes in scope, 2 added/.test((log = flat(suite.vscode.extensionLogText()))), 45_000, 'the vault to be indexed')
      .catch((e) => assert.fail(`${e.message}\n${log.split('\n').filter((l) => l.includes('notes')).join('\n')}`));
    assert.match(log, /notes: indexed demo: 4 notes in scope/);
  });

  step('Search Notes finds the vault\'s note and the workspace\'s, each row naming its folder', async () => {
    await searchFor('quantised model before boarding');
    let shown = [];
    await waitFor(async () => (shown = await rowTexts()).some((r) => r.label === 'Working on a plane'), 15_000, 'the vault\'s note in the results')
      .catch((e) => assert.fail(`${e.message}: ${JSON.stringify(shown)}`));
    const flight = shown.find((r) => r.label === 'Working on a plane');
    assert.match(flight.description, /^vault\/journal\/flight\.md:\d+$/, JSON.stringify(flight));
    await page().mouse.move(700, 700);
    await suite.vscode.screenshot('notes-folders-1-vault-result');
    await suite.vscode.closeQuickPick();

    await searchFor('rotate the payment key');
    await waitFor(async () => (shown = await rowTexts()).some((r) => r.label === 'Rotating API keys'), 15_000, 'the workspace\'s note in the results')
      .catch((e) => assert.fail(`${e.message}: ${JSON.stringify(shown)}`));
    const rotating = shown.find((r) => r.label === 'Rotating API keys');
    assert.match(rotating.description, /^demo\/notes\/key-rotation\.md:1$/, JSON.stringify(rotating));
    await suite.vscode.closeQuickPick();
  });

  step('a #tag alone lists the notes that carry it, from the text or the front matter', async () => {
    await searchFor('#travel');
    let shown = [];
    await waitFor(async () => (shown = await rowTexts()).length === 2, 15_000, 'the two #travel notes')
      .catch((e) => assert.fail(`${e.message}: ${JSON.stringify(shown)}`));
    assert.deepEqual(shown.map((r) => r.label).sort(), ['Packing list', 'Working on a plane']);
    await page().mouse.move(700, 700);
    await suite.vscode.screenshot('notes-folders-2-tag-filter');
  });

  step('Find Related Notes on the flight note lists the note it links to', async () => {
    await suite.vscode.pickQuickPickItem('Working on a plane');
    await page().locator('.tab.active', { hasText: 'flight.md' }).waitFor({ timeout: 10_000 });
    await suite.vscode.pickCommand('Local Focus: Find Related Notes');
    let shown = [];
    await waitFor(async () => (shown = await rowTexts()).some((r) => r.label === 'Packing list'), 15_000, 'the linked note among the related ones')
      .catch((e) => assert.fail(`${e.message}: ${JSON.stringify(shown)}`));
    assert.ok(shown.every((r) => r.label !== 'Working on a plane'), JSON.stringify(shown));
    await suite.vscode.closeQuickPick();
  });
});
