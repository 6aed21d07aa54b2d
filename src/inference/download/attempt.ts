// One HTTP exchange of a download: ask for the bytes from where the partial file ends, check that
// what the server answers fits (status, range, size), then append the body to the partial file.
// A failure says whether another attempt may succeed; the job decides whether to make one.
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
import { formatBytes } from '../../core/models/formatBytes';
import { classifyNetworkError, DownloadError } from './errors';
import type { PartialFile } from './partialFile';
import type { ProgressCounter } from './progress';
import type { DownloadRequest } from './request';
import { StallWatch } from './stallWatch';
import type { Transport } from './transport';

/** The job as an attempt sees it: what to fetch, where the bytes go and what counts them. */
export interface AttemptTarget {
  readonly request: Pick<DownloadRequest, 'url' | 'fileName' | 'size' | 'credentials'>;
  /** Where the finished file goes; its folder's disk is the one checked for free space. */
  readonly path: string;
  readonly transport: Transport;
  readonly partial: PartialFile;
  readonly progress: ProgressCounter;
}

/** Where the body's first byte goes in the file, and the file's size when known. */
interface BodyPlacement {
  start: number;
  total: number | null;
}

/** One HTTP exchange from `offset` to the end of the file. */
export async function attempt(target: AttemptTarget, offset: number, signal: AbortSignal): Promise<void> {
  const stall = new StallWatch(target.transport.opts.stallTimeoutMs);
  let early: EarlyBody | undefined;
  try {
    const { res, url } = await target.transport.open(target.request.url, resumeHeaders(offset, target.partial.etag), signal, stall, target.request.credentials);
    // From here a stall ends the response itself, so reading the body fails with the stall's reason;
    // the listener keeps an error raised before the body is read from going unhandled.
    stall.aimAt((err) => res.destroy(err));
    res.on('error', () => undefined);
    if ((await checkStatus(target, res, url, offset)) === 'already-whole') return;
    // The checks below wait for the disk (sidecar, free space, starting over) while body bytes
    // may already be here, and a response that closes early discards what it buffered: so they
    // are collected from now on and written by receive(), and a drop in that moment costs no byte
    // (the next attempt resumes exactly where this one stopped, even within the first packet).
    early = collectEarlyBody(res);
    const { start, total } = res.statusCode === 206 ? await placeRange(target, res, offset) : await placeWhole(target, res, offset);
    await prepareForBody(target, res, start, total);
    await receive(target, res, stall, early);
    target.progress.report(true);
    if (total !== null && target.progress.bytes < total) {
      throw new DownloadError('incomplete', `The connection closed after ${formatBytes(target.progress.bytes)} of ${formatBytes(total)}.`, { retryable: true });
    }
  } finally {
    // On a refusal (size mismatch, a range that does not fit) stop collecting what is drained.
    early?.detach();
    stall.stop();
  }
}

function resumeHeaders(offset: number, etag: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    // If-Range makes a changed file come back whole (200) instead of spliced; weak ETags may not be used.
    if (etag && !etag.startsWith('W/')) headers['if-range'] = etag;
  }
  return headers;
}

/**
 * Throws for every status but 200 and 206, retryable where the server may answer better later.
 * 416 (nothing to send from `offset`) is "already-whole" when the partial file is the whole file,
 * and otherwise starts over.
 */
async function checkStatus(target: AttemptTarget, res: http.IncomingMessage, url: string, offset: number): Promise<'already-whole' | 'read-body'> {
  const status = res.statusCode ?? 0;
  if (status === 200 || status === 206) return 'read-body';
  res.resume();
  if (status === 416) {
    const { size } = target.request;
    const declared = unsatisfiedTotal(res.headers['content-range']);
    if (declared !== null && size !== null && size !== undefined && declared !== size) throw sizeMismatch(target, declared, size);
    const total = size ?? declared;
    if (total !== null && offset === total) return 'already-whole';
    await restartFromZero(target);
    throw new DownloadError('incomplete', `The server refused to resume at byte ${offset}; starting over.`, { retryable: true });
  }
  if (status === 404 || status === 410) {
    throw new DownloadError('not-found', `The server has no file at ${url} (HTTP ${status}).`, { status });
  }
  const retryable = status === 408 || status === 429 || status >= 500;
  throw new DownloadError('http-status', `The server answered HTTP ${status} for ${url}.`, { retryable, status });
}

