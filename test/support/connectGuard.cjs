// A connect guard for the offline tests: records every outgoing connection a Node process
// attempts, without changing what the process does. Load it into a process tree with
//   NODE_OPTIONS="--require /abs/test/support/connectGuard.cjs" LOCAL_FOCUS_CONNECT_LOG=/abs/log.jsonl
// (children inherit both, so a forked worker or an extension host records too; see propagate()
// for children whose environment is scrubbed), or call install(logFile) in a process that is
// already running (the host side of a test; no propagation then).
//
// What it hooks, and why that is enough:
// - net.Socket.prototype.connect. Every TCP or Unix-socket client in Node ends there: net.connect
//   and net.createConnection build a Socket and call socket.connect(); tls.connect calls
//   tlssock.connect() on a TLSSocket (a net.Socket subclass); http, https and http2 agents use
//   net/tls.connect; and global fetch (undici, bundled in Node 20 and 24) dials with
//   net.connect / tls.connect through its connector. All of these look the method up on the
//   prototype at call time, so one hook sees them all (test/unit/foundation/connectGuard.test.ts
//   checks each of these APIs, fetch included, on this Node and on the e2e tier's Node 24).
// - dgram.Socket.prototype.connect and .send: UDP does not go through net.
// Name resolution (dns.lookup) is not recorded separately: a connect by host name is recorded
// with that name before it is looked up.
//
// Each record is one JSON line appended with a single write (O_APPEND: lines from many
// processes never interleave): {kind, t, pid, ppid, proc, host, port, path, loopback, tls, stack}.
// kind 'installed' is written once per process when the guard starts, so a test can tell
// "this process connected nowhere" from "the guard was never loaded in this process".
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, so that --require can preload it into any Node process */
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const dgram = require('node:dgram');
const path = require('node:path');

const LOG_ENV = 'LOCAL_FOCUS_CONNECT_LOG';
const kInstalled = Symbol.for('local-focus.connectGuard.installed');

/** True for destinations that never leave the machine: loopback addresses, localhost, Unix sockets. */
function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node's default host is localhost
  let h = String(host).trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const zone = h.indexOf('%');
  if (zone >= 0) h = h.slice(0, zone);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.') || h === '0.0.0.0';
  if (net.isIPv6(h)) {
    if (h === '::1' || h === '::' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(h)) return true;
    const mapped = /^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return Boolean(mapped && mapped[1].startsWith('127.'));
  }
  return false;
}

/** A short description of this process: its script and the flags that say what it is. */
function processSummary() {
  const args = process.argv.slice(1).map((a) => (a.includes('/') && !a.startsWith('-') ? path.basename(a) : a));
  const entry = process.env.VSCODE_ESM_ENTRYPOINT || process.env.VSCODE_AMD_ENTRYPOINT || '';
  const text = `${path.basename(process.execPath)} ${args.join(' ')}${entry ? ` [${entry}]` : ''}`;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** The caller's frames, without this file's and Node's internal ones, for remote records. */
function callerStack() {
  const lines = (new Error().stack || '').split('\n').slice(1);
  return lines
    .map((l) => l.trim())
    .filter((l) => !l.includes(__filename) && !l.includes('(node:') && !l.startsWith('at node:'))
    .slice(0, 12);
}

/** Where a Socket#connect call goes, from any of its signatures (options, path, port+host, or net's normalized array). */
function socketDestination(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect passes [options, cb] with a private symbol
  if (first && typeof first === 'object') {
    if (first.path !== undefined && first.path !== null) return { path: String(first.path) };
    return { host: first.host === undefined ? 'localhost' : first.host, port: first.port === undefined ? undefined : Number(first.port) };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  if (typeof first === 'number' || typeof first === 'string') {
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  }
  return { host: 'localhost' };
}

let state; // { logFile, originals, summary }

function write(record) {
  if (!state) return;
  try {
    fs.appendFileSync(state.logFile, `${JSON.stringify(record)}\n`);
  } catch {
    // The guard must never change the process's behaviour, not even when its log is gone.
  }
}

function record(kind, dest, extra = {}) {
  if (!state) return;
  try {
    const loopback = dest.path !== undefined ? true : isLoopback(dest.host);
    write({
      kind,
      t: Date.now(),
      pid: process.pid,
      ppid: process.ppid,
      proc: state.summary,
      ...(dest.path !== undefined ? { path: dest.path } : { host: dest.host === undefined ? 'localhost' : String(dest.host), port: dest.port }),
      loopback,
      ...extra,
      ...(loopback ? {} : { stack: callerStack() }),
    });
  } catch {
    // never let recording break a connect
  }
}

/**
 * Starts recording into `logFile` (appending). Idempotent within a process; returns `uninstall`.
 * @param {string} logFile
 */
function install(logFile) {
  if (!logFile) throw new Error('connectGuard.install needs a log file path');
  if (state) {
    state.logFile = logFile;
    return uninstall;
  }
  const originals = {
    socketConnect: net.Socket.prototype.connect,
    dgramConnect: dgram.Socket.prototype.connect,
    dgramSend: dgram.Socket.prototype.send,
  };
  state = { logFile, originals, summary: processSummary() };

  net.Socket.prototype.connect = function connect(...args) {
    record('tcp', socketDestination(args), this.encrypted ? { tls: true } : {});
    return originals.socketConnect.apply(this, args);
  };
  if (typeof originals.dgramConnect === 'function') {
    dgram.Socket.prototype.connect = function connect(...args) {
      record('udp', { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(args[0]) });
      return originals.dgramConnect.apply(this, args);
    };
  }
  dgram.Socket.prototype.send = function send(...args) {
    // send(msg[, offset, length], port[, address][, cb]); without a port the socket was
    // connected, which the connect hook recorded.
    const withRange = typeof args[1] === 'number' && typeof args[2] === 'number';
    const port = withRange ? args[3] : args[1];
    const address = withRange ? args[4] : args[2];
    // An unbound socket binds first and then calls send() again: record only the call that sends.
    let bound = true;
    try {
      this.address();
    } catch {
      bound = false;
    }
    if (bound && (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port)))) {
      record('udp', { host: typeof address === 'string' ? address : 'localhost', port: Number(port) });
    }
    return originals.dgramSend.apply(this, args);
  };
  Object.defineProperty(net.Socket.prototype.connect, kInstalled, { value: true });
  write({ kind: 'installed', t: Date.now(), pid: process.pid, ppid: process.ppid, proc: state.summary, node: process.version });
  return uninstall;
}

