// One GET of the Hub's JSON API, with everything a hostile or overloaded Hub can do turned into a
// 'hub' error that says what to do: no answer in time, a body bigger than any real listing, text
// that is not JSON, 401/403 (a gated or private repository: HF_TOKEN), 404, 429 (waited out once
// when Retry-After is short, else refused with the time to wait), other statuses. Requests go
// through the downloader's transport, so they follow the same rules: https (or http to this
// machine) on every hop, the proxy (http.proxy, HTTPS_PROXY), and the token in the Authorization
// header to the Hub's own host only, never to a host it redirects to or links a next page on.
import type * as http from 'node:http';
import { LocalFocusError } from '../../../../core/errors';
import { formatBytes, formatDuration } from '../../../../core/models/formatBytes';
import { malformedHubAnswer } from '../../../../core/models/hubListing';
import { DownloadError } from '../../../download';
import { StallWatch } from '../../../download/stallWatch';
import { Transport } from '../../../download/transport';

export interface HubHttpOptions {
  token?: string;
  proxy?: string;
  noProxy?: string[];
  /** Certificate authorities to trust besides the system's (a TLS-inspecting proxy, tests). */
  ca?: string | Buffer;
  /** The whole exchange, connect to last byte; default 20 s. */
  timeoutMs?: number;
  /** The largest body read; default 8 MiB (a page of 100 repositories is about 100 kB). */
  maxBodyBytes?: number;
  /** A 429 whose Retry-After is at most this long is waited out once; default 5 s. */
  maxRetryWaitMs?: number;
}

/** A page of the API: its JSON, and the next page's URL when the Link header names one on the Hub. */
export interface HubPage {
  json: unknown;
  next?: string;
}

const DEFAULTS = { timeoutMs: 20_000, maxBodyBytes: 8 * 1024 * 1024, maxRetryWaitMs: 5_000 };

function hubError(reason: string, message: string, status?: number): LocalFocusError {
  return new LocalFocusError('hub', message, { reason, ...(status ? { status } : {}) });
}