/** 206: the range must start at `offset` (else start over) and the file must have the expected size. */
async function placeRange(target: AttemptTarget, res: http.IncomingMessage, offset: number): Promise<BodyPlacement> {
  const { size } = target.request;
  const range = parseContentRange(res.headers['content-range']);
  if (range && range.total !== null && size !== null && size !== undefined && range.total !== size) {
    res.resume();
    throw sizeMismatch(target, range.total, size);
  }
  if (!range || range.start !== offset) {
    res.resume();
    await restartFromZero(target);
    throw new DownloadError('incomplete', `The server sent a range starting at ${range?.start ?? '?'} instead of ${offset}; starting over.`, { retryable: true });
  }
  return { start: offset, total: size ?? range.total };
}

/** 200: the whole file, because the server ignores Range or the file changed (If-Range). */
async function placeWhole(target: AttemptTarget, res: http.IncomingMessage, offset: number): Promise<BodyPlacement> {
  if (offset > 0) {
    target.transport.log(`The server sent ${target.request.fileName} whole instead of resuming at ${formatBytes(offset)}; starting over.`);
    await restartFromZero(target);
  }
  let total: number | null = target.request.size ?? null;
  const header = res.headers['content-length'];
  const length = header === undefined ? NaN : Number(header);
  if (Number.isFinite(length) && length >= 0) {
    if (total !== null && length !== total) {
      res.resume();
      throw sizeMismatch(target, length, total);
    }
    total ??= length;
  }
  return { start: 0, total };
}

/** Records the total and the response's ETag, and checks the disk when the size was unknown until now. */
async function prepareForBody(target: AttemptTarget, res: http.IncomingMessage, start: number, total: number | null): Promise<void> {
  target.progress.total = total;
  await target.partial.recordEtag(typeof res.headers.etag === 'string' ? res.headers.etag : undefined);
  const { size } = target.request;
  if (size === null || size === undefined) {
    // Size unknown until now: check the disk before writing the first byte.
    if (total !== null) await target.transport.checkFreeSpace(path.dirname(target.path), total - start);
  }
  target.progress.bytes = start;
}

/**
 * Appends the response body to the partial file, hashing as it goes. Read in flowing mode and
 * not through a stream pipeline on purpose: when a connection drops, Node discards what a paused
 * stream still buffers, and a pipeline discards the chunks queued for the disk; here every byte
 * that arrived is written, so the next attempt resumes exactly where this one stopped.
 */
function receive(target: AttemptTarget, res: http.IncomingMessage, stall: StallWatch, early: EarlyBody): Promise<void> {
  const { partial, progress } = target;
  const limit = target.request.size ?? null;
  // A deep write buffer: the response is paused (and then loses its buffered bytes if the
  // connection drops) only when the disk is this far behind the network.
  const out = fs.createWriteStream(partial.partialPath, { flags: 'a', highWaterMark: 8 * 1024 * 1024 });
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
      if (limit !== null && progress.bytes + chunk.length > limit) {
        fail(new DownloadError('size-mismatch', `The server sent more than the expected ${limit} bytes of ${target.request.fileName}; the file was deleted.`));
        return;
      }
      partial.hash(chunk);
      progress.received(chunk.length);
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
          : new DownloadError('incomplete', `The connection closed ${progress.bytes > 0 ? 'before the end of the file' : 'before the body arrived'}.`, { retryable: true });
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

async function restartFromZero(target: AttemptTarget): Promise<void> {
  await target.partial.restartFromZero();
  target.progress.bytes = 0;
}

function sizeMismatch(target: AttemptTarget, declared: number, expected: number): DownloadError {
  return new DownloadError(
    'size-mismatch',
    `The server says ${target.request.fileName} has ${declared} bytes, but ${expected} are expected; the published file has changed or the server is wrong. Nothing was kept.`,
  );
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