/** Restores the original methods; recording stops. */
function uninstall() {
  if (!state) return;
  net.Socket.prototype.connect = state.originals.socketConnect;
  if (typeof state.originals.dgramConnect === 'function') dgram.Socket.prototype.connect = state.originals.dgramConnect;
  dgram.Socket.prototype.send = state.originals.dgramSend;
  state = undefined;
}

/** Every record in `logFile` (none when it does not exist); a torn last line is skipped. */
function readRecords(logFile) {
  let text;
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a process killed mid-write; the other lines stand
    }
  }
  return out;
}

/** Connection records (not 'installed') that left the machine. */
function remoteRecords(records) {
  return records.filter((r) => r.kind !== 'installed' && r.loopback === false);
}

/** NODE_OPTIONS that load this guard, kept together with what `existing` already asks for. */
function nodeOptions(existing) {
  const req = `--require ${JSON.stringify(__filename)}`;
  return existing && existing.trim() ? `${existing.trim()} ${req}` : req;
}

/** `host:port (proc pid N)` lines, for assertion messages and the printed summaries. */
function describeRecords(records) {
  return records
    .map((r) => `${r.kind} ${r.path ?? `${r.host}:${r.port}`} from pid ${r.pid} (${r.proc})${r.stack?.length ? `\n      at ${r.stack.slice(0, 4).join('\n      ')}` : ''}`)
    .join('\n');
}

module.exports = { LOG_ENV, install, uninstall, isLoopback, readRecords, remoteRecords, nodeOptions, describeRecords, guardPath: __filename };

/**
 * Makes Node children of this process load the guard too, even those started by programs that
 * scrub their environment: VS Code's server deletes NODE_OPTIONS from the extension host's
 * environment (but forks it with its own process.execArgv), and the extension host forks our
 * worker with a copy of its process.env. So the guard puts itself in both. This changes what the
 * process sees in process.execArgv and process.env.NODE_OPTIONS, nothing else.
 */
function propagate() {
  if (!process.execArgv.includes(__filename)) process.execArgv.push('--require', __filename);
  if (!(process.env.NODE_OPTIONS || '').includes(__filename)) process.env.NODE_OPTIONS = nodeOptions(process.env.NODE_OPTIONS);
}

// Loaded with --require and given a log: start at once, before the program's own code runs.
if (process.env[LOG_ENV] && !net.Socket.prototype.connect[kInstalled]) {
  install(process.env[LOG_ENV]);
  propagate();
}
