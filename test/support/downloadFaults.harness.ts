// Fault scenarios for model downloads, run by downloadFaults.suite.ts for the fast tier and the
// stress tier: a generated file with a sha256 computed here, a ledger of outcomes, one function per
// fault, a small real disk (tmpfs), and the worker's models feature driven through WorkerClient.
// The rule every scenario checks: a download ends verified with the right bytes, or failed with its
// reason; never "ready" and wrong.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isModelDownloadProgress, ModelDownloadProgress, ModelView } from '../../src/core/modelsProtocol';
import { DownloadError, DownloadJob, DownloadRequest, DownloadResult, Downloader, DownloaderOptions } from '../../src/inference/download';
import { ModelServer, ServeKnobs } from './modelServer';
import { mulberry32 } from './mulberry32';
import { startRealWorker, type RealWorker } from './realWorker';

/** Short waits so a fault costs milliseconds; the real defaults are 1 s backoff and a 30 s stall. */
export const QUICK_RETRY: DownloaderOptions = { backoffMs: 5, maxBackoffMs: 40, stallTimeoutMs: 3_000, retries: 3, diskReserveBytes: 0 };

export function randomInt(random: () => number, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export function sha256File(p: string): string {
  return sha256(fs.readFileSync(p));
}

export interface Blob {
  name: string;
  path: string;
  size: number;
  sha256: string;
}

/** A file of `size` pseudo-random bytes in `dir`, with the sha256 of those bytes. */
export function makeBlob(dir: string, name: string, size: number, seed: number): Blob {
  const random = mulberry32(seed);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) bytes.writeUInt32LE(Math.floor(random() * 0x1_0000_0000), i);
  for (let i = size - (size % 4); i < size; i++) bytes[i] = Math.floor(random() * 256);
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return { name, path: p, size, sha256: sha256(bytes) };
}

export type Mount = { dir: string; unmount: () => void } | { skip: string };

/** A real small disk: a tmpfs of `bytes` mounted on a new folder (Linux, as root), or why not. */
export function mountTmpfs(bytes: number): Mount {
  if (process.platform !== 'linux') return { skip: `no tmpfs on ${process.platform}` };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-smalldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { skip: `mount -t tmpfs was refused (${stderr || (err as Error).message})` };
  }
  return {
    dir,
    unmount: () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
      fs.rmdirSync(dir);
    },
  };
}

export type Outcome = { kind: 'verified'; result: DownloadResult } | { kind: 'failed'; reason: string; message: string };

export interface RunRecord {
  outcome: Outcome;
  states: string[];
  ms: number;
  /** Why this run ended "ready" with the wrong bytes (or left a complete-looking file after failing). */
  wrongButReady?: string;
}

/** What the runs tried and how they ended; `summary()` is the line a run prints. */
export class FaultLedger {
  readonly byScenario = new Map<string, { runs: number; verified: number; failed: Map<string, number> }>();
  dropOffsets = 0;
  resumes = 0;
  resumesAtDropOffset = 0;
  resumesAfterDiskFull = 0;
  restartsFromZero = 0;
  wrongButReady = 0;
  readonly wrongNotes: string[] = [];
  maxMs = 0;

  add(scenario: string, rec: RunRecord): void {
    const s = this.byScenario.get(scenario) ?? { runs: 0, verified: 0, failed: new Map<string, number>() };
    this.byScenario.set(scenario, s);
    s.runs++;
    if (rec.outcome.kind === 'verified') s.verified++;
    else s.failed.set(rec.outcome.reason, (s.failed.get(rec.outcome.reason) ?? 0) + 1);
    if (rec.wrongButReady) {
      this.wrongButReady++;
      this.wrongNotes.push(`${scenario}: ${rec.wrongButReady}`);
    }
    this.maxMs = Math.max(this.maxMs, rec.ms);
  }

  get runs(): number {
    return [...this.byScenario.values()].reduce((n, s) => n + s.runs, 0);
  }

  get verified(): number {
    return [...this.byScenario.values()].reduce((n, s) => n + s.verified, 0);
  }

