// A model server the user already runs, as a first start meets it: a fake Ollama on loopback
// (test/support/fakeOllama.ts, Ollama's real wire format) in a run whose network is cut, with the
// mode set to Local only. The worker finds it by itself; the walkthrough's Set Up Local AI picks
// its models; the status item then says Local and its tooltip names the server and the model;
// a task typed in is parsed by that server, so Local only keeps working on a plane; a week's
// summary gets the server's paragraph on top.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { e2eSuite, repoRoot, waitFor } from './harness.mjs';

const { FakeOllama } = await tsImport('../support/fakeOllama.ts', import.meta.url);

/** Ollama's own port: inside the run's network namespace nothing else holds it. */
const OLLAMA_PORT = 11434;
/** A whole answer to the task schema, so the server's answer is used as it is. */
const TASK_ANSWER = JSON.stringify({ title: 'write the release notes', due: null, priority: 'high', tags: ['docs'], assignee: null, estimateMinutes: null });

describe('servers', { timeout: 200_000 }, () => {
  // Two chat models, so Compare Models… has two to put side by side; the first is the one set up.
  const ollama = new FakeOllama({
    answer: TASK_ANSWER,
    models: [{ name: 'chat-model', family: 'llama' }, { name: 'nomic-embed-text', embedding: true, family: 'nomic-bert' }, { name: 'second-chat', family: 'llama' }],
  });
  const suite = e2eSuite('servers', async () => {
    // The well-known port is what a user's Ollama listens on; where it is taken (a run with the
    // machine's network), the server is named in the settings instead.
    const atWellKnownPort = await ollama.start(OLLAMA_PORT).then(
      () => true,
      () => ollama.start(0).then(() => false),
    );
    console.log(`fake Ollama at ${ollama.url}${atWellKnownPort ? ' (found by detection)' : ' (named in localFocus.localServer.url)'}`);
    return {
      workspace: path.join(repoRoot, 'demo'),
      userSettings: {
        'workbench.startupEditor': 'welcomePage',
        'localFocus.mode': 'localOnly',
        ...(atWellKnownPort ? {} : { 'localFocus.localServer.url': ollama.url }),
      },
    };
  });
  const { step } = suite;
  const page = () => suite.vscode.page;
  const statusItem = () => suite.vscode.statusBarItem('local-focus.local-focus.localFocus.mode');
  const statusText = async () => (await statusItem().innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
  // Enabled only while the walkthrough is on screen (see walkthrough.e2e.mjs).
  const setUpStep = () => page().locator('.getting-started-step:not([disabled])', { hasText: 'Set up local AI' }).first();

  step('the walkthrough\'s Set Up Local AI uses the server\'s models and says so', async () => {
    await waitFor(async () => (await setUpStep().count()) > 0, 60_000, 'the walkthrough\'s "Set up local AI" step');
    await suite.vscode.runCommand('View: Close Primary Side Bar');
    // The worker lists the server's models once it has found it; the step asks it then.
    await waitFor(() => ollama.requests.some((r) => r.path === '/api/tags'), 40_000, 'the worker to list the fake Ollama\'s models');
    await setUpStep().click();
    await page().locator('.getting-started-step.expanded').getByRole('button', { name: 'Set Up Local AI', exact: true }).click();
    const toast = page().locator('.notification-list-item-message', { hasText: 'uses Ollama' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const message = await toast.innerText();
    assert.match(message, /chat-model for tasks and review and nomic-embed-text for notes search/, message);
    await suite.vscode.screenshot('servers-1-set-up-with-ollama');
  });

  step('the status item says Local (Local only) and its tooltip names the server and the model', async () => {
    await waitFor(async () => /^\S*\s*Local \(Local only\)/.test(await statusText()), 30_000, `the status item on Local, not "${await statusText()}"`);
    const tooltip = await suite.vscode.hoverText(statusItem().locator('a, .statusbar-item-label').first());
    assert.match(tooltip, /Ollama/, tooltip);
    assert.match(tooltip, /chat-model/, tooltip);
    assert.doesNotMatch(tooltip, /Needs attention/, tooltip);
    await suite.vscode.screenshot('servers-2-status-tooltip');
    await suite.vscode.dismissHovers();
  });

  step('with the network cut, a typed task is parsed by the server on loopback', async () => {
    const chatsBefore = ollama.requests.filter((r) => r.path === '/api/chat').length;
    await suite.vscode.runCommand('Local Focus: Add Task…');
    await page().locator('.quick-input-widget input').fill('write the release notes !high #docs');
    await page().keyboard.press('Enter');
    await waitFor(async () => /Add Task/.test(await page().locator('.quick-input-title').innerText().catch(() => '')) && (await page().locator('.quick-input-list .monaco-list-row').count()) > 0, 30_000, 'the task preview');
    const rows = (await page().locator('.quick-input-list .monaco-list-row').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
    assert.match(rows, /Parsed by .*\(local model server\)/, rows);
    assert.match(rows, /write the release notes/, rows);
    await suite.vscode.screenshot('servers-3-task-parsed-by-server');
    await page().keyboard.press('Escape');
    const chats = ollama.requests.filter((r) => r.path === '/api/chat');
    assert.ok(chats.length > chatsBefore, 'the fake Ollama answered a chat request');
    assert.equal(chats.at(-1).body.model, 'chat-model');
    // Structured output: the request carries the task schema in Ollama's `format`.
    assert.equal(typeof chats.at(-1).body.format, 'object', JSON.stringify(chats.at(-1).body));
  });

  step('notes search embeds through the server', async () => {
    await waitFor(() => ollama.requests.some((r) => r.path === '/api/embed'), 60_000, 'the notes index to embed through the fake Ollama');
  });

  step('Compare Models… runs both server models in turn and shows their figures side by side', async () => {
    const chatModels = () => ollama.requests.filter((r) => r.path === '/api/chat').map((r) => r.body.model);
    const chatsBefore = chatModels().length;
    // The bench's answer schema, which a real server's structured output would hold the model to.
    Object.assign(ollama.config, { answer: '{"answer":"Retry the upload when the connection drops"}', pieces: 4, delayBeforeMs: 30, delayBetweenMs: 5 });
    await suite.vscode.pickCommand('Local Focus: Compare Models…');
    await suite.vscode.pickQuickPickItem('Task parsing');
    for (const name of ['chat-model', 'second-chat']) await suite.vscode.pickQuickPickItem(name);
    await page().keyboard.press('Enter');
    // The panel is a webview: its outer frame holds the document in #active-frame.
    let table;
    await waitFor(async () => {
      for (const frame of await page().locator('iframe.webview.ready').all()) {
        const inner = frame.contentFrame().locator('#active-frame').contentFrame();
        if ((await inner.locator('table').count()) > 0 && /Compare Models/.test(await inner.locator('h1').innerText().catch(() => ''))) table = inner.locator('table');
      }
      return table !== undefined;
    }, 60_000, 'the Compare Models panel');
    const header = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(header.slice(1), ['chat-model', 'second-chat']);
    const firstToken = (await table.locator('tr', { hasText: 'first token' }).locator('td').allInnerTexts()).map((t) => t.trim());
    assert.equal(firstToken.length, 2);
    for (const cell of firstToken) assert.match(cell, /^\d+ ms$/, `a measured time to first token: ${JSON.stringify(firstToken)}`);
    const output = (await table.locator('tr', { hasText: 'output' }).locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(output, ['Retry the upload when the connection drops', 'Retry the upload when the connection drops']);
    assert.deepEqual(chatModels().slice(chatsBefore), ['chat-model', 'second-chat'], 'each model answered once, in the order picked');
    await suite.vscode.screenshot('servers-4-compare-models');
  });

  step('Summarise My Week puts the server\'s paragraph on top, naming only tasks of the summary', async () => {
    // A task added now, so the week's summary has it under Added; the paragraph names it by title.
    const title = 'Water the office plants';
    const line = `- [ ] ${title} <!-- lf:id=plants01 tier=degraded created=${new Date().toISOString()} -->`;
    fs.writeFileSync(path.join(suite.vscode.workspace, 'TASKS.md'), `# Tasks\n\n${line}\n`);
    const paragraph = `"${title}" was added this week.`;
    Object.assign(ollama.config, { answer: JSON.stringify({ paragraph, tasks: [] }), pieces: 1, delayBeforeMs: 0, delayBetweenMs: 0 });
    const chatsBefore = ollama.requests.filter((r) => r.path === '/api/chat').length;
    // The task file is re-read on its watcher's event; the summary is asked once it is in.
    await waitFor(async () => {
      await suite.vscode.runCommand('Local Focus: Summarise My Week');
      return /Water the office plants/.test(await editorText());
    }, 30_000, 'the summary with the new task in an editor');
    const text = await editorText();
    assert.match(text, /# Summary \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\s+"Water the office plants" was added this week\.\s+## Done/, text);
    const chats = ollama.requests.filter((r) => r.path === '/api/chat').slice(chatsBefore);
    assert.ok(chats.some((r) => r.body.format?.properties?.paragraph), 'the paragraph was asked with the narrative schema as the format');
    await suite.vscode.screenshot('servers-5-summary-paragraph');
  });

  async function editorText() {
    return (await page().locator('.editor-group-container.active .view-lines').first().innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  }

  // Registered after the suite's own hook, so the editor stops before its server does.
  after(() => ollama.close());
});
