// Child script of test/unit/foundation/connectGuard.test.ts, run with the guard preloaded
// (NODE_OPTIONS=--require connectGuard.cjs): dials one loopback server and one TEST-NET address
// (203.0.113.1, never routed on the internet) through every client API a product could use, each
// on its own port so the test can tell them apart, and
// prints one JSON line per API with what the call itself saw, so the test can check both that
// each attempt was recorded and that the guard changed nothing (the loopback answers arrive, a
// closed port is still refused).
//   node connectGuard.probe.cjs <loopback http port> <closed loopback port>
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS child script */
'use strict';

const dgram = require('node:dgram');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const tls = require('node:tls');

const [port, closedPort] = process.argv.slice(2).map(Number);
const REMOTE = '203.0.113.1';
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** Starts a connection to REMOTE and drops it once the attempt is under way: nothing waits on the network. */
function dropSoon(socket) {
  socket.on('error', () => {});
  setTimeout(() => socket.destroy(), 20);
}

function httpGet(mod, url) {
  return new Promise((resolve) => {
    const req = mod.get(url, { timeout: 1_500 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.code || e.message }));
  });
}

async function main() {
  const base = `http://127.0.0.1:${port}`;

  // net.connect, loopback: the server answers through the guarded socket.
  out({
    api: 'net.connect',
    ...(await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.end('GET / HTTP/1.0\r\n\r\n'));
      let data = '';
      s.on('data', (d) => (data += d));
      s.on('close', () => resolve({ ok: data.includes('guarded-ok') }));
      s.on('error', (e) => resolve({ error: e.code }));
    })),
  });
  // A refused connect is still refused, with the same code.
  out({
    api: 'net.connect-closed',
    ...(await new Promise((resolve) => {
      const s = net.connect({ port: closedPort, host: '127.0.0.1' });
      s.on('connect', () => resolve({ connected: true }));
      s.on('error', (e) => resolve({ error: e.code }));
    })),
  });
  dropSoon(net.connect(9, REMOTE));
  dropSoon(net.createConnection({ port: 10, host: REMOTE }));
  dropSoon(new net.Socket().connect({ port: 11, host: REMOTE }));
  dropSoon(tls.connect({ port: 4443, host: REMOTE, rejectUnauthorized: false }));

  out({ api: 'http.get', ...(await httpGet(http, `${base}/x`)) });
  const remoteHttp = http.get(`http://${REMOTE}:8080/`, () => {});
  remoteHttp.on('error', () => {});
  setTimeout(() => remoteHttp.destroy(), 20);
  const remoteHttps = https.get(`https://${REMOTE}/`, () => {});
  remoteHttps.on('error', () => {});
  setTimeout(() => remoteHttps.destroy(), 20);

  // Global fetch (undici): loopback answers, and a remote attempt is recorded before it is aborted.
  const res = await fetch(`${base}/fetch`);
  out({ api: 'fetch', status: res.status, body: await res.text() });
  await fetch(`https://${REMOTE}:8443/v1/models`, { signal: AbortSignal.timeout(300) }).catch(() => undefined);
  out({ api: 'fetch-remote', done: true });

  // UDP to a remote address, unconnected (send with a port) and connected.
  const u = dgram.createSocket('udp4');
  u.on('error', () => {});
  await new Promise((resolve) => u.send(Buffer.from('x'), 9, REMOTE, () => resolve()));
  u.close();
  const c = dgram.createSocket('udp4');
  c.on('error', () => {});
  await new Promise((resolve) => c.connect(9, REMOTE, () => resolve()));
  c.close();
  out({ api: 'udp', done: true });
  setTimeout(() => process.exit(0), 50);
}

main().catch((e) => {
  out({ fatal: String(e && e.stack) });
  process.exit(1);
});
