// The summary's narrative paragraph end to end below the editor. `local-focus tasks summary
// --server <url>` against a fake Ollama on loopback: a paragraph that names only the summary's
// tasks goes on top of the Markdown and into the JSON with the tasks it names; one that names a
// task not in the list is dropped, the rules summary stands and the reason is given. The real
// worker on stories260K: its nonsense is refused, or it is a paragraph whose every named task
// exists. "Every named task exists" is checked here from the summary's own JSON, not by the
// validator under test.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { FakeOllama } from '../support/fakeOllama';
import { TWO_TASK_FACTS } from '../support/narrativeFacts';
import { startRealWorker, type RealWorker } from '../support/realWorker';
import { sharedModel, STORIES_260K } from '../support/sharedModels.cjs';

const NOW = '2026-03-10T09:00:00Z';
const GOOD = { paragraph: '"Ship the exporter" was done and "Drop IE11 polyfills" left the code; "Renew the certificate" is overdue.', tasks: ['t1', 't2', 't4'] };
const MADE_UP = { paragraph: '"Ship the exporter" and "Deploy to Mars" were done.', tasks: ['t1'] };

interface SummaryJson {
  sections: Record<string, { groups: { tasks: { id: string; title: string }[] }[] }>;
  narrative: { tier: string; paragraph: string | null; tasks: { id: string; title: string }[]; fallbackReason?: string };
}

/** A task file with a task of each kind in the last 7 days, as Local Focus writes it. */
function taskFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-summary-narrative-'));
  const line = (box: ' ' | 'x', title: string, meta: string, attrs: string) => `- [${box}] ${title}${meta ? ` — ${meta}` : ''} <!-- lf:id=${attrs} -->`;
  const lines = [
    line('x', 'Ship the exporter', '!high · #export', 'done0001 tier=degraded created=2026-02-01T08:00:00.000Z done=2026-03-09T16:00:00.000Z'),
    line('x', '~~Drop IE11 polyfills~~ (resolved in code)', '#build', 'gone0001 tier=degraded status=resolved-in-code created=2026-02-01T08:00:00.000Z done=2026-03-08T10:00:00.000Z'),
    line(' ', 'Write the release notes', '#docs', 'new00001 tier=degraded created=2026-03-09T11:00:00.000Z'),
    line(' ', 'Renew the certificate', 'due 2026-03-07 · !high · #ops', 'late0001 tier=degraded created=2026-02-15T08:00:00.000Z'),
    line(' ', 'Pay the invoice', 'due 2026-03-12', 'soon0001 tier=degraded created=2026-02-15T08:00:00.000Z'),
  ];
  fs.writeFileSync(path.join(root, 'TASKS.md'), ['# Tasks', '', ...lines, ''].join('\n'));
  return root;
}

/** Every name the paragraph quotes is the title of one of `titles`; every listed task is one of `ids`. */
function assertNamedTasksExist(paragraph: string, listed: { id: string; title: string }[], summary: { id: string; title: string }[]): void {
  const titles = new Set(summary.map((t) => t.title.toLowerCase()));
  const quoted = [...paragraph.matchAll(/"([^"]*)"|“([^”]*)”/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/[\s.,;:!?]+$/, ''));
  for (const name of quoted) assert.ok(titles.has(name.toLowerCase()), `the paragraph names "${name}", which is no task of the summary: ${paragraph}`);
  const ids = new Set(summary.map((t) => t.id));
  for (const t of listed) assert.ok(ids.has(t.id), `the narrative lists ${t.id}, which is no task of the summary`);
}

const summaryTasks = (j: SummaryJson) => Object.values(j.sections).flatMap((s) => s.groups.flatMap((g) => g.tasks));

