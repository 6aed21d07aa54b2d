// Tag suggestions with a model, end to end below the editor: the real worker process with no model
// file and no cloud key, pointed at a fake Ollama on loopback, answers tasks/newTag on the
// 'server' tier with a tag no task uses, and with no tag and the reason when the server names a
// tag in use; `local-focus tasks suggest --server <url>` prints the rules' tags and estimate from
// the task file with the model's tag marked new. On stories260K, the in-process tier's nonsense
// either gives no tag with the reason or, forced by the schema, a valid new tag.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { FakeOllama } from '../support/fakeOllama';
import { startRealWorker, type RealWorker } from '../support/realWorker';
import { sharedModel, STORIES_260K } from '../support/sharedModels.cjs';

const PARAMS = { title: 'support login with Google', suggested: ['auth'], inUse: ['auth', 'bug', 'docs'] };

/** A task file of finished login tasks (one hour and 45 minutes between started and done) and a docs one. */
function taskFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-new-tag-'));
  const meta = (id: string, minutes: number) => `<!-- lf:id=${id} tier=degraded created=2026-03-01T08:00:00.000Z started=2026-03-02T09:00:00.000Z done=${new Date(Date.parse('2026-03-02T09:00:00.000Z') + minutes * 60_000).toISOString()} -->`;
  fs.writeFileSync(
    path.join(root, 'TASKS.md'),
    ['# Tasks', '', `- [x] Fix the login redirect loop — #auth #bug ${meta('a1', 60)}`, `- [x] Login form loses the password — #auth ${meta('a2', 45)}`, `- [x] Typo in the README — #docs ${meta('d1', 10)}`, ''].join('\n'),
  );
  return root;
}

describe('tasks/newTag on a model server (real worker, fake Ollama)', function () {
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

  it('proposes the server\'s new tag, asked with the bounded schema as its format', async function () {
    const { fake, worker } = await start(JSON.stringify({ tag: 'SSO' }));
    const r = await worker.client.request('tasks/newTag', PARAMS);
    assert.deepEqual([r.tier, r.tag], ['server', 'sso'], JSON.stringify(r));
    const format = fake.last('/api/chat')?.body.format;
    assert.equal(format.properties.tag.maxLength, 24);
  });

  it('proposes no tag, with the reason, when the server names one in use', async function () {
    const { worker } = await start(JSON.stringify({ tag: 'auth' }));
    const r = await worker.client.request('tasks/newTag', PARAMS);
    assert.deepEqual([r.tier, r.tag], ['degraded', undefined]);
    assert.match(r.fallbackReason ?? '', /^server: the model's tag was refused: #auth is already in use/);
  });

  it('local-focus tasks suggest --server <url> prints the rules\' tags and estimate and the model\'s tag as new', async function () {
    fake = new FakeOllama({ answer: JSON.stringify({ tag: 'sso' }) });
    await fake.start();
    const root = taskFolder();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-new-tag-home-'));
    try {
      let out = '';
      let err = '';
      const code = await runCli(['--server', fake.url, 'tasks', 'suggest', 'login with Google fails', '--path', root, '--tier', 'server'], { out: (t) => (out += t), err: (t) => (err += t), env: { LOCAL_FOCUS_HOME: home } });
      assert.equal(code, 0, err);
      assert.match(out, /^Suggested for "login with Google fails" \(from 3 tasks; nothing is applied\):\n {2}tags: #auth \(on 2 similar\) {2}#bug \(on 1 similar\) {2}#docs \(often used\)\n/);
      assert.match(out, /\n {2}new tag: #sso \(proposed by Local server, local model server\)\n/);
      assert.match(out, /\n {2}estimate: 45m \(from 2 similar finished tasks\)\n/);
      const rules = await runCli(['tasks', 'suggest', 'login with Google fails', '--json', '--path', root, '--tier', 'rules'], { out: (t) => (out = t), err: (t) => (err += t), env: { LOCAL_FOCUS_HOME: home } });
      assert.equal(rules, 0, err);
      const json = JSON.parse(out) as { tags: { tag: string }[]; estimate: { minutes: number }; newTag?: unknown };
      assert.deepEqual([json.tags.map((t) => t.tag), json.estimate.minutes, json.newTag], [['auth', 'bug', 'docs'], 45, undefined]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('tasks/newTag on stories260K (real worker, in-process model)', function () {
  let worker: RealWorker;

  before(async function () {
    this.timeout(120_000);
    worker = await startRealWorker({ config: { models: { taskParsing: sharedModel(STORIES_260K) } } });
  });

  after(async function () {
    await worker?.stop();
  });

  it('its nonsense gives no tag with the reason, or a schema-forced tag no task uses', async function () {
    this.timeout(300_000);
    const r = await worker.client.request('tasks/newTag', { ...PARAMS, completion: true });
    if (r.tier === 'degraded') {
      assert.equal(r.tag, undefined);
      assert.match(r.fallbackReason ?? '', /^local: /);
    } else {
      assert.equal(r.tier, 'local');
      if (r.tag !== undefined) {
        assert.match(r.tag, /^[\p{L}][\p{L}\p{N}_\-/.]*$/u);
        assert.ok(r.tag.length <= 24 && !PARAMS.inUse.includes(r.tag), r.tag);
      }
    }
  });
});
