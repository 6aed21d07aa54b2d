// Runs a command with the network cut: a new network namespace (`unshare -n`) whose only
// interface is loopback, brought up so that servers on 127.0.0.1 (code-server, test servers)
// still work. Used by the e2e runner (test/e2e/run.mjs) and the offline integration test.
//
// Needs: util-linux `unshare` (Debian: essential, always there) and either iproute2's `ip`
// (Debian priority "important": in a full install, but NOT in the debian:*-slim container
// images; `apt-get install iproute2`) or python3 (a socket ioctl does the same; the e2e
// installer already needs python3). As root `unshare -n`; otherwise `unshare -rn` (a user
// namespace), which kernels or containers may forbid: then the reason is returned, not thrown.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, shared by .mjs and .ts callers */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

// SIOCGIFFLAGS / SIOCSIFFLAGS on "lo", adding IFF_UP: `ip link set lo up` without iproute2.
const PY_LO_UP = [
  'import socket, fcntl, struct',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  "flags = struct.unpack('16sH22x', fcntl.ioctl(s, 0x8913, struct.pack('16sH22x', b'lo', 0)))[1]",
  "fcntl.ioctl(s, 0x8914, struct.pack('16sH22x', b'lo', flags | 1))",
].join('; ');

function which(cmd, extra = []) {
  for (const dir of [...(process.env.PATH || '').split(':'), ...extra]) {
    if (dir && fs.existsSync(`${dir}/${cmd}`)) return `${dir}/${cmd}`;
  }
  return undefined;
}

/** Shell text that brings loopback up inside the namespace, or why it cannot. */
function loopbackUpCommand() {
  const ip = which('ip', ['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  if (ip) return { sh: `${ip} link set lo up`, tool: 'ip' };
  const py = which('python3');
  if (py) return { sh: `${py} -c "${PY_LO_UP}"`, tool: 'python3' };
  return { reason: 'neither `ip` (apt-get install iproute2) nor python3 is installed to bring loopback up' };
}

let cached;

/**
 * Whether this machine can cut the network for a child, and how. Cached per process.
 * @returns {{ ok: true, unshareArgs: string[], loUp: string, how: string } | { ok: false, reason: string }}
 */
function probeNetworkCut() {
  if (cached) return cached;
  cached = probe();
  return cached;
}

function probe() {
  if (process.platform !== 'linux') return { ok: false, reason: `network namespaces are Linux only (this is ${process.platform})` };
  const unshare = which('unshare', ['/usr/bin', '/bin']);
  if (!unshare) return { ok: false, reason: 'unshare (util-linux) is not installed' };
  const lo = loopbackUpCommand();
  if (!lo.sh) return { ok: false, reason: lo.reason };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const attempts = root ? [['-n']] : [['-rn']];
  let last = '';
  for (const flags of attempts) {
    // Inside: bring lo up, then list the interfaces; only "lo" may be there. /proc/net/dev is
    // the reading process's namespace (/sys/class/net would show the mount's, the host's).
    const r = spawnSync(unshare, [...flags, 'sh', '-c', `${lo.sh} && cat /proc/net/dev`], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) {
      const ifaces = r.stdout.split('\n').slice(2).map((l) => l.split(':')[0].trim()).filter(Boolean);
      if (ifaces.length !== 1 || ifaces[0] !== 'lo') return { ok: false, reason: `the new namespace has interfaces ${ifaces.join(', ')}, not loopback only` };
      return {
        ok: true,
        unshareArgs: [unshare, ...flags],
        loUp: lo.sh,
        how: `unshare ${flags.join(' ')}, loopback only${lo.tool === 'ip' ? '' : ', lo raised with python3'}`,
      };
    }
    last = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop();
  }
  return { ok: false, reason: `unshare ${attempts.map((a) => a.join(' ')).join(' / ')} refused${root ? '' : ' (not root: a user namespace was tried)'}: ${last}` };
}

/**
 * The command and arguments that run `cmd args` with the network cut: spawn(result[0], result.slice(1)).
 * unshare execs (no fork) and `sh -c ... exec`, so the child's PID is the command's own and a
 * process-group kill still reaches everything it starts.
 * @param {string} cmd
 * @param {string[]} args
 */
function wrapWithNetworkCut(cmd, args) {
  const cut = probeNetworkCut();
  if (!cut.ok) throw new Error(`cannot cut the network: ${cut.reason}`);
  return [...cut.unshareArgs, 'sh', '-c', `${cut.loUp} && exec "$@"`, 'sh', cmd, ...args];
}

module.exports = { probeNetworkCut, wrapWithNetworkCut };