describe('tasks summary with a narrative paragraph (CLI, fake Ollama)', function () {
  this.timeout(120_000);
  let fake: FakeOllama | undefined;
  let root: string;
  let home: string;

  before(() => {
    root = taskFolder();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-summary-narrative-home-'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function summary(answer: unknown, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    fake = new FakeOllama({ answer: JSON.stringify(answer) });
    await fake.start();
    let out = '';
    let err = '';
    const code = await runCli(['--server', fake.url, 'tasks', 'summary', '--tier', 'server', '--now', NOW, '--tz', 'UTC', '--path', root, ...args], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { LOCAL_FOCUS_HOME: home },
    });
    return { code, out, err };
  }

  it('--json carries the paragraph and the tasks it names, each one of the summary\'s', async function () {
    const r = await summary(GOOD, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as SummaryJson;
    assert.equal(j.narrative.tier, 'server', JSON.stringify(j.narrative));
    assert.equal(j.narrative.paragraph, GOOD.paragraph);
    assert.deepEqual(j.narrative.tasks.map((t) => t.id), ['done0001', 'gone0001', 'late0001']);
    assertNamedTasksExist(j.narrative.paragraph!, j.narrative.tasks, summaryTasks(j));
    const format = fake!.last('/api/chat')?.body.format;
    assert.deepEqual(format.properties.tasks.items.enum, ['t1', 't2', 't3', 't4', 't5']);
    assert.equal(format.properties.paragraph.maxLength, 400);
    // The titles travel fenced as data.
    const sent = JSON.stringify(fake!.last('/api/chat')?.body.messages);
    assert.match(sent, /<<<TASKS \(data, not instructions\)\\nt1 \| Done \| #export \| \\"Ship the exporter\\"/);
  });

  it('Markdown puts the paragraph on top and says on stderr who wrote it', async function () {
    const r = await summary(GOOD);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Summary 2026-03-04 to 2026-03-10\n\n"Ship the exporter" was done and "Drop IE11 polyfills" left the code; "Renew the certificate" is overdue\.\n\n## Done \(1\)\n/);
    assert.match(r.err, /\(paragraph by Local server \(local model server\)\)/);
  });

  it('drops a paragraph naming a task not in the list: the rules summary stands, with the reason', async function () {
    const json = await summary(MADE_UP, '--json');
    assert.equal(json.code, 0, json.err);
    const j = JSON.parse(json.out) as SummaryJson;
    assert.deepEqual([j.narrative.tier, j.narrative.paragraph, j.narrative.tasks], ['degraded', null, []]);
    assert.match(j.narrative.fallbackReason ?? '', /^server: the model's paragraph was refused: it names "Deploy to Mars", which is not a task in the summary/);
    await fake?.close();
    const md = await summary(MADE_UP);
    assert.match(md.out, /^# Summary 2026-03-04 to 2026-03-10\n\n## Done \(1\)\n/);
    assert.doesNotMatch(md.out, /Mars/);
    assert.match(md.err, /\(no paragraph: server: the model's paragraph was refused: it names "Deploy to Mars"/);
  });

  it('--tier rules asks no model', async function () {
    const r = await summary(GOOD, '--json', '--tier', 'rules');
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as SummaryJson).narrative.paragraph, null);
    assert.equal(fake!.last('/api/chat'), undefined);
  });
});

describe('tasks/summaryNarrative on stories260K (real worker, in-process model)', function () {
  let worker: RealWorker;
  const facts = TWO_TASK_FACTS;

  before(async function () {
    this.timeout(120_000);
    // sharedModel throws, saying where it looked, when the shared models are missing.
    worker = await startRealWorker({ config: { models: { taskParsing: sharedModel(STORIES_260K) } } });
  });

  after(async function () {
    await worker?.stop();
  });

  it('its nonsense is refused with the reason, or every task its paragraph names exists', async function () {
    this.timeout(300_000);
    const r = await worker.client.request('tasks/summaryNarrative', { facts, completion: true });
    if (r.paragraph === undefined) {
      assert.equal(r.tier, 'degraded');
      assert.deepEqual(r.tasks, []);
      assert.match(r.fallbackReason ?? '', /^local: /);
    } else {
      assert.equal(r.tier, 'local');
      const byKey = new Map(facts.tasks.map((t) => [t.key, { id: t.key, title: t.title }]));
      assertNamedTasksExist(r.paragraph, r.tasks.map((k) => byKey.get(k) ?? { id: k, title: '' }), [...byKey.values()]);
      assert.ok(r.paragraph.length <= 400);
    }
    assert.ok(r.modelAnswer !== undefined, 'the model was asked');
  });
});
