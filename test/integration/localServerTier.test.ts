// The model-server tier end to end below the editor: the real worker process with no model file
// of its own and no cloud key, pointed at fake Ollama and OpenAI-compatible servers on loopback
// (test/support/fakeOllama.ts, fakeOpenAiServer.ts). Task parsing and review answer on the
// 'server' tier; a server that stops answering falls to the rules with the reason, and its tier
// comes back by itself when it answers again; a broken answer falls back without marking the
// server down; the CLI names servers with --server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CapabilityStatus, StatusReport } from '../../src/core/protocol';
import { DEFAULT_MAX_FINDINGS } from '../../src/core/review/prompt';
import type { FakeModelServer, FakeServerConfig } from '../support/fakeModelServer';
import { FakeOllama } from '../support/fakeOllama';
import { FakeOpenAiServer } from '../support/fakeOpenAiServer';
import { startRealWorker, type RealWorker } from '../support/realWorker';

const NOW = '2026-03-10T09:30:00+01:00';
const TZ = 'Europe/Berlin';
const TODO = 'TODO: write the report tomorrow !high';
/** A whole answer to the bounded task schema, its title taken from TODO. */
const TASK_ANSWER = JSON.stringify({ title: 'write the report', due: null, priority: 'high', tags: [], assignee: null, estimateMinutes: null });
const REVIEW_ANSWER = JSON.stringify({
  findings: [{ line: 2, endLine: null, severity: 'warning', category: 'bug', message: 'the total ignores the discount', suggestion: null }],
});
const REVIEWED = 'export function total(items: number[]) {\n  return items.reduce((a, b) => a + b, 0);\n}\n';

/**
 * Resolves with the first status report, pushed or asked for, in which `test` holds. It settles
 * once: the answer to its own request may come after a push has settled it, and must not then
 * take another waiter's listener off the list.
 */
function statusWhere(worker: RealWorker, listeners: ((s: StatusReport) => void)[], test: (s: StatusReport) => boolean): Promise<StatusReport> {
  return new Promise((resolve) => {
    let settled = false;
    const check = (s: StatusReport) => {
      if (settled || !test(s)) return;
      settled = true;
      listeners.splice(listeners.indexOf(check), 1);
      resolve(s);
    };
    listeners.push(check);
    void worker.client.request('worker/status', {}).then(check);
  });
}

const capability = (s: Pick<StatusReport, 'capabilities'>, name: CapabilityStatus['capability']) => s.capabilities.find((c) => c.capability === name)!;

