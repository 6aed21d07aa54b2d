// The tasks feature end to end below the editor: the real worker process (dist/worker.js, built
// by `npm run test:integration`) with node-llama-cpp on stories260K configured as the
// task-parsing model, a scripted OpenAI-compatible endpoint on loopback for the cloud tier, and
// the `local-focus todos` / `tasks` commands on a copy of the demo workspace.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { parseTaskFile, tasksOf } from '../../src/core/tasks/taskFile';
import { isTodoFilesPartial, type ScannedTodoFile } from '../../src/core/tasksProtocol';
import type { WorkerClient } from '../../src/core/workerClient';
import { startRealWorker, type RealWorker } from '../support/realWorker';
import { repoRoot as repo, sharedModel, sharedModelsDir, STORIES_260K } from '../support/sharedModels.cjs';

const stories = path.join(sharedModelsDir, STORIES_260K);
const demo = path.join(repo, 'demo');

const NOW = '2026-03-10T09:30:00+01:00';
const TZ = 'Europe/Berlin';
const ISSUE_EXAMPLE = 'TODO(ana): fix login redirect tomorrow 3pm !high #auth';

/** Every TODO comment in demo/, counted by hand from its files. */
const DEMO_TODOS = 17;

/** The local tier's answer must have exactly the schema's keys, each of its type and within its bounds. */
function assertLocalSchemaValid(value: unknown): void {
  assert.equal(typeof value, 'object');
  assert.notEqual(value, null);
  const v = value as Record<string, unknown>;
  assert.deepEqual(Object.keys(v).sort(), ['assignee', 'due', 'estimateMinutes', 'priority', 'tags', 'title']);
  assert.equal(typeof v.title, 'string');
  assert.ok((v.title as string).length <= 120);
  assert.ok(v.due === null || (typeof v.due === 'string' && v.due.length <= 16), `due ${JSON.stringify(v.due)}`);
  assert.ok([null, 'high', 'medium', 'low'].includes(v.priority as string | null), `priority ${JSON.stringify(v.priority)}`);
  assert.ok(Array.isArray(v.tags) && v.tags.length <= 6 && v.tags.every((t) => typeof t === 'string' && t.length <= 32), `tags ${JSON.stringify(v.tags)}`);
  assert.ok(v.assignee === null || (typeof v.assignee === 'string' && v.assignee.length <= 32));
  assert.ok(v.estimateMinutes === null || Number.isInteger(v.estimateMinutes), `estimate ${JSON.stringify(v.estimateMinutes)}`);
}

function copyDemo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-demo-'));
  fs.cpSync(demo, dir, { recursive: true });
  return dir;
}

async function cli(args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env, ...(cwd ? { cwd } : {}) });
  return { code, out, err };
}

