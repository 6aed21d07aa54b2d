// "What to do next" re-ranked by a model, end to end below the editor: the real worker process
// with no model file and no cloud key, pointed at a fake Ollama on loopback, answers
// tasks/nextRerank on the 'server' tier with the model's order and reasons; garbage from the
// server keeps the rules' order with the reason; `local-focus tasks next --server <url>` says
// which tier ranked. On stories260K, the in-process tier's nonsense either keeps the rules' order
// or, forced by the schema, is a valid reordering of the same tasks.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { RerankCandidate } from '../../src/core/tasks/next/rerankCandidates';
import { FakeOllama } from '../support/fakeOllama';
import { startRealWorker, type RealWorker } from '../support/realWorker';
import { sharedModel, STORIES_260K } from '../support/sharedModels.cjs';

const NOW = '2026-03-10T09:00:00Z';
const CANDIDATES: RerankCandidate[] = [
  { id: 'late0001', title: 'Renew the certificate', due: '2026-03-07', reasons: ['overdue by 3 days'] },
  { id: 'invoice1', title: 'Pay the invoice', due: '2026-03-10', reasons: ['due today'] },
  { id: 'offsite1', title: 'Plan the offsite', priority: 'high', reasons: ['high priority'] },
];
const RULES = CANDIDATES.map((c) => c.id);
const RERANKED = JSON.stringify({ order: [{ id: 'offsite1', reason: 'the venue books out this week' }, { id: 'invoice1', reason: 'a late fee starts tonight' }] });

/** A task file with the three candidates as Local Focus writes them, in a folder that is no repository. */
function taskFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-next-rerank-'));
  const line = (id: string, title: string, meta: string) => `- [ ] ${title} — ${meta} <!-- lf:id=${id} tier=degraded created=2026-03-09T08:00:00.000Z -->`;
  fs.writeFileSync(path.join(root, 'TASKS.md'), ['# Tasks', '', line('late0001', 'Renew the certificate', 'due 2026-03-07'), line('invoice1', 'Pay the invoice', 'due 2026-03-10'), line('offsite1', 'Plan the offsite', '!high'), ''].join('\n'));
  return root;
}

describe('tasks/nextRerank on a model server (real worker, fake Ollama)', function () {
  this.timeout(120_000);
  let fake: FakeOllama | undefined;
  let worker: RealWorker | undefined;

  async function start(answer: string): Promise<{ fake: FakeOllama; worker: RealWorker }> {
    fake = new FakeOllama({ answer });
    await fake.start();
    worker = await startRealWorker({ config: { localServer: { detect: false, url: fake.url, allowHosts: [] } } });
    return { fake, worker };
  }

  afterEach(async function () {
    await worker?.stop();
    await fake?.close();
    worker = undefined;
    fake = undefined;
  });

  it('re-ranks on the server tier with the bounded schema as its format, and one reason each', async function () {
    const { fake, worker } = await start(RERANKED);
    const r = await worker.client.request('tasks/nextRerank', { candidates: CANDIDATES, now: NOW, timeZone: 'UTC' });
    assert.equal(r.tier, 'server', JSON.stringify(r));
    assert.deepEqual(r.order, ['offsite1', 'invoice1', 'late0001']);
    assert.deepEqual(r.reasons, { offsite1: 'the venue books out this week', invoice1: 'a late fee starts tonight' });
    const format = fake.last('/api/chat')?.body.format;
    assert.deepEqual(format.properties.order.items.properties.id.enum, RULES);
    assert.equal(format.properties.order.items.properties.reason.maxLength, 80);
  });

  it('keeps the rules\' order, with the reason, when the server answers garbage', async function () {
    const { worker } = await start('{"ranking": "Once upon a time"}');
    const r = await worker.client.request('tasks/nextRerank', { candidates: CANDIDATES, now: NOW, timeZone: 'UTC' });
    assert.equal(r.tier, 'degraded');
    assert.deepEqual(r.order, RULES);
    assert.deepEqual(r.reasons, {});
    // The server client checks the answer against the schema it sent before the validator sees it.
    assert.match(r.fallbackReason ?? '', /^server: .*wrong shape: \$\.order is missing/);
  });

  it('keeps the rules\' order when the server\'s schema-shaped answer names a task twice', async function () {
    const { worker } = await start(JSON.stringify({ order: [{ id: 'invoice1', reason: 'due' }, { id: 'invoice1', reason: 'again' }] }));
    const r = await worker.client.request('tasks/nextRerank', { candidates: CANDIDATES, now: NOW, timeZone: 'UTC' });
    assert.equal(r.tier, 'degraded');
    assert.deepEqual(r.order, RULES);
    assert.match(r.fallbackReason ?? '', /^server: the model's order was refused: it names invoice1 twice/);
  });

  it('local-focus tasks next --server <url> prints the model\'s order and says the server ranked it', async function () {
    fake = new FakeOllama({ answer: RERANKED });
    await fake.start();
    const root = taskFolder();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-next-rerank-home-'));
    try {
      let out = '';
      let err = '';
      const code = await runCli(['--server', fake.url, 'tasks', 'next', '--now', NOW, '--tz', 'UTC', '--path', root, '--tier', 'server'], { out: (t) => (out += t), err: (t) => (err += t), env: { LOCAL_FOCUS_HOME: home } });
      assert.equal(code, 0, err);
      assert.match(out, /^1\. Plan the offsite — the venue books out this week \(high priority · waiting 1 day\) {2}\{offsite1\}\n2\. Pay the invoice — a late fee starts tonight \(due today · waiting 1 day\) {2}\{invoice1\}\n3\. Renew the certificate — overdue by 3 days · waiting 1 day {2}\{late0001\}\n/);
      assert.match(out, /\(ranked by Local server \(local model server\)\)/);
      const rules = await runCli(['tasks', 'next', '--json', '--now', NOW, '--tz', 'UTC', '--path', root, '--tier', 'rules'], { out: (t) => (out = t), err: (t) => (err += t), env: { LOCAL_FOCUS_HOME: home } });
      assert.equal(rules, 0, err);
      const json = JSON.parse(out) as { rankedBy: { tier: string }; suggestions: { task: { id: string } }[] };
      assert.deepEqual([json.rankedBy.tier, json.suggestions.map((s) => s.task.id)], ['degraded', RULES]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('tasks/nextRerank on stories260K (real worker, in-process model)', function () {
  let worker: RealWorker;

  before(async function () {
    this.timeout(120_000);
    // sharedModel throws, saying where it looked, when the shared models are missing.
    worker = await startRealWorker({ config: { models: { taskParsing: sharedModel(STORIES_260K) } } });
  });

  after(async function () {
    await worker?.stop();
  });

  it('its nonsense keeps the rules\' order with the reason, or is a schema-forced reordering of the same tasks', async function () {
    this.timeout(300_000);
    const r = await worker.client.request('tasks/nextRerank', { candidates: CANDIDATES, now: NOW, timeZone: 'UTC', completion: true });
    assert.deepEqual([...r.order].sort(), [...RULES].sort(), `every candidate once: ${JSON.stringify(r)}`);
    if (r.tier === 'degraded') {
      assert.deepEqual(r.order, RULES);
      assert.match(r.fallbackReason ?? '', /^local: /);
    } else {
      assert.equal(r.tier, 'local');
      for (const reason of Object.values(r.reasons)) assert.ok(reason.length > 0 && reason.length <= 80, reason);
    }
  });
});
