// The offline promise, shown by a connect guard (test/support/connectGuard.cjs)
// loaded into every process involved: the host side (this process, driving the real worker
// through WorkerClient as the extension does), the forked worker, and each CLI run.
// - Local only, with a cloud API key set and the cloud URL on a non-loopback address
//   (TEST-NET-3, https://203.0.113.1/v1): every feature answers over the demo workspace and no
//   process tries any address off the machine, not even to probe the endpoint.
// - auto, same key and URL: the features still answer, by falling back, and the guard sees the
//   worker try that URL and nothing else (which also proves the guard sees the worker's sockets).
// - The CLI in auto with the network really cut (unshare -n, loopback only): every command answers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StatusReport, WorkerConfig } from '../../src/core/protocol';
import * as guard from '../support/connectGuard.cjs';
import { probeNetworkCut, wrapWithNetworkCut } from '../support/networkCut.cjs';
import { assertBuilt, startRealWorker } from '../support/realWorker';
import { repoRoot as repo, sharedModel, sharedModelsDir, STORIES_260K } from '../support/sharedModels.cjs';
import { makeTinyEmbedder, tinyEmbedderDir as tinyEmbedder } from '../support/tinyEmbedder';

const cliPath = path.join(repo, 'dist', 'cli.js');
const stories = path.join(sharedModelsDir, STORIES_260K);

const CLOUD_URL = 'https://203.0.113.1/v1';
const CLOUD_HOST = '203.0.113.1';
const API_KEY = 'sk-offline-test-0123456789';
const TASK_TEXT = 'TODO(ana): rotate the payment key tomorrow 3pm !high #auth';

interface CliRun {
  name: string;
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  pid: number | undefined;
}

/** The CLI commands the offline promise covers, over the demo workspace copied to `ws`. */
function cliCommands(ws: string): { name: string; args: string[]; check: (r: CliRun) => void }[] {
  return [
    {
      name: 'status --probe',
      args: ['status', '--probe', '--json'],
      check: (r) => {
        const s = JSON.parse(r.stdout) as StatusReport;
        assert.equal(s.cloud.configured, true, 'the key is seen');
        assert.equal(s.capabilities.length, 3);
      },
    },
    {
      name: 'todos',
      args: ['todos', ws, '--json'],
      check: (r) => {
        const n = (JSON.parse(r.stdout) as { todos: unknown[] }).todos.length;
        assert.ok(n >= 10, `the demo's TODOs are found (${n})`);
      },
    },
    {
      name: 'tasks parse',
      args: ['tasks', 'parse', TASK_TEXT, '--now', '2026-01-05T09:00:00Z', '--tz', 'UTC'],
      check: (r) => {
        assert.match(r.stdout, /rotate the payment key/);
        assert.match(r.stdout, /due 2026-01-06 15:00/);
        assert.match(r.stdout, /!high/);
      },
    },
    {
      name: 'index',
      args: ['index', path.join(ws, 'notes')],
      check: (r) => assert.match(r.stdout, /Indexed .*: 3 notes/),
    },
    {
      name: 'search',
      args: ['search', 'how do we rotate the payment key', '--path', path.join(ws, 'notes'), '--json'],
      check: (r) => {
        const out = JSON.parse(r.stdout) as { results: { file?: string; path?: string }[] };
        assert.ok(out.results.length > 0, 'results');
        assert.match(JSON.stringify(out.results[0]), /key-rotation\.md/);
      },
    },
    {
      name: 'review',
      args: ['review', path.join(ws, 'src', 'checkout.ts')],
      // Exit 1: the review found errors (the demo file has them on purpose).
      check: (r) => {
        assert.equal(r.code, 1, 'error findings give exit code 1');
        assert.match(r.stdout, /nan-comparison/);
      },
    },
    {
      name: 'models list',
      args: ['models', 'list', '--json'],
      check: (r) => {
        const out = JSON.parse(r.stdout) as { models: { id: string }[] };
        assert.ok(out.models.some((m) => m.id === 'all-minilm-l6-v2'));
      },
    },
  ];
}

function runCli(args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; cut?: boolean }): Promise<Omit<CliRun, 'name'>> {
  const started = Date.now();
  const argv = opts.cut ? wrapWithNetworkCut(process.execPath, [cliPath, ...args]) : [process.execPath, cliPath, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr, ms: Date.now() - started, pid: child.pid });
    });
  });
}