/** An OpenAI-compatible endpoint that answers every chat completion with `answer` as its JSON. */
async function fakeCloud(answer: () => unknown): Promise<{ url: string; requests: unknown[]; close: () => Promise<void> }> {
  const requests: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/models')) return res.end(JSON.stringify({ data: [] }));
      requests.push(JSON.parse(body));
      res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify(answer()) } }], usage: { completion_tokens: 31 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('tasks feature (real worker, stories260K as the task-parsing model)', function () {
  let worker: RealWorker;
  let client: WorkerClient;

  before(async function () {
    sharedModel(STORIES_260K); // throws, saying where it looked, when the shared models are missing
    worker = await startRealWorker({ config: { models: { taskParsing: stories } } });
    client = worker.client;
  });

  after(async function () {
    await worker?.stop();
  });

  it('the local tier answers schema-valid JSON, and its nonsense falls back to the rules with the tier and reason recorded', async function () {
    // Two generations of ~130 tokens: about a second on an idle 2-core machine, far more when it is shared.
    this.timeout(300_000);
    const status = await client.request('worker/status', {});
    assert.equal(status.capabilities.find((c) => c.capability === 'taskParsing')!.tier, 'local', 'stories260K is configured, so the policy picks local');

    for (const completion of [false, true]) {
      const r = await client.request('tasks/parse', { text: ISSUE_EXAMPLE, now: NOW, timeZone: TZ, ...(completion ? { completion } : {}) });
      assertLocalSchemaValid(r.modelAnswer);
      assert.ok(r.fallbackReason?.startsWith("local: the model's answer had nothing usable"), `reason: ${r.fallbackReason}`);
      // stories260K writes children's stories: nothing of it may reach the task.
      assert.equal(r.tier, 'degraded');
      assert.equal(r.fromModel, undefined);
      assert.equal(r.title, 'fix login redirect');
      assert.equal(r.due, '2026-03-11T15:00');
      assert.equal(r.priority, 'high');
      assert.deepEqual(r.tags, ['auth']);
      assert.equal(r.assignee, 'ana');
    }
    const after = await client.request('worker/status', {});
    const fallback = after.capabilities.find((c) => c.capability === 'taskParsing')!.lastFallback;
    assert.equal(fallback?.from, 'local');
    assert.equal(fallback?.to, 'degraded');
    assert.match(fallback!.reason, /nothing usable/);
    assert.ok(after.loadedModels.some((m) => m.path === stories), 'the model ran in the worker');
  });

  it('--tier local forced: the same nonsense still gives the rules, marked degraded; --tier rules never loads a model', async function () {
    this.timeout(300_000);
    const forced = await client.request('tasks/parse', { text: 'rotate the payment key by Friday @ben ~2h', now: NOW, timeZone: TZ, tier: 'local' });
    assertLocalSchemaValid(forced.modelAnswer);
    assert.equal(forced.tier, 'degraded');
    assert.ok(forced.tokens > 0, 'the tokens the model spent are reported');
    assert.equal(forced.due, '2026-03-13');
    assert.equal(forced.assignee, 'ben');
    assert.equal(forced.estimateMinutes, 120);
    const rules = await client.request('tasks/parse', { text: 'rotate the payment key by Friday', now: NOW, timeZone: TZ, tier: 'degraded' });
    assert.equal(rules.modelAnswer, undefined);
    assert.equal(rules.tokens, 0);
  });

  it('the cloud tier: a grounded answer is merged with the rules (explicit date wins), through the real worker', async function () {
    const cloud = await fakeCloud(() => ({ title: 'Fix the login redirect', due: '2026-03-20', priority: 'low', tags: ['auth'], assignee: 'ana', estimateMinutes: null }));
    const saved = worker.config;
    try {
      await worker.reconfigure({ ...saved, mode: 'cloudPreferred', cloud: { baseUrl: cloud.url, model: 'test', apiKey: 'sk-test-key-123' } });
      const r = await client.request('tasks/parse', { text: ISSUE_EXAMPLE, now: NOW, timeZone: TZ });
      assert.equal(r.tier, 'cloud');
      assert.equal(r.title, 'Fix the login redirect');
      assert.equal(r.due, '2026-03-11T15:00', 'the rules read "tomorrow 3pm": the model\'s 2026-03-20 loses');
      assert.equal(r.priority, 'high');
      assert.deepEqual(r.fromModel, ['title']);
      assert.equal(r.tokens, 31);
      const sent = cloud.requests[0] as { response_format: { json_schema: { schema: { required: string[] } } }; messages: { content: string }[] };
      assert.deepEqual(sent.response_format.json_schema.schema.required, ['title', 'due', 'priority', 'tags', 'assignee', 'estimateMinutes']);
      assert.match(sent.messages.at(-1)!.content, /Now: Tuesday 2026-03-10 09:30 \(Europe\/Berlin\)/);
    } finally {
      await worker.reconfigure(saved);
      await cloud.close();
    }
  });

  it('todos/scan streams batches of files ahead of its answer; todos/scanFile re-reads one file or its buffer', async function () {
    const root = copyDemo();
    fs.writeFileSync(path.join(root, '.gitignore'), 'ignored/\n');
    fs.mkdirSync(path.join(root, 'ignored'));
    fs.writeFileSync(path.join(root, 'ignored', 'x.ts'), '// TODO: never seen\n');
    const progress = worker.progress;
    progress.length = 0;
    const requestId = 'scan-1';
    const result = await client.request('todos/scan', { root, requestId, exclude: ['**/lua'] });
    const streamed: ScannedTodoFile[] = progress.filter((p) => p.requestId === requestId && isTodoFilesPartial(p.partial)).flatMap((p) => (p.partial as { files: ScannedTodoFile[] }).files);
    assert.deepEqual(result.files, [], 'streamed files are not sent twice');
    const todos = streamed.reduce((n, f) => n + f.todos.length, 0);
    assert.equal(todos, DEMO_TODOS - 1, 'every demo TODO but the excluded Lua one');
    assert.equal(result.stats.todos, todos);
    assert.ok(!streamed.some((f) => f.path.startsWith('ignored/') || f.path.startsWith('lua/')));
    const auth = streamed.find((f) => f.path === 'src/auth.ts')!;
    assert.deepEqual(
      auth.todos.map((t) => [t.line, t.tag, t.owner ?? null]),
      [
        [7, 'TODO', 'ana'],
        [14, 'FIXME', 'ben'],
        [18, 'TODO', null],
      ],
    );

    const whole = await client.request('todos/scan', { root });
    assert.equal(whole.files.reduce((n, f) => n + f.todos.length, 0), DEMO_TODOS, 'without a request id every file comes in the answer');

    const file = path.join(root, 'src', 'auth.ts');
    const fromDisk = await client.request('todos/scanFile', { path: file });
    assert.equal(fromDisk.todos.length, 3);
    const fromBuffer = await client.request('todos/scanFile', { path: file, text: '// TODO: only this one\nconst s = "TODO: not a comment";\n' });
    assert.deepEqual(fromBuffer.todos.map((t) => t.text), ['only this one']);
    const ignored = await client.request('todos/scanFile', { path: path.join(root, 'ignored', 'x.ts'), root });
    assert.equal(ignored.scannable, false);
    const gone = await client.request('todos/scanFile', { path: path.join(root, 'src', 'deleted.ts') });
    assert.deepEqual(gone, { scannable: true, todos: [], ms: gone.ms });
  });
});

describe('local-focus todos and tasks (CLI, in process)', function () {
  let home: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-cli-'));
    env = { LOCAL_FOCUS_HOME: home };
  });

  it('todos --json lists every demo TODO with file, line, tag, text and parsed fields', async function () {
    const root = copyDemo();
    const r = await cli(['todos', root, '--json', '--now', NOW, '--tz', TZ], env);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { todos: { file: string; line: number; tag: string; text: string; owner?: string; parsed: Record<string, unknown> }[] };
    assert.equal(j.todos.length, DEMO_TODOS);
    const ana = j.todos.find((t) => t.file === 'src/auth.ts' && t.line === 8)!;
    assert.equal(ana.tag, 'TODO');
    assert.equal(ana.owner, 'ana');
    assert.equal(ana.text, 'fix login redirect tomorrow 3pm !high #auth');
    assert.deepEqual(ana.parsed, { title: 'fix login redirect', tags: ['auth'], tier: 'degraded', due: '2026-03-11T15:00', priority: 'high', assignee: 'ana' });
    const sql = j.todos.find((t) => t.file === 'db/schema.sql' && t.text.startsWith('soft-delete'))!;
    assert.deepEqual(sql.parsed.tags, ['db', 'privacy']);
    assert.ok(j.todos.every((t) => ['TODO', 'FIXME', 'HACK'].includes(t.tag)));
  });

  it('todos prints one TODO and its parsed fields per entry, for a folder or one file', async function () {
    const root = copyDemo();
    const r = await cli(['todos', 'server/main.go', '--now', NOW, '--tz', TZ], env, root);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^main\.go:9:4 {2}TODO\(marco\) {2}graceful shutdown on SIGTERM before the next release !high #ops\n {4}→ graceful shutdown on SIGTERM before the next release · !high · #ops · @marco\n/);
    assert.match(r.out, /2 TODOs in 1 file\n$/);
    const tags = await cli(['todos', root, '--tags', 'HACK', '--json'], env);
    assert.equal(JSON.parse(tags.out).todos.length, 1);
  });

  it('tasks parse prints one parsed task relative to --now, as text or JSON', async function () {
    const text = await cli(['tasks', 'parse', ISSUE_EXAMPLE, '--now', NOW, '--tz', TZ], env);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^fix login redirect · due 2026-03-11 15:00 · !high · #auth · @ana\n {2}parsed by Degraded \(rules\)/);
    assert.match(text.out, /why not a better tier: .*task-parsing model not found/);
    const json = await cli(['tasks', 'parse', 'FIXME: flaky upload test, est 45m (low priority) #ci', '--now', NOW, '--tz', TZ, '--json', '--tier', 'rules'], env);
    const p = JSON.parse(json.out);
    assert.equal(p.title, 'flaky upload test');
    assert.equal(p.priority, 'low');
    assert.equal(p.estimateMinutes, 45);
    assert.deepEqual(p.tags, ['ci']);
    assert.equal(p.tier, 'degraded');
  });

  it('tasks parse --tier local --model runs the model in process and falls back to the rules on its nonsense', async function () {
    this.timeout(300_000);
    const r = await cli(['tasks', 'parse', 'ship the exporter next monday !!', '--now', NOW, '--tz', TZ, '--tier', 'local', '--model', stories, '--json'], env);
    assert.equal(r.code, 0, r.err);
    const p = JSON.parse(r.out);
    assertLocalSchemaValid(p.modelAnswer);
    assert.equal(p.tier, 'degraded');
    assert.equal(p.due, '2026-03-16');
    assert.equal(p.priority, 'medium');
    assert.match(p.fallbackReason, /^local: the model's answer had nothing usable/);
  });

  it('tasks add and tasks list use the workspace task file and keep a hand edit made between them', async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-ws-'));
    const add1 = await cli(['tasks', 'add', 'write the release notes by Friday #docs', '--path', root], env);
    assert.equal(add1.code, 0, add1.err);
    assert.match(add1.out, /^Added to .*TASKS\.md:\n- \[ \] write the release notes — due \d{4}-\d{2}-\d{2} · #docs <!-- lf:id=\w+ tier=degraded created=/);
    const file = path.join(root, 'TASKS.md');
    // A person adds a note and a task of their own between two commands.
    fs.appendFileSync(file, 'A note kept as it is.\n- [ ] Buy coffee\n');
    const add2 = await cli(['tasks', 'add', 'rotate keys !high @ben', '--json'], env, root);
    assert.equal(add2.code, 0, add2.err);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('A note kept as it is.\n'), text);
    const tasks = tasksOf(parseTaskFile(text));
    assert.deepEqual(tasks.map((t) => t.title), ['write the release notes', 'Buy coffee', 'rotate keys']);
    assert.equal(tasks[2]!.priority, 'high');
    assert.equal(tasks[2]!.assignee, 'ben');

    const list = await cli(['tasks', 'list', '--json', '--path', root], env);
    assert.deepEqual(JSON.parse(list.out).tasks.map((t: { title: string }) => t.title), ['write the release notes', 'Buy coffee', 'rotate keys']);
    fs.writeFileSync(file, text.replace('- [ ] Buy coffee', '- [x] Buy coffee'));
    const open = await cli(['tasks', 'list', '--path', root], env);
    assert.match(open.out, /^\[ \] write the release notes · due .* · #docs {2}\{\w+\}\n\[ \] rotate keys · !high · @ben {2}\{\w+\}\n2 open of 3 tasks in .*TASKS\.md\n$/);
    const all = await cli(['tasks', 'list', '--all', '--path', root], env);
    assert.match(all.out, /\[x\] Buy coffee/);
  });

  it('uses exit code 2 for bad usage', async function () {
    for (const args of [['tasks'], ['tasks', 'frob'], ['tasks', 'parse'], ['tasks', 'parse', 'x', '--tier', 'gpu'], ['tasks', 'parse', 'x', '--now', 'someday'], ['todos', 'a', 'b'], ['todos', '/no/such/folder']]) {
      const r = await cli(args, env);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.err}`);
    }
    const zone = await cli(['tasks', 'parse', 'x', '--tz', 'Mars/Olympus'], env);
    assert.equal(zone.code, 1);
    assert.match(zone.err, /not an IANA time zone/);
  });
});