  failedByReason(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.byScenario.values()) for (const [r, n] of s.failed) out[r] = (out[r] ?? 0) + n;
    return out;
  }

  summary(label: string): string {
    const failed = Object.entries(this.failedByReason())
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    const scenarios = [...this.byScenario.entries()]
      .map(([name, s]) => `${name} ${s.runs}${s.verified ? ` (${s.verified} verified)` : ''}${s.failed.size ? ` (failed: ${[...s.failed].map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`)
      .join('; ');
    return (
      `${label}: ${this.runs} downloads; ${this.dropOffsets} drop offsets tried, ${this.resumes} resumes with Range ` +
      `(${this.resumesAtDropOffset} exactly at the drop offset, ${this.resumesAfterDiskFull} after a full disk), ${this.restartsFromZero} restarted from byte 0; ` +
      `${this.verified} verified; failed by reason: ${failed || 'none'}; wrong-but-ready ${this.wrongButReady}; slowest ${this.maxMs} ms\n` +
      `  scenarios: ${scenarios}`
    );
  }
}

/** Waits for a job and judges the result against the blob's real bytes, never the downloader's word. */
export async function settle(job: DownloadJob, blob: Blob, started = Date.now()): Promise<RunRecord> {
  const states: string[] = [];
  job.on('state', (s) => states.push(s));
  let outcome: Outcome;
  try {
    outcome = { kind: 'verified', result: await job.done };
  } catch (err) {
    assert.ok(err instanceof DownloadError, `a DownloadError, not ${String(err)}`);
    assert.ok(err.message.length > 20, `a sentence, not "${err.message}"`);
    outcome = { kind: 'failed', reason: err.reason, message: err.message };
  }
  const ms = Date.now() - started;
  const finalExists = fs.existsSync(job.path);
  let wrongButReady: string | undefined;
  if (outcome.kind === 'verified') {
    if (!finalExists) wrongButReady = 'ready, but the file is missing';
    else if (sha256File(job.path) !== blob.sha256) wrongButReady = `ready with bytes whose sha256 is not ${blob.sha256}`;
    else if (outcome.result.sha256 !== blob.sha256 || !outcome.result.verified) wrongButReady = 'ready without a verified hash';
  } else {
    if (states.includes('ready')) wrongButReady = `failed (${outcome.reason}) after reporting "ready"`;
    else if (finalExists) wrongButReady = `failed (${outcome.reason}) but a file under the final name is there`;
  }
  return { outcome, states, ms, ...(wrongButReady ? { wrongButReady } : {}) };
}

export async function runDownload(d: Downloader, request: DownloadRequest, blob: Blob): Promise<RunRecord> {
  const started = Date.now();
  return settle(d.enqueue(request), blob, started);
}

export interface FaultContext {
  server: ModelServer;
  blob: Blob;
  /** A new, empty destination folder for one run. */
  freshDir: () => string;
  ledger: FaultLedger;
  options?: DownloaderOptions;
}

const leftovers = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes('.partial'));

function requestFor(ctx: FaultContext, dir: string, over: Partial<DownloadRequest> = {}): DownloadRequest {
  return { url: ctx.server.url(ctx.blob.name), destDir: dir, fileName: 'model.gguf', size: ctx.blob.size, sha256: ctx.blob.sha256, ...over };
}

function expectFailed(rec: RunRecord, reason: string | string[], what: string): void {
  const reasons = Array.isArray(reason) ? reason : [reason];
  assert.equal(rec.wrongButReady, undefined, `${what}: ${rec.wrongButReady}`);
  assert.equal(rec.outcome.kind, 'failed', `${what}: expected to fail with ${reasons.join(' or ')}`);
  if (rec.outcome.kind === 'failed') assert.ok(reasons.includes(rec.outcome.reason), `${what}: failed with ${rec.outcome.reason}, not ${reasons.join(' or ')}: ${rec.outcome.message}`);
}

function expectVerified(rec: RunRecord, what: string): void {
  assert.equal(rec.wrongButReady, undefined, `${what}: ${rec.wrongButReady}`);
  assert.equal(rec.outcome.kind, 'verified', `${what}: ${rec.outcome.kind === 'failed' ? `${rec.outcome.reason}: ${rec.outcome.message}` : ''}`);
}

export type DropMode = 'end' | 'destroy' | 'reset';

/**
 * The server hangs up after `offset` bytes of the first response; the download must resume with
 * Range from what reached the disk and end verified. With `restart`, the first downloader gives up
 * at once (as an editor closed mid-download) and a new one continues from the .partial and its
 * sidecar found on disk.
 */
export async function dropThenResume(ctx: FaultContext, offset: number, mode: DropMode, restart: boolean): Promise<void> {
  const { server, ledger } = ctx;
  const what = `drop at ${offset} (${mode}${restart ? ', restart' : ''})`;
  const dir = ctx.freshDir();
  server.requests.length = 0;
  server.setKnobs(({ index }) => (index === 0 ? { dropAfterBytes: offset, dropWith: mode } : undefined));
  ledger.dropOffsets++;
  let rec: RunRecord;
  if (restart) {
    const first = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options, retries: 0 }), requestFor(ctx, dir), ctx.blob);
    assert.equal(first.outcome.kind, 'failed', what);
    assert.equal(first.wrongButReady, undefined, `${what}: ${first.wrongButReady}`);
    const found = await Downloader.findResumable(dir);
    assert.equal(found.length, 1, `${what}: the partial download is found on disk`);
    rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), found[0]!, ctx.blob);
  } else {
    rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir), ctx.blob);
  }
  ledger.add(restart ? `drop+restart` : 'drop', rec);
  expectVerified(rec, what);
  const second = server.requests[1];
  assert.ok(second, `${what}: a second request`);
  if (second.range) {
    const start = Number(/^bytes=(\d+)-$/.exec(second.range)?.[1]);
    assert.equal(second.status, 206, `${what}: resumed with a partial response`);
    // A FIN delivers every byte written before it; an RST may lose the bytes still in flight.
    if (mode === 'reset') assert.ok(start <= offset, `${what}: resumed at ${start}, after the ${offset} bytes sent`);
    else assert.equal(start, offset, `${what}: resumed exactly where the bytes on disk end`);
    ledger.resumes++;
    if (start === offset) ledger.resumesAtDropOffset++;
  } else {
    assert.equal(mode, 'reset', `${what}: only a reset that lost every byte may start over`);
    ledger.restartsFromZero++;
  }
  assert.deepEqual(leftovers(dir), [], `${what}: no .partial left`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Several drops in one download, one per attempt, at increasing offsets; must end verified. */
export async function manyDrops(ctx: FaultContext, offsets: number[]): Promise<void> {
  const { server, ledger } = ctx;
  const dir = ctx.freshDir();
  server.requests.length = 0;
  // Each attempt starts where the last ended; drop the response `offsets[i] - previous` bytes in.
  const sizes = offsets.map((o, i) => o - (i === 0 ? 0 : offsets[i - 1]!));
  server.setKnobs(({ index }) => (index < sizes.length ? { dropAfterBytes: sizes[index]! } : undefined));
  ledger.dropOffsets += offsets.length;
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir), ctx.blob);
  ledger.add('many drops', rec);
  expectVerified(rec, `drops at ${offsets.join(',')}`);
  offsets.forEach((o, i) => {
    const r = server.requests[i + 1]!;
    assert.equal(r.range, `bytes=${o}-`, `drop ${i} at ${o}`);
    ledger.resumes++;
    ledger.resumesAtDropOffset++;
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A drop, then a byte flipped in the resumed (or the first) part: failed hash-mismatch, nothing kept. */
export async function dropThenFlip(ctx: FaultContext, dropAt: number, flipAt: number): Promise<void> {
  const { server, ledger } = ctx;
  const what = `drop at ${dropAt}, byte ${flipAt} flipped`;
  const dir = ctx.freshDir();
  server.requests.length = 0;
  // The flip is applied to whichever response carries that byte: the first (before the drop) or the resumed one.
  server.setKnobs(({ index }) => (index === 0 ? { dropAfterBytes: dropAt, flipByteAt: flipAt } : index === 1 ? { flipByteAt: flipAt } : undefined));
  ledger.dropOffsets++;
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir), ctx.blob);
  ledger.add(flipAt >= dropAt ? 'drop+flip after' : 'drop+flip before', rec);
  expectFailed(rec, 'hash-mismatch', what);
  assert.equal(server.requests[1]?.range, `bytes=${dropAt}-`, `${what}: it resumed before failing`);
  ledger.resumes++;
  ledger.resumesAtDropOffset++;
  assert.deepEqual(leftovers(dir), [], `${what}: the partial file and its sidecar are deleted`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The server serves a shorter file with honest headers: caught by size when known, else by hash. */
export async function truncatedHonest(ctx: FaultContext, truncateTo: number, sizeKnown: boolean): Promise<void> {
  const dir = ctx.freshDir();
  ctx.server.setKnobs({ truncateTo });
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir, sizeKnown ? {} : { size: null }), ctx.blob);
  ctx.ledger.add(sizeKnown ? 'truncated (size known)' : 'truncated (size unknown)', rec);
  expectFailed(rec, sizeKnown ? 'size-mismatch' : 'hash-mismatch', `truncated to ${truncateTo}`);
  assert.deepEqual(leftovers(dir), [], 'nothing kept');
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Every response promises the whole file and ends after `cutAt` bytes, and the server ignores
 * Range: no attempt gets further, so the download gives up as incomplete (its partial file kept
 * for a later resume, never renamed).
 */
export async function truncatedBody(ctx: FaultContext, cutAt: number): Promise<void> {
  const dir = ctx.freshDir();
  ctx.server.setKnobs({ honourRange: false, dropAfterBytes: cutAt });
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir), ctx.blob);
  ctx.ledger.add('truncated body, no Range', rec);
  // The last attempt's hang-up is seen as an early close ("incomplete") or as a reset ("network").
  expectFailed(rec, ['incomplete', 'network'], `cut at ${cutAt}`);
  assert.match(rec.outcome.kind === 'failed' ? rec.outcome.message : '', /Gave up after \d+ attempts without progress/);
  assert.ok(fs.statSync(path.join(dir, 'model.gguf.partial')).size <= cutAt, 'the partial holds at most what arrived');
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Content-Length off by `delta`: refused against a known size; else recovered (bigger) or caught by hash (smaller). */
export async function lyingLength(ctx: FaultContext, delta: number, sizeKnown: boolean): Promise<void> {
  const dir = ctx.freshDir();
  ctx.server.setKnobs({ contentLengthDelta: delta });
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir, sizeKnown ? {} : { size: null }), ctx.blob);
  const label = `Content-Length ${delta > 0 ? 'bigger' : 'smaller'} (size ${sizeKnown ? 'known' : 'unknown'})`;
  ctx.ledger.add(label, rec);
  if (sizeKnown) expectFailed(rec, 'size-mismatch', `${label} by ${delta}`);
  else if (delta > 0) expectVerified(rec, `${label} by ${delta}`); // the missing end is asked for with Range: 416 says the file was whole
  else expectFailed(rec, 'hash-mismatch', `${label} by ${delta}`);
  if (rec.outcome.kind === 'failed') assert.deepEqual(leftovers(dir), [], `${label}: nothing kept`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A redirect loop, from the start or on the retry after a drop: failed redirect-loop, never renamed. */
export async function redirectLoop(ctx: FaultContext, afterDropAt?: number): Promise<void> {
  const dir = ctx.freshDir();
  const { server } = ctx;
  server.requests.length = 0;
  const file = `/${ctx.blob.name}`;
  server.setKnobs(({ index, path: p }) => {
    if (afterDropAt !== undefined && index === 0) return { dropAfterBytes: afterDropAt };
    if (p === file) return { redirectTo: '/loop-a' };
    if (p === '/loop-a') return { redirectTo: '/loop-b' };
    if (p === '/loop-b') return { redirectTo: file };
    return undefined;
  });
  if (afterDropAt !== undefined) ctx.ledger.dropOffsets++;
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir), ctx.blob);
  ctx.ledger.add(afterDropAt === undefined ? 'redirect loop' : 'drop+redirect loop', rec);
  expectFailed(rec, 'redirect-loop', 'redirect loop');
  assert.match(rec.outcome.kind === 'failed' ? rec.outcome.message : '', /loop/);
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A real small disk (tmpfs of `diskBytes`) as the destination: the free-space check refuses a file
 * bigger than the disk before any byte is requested (size known) or before any is written (size
 * from Content-Length); nothing on the disk claims to be complete.
 */
export async function fullDiskRefused(ctx: FaultContext, disk: string, sizeKnown: boolean): Promise<void> {
  const dir = path.join(disk, `refused-${sizeKnown ? 'known' : 'unknown'}`);
  ctx.server.requests.length = 0;
  ctx.server.setKnobs(undefined);
  const rec = await runDownload(new Downloader({ ...QUICK_RETRY, ...ctx.options }), requestFor(ctx, dir, sizeKnown ? {} : { size: null }), ctx.blob);
  ctx.ledger.add(`disk too small (size ${sizeKnown ? 'known' : 'from Content-Length'})`, rec);
  expectFailed(rec, 'disk-full', 'small disk');
  assert.match(rec.outcome.kind === 'failed' ? rec.outcome.message : '', /Not enough free disk space/);
  if (sizeKnown) assert.equal(ctx.server.requests.length, 0, 'refused before any request');
  const partial = path.join(dir, 'model.gguf.partial');
  if (fs.existsSync(partial)) assert.equal(fs.statSync(partial).size, 0, 'no byte written');
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The disk fills up during the download (another program writes a big file once 1 MB has
 * arrived): the write fails with ENOSPC and the download fails "disk-full", with no file under
 * its final name. Then the other file is deleted and the same job resumes from its partial file
 * to a verified file: the bytes kept were right.
 */
export async function diskFillsMidway(ctx: FaultContext, disk: string): Promise<void> {
  const dir = path.join(disk, 'fills');
  const filler = path.join(disk, 'someone-elses-file');
  ctx.server.requests.length = 0;
  // Slow enough that the filler lands while bytes are still arriving.
  ctx.server.setKnobs({ bytesPerSecond: 8_000_000 });
  const d = new Downloader({ ...QUICK_RETRY, ...ctx.options });
  const started = Date.now();
  const job = d.enqueue(requestFor(ctx, dir));
  let filled = false;
  job.on('progress', (p) => {
    if (filled || p.bytes < 1024 * 1024) return;
    filled = true;
    const fd = fs.openSync(filler, 'w');
    try {
      const chunk = Buffer.alloc(256 * 1024, 1);
      for (;;) fs.writeSync(fd, chunk);
    } catch (err) {
      assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC', 'the filler stops at a full disk');
    } finally {
      fs.closeSync(fd);
    }
  });
  const rec = await settle(job, ctx.blob, started);
  ctx.ledger.add('disk fills midway', rec);
  expectFailed(rec, 'disk-full', 'disk filled midway');
  assert.ok(filled, 'the disk was filled during the download');
  assert.match(rec.outcome.kind === 'failed' ? rec.outcome.message : '', /disk filled up|no space/i);
  const partial = fs.statSync(path.join(dir, 'model.gguf.partial')).size;
  assert.ok(partial < ctx.blob.size, 'the partial file is shorter than the file');

  fs.rmSync(filler);
  ctx.server.setKnobs(undefined);
  ctx.server.requests.length = 0;
  job.resume();
  const resumed = await settle(job, ctx.blob, Date.now());
  ctx.ledger.add('disk freed, resumed', resumed);
  expectVerified(resumed, 'resumed after freeing the disk');
  assert.equal(ctx.server.requests[0]?.range, `bytes=${partial}-`, 'resumed from the partial file');
  ctx.ledger.resumes++;
  ctx.ledger.resumesAfterDiskFull++;
  fs.rmSync(dir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ the worker's models feature

/** The real worker with `home` (user catalog) and `modelsDir`; `progress` holds the model download events. */
export interface WorkerModels {
  worker: RealWorker;
  progress: ModelDownloadProgress[];
}

export async function startModelsWorker(home: string, modelsDir: string): Promise<WorkerModels> {
  const progress: ModelDownloadProgress[] = [];
  const worker = await startRealWorker({
    home,
    config: { mode: 'localOnly', modelsDir, memoryBudgetPercent: 60 },
    onProgress: (p) => {
      if (isModelDownloadProgress(p)) progress.push(p);
    },
    backoff: { initialMs: 100, maxMs: 1_000 },
  });
  return { worker, progress };
}

/** A user catalog entry for a served file; the architecture spares the worker a header request. */
export function catalogEntry(id: string, url: string, blob: Blob, over: { size?: number | null } = {}): Record<string, unknown> {
  return {
    id,
    name: `Fault ${id}`,
    roles: ['task-parsing'],
    publisher: 'fault server',
    trust: 'community',
    format: 'gguf',
    quantization: 'F32',
    parameters: '1M',
    contextLength: 512,
    license: 'MIT',
    architecture: { layers: 1, headCount: 1, kvHeads: 1, headDim: 8 },
    files: [{ name: `${id}.gguf`, url, size: over.size === undefined ? blob.size : over.size, sha256: blob.sha256 }],
  };
}

export interface WorkerOutcome {
  view: ModelView;
  error?: Error;
  states: string[];
  /** The last progress the UI got for the model. */
  last?: ModelDownloadProgress;
  /** "ready" shown (by an event or the list) for bytes that are not the published ones. */
  wrongButReady?: string;
}

/** models/download (wait) through the worker, then what the UI sees: events and the list. */
export async function downloadThroughWorker(w: WorkerModels, id: string, modelsDir: string, blob: Blob): Promise<WorkerOutcome> {
  const from = w.progress.length;
  let error: Error | undefined;
  try {
    await w.worker.client.request('models/download', { id, wait: true });
  } catch (err) {
    error = err as Error;
  }
  const events = w.progress.slice(from).filter((p) => p.modelId === id);
  const view = (await w.worker.client.request('models/list', {})).models.find((m) => m.id === id);
  assert.ok(view, `${id} is listed`);
  const file = path.join(modelsDir, `${id}.gguf`);
  const readyShown = events.some((e) => e.state === 'ready') || view.state === 'ready';
  let wrongButReady: string | undefined;
  if (readyShown && (!fs.existsSync(file) || sha256File(file) !== blob.sha256)) wrongButReady = `${id} shown ready with the wrong bytes`;
  if (error && readyShown) wrongButReady = `${id} failed (${error.message}) but was shown ready`;
  const last = events.at(-1);
  return { view, states: events.map((e) => e.state), ...(error ? { error } : {}), ...(last ? { last } : {}), ...(wrongButReady ? { wrongButReady } : {}) };
}

/** The UI's view of a failed download: "failed" with a reason matching `reason`, in the list and the last event. */
export function expectFailedInUi(o: WorkerOutcome, reason: RegExp, what: string): void {
  assert.equal(o.wrongButReady, undefined, `${what}: ${o.wrongButReady}`);
  assert.ok(o.error, `${what}: models/download rejected`);
  assert.match(o.error.message, reason, what);
  assert.equal(o.view.state, 'failed', `${what}: listed as failed`);
  assert.match(o.view.reason ?? '', reason, `${what}: the list says why`);
  assert.equal(o.last?.state, 'failed', `${what}: the last progress event is "failed"`);
  assert.match(o.last?.reason ?? '', reason, `${what}: the event says why`);
  assert.ok(!o.states.includes('ready'), `${what}: never "ready"`);
}

export type ServedKnobPlan = (req: { path: string; range?: string; nth: number }) => ServeKnobs | undefined;

/** Knobs chosen per served path, with `nth` counting the requests for that path (0 first). */
export function perPathPlan(plans: Record<string, ServedKnobPlan>): (req: { index: number; path: string; range?: string }) => ServeKnobs | undefined {
  const seen = new Map<string, number>();
  return (req) => {
    const nth = seen.get(req.path) ?? 0;
    seen.set(req.path, nth + 1);
    const plan = plans[req.path];
    return plan ? plan({ path: req.path, ...(req.range ? { range: req.range } : {}), nth }) : undefined;
  };
}

/** Another program fills the disk under `dir`, leaving about `leaveBytes` free; returns its file. */
export function fillDisk(dir: string, leaveBytes: number): string {
  const st = fs.statfsSync(dir);
  let left = Math.max(0, st.bavail * st.bsize - leaveBytes);
  const filler = path.join(dir, 'someone-elses-file');
  try {
    // Instant where it exists (tmpfs allocates the blocks); the loop below is the fallback.
    execFileSync('fallocate', ['-l', String(left), filler], { stdio: 'pipe' });
    return filler;
  } catch {
    fs.rmSync(filler, { force: true });
  }
  const fd = fs.openSync(filler, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024, 7);
    while (left > 0) left -= fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Through the worker, on a real disk (tmpfs) with room for the file and the worker's reserve: the
 * server drops the connection at `dropAt`, and while the worker waits to retry, another program
 * fills the disk so that exactly the rest of the model fits, but not the model store's record of
 * the verified file (the models folder already remembers other files, so that record is several
 * blocks). The download must end failed with a reason, the worker must not crash, and the model
 * must never be shown ready.
 */
export async function diskFullAtTheEndThroughWorker(server: ModelServer, blob: Blob, home: string, servedAs: string, dropAt: number): Promise<WorkerOutcome & { restarts: number; logs: string[] }> {
  // Room for the file plus the worker's 100 MiB reserve, so the check before the download passes.
  const disk = mountTmpfs(blob.size + 110 * 1024 * 1024);
  if ('skip' in disk) throw Object.assign(new Error(disk.skip), { skip: true });
  const id = path.basename(servedAs, '.bin');
  try {
    const records: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) records[`other-model-${i}.gguf`] = { size: 1, mtimeMs: 1, sha256: 'ab'.repeat(32), verifiedAt: new Date(0).toISOString() };
    fs.writeFileSync(path.join(disk.dir, '.local-focus-models.json'), JSON.stringify({ version: 1, verified: records, imported: [] }, null, 2));
    server.requests.length = 0;
    server.setKnobs(perPathPlan({ [`/${servedAs}`]: ({ nth }) => (nth === 0 ? { dropAfterBytes: dropAt } : undefined) }));
    const w = await startModelsWorker(home, disk.dir);
    try {
      const result = downloadThroughWorker(w, id, disk.dir, blob);
      const partial = path.join(disk.dir, `${id}.gguf.partial`);
      await until('the drop', () => server.requests[0]?.bytesSent === dropAt);
      await until('the bytes before the drop on disk', () => fs.existsSync(partial) && fs.statSync(partial).size === dropAt);
      // The worker retries after 1 s: fill the disk now, leaving the blocks the rest of the file needs.
      const block = fs.statfsSync(disk.dir).bsize;
      const needed = (Math.ceil(blob.size / block) - Math.ceil(dropAt / block)) * block;
      fillDisk(disk.dir, needed);
      // Filled within the retry delay, or this run proves nothing: say so rather than pass or fail by luck.
      assert.equal(fs.statSync(partial).size, dropAt, 'the disk was filled before the worker resumed (it waits 1 s)');
      const o = await result;
      return { ...o, restarts: w.worker.client.restartCount, logs: [...w.worker.logs] };
    } finally {
      await w.worker.stop();
    }
  } finally {
    disk.unmount();
  }
}
