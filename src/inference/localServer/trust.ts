// The trust rule for model servers: which ones count as Local. Local-only mode promises that no
// prompt leaves the machine, so a server is Local when it runs on this machine (a loopback
// address or localhost), or when the user has named its host in an allow list (a GPU box on the
// home network, a reverse tunnel). Every other server is not Local and must not be used there.

export type ServerTrust = 'loopback' | 'allowed-host' | 'remote';

/** The URL's host in a form to compare: lower case, without IPv6 brackets or a trailing dot. */
function comparableHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/**
 * 127.0.0.0/8, ::1 and localhost. The WHATWG URL parser has already normalised the spellings
 * (127.1 and 2130706433 become 127.0.0.1, 0:0:0:0:0:0:0:1 becomes ::1, ::ffff:127.0.0.1 becomes
 * ::ffff:7f00:1), so these patterns see one form of each address.
 */
export function isLoopbackHost(host: string): boolean {
  const h = comparableHost(host);
  if (h === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '::1') return true;
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/** How far a server at `url` is trusted; a URL that does not parse, or is not http(s), is remote. */
export function serverTrust(url: string, allowHosts: readonly string[]): ServerTrust {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'remote';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'remote';
  if (isLoopbackHost(parsed.hostname)) return 'loopback';
  const host = comparableHost(parsed.hostname);
  return allowHosts.some((allowed) => comparableHost(allowed) === host) ? 'allowed-host' : 'remote';
}

/** Whether a server at `url` may be used in Local-only mode. */
export function isLocalServer(url: string, allowHosts: readonly string[]): boolean {
  return serverTrust(url, allowHosts) !== 'remote';
}