/** How long a 429 asks to wait: Retry-After (seconds or a date), else RateLimit's "t=" seconds. */
export function retryAfterMs(headers: http.IncomingHttpHeaders, now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  if (typeof raw === 'string' && raw.trim()) {
    const seconds = Number(raw.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const limit = headers['ratelimit'];
  const t = typeof limit === 'string' ? /(?:^|[;,\s])t=(\d+)/.exec(limit)?.[1] : undefined;
  return t === undefined ? undefined : Number(t) * 1000;
}

/** The URL of rel="next" in a Link header. */
export function nextLink(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (!text) return undefined;
  for (const part of text.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

export class HubHttp {
  private readonly transport: Transport;
  private readonly opts: Required<Pick<HubHttpOptions, 'timeoutMs' | 'maxBodyBytes' | 'maxRetryWaitMs'>>;
  private readonly origin: string;

  constructor(
    readonly base: string,
    private readonly options: HubHttpOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => k in DEFAULTS && v !== undefined)) };
    this.origin = new URL(base).origin;
    this.transport = new Transport({
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.noProxy ? { noProxy: options.noProxy } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
      stallTimeoutMs: this.opts.timeoutMs,
      maxRedirects: 3,
    });
  }

  /** GETs `url` (on the Hub) and parses its JSON; `what` names it in messages. */
  async getJson(url: string, what: string, signal?: AbortSignal): Promise<HubPage> {
    if (new URL(url).origin !== this.origin) throw hubError('malformed', `The Hub pointed ${what} at another server (${new URL(url).host}); the request was not sent.`);
    try {
      return await this.exchange(url, what, signal);
    } catch (err) {
      const wait = err instanceof LocalFocusError && err.data?.reason === 'rate-limited' ? (err.data.waitMs as number | undefined) : undefined;
      if (wait === undefined || wait > this.opts.maxRetryWaitMs) throw err;
      await sleep(wait, signal);
      return this.exchange(url, what, signal);
    }
  }

  private async exchange(url: string, what: string, signal: AbortSignal | undefined): Promise<HubPage> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.opts.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const stall = new StallWatch(this.opts.timeoutMs);
    try {
      const { res } = await this.transport.open(url, { accept: 'application/json' }, controller.signal, stall);
      stall.aimAt((e) => res.destroy(e));
      const body = await this.readBody(res, what);
      this.checkStatus(res, body, what);
      return { json: parseJson(body, what), ...this.nextOf(res) };
    } catch (err) {
      if (signal?.aborted) throw new LocalFocusError('cancelled', `The Hub search was cancelled.`);
      if (timedOut || (err instanceof DownloadError && err.reason === 'stalled')) {
        throw hubError('timeout', `The Hub at ${this.origin} did not answer ${what} within ${formatDuration(this.opts.timeoutMs / 1000)}. Try again later, or check the network and proxy.`);
      }
      throw this.networkError(err, what);
    } finally {
      clearTimeout(timer);
      stall.stop();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async readBody(res: http.IncomingMessage, what: string): Promise<Buffer> {
    const declared = Number(res.headers['content-length']);
    const tooLarge = () => hubError('too-large', `The Hub's answer for ${what} is larger than ${formatBytes(this.opts.maxBodyBytes)}, far more than any real listing; it was not read. Try a narrower search.`);
    if (Number.isFinite(declared) && declared > this.opts.maxBodyBytes) {
      res.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.opts.maxBodyBytes) {
        res.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  private checkStatus(res: http.IncomingMessage, body: Buffer, what: string): void {
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return;
    const said = this.hubMessage(body);
    if (status === 401 || status === 403) {
      const token = this.options.token ? 'the token in HF_TOKEN has no access to it: accept its terms on the Hub with that account' : 'set a Hugging Face token (HF_TOKEN, or Local Focus: Set Hugging Face Token) with access to it';
      throw hubError('unauthorized', `The Hub refused ${what} (HTTP ${status}${said}): it may be gated or private; ${token}.`, status);
    }
    if (status === 404) throw hubError('not-found', `Nothing was found on the Hub for ${what} (HTTP 404${said}). Check the repository's name and localFocus.hub.url.`, status);
    if (status === 429) {
      const waitMs = retryAfterMs(res.headers);
      const when = waitMs === undefined ? 'later' : `in ${formatDuration(Math.ceil(waitMs / 1000))}`;
      const tokenHint = this.options.token ? '' : ' Requests with a Hugging Face token (HF_TOKEN) get a higher limit.';
      throw new LocalFocusError('hub', `The Hub is limiting requests (HTTP 429) and did not answer ${what}; try again ${when}.${tokenHint}`, { reason: 'rate-limited', status, ...(waitMs !== undefined ? { waitMs } : {}) });
    }
    throw hubError('http-status', `The Hub answered HTTP ${status} for ${what}${said}. Try again later.`, status);
  }

  /** The Hub's own error text ({"error": "…"}), short and without the token. */
  private hubMessage(body: Buffer): string {
    let text = '';
    try {
      const json = JSON.parse(body.toString('utf8')) as { error?: unknown };
      if (typeof json.error === 'string') text = json.error;
    } catch {
      return '';
    }
    if (this.options.token) text = text.split(this.options.token).join('[token]');
    text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return text ? `: "${text.length > 160 ? text.slice(0, 157) + '…' : text}"` : '';
  }

  /** A next page only on the Hub itself: elsewhere the token could follow the link. */
  private nextOf(res: http.IncomingMessage): { next?: string } {
    const link = nextLink(res.headers.link);
    if (!link) return {};
    try {
      const next = new URL(link, this.base);
      return next.origin === this.origin ? { next: next.toString() } : {};
    } catch {
      return {};
    }
  }

  private networkError(err: unknown, what: string): LocalFocusError {
    if (err instanceof LocalFocusError && !(err instanceof DownloadError)) return err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof DownloadError && (err.reason === 'insecure-url' || err.reason === 'redirect-loop' || err.reason === 'too-many-redirects')) {
      return hubError('http-status', `The Hub's answer for ${what} could not be followed: ${message}`);
    }
    return hubError('unreachable', `The Hub at ${this.origin} cannot be reached for ${what} (${message}). Check the network, the proxy (http.proxy or HTTPS_PROXY) and localFocus.hub.url.`);
  }
}

function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw malformedHubAnswer(what, `not JSON: ${(err as Error).message}`);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new LocalFocusError('cancelled', 'The Hub search was cancelled.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
