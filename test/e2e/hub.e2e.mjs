// Finding a model on the Hub as a user does, in a real workbench: a fake Hub on loopback
// (test/support/fakeHub.ts, the real API's shapes) named in localFocus.hub.url. Search for
// "stories" in the Model Manager, see each repository with its badge, counts and licence and each
// file with its quantisation, size and memory verdict; pick the Q4_K_M quantisation, which joins
// the catalog pinned to its published sha256 and downloads from the fake Hub's resolve URL (a 302
// to its CDN) to Ready; a repository whose files would leave the models folder offers no
// Download. Screenshots: test-results/hub-*.png.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { after, describe } from 'node:test';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { sharedModel, STORIES_260K } from '../support/sharedModels.cjs';
import { e2eSuite, waitFor } from './harness.mjs';

const { FakeHub } = await tsImport('../support/fakeHub.ts', import.meta.url);

const stories = fs.readFileSync(sharedModel(STORIES_260K));
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const MODEL_ID = 'bartowski-stories-260k-q4_k_m';

describe('hub', { timeout: 170_000 }, () => {
  const hub = new FakeHub();
  hub.repos = [
    { id: 'bartowski/Stories-260K-GGUF', downloads: 4321, likes: 21, tags: ['gguf', 'license:mit'], files: [{ path: 'Stories-260K-Q4_K_M.gguf', content: stories }, { path: 'Stories-260K-Q8_0.gguf', content: Buffer.concat([stories, Buffer.alloc(8192)]) }] },
    { id: 'someone/Stories-Escape-GGUF', downloads: 12, tags: ['gguf'], files: [{ path: '../../escape-Q4_K_M.gguf', content: stories }] },
  ];
  let home;
  const suite = e2eSuite('hub', async () => {
    await hub.start();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-hub-home-'));
    return { env: { LOCAL_FOCUS_HOME: home }, userSettings: { 'localFocus.hub.url': hub.url } };
  });
  const { step } = suite;

  after(async () => {
    await hub.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  const view = () => suite.vscode.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const repoCard = (repo) => view().locator(`article[data-repo="${repo}"]`).first();

  step('searching the Hub shows each repository with its badge, counts and licence, and each file with its verdict', async () => {
    await suite.vscode.statusBarItem('local-focus.local-focus.localFocus.mode').waitFor({ timeout: 40_000 });
    await suite.vscode.runCommand('Local Focus: Open Model Manager');
    const query = view().locator('#hub-query');
    await query.waitFor({ timeout: 40_000 });
    await query.scrollIntoViewIfNeeded();
    await query.fill('stories');
    await view().locator('#hub-role').selectOption('task-parsing');
    await query.press('Enter');
    const card = repoCard('bartowski/Stories-260K-GGUF');
    await card.waitFor({ timeout: 30_000 });
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Verified quantiser/, text);
    assert.match(text, /by bartowski · 4,321 downloads · 21 likes · licence mit/, text);
    assert.match(text, /Q4_K_M \(recommended\)/, text);
    assert.match(text, /Fits: needs [\d.]+ MB of [\d.]+ [MG]B free/, text);
    const escape = (await repoCard('someone/Stories-Escape-GGUF').innerText()).replace(/\s+/g, ' ');
    assert.match(escape, /Cannot be added: its file name .* contains "\.\."/, escape);
    assert.equal(await repoCard('someone/Stories-Escape-GGUF').locator('button', { hasText: 'Download' }).count(), 0);
    assert.ok(hub.requests.some((r) => r.path === '/api/models' && r.query.get('search') === 'stories' && r.query.get('filter') === 'gguf'));
    await card.evaluate((node) => node.scrollIntoView({ block: 'start' }));
    await suite.vscode.screenshot('hub-1-search-results');
  });

  step('Download of the recommended quantisation adds it pinned to its sha256 and downloads it from the Hub to Ready', async () => {
    const button = view().locator(`button[data-focus="hub:bartowski/Stories-260K-GGUF:Stories-260K-Q4_K_M.gguf"]`);
    await button.click();
    const model = view().locator(`article[data-model="${MODEL_ID}"]`).first();
    await model.waitFor({ timeout: 30_000 });
    await waitFor(async () => /^Ready$/.test((await model.locator('.state').innerText().catch(() => '')).trim()), 40_000, 'the model to be Ready');
    const badge = await model.locator('.badge').first().innerText();
    assert.match(badge, /Verified/);
    const file = path.join(home, 'models', 'Stories-260K-Q4_K_M.gguf');
    assert.equal(sha256(fs.readFileSync(file)), sha256(stories));
    const catalog = JSON.parse(fs.readFileSync(path.join(home, 'catalog.json'), 'utf8'));
    const entry = catalog.models.find((m) => m.id === MODEL_ID);
    assert.equal(entry.files[0].sha256, sha256(stories));
    assert.match(entry.files[0].url, /\/bartowski\/Stories-260K-GGUF\/resolve\/[0-9a-f]{40}\/Stories-260K-Q4_K_M\.gguf$/);
    assert.ok(hub.cdnRequests.length > 0, 'the bytes came through the Hub\'s redirect');
    await model.evaluate((node) => node.scrollIntoView({ block: 'center' }));
    await suite.vscode.screenshot('hub-2-downloaded-ready');
  });
});