describe('the model-server tier (real worker, fake servers)', function () {
  this.timeout(120_000);
  const fakes: FakeModelServer[] = [];
  let worker: RealWorker | undefined;
  const listeners: ((s: StatusReport) => void)[] = [];

  async function start(fake: FakeModelServer): Promise<RealWorker> {
    fakes.push(fake);
    await fake.start();
    worker = await startRealWorker({
      config: { localServer: { detect: false, url: fake.url, allowHosts: [] } },
      tuning: { probeBaseMs: 50 },
      onStatus: (s) => [...listeners].forEach((fn) => fn(s)),
    });
    return worker;
  }

  const ollama = (config: Partial<FakeServerConfig> = {}) => new FakeOllama({ answer: TASK_ANSWER, ...config });

  afterEach(async function () {
    listeners.length = 0;
    await worker?.stop();
    worker = undefined;
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });

  it('parses a task on the server tier, and the status names the server and its model', async function () {
    const fake = ollama();
    const w = await start(fake);
    const r = await w.client.request('tasks/parse', { text: TODO, now: NOW, timeZone: TZ });
    assert.equal(r.tier, 'server', JSON.stringify(r));
    assert.equal(r.title, 'write the report');
    assert.ok(r.fromModel?.includes('title'), JSON.stringify(r));
    const chat = fake.last('/api/chat');
    assert.equal(chat?.body.model, 'chat-model');
    assert.equal(chat?.body.format.type, 'object', 'the schema goes to the server as its format');

    const status = await statusWhere(w, listeners, () => true);
    assert.deepEqual(capability(status, 'taskParsing').server, { name: 'Ollama 0.5.7', url: fake.url, model: 'chat-model' });
    assert.equal(capability(status, 'codeReview').tier, 'server');
    assert.deepEqual(capability(status, 'notesSearch').server, { name: 'Ollama 0.5.7', url: fake.url, model: 'nomic-embed-text' }, 'notes search embeds through the server\'s embedding model');
    assert.deepEqual(status.localServers?.map((s) => [s.name, s.url, s.local, s.models.map((m) => m.role)]), [['Ollama 0.5.7', fake.url, true, ['chat', 'embedding']]]);
  });

  it('falls to the rules with the reason when the server stops, and comes back by itself when it answers again', async function () {
    const fake = ollama();
    const w = await start(fake);
    assert.equal((await w.client.request('tasks/parse', { text: TODO, now: NOW, timeZone: TZ })).tier, 'server');
    const port = fake.port;
    await fake.close();

    const fallback = await w.client.request('tasks/parse', { text: TODO, now: NOW, timeZone: TZ });
    assert.equal(fallback.tier, 'degraded');
    assert.match(fallback.fallbackReason ?? '', /^server: /);
    assert.equal(fallback.priority, 'high', 'the rules still parse the markers');
    const down = await statusWhere(w, listeners, (s) => capability(s, 'taskParsing').tier === 'degraded' && /is down/.test(capability(s, 'taskParsing').reason ?? ''));
    assert.match(capability(down, 'taskParsing').reason!, new RegExp(`Ollama 0\\.5\\.7 at ${fake.url.replace(/\./g, '\\.')} is down: nothing answers`));
    assert.equal(capability(down, 'taskParsing').lastFallback?.from, 'server');

    await fake.start(port);
    const back = await statusWhere(w, listeners, (s) => capability(s, 'taskParsing').tier === 'server');
    assert.equal(capability(back, 'taskParsing').server?.url, fake.url);
    const again = await w.client.request('tasks/parse', { text: TODO, now: NOW, timeZone: TZ });
    assert.equal(again.tier, 'server');
    assert.ok(w.logs.some((l) => /answers again/.test(l)), w.logs.join('\n'));
  });

  it('reviews on an OpenAI-compatible server, with the same findings schema the local model gets', async function () {
    const fake = new FakeOpenAiServer({ answer: REVIEW_ANSWER }, 'llama-server');
    const w = await start(fake);
    const r = await w.client.request('review/run', { requestId: 'server-review', path: 'total.ts', text: REVIEWED });
    assert.equal(r.tier, 'server', JSON.stringify(r));
    assert.deepEqual(r.findings.map((f) => [f.line, f.severity, f.source, f.message]), [[2, 'warning', 'local', 'the total ignores the discount']]);
    const request = fake.last('/v1/chat/completions');
    assert.equal(request?.body.response_format?.type, 'json_schema');
    assert.equal(request?.body.response_format?.json_schema?.schema?.properties?.findings?.maxItems, DEFAULT_MAX_FINDINGS);
    assert.ok(w.progress.some((p) => (p.partial as { tier?: string } | undefined)?.tier === 'server'), 'the findings stream as the server tier');
  });

  it('falls back on an answer that is not JSON, with the reason, and keeps the server in use', async function () {
    const w = await start(ollama({ behaviour: 'malformed-output' }));
    const r = await w.client.request('tasks/parse', { text: TODO, now: NOW, timeZone: TZ });
    assert.equal(r.tier, 'degraded');
    assert.match(r.fallbackReason ?? '', /^server: The model on Ollama 0\.5\.7 at .* (is not JSON|wrong shape)/);
    const status = await statusWhere(w, listeners, () => true);
    assert.equal(capability(status, 'taskParsing').tier, 'server', 'a bad answer is not a server that is down');
    assert.equal(capability(status, 'taskParsing').lastFallback?.from, 'server');
  });

  describe('the CLI', function () {
    let home: string;
    beforeEach(function () {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-server-cli-'));
    });
    afterEach(function () {
      fs.rmSync(home, { recursive: true, force: true });
    });

    async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
      let out = '';
      let err = '';
      const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { LOCAL_FOCUS_HOME: home, ...env } });
      return { code, out, err };
    }

    it('status --json --server <url> lists the server, its models and the capabilities it serves', async function () {
      const fake = ollama();
      fakes.push(fake);
      await fake.start();
      const r = await cli(['status', '--json', '--server', fake.url]);
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out) as Omit<StatusReport, 'localServers'> & { localServers: { url: string; models: { name: string }[]; capabilities: string[] }[] };
      const listed = report.localServers.find((s) => s.url === fake.url);
      assert.ok(listed, r.out);
      assert.deepEqual(listed.models.map((m) => m.name), ['chat-model', 'nomic-embed-text']);
      assert.deepEqual(listed.capabilities, ['taskParsing', 'notesSearch', 'codeReview']);
      assert.deepEqual(capability(report, 'taskParsing').server, { name: 'Ollama 0.5.7', url: fake.url, model: 'chat-model' });

      const text = await cli(['status'], { LOCAL_FOCUS_SERVER: fake.url });
      assert.match(text.out, new RegExp(`Task parsing +Local server +Ollama 0\\.5\\.7 at ${fake.url.replace(/\./g, '\\.')}, model chat-model`));
    });

    it('tasks parse --tier local uses the server when no model is in the process', async function () {
      const fake = ollama();
      fakes.push(fake);
      await fake.start();
      const r = await cli(['--json', '--server', fake.url, 'tasks', 'parse', TODO, '--tier', 'local', '--now', NOW, '--tz', TZ]);
      assert.equal(r.code, 0, r.err);
      const parsed = JSON.parse(r.out) as { tier: string; title: string };
      assert.deepEqual([parsed.tier, parsed.title], ['server', 'write the report']);
      const bad = await cli(['--server', 'ftp://example.com', 'status']);
      assert.equal(bad.code, 2);
    });
  });
});
