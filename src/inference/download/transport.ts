// The network side the jobs share: GET requests with redirects followed under the https/loopback
// rule, the agent for TLS and the proxy, and the free-space check before bytes are written.
import * as http from 'node:http';
import * as https from 'node:https';
import { insecureRedirectReason, insecureUrlReason } from '../../core/models/catalogSchema';
import { formatBytes } from '../../core/models/formatBytes';
import { DownloadError } from './errors';
import { resolveOptions, type DownloaderOptions, type ResolvedOptions } from './options';
import { bypassesProxy, ProxyTunnelAgent } from './proxy';
import type { StallWatch } from './stallWatch';

/** The final response of a request, and the URL it came from after redirects. */
interface OpenedResponse {
  res: http.IncomingMessage;
  url: string;
}

/** The network side shared by the jobs: requests, redirects, TLS/proxy, free-space checks. */
export class Transport {
  readonly opts: ResolvedOptions;
  private tunnelAgent: ProxyTunnelAgent | undefined;
  private directAgent: https.Agent | undefined;

  constructor(options: DownloaderOptions) {
    this.opts = resolveOptions(options);
  }

  log(message: string): void {
    this.opts.log?.(message);
  }

  /**
   * GET with redirects followed under the https/loopback rule; resolves with the final response.
   * `credentials` go, like the options' headers, only to the host the request started at.
   */
  async open(startUrl: string, extraHeaders: Record<string, string>, signal: AbortSignal, stall: StallWatch, credentials?: Record<string, string>): Promise<OpenedResponse> {
    const first = new URL(startUrl);
    const visited = new Set<string>([first.toString()]);
    let current = first;
    for (let hop = 0; ; hop++) {
      const insecure = insecureUrlReason(current.toString());
      if (insecure) {
        const where = hop === 0 ? 'The download URL' : `The redirect to ${current.toString()}`;
        throw new DownloadError('insecure-url', `${where} ${insecure}.`);
      }
      const headers: Record<string, string> = {
        'user-agent': this.opts.userAgent,
        'accept-encoding': 'identity',
        ...extraHeaders,
        // Credentials go to the host the user named, never to where it redirects.
        ...(current.host === first.host ? { ...this.opts.headers, ...credentials } : {}),
      };
      stall.touch();
      const res = await this.get(current, headers, signal, stall);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        const next = new URL(location, current);
        if (visited.has(next.toString())) {
          throw new DownloadError('redirect-loop', `The server redirects in a loop (${current.toString()} → ${next.toString()} was already visited); the download URL is broken.`);
        }
        if (hop + 1 > this.opts.maxRedirects) {
          throw new DownloadError('too-many-redirects', `The server redirected more than ${this.opts.maxRedirects} times starting at ${startUrl}; giving up.`);
        }
        const redirectRefused = insecureRedirectReason(startUrl, next.toString());
        if (redirectRefused) throw new DownloadError('insecure-url', `The download ${redirectRefused}.`);
        visited.add(next.toString());
        current = next;
        continue;
      }
      return { res, url: current.toString() };
    }
  }

  /** Refuses a download that would leave less than `diskReserveBytes` free; an unreadable disk is not checked. */
  async checkFreeSpace(dir: string, neededBytes: number): Promise<void> {
    if (neededBytes <= 0) return;
    let free: number;
    try {
      const s = await this.opts.statfs(dir);
      free = Number(s.bavail) * Number(s.bsize);
    } catch (err) {
      this.log(`Could not read the free space of ${dir} (${(err as Error).message}); downloading without the check.`);
      return;
    }
    const reserve = this.opts.diskReserveBytes;
    if (free < neededBytes + reserve) {
      throw new DownloadError(
        'disk-full',
        `Not enough free disk space in ${dir}: the download needs ${formatBytes(neededBytes)} more, plus ${formatBytes(reserve)} to spare, but only ${formatBytes(free)} is free. Free some space or choose another models folder.`,
      );
    }
  }

  private agentFor(url: URL): http.Agent | undefined {
    if (url.protocol !== 'https:') return undefined;
    if (this.opts.httpsAgent) return this.opts.httpsAgent;
    const tlsOptions: https.AgentOptions = {
      ...(this.opts.ca ? { ca: this.opts.ca } : {}),
      ...(this.opts.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    };
    if (this.opts.proxy && !bypassesProxy(url.hostname, this.opts.noProxy)) {
      this.tunnelAgent ??= new ProxyTunnelAgent(new URL(this.opts.proxy), tlsOptions);
      return this.tunnelAgent;
    }
    if (Object.keys(tlsOptions).length === 0) return undefined;
    this.directAgent ??= new https.Agent(tlsOptions);
    return this.directAgent;
  }

  /** One GET without following redirects; a stall from now on ends this request. */
  private get(url: URL, headers: Record<string, string>, signal: AbortSignal, stall: StallWatch): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, { method: 'GET', headers, agent: this.agentFor(url), signal }, resolve);
      stall.aimAt((err) => req.destroy(err));
      req.on('error', reject);
      req.end();
    });
  }
}
