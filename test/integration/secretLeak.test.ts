// The cloud API key never leaves secret storage except in the Authorization header: not in the
// worker's log (every level), its stdout/stderr, the errors and statuses it sends the host, the
// CLI's output (--json and --verbose), nor any file under LOCAL_FOCUS_HOME. The real worker
// (dist/worker.js, via the same WorkerClient the extension uses) and the real CLI (dist/cli.js) talk
// to a local OpenAI-compatible server that answers, rejects the key, fails, answers garbage, and
// echoes the key back in its error bodies as some gateways do; a closed port stands for a refused
// connection. `npm run build` first.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { toLocalFocusError } from '../../src/core/errors';
import { workerTuningEnv } from '../../src/inference/workerTuning';
import { assertBuilt, RealWorker } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const cliPath = path.join(repo, 'dist', 'cli.js');

type Behaviour = 'ok' | 'unauthorized' | 'server-error' | 'malformed-json' | 'not-json-content';
const BEHAVIOURS: Behaviour[] = ['ok', 'unauthorized', 'server-error', 'malformed-json', 'not-json-content'];

const SCHEMA = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };

describe('cloud API key never leaks (real worker and CLI)', function () {
  this.timeout(120_000);
  const randomPart = randomBytes(12).toString('hex');
  const key = `sk-test-LEAKCANARY-${randomPart}`;
  /** The key and pieces of it that would still identify it (10 hex digits are 40 random bits). */
  const needles = [key, key.slice(-8), randomPart.slice(0, 10)];

  let home: string;
  let server: http.Server;
  let port: number;
  let closedPort: number;
  let behaviour: Behaviour = 'ok';
  const authSeen: string[] = [];
  /** Everything the worker and the CLI emitted, by channel. */
  const emitted: { channel: string; text: string }[] = [];
  const counts: Record<string, number> = {};

  function record(channel: string, value: unknown): void {
    emitted.push({ channel, text: typeof value === 'string' ? value : JSON.stringify(value) });
  }

  before(async function () {
    assertBuilt();
    assertBuilt(cliPath);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-secret-'));
    server = http.createServer((req, res) => {
      authSeen.push(req.headers.authorization ?? '');
      const auth = req.headers.authorization ?? '';
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      req.resume();
      req.on('end', () => {
        switch (behaviour) {
          case 'ok':
            if (req.url === '/v1/models') return json(200, { data: [] });
            return json(200, { choices: [{ message: { content: JSON.stringify({ title: 'fix login', due: null, priority: 'high', tags: [], assignee: null, estimateMinutes: null, findings: [] }) } }], usage: { completion_tokens: 9 } });
          case 'unauthorized':
            // OpenAI-style: the rejected key quoted back.
            return json(401, { error: { message: `Incorrect API key provided: ${auth.replace(/^Bearer /, '')}`, type: 'invalid_request_error' } });
          case 'server-error':
            // A gateway that dumps the request headers into its error page.
            return res.writeHead(500, { 'content-type': 'text/plain' }).end(`upstream failed for ${req.method} ${req.url}; headers: authorization: ${auth}`);
          case 'malformed-json':
            // Starts with the key's secret part: a JSON parser's error that quotes the body's start would show it.
            return res.writeHead(200, { 'content-type': 'application/json' }).end(`${auth.replace(/^Bearer sk-test-LEAKCANARY-/, '')} {"choices": [`);
          case 'not-json-content':
            if (req.url === '/v1/models') return json(200, { data: [] });
            return json(200, { choices: [{ message: { content: `I cannot answer, ${auth}` } }] });
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    // A port that was free a moment ago: connection refused.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
  });

  after(async function () {
    await new Promise((r) => server.close(r));
    fs.rmSync(home, { recursive: true, force: true });
  });

  function assertNoLeak(where: string): void {
    const leaks: string[] = [];
    for (const e of emitted) for (const n of needles) if (e.text.includes(n)) leaks.push(`${e.channel}: …${e.text.slice(Math.max(0, e.text.indexOf(n) - 60), e.text.indexOf(n) + n.length + 10)}…`);
    assert.deepEqual(leaks, [], `the API key leaked (${where})`);
  }

  beforeEach(function () {
    emitted.length = 0;
  });

  it('the worker: logs at every level, stdout/stderr, statuses and errors never carry the key', async function () {
    const worker = new RealWorker({
      home,
      config: { mode: 'cloudPreferred', cloud: { baseUrl: `http://127.0.0.1:${port}/v1`, model: 'test', apiKey: key } },
      tuning: { probeBaseMs: 50 },
      // Every log level reaches this callback (the worker filters none; the editor's channel would).
      onLog: (level, message) => record(`worker log [${level}]`, message),
      onStatus: (s) => record('status', s),
      onProgress: (p) => record('progress', p),
      onDown: (info) => record('down', info),
      backoff: { initialMs: 100, maxMs: 500 },
    });
    const { client } = worker;
    await worker.start();
    let calls = 0;
    let failures = 0;
    const call = async (label: string, fn: () => Promise<unknown>): Promise<unknown> => {
      calls++;
      try {
        const r = await fn();
        record(`result ${label}`, r);
        return r;
      } catch (err) {
        failures++;
        const e = toLocalFocusError(err);
        record(`error ${label}`, { code: e.code, message: e.message, userMessage: e.userMessage, data: e.data, stack: e.stack });
        return err;
      }
    };
    const file = 'export function f(a) {\n  console.log(a);\n  return eval(a);\n}\n';
    try {
      const run = async (label: string) => {
        await call(`${label} llm/generateJson`, () => client.request('llm/generateJson', { capability: 'taskParsing', prompt: 'fix login', schema: SCHEMA, tier: 'cloud' }));
        await call(`${label} tasks/parse`, () => client.request('tasks/parse', { text: 'TODO: fix login tomorrow #auth', tier: 'cloud' }));
        await call(`${label} tasks/parse auto`, () => client.request('tasks/parse', { text: 'TODO: fix login tomorrow #auth' }));
        await call(`${label} review/run`, () => client.request('review/run', { requestId: `r-${label}`, path: 'a.js', text: file, tier: 'cloud' }));
        await call(`${label} review/run auto`, () => client.request('review/run', { requestId: `ra-${label}`, path: 'a.js', text: file }));
        await call(`${label} status probe`, () => client.request('worker/status', { probe: true }));
        counts[label] = (counts[label] ?? 0) + 6;
      };
      for (const b of BEHAVIOURS) {
        behaviour = b;
        await client.reconfigure();
        if (b === 'ok') {
          const ok = (await client.request('tasks/parse', { text: 'TODO: fix login tomorrow', tier: 'cloud' })) as { tier: string };
          assert.equal(ok.tier, 'cloud', 'the cloud call works, so the other runs exercise real requests');
        }
        await run(b);
      }
      // Connection refused, then a key change (reconfigure), then the worker killed and restarted with the key.
      await worker.reconfigure({ ...worker.config, cloud: { ...worker.config.cloud, baseUrl: `http://127.0.0.1:${closedPort}/v1` } });
      await run('refused');
      behaviour = 'unauthorized';
      await worker.reconfigure({ ...worker.config, cloud: { ...worker.config.cloud, baseUrl: `http://127.0.0.1:${port}/v1` } });
      const pid = client.pid!;
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while ((client.pid === pid || client.currentState !== 'running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await run('after restart');
    } finally {
      await worker.stop();
    }
    assert.ok(authSeen.some((a) => a === `Bearer ${key}`), 'the server received the key: the requests were real');
    // Each of the 6 failing set-ups fails at least the 3 requests forced to the cloud tier.
    assert.ok(failures >= 18, `the failing endpoints produced errors (${failures})`);
    const logLines = emitted.filter((e) => e.channel.startsWith('worker log')).length;
    assert.ok(logLines > 10, `the worker logged (${logLines} lines)`);
    assert.ok(emitted.some((e) => /HTTP 500|HTTP 401|ECONNREFUSED|not JSON|not valid JSON/.test(e.text)), 'the errors reached the host');
    assertNoLeak('worker');
    console.log(
      `secret leak (worker): ${calls} requests over ${Object.keys(counts).length} endpoint behaviours (${Object.keys(counts).join(', ')}), ${failures} failed, ${authSeen.length} requests carried the key to the server; ` +
        `checked ${logLines} log lines (all levels, stdout/stderr included), ${emitted.filter((e) => e.channel === 'status').length} statuses, ${emitted.filter((e) => e.channel.startsWith('error') || e.channel.startsWith('result')).length} results/errors: key found 0 times`,
    );
  });

  it('the CLI: --json and --verbose output of answered and failed cloud calls never carry the key', async function () {
    // A workspace, so the runs also write a task file and a notes index (under LOCAL_FOCUS_HOME) for the disk check.
    const ws = path.join(home, 'ws');
    fs.mkdirSync(ws, { recursive: true });
    const source = path.join(ws, 'review-me.js');
    fs.writeFileSync(source, 'function f(a) {\n  debugger; // TODO: remove this\n  return a;\n}\n');
    fs.writeFileSync(path.join(ws, 'notes.md'), '# Login\n\nThe login form needs a rate limit.\n');
    const runs: string[][] = [
      ['--json', '--verbose', 'tasks', 'parse', 'TODO: fix login tomorrow', '--tier', 'cloud'],
      ['--verbose', 'tasks', 'parse', 'TODO: fix login tomorrow', '--tier', 'cloud'],
      ['--json', '--verbose', '--mode', 'cloudPreferred', 'tasks', 'add', 'TODO: fix login tomorrow', '--path', ws],
      ['--json', '--verbose', 'review', source, '--tier', 'cloud'],
      ['--json', '--verbose', 'status', '--probe'],
    ];
    /** Commands that write to disk or only print status: once, against the answering endpoint. */
    const once: string[][] = [
      ['--json', '--verbose', '--mode', 'cloudPreferred', 'todos', ws],
      ['--json', '--verbose', 'index', ws],
      ['--verbose', 'status', '--probe'],
    ];
    let n = 0;
    const exitCodes = new Map<number, number>();
    for (const b of [...BEHAVIOURS, 'refused' as const]) {
      behaviour = b === 'refused' ? 'ok' : b;
      const url = `http://127.0.0.1:${b === 'refused' ? closedPort : port}/v1`;
      // The command lines of one endpoint behaviour run side by side: each is a fresh process.
      const outputs = await Promise.all(
        (b === 'ok' ? [...runs, ...once] : runs).map(
          (args) =>
            new Promise<{ args: string[]; code: number; stdout: string; stderr: string }>((resolve) => {
              execFile(
                process.execPath,
                [cliPath, ...args],
                { env: { ...process.env, LOCAL_FOCUS_HOME: home, LOCAL_FOCUS_API_KEY: key, LOCAL_FOCUS_CLOUD_URL: url, LOCAL_FOCUS_CLOUD_MODEL: 'test', ...workerTuningEnv({ probeBaseMs: 50 }) }, timeout: 60_000 },
                (err, stdout, stderr) => resolve({ args, code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
              );
            }),
        ),
      );
      for (const { args, code, stdout, stderr } of outputs) {
        n++;
        exitCodes.set(code, (exitCodes.get(code) ?? 0) + 1);
        record(`cli ${b} ${args.join(' ')} stdout`, stdout);
        record(`cli ${b} ${args.join(' ')} stderr`, stderr);
        if (b === 'ok' && args.includes('tasks') && args.includes('--json')) assert.match(stdout, /"tier":\s*"cloud"/, `the CLI used the cloud: ${stdout}${stderr}`);
        if (b === 'server-error' && args[0] === '--json' && args.includes('tasks')) assert.match(stdout + stderr, /HTTP 500/, 'the failure is reported');
      }
    }
    assert.ok(authSeen.filter((a) => a === `Bearer ${key}`).length > 20, 'the CLI sent the key');
    assertNoLeak('CLI');
    console.log(`secret leak (CLI): ${n} runs (${runs.length} command lines × ${BEHAVIOURS.length + 1} endpoint behaviours + ${once.length} once), exit codes ${JSON.stringify(Object.fromEntries(exitCodes))}: key found 0 times in stdout/stderr`);
  });

  it('nothing under LOCAL_FOCUS_HOME (models, indexes, catalogs, logs) holds the key', function () {
    let files = 0;
    let bytes = 0;
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) {
          const data = fs.readFileSync(p);
          files++;
          bytes += data.length;
          // As UTF-8, Latin-1 and UTF-16 so an encoded copy is found too.
          for (const n of needles) {
            if (data.includes(Buffer.from(n, 'utf8')) || data.includes(Buffer.from(n, 'utf16le')) || data.includes(Buffer.from(Buffer.from(n).toString('base64').slice(0, 16)))) hits.push(`${path.relative(home, p)} holds ${n === key ? 'the key' : 'part of the key'}`);
          }
        }
      }
    };
    walk(home);
    assert.ok(fs.existsSync(path.join(home, 'ws', 'TASKS.md')), 'the CLI wrote the task file');
    assert.ok(fs.existsSync(path.join(home, 'indexes')), 'the CLI wrote a notes index');
    assert.ok(files >= 5, `the runs wrote files (${files})`);
    assert.deepEqual(hits, []);
    console.log(`secret leak (disk): ${files} files (${bytes} bytes) under LOCAL_FOCUS_HOME: key found 0 times`);
  });
});
