// Reaching the origin through an HTTP proxy: the settings from the environment, the hosts that
// bypass the proxy, and the agent that tunnels https through it with CONNECT.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { DownloadError } from './errors';
import { DEFAULT_NO_PROXY, type DownloaderOptions } from './options';

/** The proxy settings from the environment (HTTPS_PROXY, https_proxy, ALL_PROXY; NO_PROXY). */
export function proxyFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<DownloaderOptions, 'proxy' | 'noProxy'> {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy || undefined;
  const noProxyRaw = env.NO_PROXY || env.no_proxy;
  const noProxy = noProxyRaw ? noProxyRaw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  return { ...(proxy ? { proxy } : {}), ...(noProxy ? { noProxy: [...DEFAULT_NO_PROXY, ...noProxy] } : {}) };
}

/** Whether a host goes direct: it is a `noProxy` entry or a subdomain of one ("*" matches all). */
export function bypassesProxy(hostname: string, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.some((entry) => {
    const e = entry.toLowerCase().replace(/^\*?\./, '');
    return e === '*' || host === e || host.endsWith('.' + e);
  });
}

/**
 * An https agent that reaches the origin through an HTTP proxy's CONNECT tunnel, then speaks TLS
 * to the origin inside it (so the proxy sees only the host name, never the bytes).
 */
export class ProxyTunnelAgent extends https.Agent {
  constructor(private readonly proxyUrl: URL, options: https.AgentOptions) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    const target = `${options.host ?? options.hostname}:${options.port ?? 443}`;
    const headers: Record<string, string> = { host: target };
    if (this.proxyUrl.username) {
      const auth = `${decodeURIComponent(this.proxyUrl.username)}:${decodeURIComponent(this.proxyUrl.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
    }
    const connectReq = (this.proxyUrl.protocol === 'https:' ? https : http).request({
      host: this.proxyUrl.hostname,
      port: this.proxyUrl.port || (this.proxyUrl.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
    });
    connectReq.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(new DownloadError('proxy', `The proxy ${this.proxyUrl.host} refused the tunnel to ${target} (HTTP ${res.statusCode}).`, { retryable: true }), undefined as unknown as Duplex);
        return;
      }
      const secure = tls.connect({ ...(options as tls.ConnectionOptions), socket, servername: String(options.servername ?? options.host ?? options.hostname) });
      done(null, secure);
    });
    connectReq.once('error', (err) => done(new DownloadError('proxy', `The proxy ${this.proxyUrl.host} cannot be reached: ${err.message}`, { retryable: true }), undefined as unknown as Duplex));
    connectReq.end();
    return undefined; // the socket arrives through the callback once the tunnel is up
  }
}
