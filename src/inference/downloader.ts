// Resumable, verified model downloads over node:http/https, and nothing else: no download library
// to trust, and every rule below is ours to test.
//
// - Bytes go to `<file>.partial`; `<file>.partial.json` records url, size, hash and ETag so a
//   download resumes (HTTP Range + If-Range) after a dropped connection or an editor restart.
// - SHA-256 is computed while the bytes stream in (on resume the existing part is hashed first),
//   checked at the end, and only then is the file renamed into place: a file that fails its hash
//   is deleted and is never "ready".
// - Failed attempts are retried with exponential backoff; an attempt that receives no byte for
//   `stallTimeoutMs` (default 30 s) is abandoned and retried.
// - pause() keeps the partial file, cancel() deletes it; one download runs at a time by default.
// - https is required except to this machine (loopback), on every redirect hop too; at most 5
//   redirects, and a loop is reported as one.
// - Proxy: pass `httpsAgent` (e.g. an agent built from VS Code's http.proxy settings), or `proxy`
//   ("http://user:pass@host:port", like HTTPS_PROXY) to tunnel https through the proxy with
//   CONNECT; loopback and `noProxy` hosts go direct. proxyFromEnv() reads HTTPS_PROXY/NO_PROXY.
import { createHash, Hash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { ErrorCode, LocalFocusError } from '../core/errors';
import { insecureRedirectReason, insecureUrlReason, isLoopbackHost } from '../core/models/catalogSchema';
import { formatBytes } from '../core/models/formatBytes';
import { resolveInside } from '../core/models/safePath';

export type DownloadState = 'queued' | 'downloading' | 'paused' | 'verifying' | 'ready' | 'failed' | 'cancelled';

export type DownloadFailure =
  | 'insecure-url'
  | 'unsafe-path'
  | 'not-found'
  | 'http-status'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'disk-full'
  | 'stalled'
  | 'network'
  | 'incomplete'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'proxy'
  | 'cancelled';

const FAILURE_CODES: Record<DownloadFailure, ErrorCode> = {
  'insecure-url': 'bad-input',
  'unsafe-path': 'bad-input',
  'not-found': 'bad-input',
  'http-status': 'bad-input',
  'redirect-loop': 'bad-input',
  'too-many-redirects': 'bad-input',
  'disk-full': 'bad-input',
  stalled: 'timeout',
  network: 'offline',
  incomplete: 'offline',
  'size-mismatch': 'model-corrupt',
  'hash-mismatch': 'model-corrupt',
  proxy: 'offline',
  cancelled: 'cancelled',
};

export class DownloadError extends LocalFocusError {
  readonly reason: DownloadFailure;
  /** Whether another attempt may succeed (network trouble) or not (404, bad hash, loop). */
  readonly retryable: boolean;
  readonly status?: number;
  constructor(reason: DownloadFailure, message: string, options: { retryable?: boolean; status?: number } = {}) {
    super(FAILURE_CODES[reason], message, { reason, ...(options.status ? { status: options.status } : {}) });
    this.name = 'DownloadError';
    this.reason = reason;
    this.retryable = options.retryable ?? false;
    if (options.status !== undefined) this.status = options.status;
  }
}

export interface DownloadRequest {
  /** Identifies the job in the queue and in events; default: the destination path. */
  id?: string;
  url: string;
  /** The model's folder; the file may not leave it. */
  destDir: string;
  /** Relative name inside destDir ("onnx/model_quantized.onnx"); ".." and absolute paths are refused. */
  fileName: string;
  /** Exact expected size; null/undefined when unknown. */
  size?: number | null;
  /** Expected lowercase hex SHA-256; null/undefined downloads unverified (the hash is still reported). */
  sha256?: string | null;
}

export interface DownloadProgress {
  id: string;
  fileName: string;
  state: DownloadState;
  bytes: number;
  total: number | null;
  /** Bytes per second over the last few seconds of this session. */
  speed: number;
  /** Seconds left at the current speed; null when unknown. */
  etaSeconds: number | null;
}

export interface DownloadResult {
  id: string;
  path: string;
  bytes: number;
  sha256: string;
  /** True when an expected hash was given and matched. */
  verified: boolean;
}

export interface StatfsLike {
  bavail: number | bigint;
  bsize: number | bigint;
}

export interface DownloaderOptions {
  /** Downloads running at once; default 1 (one file at a time uses the line best and keeps order). */
  maxConcurrent?: number;
  /** Consecutive attempts that bring no new byte before giving up; default 5. */
  retries?: number;
  /** First retry delay, doubled each time, capped by maxBackoffMs; defaults 1 s and 30 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** No byte for this long abandons the attempt (which is then retried); default 30 s. */
  stallTimeoutMs?: number;
  /** Minimum time between progress events; default 100 ms (at most 10 per second). */
  progressIntervalMs?: number;
  /** Redirects followed per request; default 5. */
  maxRedirects?: number;
  /** Agent for https requests, e.g. one that honours VS Code's proxy settings. Wins over `proxy`. */
  httpsAgent?: http.Agent;
  /** Proxy URL ("http://user:pass@host:3128"): https is tunnelled through it with CONNECT. */
  proxy?: string;
  /** Hosts that bypass the proxy (suffix match); default localhost, 127.0.0.1, ::1. */
  noProxy?: string[];
  /** Extra certificate authorities to trust (a TLS-inspecting corporate proxy, tests). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify TLS certificates; default true (VS Code's http.proxyStrictSSL). */
  rejectUnauthorized?: boolean;
  /** Free-space probe; default fs.promises.statfs. Tests inject a small disk. */
  statfs?: (dir: string) => Promise<StatfsLike>;
  /** Free space that must remain after the download; default 100 MiB. */
  diskReserveBytes?: number;
  /** Extra request headers (e.g. Authorization for a gated repository), sent to the first host only. */
  headers?: Record<string, string>;
  userAgent?: string;
  log?: (message: string) => void;
}

const DEFAULTS = {
  maxConcurrent: 1,
  retries: 5,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  stallTimeoutMs: 30_000,
  progressIntervalMs: 100,
  maxRedirects: 5,
  diskReserveBytes: 100 * 1024 * 1024,
  userAgent: 'local-focus-model-manager/0.1',
};

/** The proxy settings from the environment (HTTPS_PROXY, https_proxy, ALL_PROXY; NO_PROXY). */
export function proxyFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<DownloaderOptions, 'proxy' | 'noProxy'> {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy || undefined;
  const noProxyRaw = env.NO_PROXY || env.no_proxy;
  const noProxy = noProxyRaw ? noProxyRaw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  return { ...(proxy ? { proxy } : {}), ...(noProxy ? { noProxy: [...DEFAULT_NO_PROXY, ...noProxy] } : {}) };
}

const DEFAULT_NO_PROXY = ['localhost', '127.0.0.1', '::1'];

function bypassesProxy(hostname: string, noProxy: readonly string[]): boolean {
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
class ProxyTunnelAgent extends https.Agent {
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

interface Sidecar {
  version: 1;
  url: string;
  fileName: string;
  size: number | null;
  sha256: string | null;
  etag?: string;
  updatedAt: string;
}

/** A download found on disk (a .partial with its sidecar), to offer resuming after a restart. */
export interface ResumableDownload extends DownloadRequest {
  bytes: number;
}

interface ResponseInfo {
  res: http.IncomingMessage;
  url: string;
}

/** Body bytes (and the end) that arrive before receive() starts reading; see attempt(). */
interface EarlyBody {
  chunks: Buffer[];
  ended: boolean;
  detach(): void;
}

function collectEarlyBody(res: http.IncomingMessage): EarlyBody {
  const early: EarlyBody = {
    chunks: [],
    ended: false,
    detach: () => {
      res.off('data', onData);
      res.off('end', onEnd);
    },
  };
  const onData = (chunk: Buffer) => early.chunks.push(chunk);
  const onEnd = () => (early.ended = true);
  res.on('data', onData);
  res.once('end', onEnd);
  return early;
}

/** Calls `onStall` when `touch` has not been called for `ms`. */
class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly ms: number, private readonly onStall: () => void) {}
  touch(): void {
    this.stop();
    this.timer = setTimeout(this.onStall, this.ms);
    this.timer.unref?.();
  }
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

class SpeedMeter {
  private samples: Array<{ t: number; bytes: number }> = [];
  constructor(private readonly windowMs = 3000) {}
  add(t: number, bytes: number): void {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }
  speed(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.t > a.t ? ((b.bytes - a.bytes) * 1000) / (b.t - a.t) : 0;
  }
  reset(): void {
    this.samples = [];
  }
}

function parseContentRange(value: string | undefined): { start: number; end: number; total: number | null } | undefined {
  const m = value ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

function unsatisfiedTotal(value: string | undefined): number | null {
  const m = value ? /^bytes \*\/(\d+)$/.exec(value.trim()) : null;
  return m ? Number(m[1]) : null;
}

async function fileSize(p: string): Promise<number> {
  try {
    return (await fsp.stat(p)).size;
  } catch {
    return 0;
  }
}

async function removeQuietly(p: string): Promise<void> {
  await fsp.rm(p, { force: true });
}

/** The network side shared by the jobs: requests, redirects, TLS/proxy, free-space checks. */
class Transport {
  readonly opts: Required<Omit<DownloaderOptions, 'httpsAgent' | 'proxy' | 'ca' | 'headers' | 'log' | 'statfs' | 'rejectUnauthorized'>> &
    Pick<DownloaderOptions, 'httpsAgent' | 'proxy' | 'ca' | 'headers' | 'log' | 'rejectUnauthorized'> & { statfs: (dir: string) => Promise<StatfsLike> };
  private tunnelAgent: ProxyTunnelAgent | undefined;
  private directAgent: https.Agent | undefined;

  constructor(options: DownloaderOptions) {
    this.opts = {
      ...DEFAULTS,
      noProxy: DEFAULT_NO_PROXY,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
      statfs: options.statfs ?? ((dir: string) => fsp.statfs(dir)),
    } as Transport['opts'];
  }

  log(message: string): void {
    this.opts.log?.(message);
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

  private get(url: URL, headers: Record<string, string>, signal: AbortSignal, stall: StallWatch): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, { method: 'GET', headers, agent: this.agentFor(url), signal }, resolve);
      stallTarget.set(stall, (err) => req.destroy(err));
      req.on('error', reject);
      req.end();
    });
  }

  /** GET with redirects followed under the https/loopback rule; resolves with the final response. */
  async open(startUrl: string, extraHeaders: Record<string, string>, signal: AbortSignal, stall: StallWatch): Promise<ResponseInfo> {
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
        ...(current.host === first.host ? this.opts.headers ?? {} : {}),
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
}

// The stall watch of an attempt fires into whichever request is current (redirect hops replace it).
const stallTarget = new WeakMap<StallWatch, (err: Error) => void>();

function stallWatch(ms: number): StallWatch {
  const watch: StallWatch = new StallWatch(ms, () => {
    stallTarget.get(watch)?.(new DownloadError('stalled', `No data arrived for ${Math.round(ms / 1000)} s; the connection stalled.`, { retryable: true }));
  });
  return watch;
}

function classifyNetworkError(err: unknown): DownloadError {
  if (err instanceof DownloadError) return err;
  const e = err as NodeJS.ErrnoException;
  const message = e?.message ?? String(err);
  if (e?.code === 'ENOSPC') return new DownloadError('disk-full', `The disk filled up while downloading: ${message}`);
  return new DownloadError('network', `The connection failed: ${message}`, { retryable: true });
}

type JobEvents = {
  progress: [DownloadProgress];
  state: [DownloadState, DownloadError | undefined];
};

/** One file's download: its state, progress events, and pause/resume/cancel. */
export class DownloadJob extends EventEmitter<JobEvents> {
  readonly id: string;
  readonly request: Required<Pick<DownloadRequest, 'url' | 'destDir' | 'fileName'>> & Pick<DownloadRequest, 'size' | 'sha256'>;
  readonly path: string;
  private donePromise!: Promise<DownloadResult>;
  private _state: DownloadState = 'queued';
  private _error: DownloadError | undefined;
  private bytes = 0;
  private total: number | null;
  private abort: AbortController | undefined;
  private stopReason: 'pause' | 'cancel' | undefined;
  private hasher: Hash | undefined;
  private hashedBytes = 0;
  /** The server's ETag for the bytes in the partial file, for If-Range on the next attempt. */
  private etag: string | undefined;
  private lastEmit = 0;
  private readonly speed = new SpeedMeter();
  private settle!: { resolve: (r: DownloadResult) => void; reject: (e: DownloadError) => void };

  constructor(request: DownloadRequest, private readonly owner: Downloader, private readonly transport: Transport) {
    super();
    try {
      this.path = resolveInside(request.destDir, request.fileName);
    } catch (err) {
      throw new DownloadError('unsafe-path', (err as Error).message);
    }
    this.id = request.id ?? this.path;
    this.request = { url: request.url, destDir: request.destDir, fileName: request.fileName, size: request.size ?? null, sha256: request.sha256?.toLowerCase() ?? null };
    this.total = this.request.size ?? null;
    this.newDonePromise();
  }

  /** Settles when the file is ready (DownloadResult) or has failed or been cancelled (DownloadError). */
  get done(): Promise<DownloadResult> {
    return this.donePromise;
  }

  private newDonePromise(): void {
    this.donePromise = new Promise<DownloadResult>((resolve, reject) => (this.settle = { resolve, reject }));
    // Nobody may be awaiting `done` (a UI that listens to events instead); that is not an error.
    this.donePromise.catch(() => undefined);
  }

  get state(): DownloadState {
    return this._state;
  }
  get error(): DownloadError | undefined {
    return this._error;
  }
  get partialPath(): string {
    return this.path + '.partial';
  }
  get sidecarPath(): string {
    return this.path + '.partial.json';
  }

  progress(): DownloadProgress {
    const speed = this.speed.speed();
    const left = this.total !== null ? Math.max(0, this.total - this.bytes) : null;
    return {
      id: this.id,
      fileName: this.request.fileName,
      state: this._state,
      bytes: this.bytes,
      total: this.total,
      speed,
      etaSeconds: left !== null && speed > 0 ? left / speed : null,
    };
  }

  /** Stops the transfer and keeps the partial file; resume() continues from it. */
  pause(): void {
    if (this._state === 'queued') {
      this.owner.dequeue(this);
      this.setState('paused');
    } else if (this._state === 'downloading') {
      this.stopReason = 'pause';
      this.abort?.abort(new DownloadError('cancelled', 'Paused.'));
    }
  }

  /** Queues a paused or failed download again; it continues from its partial file. */
  resume(): void {
    if (this._state !== 'paused' && this._state !== 'failed') return;
    if (this._state === 'failed') this.newDonePromise(); // the old promise already rejected
    this._error = undefined;
    this.setState('queued');
    this.owner.requeue(this);
  }

  /** Stops the transfer and deletes the partial file; `done` rejects with "cancelled". */
  cancel(): void {
    if (this._state === 'ready' || this._state === 'cancelled') return;
    if (this._state === 'downloading' || this._state === 'verifying') {
      this.stopReason = 'cancel';
      this.abort?.abort(new DownloadError('cancelled', 'Cancelled.'));
      return;
    }
    this.owner.dequeue(this);
    void this.finishCancel();
  }

  private async finishCancel(): Promise<void> {
    await removeQuietly(this.partialPath);
    await removeQuietly(this.sidecarPath);
    this.hasher = undefined;
    this.hashedBytes = 0;
    const err = new DownloadError('cancelled', `The download of ${this.request.fileName} was cancelled.`);
    this._error = err;
    this.setState('cancelled', err);
    this.settle.reject(err);
  }

  private setState(state: DownloadState, error?: DownloadError): void {
    this._state = state;
    this.emit('state', state, error);
    this.emitProgress(true);
  }

  private emitProgress(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < this.transport.opts.progressIntervalMs) return;
    this.lastEmit = now;
    this.emit('progress', this.progress());
  }

  /** Runs the download to its end; called by the queue. */
  async run(): Promise<void> {
    this.abort = new AbortController();
    this.stopReason = undefined;
    this.speed.reset();
    this.setState('downloading');
    try {
      const result = await this.download(this.abort.signal);
      this.setState('ready');
      this.settle.resolve(result);
    } catch (err) {
      const stop = this.stopReason;
      this.stopReason = undefined;
      if (stop === 'pause') {
        this.transport.log(`Paused ${this.request.fileName} at ${formatBytes(this.bytes)}; the partial file is kept.`);
        this.setState('paused');
      } else if (stop === 'cancel') {
        await this.finishCancel();
      } else {
        const e = classifyNetworkError(err);
        this._error = e;
        this.transport.log(`Download of ${this.request.fileName} failed (${e.reason}): ${e.message}`);
        this.setState('failed', e);
        this.settle.reject(e);
      }
    } finally {
      this.abort = undefined;
    }
  }

  private async readSidecar(): Promise<Sidecar | undefined> {
    try {
      const parsed = JSON.parse(await fsp.readFile(this.sidecarPath, 'utf8')) as Sidecar;
      return parsed && parsed.version === 1 ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeSidecar(etag: string | undefined): Promise<void> {
    // Kept next to the partial file so a later process (editor restart) can resume it.
    const sidecar: Sidecar = {
      version: 1,
      url: this.request.url,
      fileName: this.request.fileName,
      size: this.request.size ?? null,
      sha256: this.request.sha256 ?? null,
      ...(etag ? { etag } : {}),
      updatedAt: new Date().toISOString(),
    };
    const tmp = this.sidecarPath + '.tmp';
    await fsp.writeFile(tmp, JSON.stringify(sidecar, null, 2));
    await fsp.rename(tmp, this.sidecarPath);
  }

  /** Makes the running hash cover exactly the partial file's bytes (re-reading it when needed). */
  private async syncHash(partialBytes: number, signal: AbortSignal): Promise<void> {
    if (this.hasher && this.hashedBytes === partialBytes) return;
    this.hasher = createHash('sha256');
    this.hashedBytes = 0;
    if (partialBytes === 0) return;
    const hasher = this.hasher;
    await pipeline(
      fs.createReadStream(this.partialPath, { start: 0, end: partialBytes - 1 }),
      new Transform({
        transform: (chunk: Buffer, _enc, cb) => {
          hasher.update(chunk);
          cb();
        },
      }),
      { signal },
    );
    this.hashedBytes = partialBytes;
  }

  private async restartFromZero(): Promise<void> {
    await fsp.writeFile(this.partialPath, Buffer.alloc(0));
    this.hasher = createHash('sha256');
    this.hashedBytes = 0;
    this.bytes = 0;
  }

  private async download(signal: AbortSignal): Promise<DownloadResult> {
    const { url, fileName } = this.request;
    const insecure = insecureUrlReason(url);
    if (insecure) throw new DownloadError('insecure-url', `The download URL ${insecure}.`);
    await fsp.mkdir(path.dirname(this.path), { recursive: true });

    // A partial file belongs to this download only if its sidecar describes the same file.
    const sidecar = await this.readSidecar();
    const sameFile =
      sidecar && sidecar.url === url && sidecar.fileName === fileName && sidecar.size === (this.request.size ?? null) && sidecar.sha256 === (this.request.sha256 ?? null);
    this.etag = sameFile ? sidecar.etag : undefined;
    if (!sameFile) {
      await removeQuietly(this.partialPath);
      this.hasher = undefined;
      this.hashedBytes = 0;
    }
    let offset = await fileSize(this.partialPath);
    if (this.request.size !== null && this.request.size !== undefined && offset > this.request.size) {
      offset = 0;
      await removeQuietly(this.partialPath);
    }
    this.bytes = offset;
    if (this.request.size !== null && this.request.size !== undefined) {
      await this.transport.checkFreeSpace(path.dirname(this.path), this.request.size - offset);
    }
    await this.writeSidecar(this.etag);
    if (offset === 0) await fsp.writeFile(this.partialPath, Buffer.alloc(0));

    const { retries, backoffMs, maxBackoffMs } = this.transport.opts;
    // Progress means bytes beyond the furthest point reached so far, so a server that keeps
    // sending the same first part and then restarting us cannot keep the retries going forever.
    let failuresWithoutProgress = 0;
    let furthest = offset;
    for (;;) {
      signal.throwIfAborted();
      const before = await fileSize(this.partialPath);
      try {
        await this.syncHash(before, signal);
        await this.attempt(before, signal);
        break;
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        const e = classifyNetworkError(err);
        if (!e.retryable) {
          if (e.reason === 'size-mismatch') await this.discard();
          throw e;
        }
        const after = await fileSize(this.partialPath);
        failuresWithoutProgress = after > furthest ? 1 : failuresWithoutProgress + 1;
        furthest = Math.max(furthest, after);
        if (failuresWithoutProgress > retries) {
          throw new DownloadError(e.reason, `${e.message} Gave up after ${retries + 1} attempts without progress; resume to try again.`, { retryable: false, ...(e.status ? { status: e.status } : {}) });
        }
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (failuresWithoutProgress - 1));
        this.transport.log(`Download of ${fileName} interrupted at ${formatBytes(after)} (${e.message}); retrying in ${delay} ms.`);
        await sleep(delay, undefined, { signal });
      }
    }
    return this.verify();
  }

  private async discard(): Promise<void> {
    await removeQuietly(this.partialPath);
    await removeQuietly(this.sidecarPath);
    this.hasher = undefined;
    this.hashedBytes = 0;
  }

  private async verify(): Promise<DownloadResult> {
    this.setState('verifying');
    const { size, sha256, fileName } = this.request;
    const bytes = await fileSize(this.partialPath);
    if (!this.hasher || this.hashedBytes !== bytes) await this.syncHash(bytes, new AbortController().signal);
    const actual = this.hasher!.digest('hex');
    this.hasher = undefined;
    this.hashedBytes = 0;
    if (size !== null && size !== undefined && bytes !== size) {
      await this.discard();
      throw new DownloadError('size-mismatch', `${fileName} arrived with ${bytes} bytes instead of ${size}; it was deleted.`);
    }
    if (sha256 && actual !== sha256) {
      await this.discard();
      throw new DownloadError('hash-mismatch', `${fileName} failed its SHA-256 check (expected ${sha256}, got ${actual}); the file was deleted. Download it again; if it fails again the published file has changed.`);
    }
    // Flush before the rename so a crash cannot leave a "ready" name on unwritten bytes.
    const handle = await fsp.open(this.partialPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(this.partialPath, this.path);
    await removeQuietly(this.sidecarPath);
    this.bytes = bytes;
    this.total = bytes;
    return { id: this.id, path: this.path, bytes, sha256: actual, verified: Boolean(sha256) };
  }

  /**
   * Appends the response body to the partial file, hashing as it goes. Read in flowing mode and
   * not through a stream pipeline on purpose: when a connection drops, Node discards what a paused
   * stream still buffers, and a pipeline discards the chunks queued for the disk; here every byte
   * that arrived is written, so the next attempt resumes exactly where this one stopped.
   */
  private receive(res: http.IncomingMessage, stall: StallWatch, early: EarlyBody): Promise<void> {
    const hasher = this.hasher!;
    const limit = this.request.size ?? null;
    // A deep write buffer: the response is paused (and then loses its buffered bytes if the
    // connection drops) only when the disk is this far behind the network.
    const out = fs.createWriteStream(this.partialPath, { flags: 'a', highWaterMark: 8 * 1024 * 1024 });
    return new Promise<void>((resolve, reject) => {
      let failure: Error | undefined;
      const fail = (err: Error) => {
        failure ??= err;
        res.destroy();
        finish();
      };
      // Resolve or reject only once the file stream has flushed and closed.
      const finish = () => {
        res.off('data', onData);
        if (!out.writableEnded && !out.destroyed) out.end();
      };
      out.on('error', (err) => {
        failure ??= classifyNetworkError(err);
        res.destroy();
      });
      out.on('close', () => {
        stall.stop();
        if (failure) reject(failure);
        else resolve();
      });
      const onData = (chunk: Buffer) => {
        if (failure) return;
        stall.touch();
        if (limit !== null && this.bytes + chunk.length > limit) {
          fail(new DownloadError('size-mismatch', `The server sent more than the expected ${limit} bytes of ${this.request.fileName}; the file was deleted.`));
          return;
        }
        hasher.update(chunk);
        this.hashedBytes += chunk.length;
        this.bytes += chunk.length;
        this.speed.add(Date.now(), this.bytes);
        this.emitProgress();
        if (!out.write(chunk)) {
          res.pause();
          out.once('drain', () => res.resume());
        }
      };
      // What arrived while the headers were being checked goes first, in order; the collector is
      // replaced by onData in the same tick, so no chunk is lost or written twice.
      early.detach();
      for (const chunk of early.chunks.splice(0)) onData(chunk);
      if (early.ended) {
        finish();
        return;
      }
      if (res.destroyed) {
        // It failed (a stall, a reset) between the headers and now: nothing more will arrive.
        failure ??=
          res.errored instanceof DownloadError
            ? res.errored
            : new DownloadError('incomplete', `The connection closed ${this.bytes > 0 ? 'before the end of the file' : 'before the body arrived'}.`, { retryable: true });
        finish();
        return;
      }
      res.on('data', onData);
      res.once('end', finish);
      res.once('error', (err) => {
        failure ??= err instanceof DownloadError ? err : classifyNetworkError(err);
        finish();
      });
      res.once('close', () => {
        if (!res.complete) failure ??= new DownloadError('incomplete', 'The connection closed before the end of the file.', { retryable: true });
        finish();
      });
    });
  }

  private sizeMismatch(declared: number, expected: number): DownloadError {
    return new DownloadError(
      'size-mismatch',
      `The server says ${this.request.fileName} has ${declared} bytes, but ${expected} are expected; the published file has changed or the server is wrong. Nothing was kept.`,
    );
  }

  /** One HTTP exchange from `offset` to the end of the file; resolves with the response's ETag. */
  private async attempt(offset: number, signal: AbortSignal): Promise<void> {
    const { size } = this.request;
    const etag = this.etag;
    const headers: Record<string, string> = {};
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      // If-Range makes a changed file come back whole (200) instead of spliced; weak ETags may not be used.
      if (etag && !etag.startsWith('W/')) headers['if-range'] = etag;
    }
    const stall = stallWatch(this.transport.opts.stallTimeoutMs);
    let early: EarlyBody | undefined;
    try {
      const { res, url: finalUrl } = await this.transport.open(this.request.url, headers, signal, stall);
      // From here a stall ends the response itself, so reading the body fails with the stall's reason;
      // the listener keeps an error raised before the body is read from going unhandled.
      stallTarget.set(stall, (err) => res.destroy(err));
      res.on('error', () => undefined);
      const status = res.statusCode ?? 0;
      const newEtag = typeof res.headers.etag === 'string' ? res.headers.etag : undefined;

      if (status === 416) {
        res.resume();
        const declared = unsatisfiedTotal(res.headers['content-range']);
        if (declared !== null && size !== null && size !== undefined && declared !== size) throw this.sizeMismatch(declared, size);
        const total = size ?? declared;
        if (total !== null && offset === total) return; // the partial file was already whole
        await this.restartFromZero();
        throw new DownloadError('incomplete', `The server refused to resume at byte ${offset}; starting over.`, { retryable: true });
      }
      if (status === 404 || status === 410) {
        res.resume();
        throw new DownloadError('not-found', `The server has no file at ${finalUrl} (HTTP ${status}).`, { status });
      }
      if (status === 408 || status === 429 || status >= 500) {
        res.resume();
        throw new DownloadError('http-status', `The server answered HTTP ${status} for ${finalUrl}.`, { retryable: true, status });
      }
      if (status !== 200 && status !== 206) {
        res.resume();
        throw new DownloadError('http-status', `The server answered HTTP ${status} for ${finalUrl}.`, { status });
      }
      // The checks below wait for the disk (sidecar, free space, starting over) while body bytes
      // may already be here; a response that closes early discards what it buffered, so a drop in
      // that moment lost the bytes and the next attempt resumed from an earlier offset (always, for
      // a drop within the first packet). They are collected from now on and written by receive().
      early = collectEarlyBody(res);

      let start = offset;
      let total: number | null = size ?? null;
      if (status === 206) {
        const range = parseContentRange(res.headers['content-range']);
        if (range && range.total !== null && size !== null && size !== undefined && range.total !== size) {
          res.resume();
          throw this.sizeMismatch(range.total, size);
        }
        if (!range || range.start !== offset) {
          res.resume();
          await this.restartFromZero();
          throw new DownloadError('incomplete', `The server sent a range starting at ${range?.start ?? '?'} instead of ${offset}; starting over.`, { retryable: true });
        }
        total ??= range.total;
      } else {
        // 200: the whole file, because the server ignores Range or the file changed (If-Range).
        if (offset > 0) {
          this.transport.log(`The server sent ${this.request.fileName} whole instead of resuming at ${formatBytes(offset)}; starting over.`);
          await this.restartFromZero();
        }
        start = 0;
        const header = res.headers['content-length'];
        const length = header === undefined ? NaN : Number(header);
        if (Number.isFinite(length) && length >= 0) {
          if (total !== null && length !== total) {
            res.resume();
            throw this.sizeMismatch(length, total);
          }
          total ??= length;
        }
      }
      this.total = total;
      if (newEtag !== etag) {
        this.etag = newEtag;
        await this.writeSidecar(newEtag);
      }
      if (size === null || size === undefined) {
        // Size unknown until now: check the disk before writing the first byte.
        if (total !== null) await this.transport.checkFreeSpace(path.dirname(this.path), total - start);
      }

      this.bytes = start;
      await this.receive(res, stall, early);
      this.emitProgress(true);
      if (total !== null && this.bytes < total) {
        throw new DownloadError('incomplete', `The connection closed after ${formatBytes(this.bytes)} of ${formatBytes(total)}.`, { retryable: true });
      }
    } finally {
      // On a refusal (size mismatch, a range that does not fit) stop collecting what is drained.
      early?.detach();
      stall.stop();
    }
  }
}

/**
 * The download queue. One file downloads at a time by default; the others wait as "queued".
 *
 *   const downloader = new Downloader({ log });
 *   const job = downloader.enqueue({ url, destDir, fileName, size, sha256 });
 *   job.on('progress', (p) => …);   // at most ~10 per second
 *   await job.done;                  // DownloadResult, or a DownloadError (reason, code)
 */
export class Downloader {
  private readonly transport: Transport;
  private readonly jobs = new Map<string, DownloadJob>();
  private readonly pending: DownloadJob[] = [];
  private readonly active = new Set<DownloadJob>();

  constructor(options: DownloaderOptions = {}) {
    this.transport = new Transport(options);
  }

  /** Queues a download, or returns (and resumes, if paused) the job already there for the same id. */
  enqueue(request: DownloadRequest): DownloadJob {
    const job = new DownloadJob(request, this, this.transport);
    const existing = this.jobs.get(job.id);
    if (existing && existing.state !== 'ready' && existing.state !== 'cancelled' && existing.state !== 'failed') {
      if (existing.state === 'paused') existing.resume();
      return existing;
    }
    this.jobs.set(job.id, job);
    this.pending.push(job);
    // Start on the next tick, so the caller can attach listeners before the first state change.
    queueMicrotask(() => this.pump());
    return job;
  }

  /** Queues and awaits one download; an abort signal cancels it (deleting the partial file). */
  async download(request: DownloadRequest, signal?: AbortSignal): Promise<DownloadResult> {
    const job = this.enqueue(request);
    const onAbort = () => job.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await job.done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  get(id: string): DownloadJob | undefined {
    return this.jobs.get(id);
  }

  list(): DownloadJob[] {
    return [...this.jobs.values()];
  }

  /** @internal used by DownloadJob */
  dequeue(job: DownloadJob): void {
    const i = this.pending.indexOf(job);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** @internal used by DownloadJob */
  requeue(job: DownloadJob): void {
    // A job resumed before its previous run has fully returned is picked up when that run ends.
    if (!this.pending.includes(job) && !this.active.has(job)) this.pending.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.active.size < this.transport.opts.maxConcurrent && this.pending.length > 0) {
      const job = this.pending.shift()!;
      this.active.add(job);
      void job.run().finally(() => {
        this.active.delete(job);
        if (job.state === 'queued' && !this.pending.includes(job)) this.pending.push(job);
        this.pump();
      });
    }
  }

  /** Partial downloads left in a folder (recursively), e.g. by an editor that was closed mid-download. */
  static async findResumable(dir: string): Promise<ResumableDownload[]> {
    const found: ResumableDownload[] = [];
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
    } catch {
      return found;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.partial.json')) continue;
      const parent = (entry as fs.Dirent & { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
      const sidecarPath = path.join(parent, entry.name);
      try {
        const s = JSON.parse(await fsp.readFile(sidecarPath, 'utf8')) as Sidecar;
        if (s.version !== 1 || typeof s.url !== 'string' || typeof s.fileName !== 'string') continue;
        const target = sidecarPath.slice(0, -'.partial.json'.length);
        const suffix = path.sep + s.fileName.split('/').join(path.sep);
        if (!target.endsWith(suffix)) continue;
        const destDir = target.slice(0, -suffix.length);
        resolveInside(destDir, s.fileName);
        found.push({ url: s.url, destDir, fileName: s.fileName, size: s.size, sha256: s.sha256, bytes: await fileSize(target + '.partial') });
      } catch {
        // A damaged sidecar is not a download we can resume; the model store can clean it up.
      }
    }
    return found;
  }
}

export interface FetchBytesOptions extends Pick<DownloaderOptions, 'httpsAgent' | 'proxy' | 'noProxy' | 'ca' | 'rejectUnauthorized' | 'headers' | 'maxRedirects' | 'stallTimeoutMs'> {
  signal?: AbortSignal;
}

/**
 * The first `length` bytes of a remote file: a Range request, or the start of a full response when
 * the server ignores Range (the rest is not read). For reading a GGUF header before downloading.
 */
export async function fetchLeadingBytes(url: string, length: number, options: FetchBytesOptions = {}): Promise<Buffer> {
  const transport = new Transport({ ...options, stallTimeoutMs: options.stallTimeoutMs ?? DEFAULTS.stallTimeoutMs });
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const stall = stallWatch(transport.opts.stallTimeoutMs);
  try {
    const { res, url: finalUrl } = await transport.open(url, { range: `bytes=0-${Math.max(0, length - 1)}` }, controller.signal, stall);
    const status = res.statusCode ?? 0;
    if (status === 416) {
      res.resume();
      return Buffer.alloc(0);
    }
    if (status !== 200 && status !== 206) {
      res.resume();
      throw new DownloadError(status === 404 || status === 410 ? 'not-found' : 'http-status', `The server answered HTTP ${status} for ${finalUrl}.`, { status });
    }
    const chunks: Buffer[] = [];
    let got = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      stall.touch();
      chunks.push(chunk);
      got += chunk.length;
      if (got >= length) break;
    }
    res.destroy();
    return Buffer.concat(chunks).subarray(0, length);
  } finally {
    stall.stop();
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}

export { isLoopbackHost };
