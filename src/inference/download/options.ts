// The downloader's options, each with its default, and the resolved set the transport and the
// jobs read.
import * as fsp from 'node:fs/promises';
import type * as http from 'node:http';

interface StatfsLike {
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

/** This machine: always reached directly, never through a proxy. */
export const DEFAULT_NO_PROXY = ['localhost', '127.0.0.1', '::1'];

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

/** The options with every default filled in; the rest stay optional. */
export type ResolvedOptions = Required<Omit<DownloaderOptions, 'httpsAgent' | 'proxy' | 'ca' | 'headers' | 'log' | 'statfs' | 'rejectUnauthorized'>> &
  Pick<DownloaderOptions, 'httpsAgent' | 'proxy' | 'ca' | 'headers' | 'log' | 'rejectUnauthorized'> & { statfs: (dir: string) => Promise<StatfsLike> };

/** Fills in the defaults; an option given as undefined counts as not given. */
export function resolveOptions(options: DownloaderOptions): ResolvedOptions {
  return {
    ...DEFAULTS,
    noProxy: DEFAULT_NO_PROXY,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    statfs: options.statfs ?? ((dir: string) => fsp.statfs(dir)),
  } as ResolvedOptions;
}