/** A partial download of a catalog model left by an earlier session, as the Model Manager resumes them. */
function plantInterruptedDownload(modelsDir: string): void {
  fs.mkdirSync(modelsDir, { recursive: true });
  const fileName = 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf';
  const target = path.join(modelsDir, fileName);
  fs.writeFileSync(target + '.partial', Buffer.alloc(4096, 1));
  fs.writeFileSync(target + '.partial.json', JSON.stringify({
    version: 1,
    url: 'https://huggingface.co/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/resolve/main/tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf',
    fileName,
    size: 668788096,
    sha256: '9fecc3b3cd76bba89d504f29b616eedf7da85b96540e490ca5824d3f7d2776a0',
    updatedAt: new Date().toISOString(),
  }));
}

describe('offline: Local only connects nowhere off the machine, auto falls back without the cloud', function () {
  this.timeout(180_000);
  let root: string;
  let ws: string;
  let log: string;
  let uninstallHostGuard: (() => void) | undefined;
  const workerPids: Record<string, number> = {};

  before(function () {
    assertBuilt();
    assertBuilt(cliPath);
    sharedModel(STORIES_260K); // throws, saying where it looked, when the shared models are missing
    makeTinyEmbedder();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-offline-'));
    ws = path.join(root, 'demo');
    fs.cpSync(path.join(repo, 'demo'), ws, { recursive: true });
    log = path.join(root, 'connects.jsonl');
    // The host side: WorkerClient and everything else this process does from here on.
    uninstallHostGuard = guard.install(log);
  });

  after(function () {
    uninstallHostGuard?.();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Environment of a process that records its connects into the shared log. */
  function guardedEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra, NODE_OPTIONS: guard.nodeOptions(), [guard.LOG_ENV]: log };
    delete env.LOCAL_FOCUS_MODE;
    return env;
  }

  /** Runs every feature the editor offers through the real worker; returns what each answered and how long it took. */
  async function exerciseWorker(mode: WorkerConfig['mode']) {
    const home = path.join(root, `home-${mode}`);
    fs.mkdirSync(home, { recursive: true });
    // In Local only it must wait for the user; in auto it continues (and would reach the model
    // server, which is not what the auto case here is about).
    if (mode === 'localOnly') plantInterruptedDownload(path.join(home, 'models'));
    const worker = await startRealWorker({
      home,
      config: { mode, models: { taskParsing: stories, embeddings: tinyEmbedder }, cloud: { baseUrl: CLOUD_URL, model: 'offline-test', apiKey: API_KEY } },
      env: guardedEnv({}),
      backoff: { initialMs: 100, maxMs: 1_000 },
    });
    const { client, logs } = worker;
    const ms: Record<string, number> = {};
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t = Date.now();
      try {
        return await fn();
      } finally {
        ms[name] = Date.now() - t;
      }
    };
    workerPids[mode] = client.pid!;
    try {
      // What the extension does when a worker starts: status, and continuing interrupted downloads.
      // Local only must not probe even when asked; in auto the features meet the dead endpoint
      // themselves (no probe first), which is the fallback path under test.
      const status = await timed('status', () => client.request('worker/status', { probe: mode === 'localOnly' }));
      const resumed = await timed('resumeInterrupted', () => client.request('models/resumeInterrupted', {}));
      const todos = await timed('todos/scan', () => client.request('todos/scan', { root: ws }));
      const task = await timed('tasks/parse', () => client.request('tasks/parse', { text: TASK_TEXT, now: '2026-01-05T09:00:00Z', timeZone: 'UTC', completion: true }));
      const index = await timed('notes/index', () => client.request('notes/index', { folder: path.join(ws, 'notes') }));
      const search = await timed('notes/search', () => client.request('notes/search', { folder: path.join(ws, 'notes'), query: 'how do we rotate the payment key' }));
      const file = path.join(ws, 'src', 'checkout.ts');
      const review = await timed('review/run', () => client.request('review/run', { requestId: `offline-${mode}`, path: file, text: fs.readFileSync(file, 'utf8') }));
      const models = await timed('models/list', () => client.request('models/list', {}));
      const after = await client.request('worker/status', {});
      // Background work (a probe timer, a resumed download) gets a moment to show itself.
      await new Promise((r) => setTimeout(r, 500));
      return { status, after, resumed, todos, task, index, search, review, models, ms, logs, pid: client.pid! };
    } finally {
      await worker.stop();
    }
  }

  function recordsOf(pid: number) {
    return guard.readRecords(log).filter((r) => r.pid === pid);
  }

  it('Local only, key set, cloud URL off the machine: the worker serves every feature and no process tries a remote address', async function () {
    const r = await exerciseWorker('localOnly');

    // Every feature answered, each on a local tier.
    assert.equal(r.status.mode, 'localOnly');
    assert.equal(r.status.cloud.configured, true, 'the key reached the worker');
    assert.notEqual(r.status.cloud.reachable, 'no', 'Local only never probed the endpoint');
    assert.ok(r.status.capabilities.every((c) => c.tier !== 'cloud'));
    assert.deepEqual(r.resumed.resumed, [], 'no download is continued by itself in Local only');
    assert.ok(r.logs.some((l) => /Not continuing the interrupted download of tinyllama.*Local only/.test(l)), 'the log says why the download waits');
    assert.equal(r.models.models.find((m) => m.id === 'tinyllama-1.1b-chat-v1.0-q4km')?.state, 'paused', 'it waits as paused, with Resume offered');
    assert.ok(r.todos.files.reduce((s, f) => s + f.todos.length, 0) >= 10, 'TODOs found');
    assert.equal(r.task.title, 'rotate the payment key');
    assert.equal(r.task.priority, 'high');
    assert.notEqual(r.task.tier, 'cloud');
    assert.equal(r.index.filesInScope, 3);
    assert.ok(r.search.results.length > 0 && /key-rotation/.test(JSON.stringify(r.search.results[0])), 'search finds the key rotation note');
    assert.ok(r.review.findings.some((f) => /NaN/.test(f.message)), 'review finds the NaN comparison');
    assert.notEqual(r.review.tier, 'cloud');
    assert.ok(r.models.models.length > 0);

    // The guard ran in both processes, and neither tried an address off the machine.
    const worker = recordsOf(r.pid);
    const host = recordsOf(process.pid);
    assert.ok(worker.some((x) => x.kind === 'installed'), 'the guard was loaded in the worker');
    assert.ok(host.some((x) => x.kind === 'installed'), 'the guard was installed on the host side');
    const remote = guard.remoteRecords([...worker, ...host]);
    assert.deepEqual(remote, [], `remote connects in Local only:\n${guard.describeRecords(remote)}`);
    const connects = [...worker, ...host].filter((x) => x.kind !== 'installed');
    console.log(`      offline (worker, Local only): 9 requests (status+probe, resumeInterrupted, todos, tasks/parse on ${r.task.tier}, notes/index, notes/search on ${r.search.tier ?? '?'}, review on ${r.review.tier}, models/list); ` +
      `connect attempts: ${connects.length} (${connects.filter((x) => x.loopback).length} loopback, ${remote.length} remote); times ms ${JSON.stringify(r.ms)}`);
  });

  it('auto, key set, cloud URL unreachable: every feature still answers by falling back, and only that URL was tried', async function () {
    const r = await exerciseWorker('auto');

    assert.equal(r.status.cloud.reachable, 'unknown', 'nothing was tried before the first feature');
    assert.equal(r.after.cloud.reachable, 'no', `the endpoint is known unreachable: ${JSON.stringify(r.after.cloud)}`);
    assert.notEqual(r.task.tier, 'cloud');
    assert.match(r.task.fallbackReason ?? '', /cloud.*203\.0\.113\.1|203\.0\.113\.1/, `the parse says the cloud failed: ${String(r.task.fallbackReason)}`);
    assert.equal(r.task.title, 'rotate the payment key');
    assert.equal(r.task.due, '2026-01-06T15:00');
    assert.ok(r.search.results.length > 0);
    assert.notEqual(r.review.tier, 'cloud');
    assert.ok(r.review.findings.length > 0, 'the heuristics still review');
    assert.ok(r.after.capabilities.every((c) => c.tier !== 'cloud'), 'no capability claims the cloud');
    const codeReview = r.after.capabilities.find((c) => c.capability === 'codeReview')!;
    assert.match(codeReview.reason ?? '', /cloud unreachable/, 'the status says why the cloud is not used');

    const worker = recordsOf(r.pid);
    const remote = guard.remoteRecords(worker);
    // Positive control: the guard sees the worker's sockets; and the worker tried no one else.
    assert.ok(remote.length >= 1, `the worker tried the cloud in auto:\n${guard.describeRecords(worker)}`);
    const others = remote.filter((x) => x.host !== CLOUD_HOST);
    assert.deepEqual(others, [], `remote connects to anything but the cloud URL:\n${guard.describeRecords(others)}`);
    assert.deepEqual(guard.remoteRecords(recordsOf(process.pid)), [], 'the host side never connects anywhere itself');
    console.log(`      offline (worker, auto, cloud unreachable): tasks/parse fell back to ${r.task.tier} (${r.task.fallbackReason}), review on ${r.review.tier}, search on ${r.search.tier ?? '?'}; ` +
      `${remote.length} connect attempts, all to ${CLOUD_HOST}; cloud: ${r.after.cloud.lastError}; times ms ${JSON.stringify(r.ms)}`);
  });

  it('CLI in Local only, key set: status, todos, tasks parse, index, search, review and models list answer with no remote connect', async function () {
    const home = path.join(root, 'cli-localOnly');
    const env = guardedEnv({ LOCAL_FOCUS_HOME: home, LOCAL_FOCUS_API_KEY: API_KEY, LOCAL_FOCUS_CLOUD_URL: CLOUD_URL });
    plantInterruptedDownload(path.join(home, 'models'));
    const runs: CliRun[] = [];
    for (const c of cliCommands(ws)) {
      const run = { name: c.name, ...(await runCli(['--mode', 'localOnly', ...c.args], { env, cwd: ws })) };
      runs.push(run);
      if (c.name !== 'review') assert.equal(run.code, 0, `${c.name} failed:\n${run.stderr}`);
      c.check(run);
      assert.doesNotMatch(run.stdout + run.stderr, /cloud unreachable|203\.0\.113\.1/, `${c.name} never tried the cloud`);
    }
    const records = guard.readRecords(log);
    for (const run of runs) {
      const mine = records.filter((x) => x.pid === run.pid);
      assert.ok(mine.some((x) => x.kind === 'installed'), `the guard was loaded in the CLI run of ${run.name}`);
      const remote = guard.remoteRecords(mine);
      assert.deepEqual(remote, [], `${run.name} connected off the machine:\n${guard.describeRecords(remote)}`);
    }
    console.log(`      offline (CLI, Local only): ${runs.length} commands, 0 remote connect attempts; ms ${runs.map((x) => `${x.name} ${x.ms}`).join(', ')}`);
  });

  it('CLI in auto with the network cut (unshare -n, loopback only): every command answers, falling back from the cloud', async function () {
    const cut = probeNetworkCut();
    if (!cut.ok) {
      console.log(`      skipped: cannot cut the network here: ${cut.reason}`);
      this.skip();
    }
    const home = path.join(root, 'cli-auto-cut');
    const env = guardedEnv({ LOCAL_FOCUS_HOME: home, LOCAL_FOCUS_API_KEY: API_KEY, LOCAL_FOCUS_CLOUD_URL: CLOUD_URL });
    const runs: CliRun[] = [];
    for (const c of cliCommands(ws)) {
      const run = { name: c.name, ...(await runCli(['--mode', 'auto', ...c.args], { env, cwd: ws, cut: true })) };
      runs.push(run);
      if (c.name !== 'review') assert.equal(run.code, 0, `${c.name} failed under the network cut:\n${run.stderr}\n${run.stdout}`);
      c.check(run);
    }
    const status = JSON.parse(runs[0]!.stdout) as StatusReport;
    assert.equal(status.cloud.reachable, 'no', 'status --probe learned the endpoint is unreachable');
    assert.match(status.cloud.lastError ?? '', /ENETUNREACH|cannot reach/, `the reason names the network: ${status.cloud.lastError}`);
    const parse = runs.find((x) => x.name === 'tasks parse')!;
    assert.match(parse.stdout, /parsed by (Local|Degraded)/);
    assert.match(parse.stdout, /cannot reach 203\.0\.113\.1/, 'the parse says why the cloud was not used');
    const slowest = runs.reduce((a, b) => (b.ms > a.ms ? b : a));
    assert.ok(slowest.ms < 30_000, `${slowest.name} took ${slowest.ms} ms offline`);
    const records = guard.readRecords(log);
    const tried = runs.map((run) => guard.remoteRecords(records.filter((x) => x.pid === run.pid)).length);
    assert.ok(tried.some((n) => n > 0), 'the guard saw the CLI try the cloud in auto (so it ran inside the namespace too)');
    console.log(`      offline (CLI, auto, network cut: ${cut.how}): ${runs.length} commands answered; cloud tried ${tried.reduce((a, b) => a + b, 0)} times, ` +
      `failed with "${status.cloud.lastError}"; ms ${runs.map((x) => `${x.name} ${x.ms}`).join(', ')}`);
  });
});
