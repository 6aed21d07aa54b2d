// The model manager as a user meets it in a real workbench: open the view, download a model from a
// local server (listed by a user catalog in LOCAL_FOCUS_HOME), watch the progress, pause from the
// keyboard, resume, reach Ready; then import a .gguf file through "Import Model File…" and see it
// become the model a role uses. Screenshots: test-results/models-*.png.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';
import { LLAMA2_TINY_RANDOM, sharedModel, STORIES_260K } from '../support/sharedModels.cjs';
import { e2eSuite } from './harness.mjs';

const STORIES = sharedModel(STORIES_260K);
const TINY = sharedModel(LLAMA2_TINY_RANDOM);
// Published in ../shared/models/README.md.
const STORIES_SHA = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
const STORIES_SIZE = 1_185_376;
/** Slow enough to see and pause the download (about 8 s for the whole file). */
const BYTES_PER_SECOND = 150_000;

/** Serves one file with Range support, throttled, as Hugging Face's CDN would (minus the speed). */
async function startModelServer(file) {
  const data = fs.readFileSync(file);
  const requests = [];
  const server = http.createServer((req, res) => {
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    requests.push(req.headers.range ?? 'full');
    res.writeHead(m ? 206 : 200, {
      'content-length': String(data.length - start),
      'accept-ranges': 'bytes',
      etag: '"stories-1"',
      ...(m ? { 'content-range': `bytes ${start}-${data.length - 1}/${data.length}` } : {}),
    });
    let offset = start;
    const chunk = Math.floor(BYTES_PER_SECOND / 20);
    const timer = setInterval(() => {
      if (res.destroyed || offset >= data.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(data.subarray(offset, offset + chunk));
      offset += chunk;
    }, 50);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/stories260K.gguf`, requests, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

describe('models', { timeout: 150_000 }, () => {
  let modelServer;
  let home;

  const suite = e2eSuite('models', async () => {
    assert.equal(createHash('sha256').update(fs.readFileSync(STORIES)).digest('hex'), STORIES_SHA);
    modelServer = await startModelServer(STORIES);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-e2e-models-home-'));
    fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({
      version: 1,
      models: [{
        id: 'e2e-stories', name: 'Stories 260K (local server)', roles: ['task-parsing'], publisher: 'karpathy (test server)',
        trust: 'community', format: 'gguf', quantization: 'F32', parameters: '260K', contextLength: 2048, license: 'MIT',
        files: [{ name: 'e2e-stories.gguf', url: modelServer.url, size: STORIES_SIZE, sha256: STORIES_SHA }],
      }],
    }));
    return { env: { LOCAL_FOCUS_HOME: home } };
  });
  const { step } = suite;

  after(async () => {
    await modelServer?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  /** The model manager's document: the webview's outer iframe holds the content frame. */
  const view = () => suite.vscode.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const card = (id) => view().locator(`article[data-model="${id}"]`).first();
  const stateOf = (id) => card(id).locator('.state');

  step('the Model Manager opens in the Local Focus container with the catalog, device and the user catalog entry', async () => {
    // The status bar item shows once the extension is active: its commands are in the palette then.
    await suite.vscode.statusBarItem('local-focus.local-focus.localFocus.mode').waitFor({ timeout: 40_000 });
    await suite.vscode.runCommand('Local Focus: Open Model Manager');
    await card('e2e-stories').waitFor({ timeout: 40_000 });
    assert.equal((await stateOf('e2e-stories').innerText()).trim(), 'Not downloaded');
    const text = await view().locator('#root').innerText();
    for (const expected of ['Task parsing', 'Code review', 'Notes search', 'Llama 3.2 3B Instruct', 'RAM', 'Budget', 'CPU', 'Detect GPU', 'Import Model File…', 'Add Model from URL…']) {
      assert.ok(text.includes(expected), `the view shows ${expected}`);
    }
    const verdict = (await card('e2e-stories').locator('.verdict').innerText()).trim();
    assert.match(verdict, /^Fits: needs [\d.]+ [KMG]B of [\d.]+ [KMG]B free$/);
    assert.match(await card('e2e-stories').locator('.badge').first().innerText(), /Community/);
    await suite.vscode.screenshot('models-0-overview');
  });

  step('Download shows progress with speed and time left', async () => {
    await card('e2e-stories').locator('button', { hasText: 'Download' }).click();
    await waitForText(stateOf('e2e-stories'), /^Downloading \d+% · .*B\/s · .* left$/, 20_000);
    await waitForText(stateOf('e2e-stories'), /^Downloading ([2-9]\d)%/, 20_000);
    const bar = card('e2e-stories').locator('progress');
    assert.ok(Number(await bar.getAttribute('value')) >= 20);
    await suite.vscode.screenshot('models-1-downloading');
  });

  step('Pause from the keyboard keeps the partial file; Resume continues with a Range request to Ready', async () => {
    const pause = card('e2e-stories').locator('button', { hasText: 'Pause' });
    await pause.focus();
    await suite.vscode.page.keyboard.press('Enter');
    const paused = await waitForText(stateOf('e2e-stories'), /^Paused at \d+%$/, 15_000);
    const partial = path.join(home, 'models', 'e2e-stories.gguf.partial');
    const size = fs.statSync(partial).size;
    assert.ok(size > 0 && size < STORIES_SIZE, `partial file of ${size} bytes`);
    await suite.vscode.screenshot('models-2-paused');
    console.log(`paused: ${paused}`);

    await card('e2e-stories').locator('button', { hasText: 'Resume' }).click();
    await waitForText(stateOf('e2e-stories'), /^Ready$/, 30_000);
    assert.ok(modelServer.requests.some((r) => r !== 'full' && Number(/bytes=(\d+)-/.exec(r)?.[1]) >= size), `resumed with Range: ${modelServer.requests.join(', ')}`);
    const file = path.join(home, 'models', 'e2e-stories.gguf');
    assert.equal(createHash('sha256').update(fs.readFileSync(file)).digest('hex'), STORIES_SHA);
    const buttons = await card('e2e-stories').locator('button').allInnerTexts();
    assert.deepEqual(buttons.map((b) => b.trim()), ['Load', 'Use for Task parsing', 'Verify', 'Remove']);
    await suite.vscode.screenshot('models-3-ready');
  });

  step('Import Model File… copies a .gguf and makes it the model of a role that had none', async () => {
    await suite.vscode.runCommand('Local Focus: Import Model File…');
    // code-server's open dialog is a quick input with the path in a text box.
    const input = suite.vscode.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(TINY);
    // Enter accepts the path only once the dialog has read the typed folder and lists the file;
    // pressed earlier (a busy machine), it is lost and the role pick never comes.
    await suite.vscode.quickPickRow(path.basename(TINY)).first().waitFor({ state: 'visible', timeout: 15_000 });
    await suite.vscode.page.keyboard.press('Enter');
    await suite.vscode.pickQuickPickItem('Code review');
    const imported = view().locator('article[data-model^="imported-llama-2-tiny-random"]').first();
    await imported.waitFor({ timeout: 30_000 });
    await waitForText(imported.locator('.state'), /^Ready$/, 15_000);
    await waitForText(imported.locator('.badge.in-use'), /In use/, 15_000);
    const uses = await view().locator('[aria-labelledby="role-review"] .uses').innerText().catch(() => '');
    console.log(`code review: ${uses}`);
    assert.ok(fs.existsSync(path.join(home, 'models', 'llama-2-tiny-random.gguf')), 'the file is copied into the models folder');
    // The view redraws every node on each state change (the on-disk scan answering, a status
    // update): find and scroll the card in one step inside the page, not through a held element.
    await imported.evaluate((node) => node.scrollIntoView({ block: 'nearest' }));
    await suite.vscode.screenshot('models-4-imported');
  });

  step('the view keeps its filters and list across hide and show', async () => {
    await view().locator('#role-filter').selectOption('review');
    await view().locator('#fits-only').check();
    await suite.vscode.runCommand('View: Show Explorer');
    await view().locator('#root').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    await suite.vscode.runCommand('Local Focus: Open Model Manager');
    await view().locator('#role-filter').waitFor({ timeout: 15_000 });
    assert.equal(await view().locator('#role-filter').inputValue(), 'review');
    assert.equal(await view().locator('#fits-only').isChecked(), true);
    const headings = (await view().locator('section.role h2').allInnerTexts()).map((h) => h.trim().toLowerCase());
    assert.deepEqual(headings, ['code review']);
    await view().locator('article[data-model^="imported-llama-2-tiny-random"]').first().waitFor({ timeout: 10_000 });
    await suite.vscode.screenshot('models-5-filtered-after-show');
  });
});

async function waitForText(locator, pattern, timeout) {
  const end = Date.now() + timeout;
  let text = '';
  while (Date.now() < end) {
    text = (await locator.innerText().catch(() => '')).trim();
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`expected ${pattern} within ${timeout} ms; last text ${JSON.stringify(text)}`);
}
