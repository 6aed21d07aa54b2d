// The download-fault tests of test/integration/downloadFaults.test.ts and
// test/stress/downloadFaults.stress.ts, each tier with its counts: model downloads against a
// loopback server that breaks them on purpose (downloadFaults.harness.ts has one function per
// fault), a real small disk (tmpfs), and the same faults through the worker's models feature. Each
// download must end verified with the exact bytes or failed with its reason; "ready and wrong"
// must never happen. The offsets come from a seed, printed; LOCAL_FOCUS_FAULT_SEED=<seed> repeats.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type Blob,
  catalogEntry,
  diskFillsMidway,
  diskFullAtTheEndThroughWorker,
  downloadThroughWorker,
  type DropMode,
  dropThenFlip,
  dropThenResume,
  expectFailedInUi,
  type FaultContext,
  FaultLedger,
  fullDiskRefused,
  lyingLength,
  makeBlob,
  manyDrops,
  mountTmpfs,
  perPathPlan,
  randomInt,
  redirectLoop,
  sha256File,
  startModelsWorker,
  truncatedBody,
  truncatedHonest,
  type WorkerOutcome,
} from './downloadFaults.harness';
import { ModelServer, type ServeKnobs } from './modelServer';
import { mulberry32 } from './mulberry32';

/** Faults shown through the worker besides a drop + flipped byte and a full disk, which every tier shows. */
export type WorkerFault = 'drop' | 'loop' | 'liar' | 'short';

const WORKER_FAULT_NAMES: Record<Exclude<WorkerFault, 'drop'>, string> = { loop: 'a redirect loop', liar: 'a lying Content-Length', short: 'a short body' };

export interface DownloadFaultCounts {
  /** Printed in the summary line. */
  label: string;
  defaultSeed: number;
  /** The served file's size: an odd one, so offsets near the end do not line up with the server's 64 KiB chunks. */
  blobBytes: number;
  /** Drops at random offsets, each resumed; the first comes with the headers' packet. */
  drops: number;
  /** Downloads dropped 3 to 8 times, once per attempt. */
  manyDropDownloads: number;
  /** A drop, then a byte flipped after it, and before it. */
  flipsAfter: number;
  flipsBefore: number;
  /** Shorter files with honest headers, for each of size known and unknown. */
  truncatedFiles: number;
  /** Bodies cut short by a server that ignores Range. */
  truncatedBodies: number;
  /** A Content-Length larger and smaller than the body, for each of size known and unknown, off by up to `maxDelta`. */
  lyingLengths: { bigger: number; smaller: number; maxDelta: number };
  /** Redirect loops from the first request, and on the retry after a drop. */
  redirectLoops: number;
  redirectLoopsAfterDrop: number;
  /** The tmpfs too small for the file, and how much room besides the file the one that fills up midway has. */
  smallDiskBytes: number;
  roomyDiskExtraBytes: number;
  fillsMidway: number;
  workerFaults: WorkerFault[];
}

/** Registers the tests and their server's hooks in the calling `describe`. */
export function downloadFaultTests(counts: DownloadFaultCounts): void {
  const seed = Number(process.env.LOCAL_FOCUS_FAULT_SEED ?? counts.defaultSeed);
  const bytes = counts.blobBytes;
  const random = mulberry32(seed);
  const between = (min: number, max: number): number => randomInt(random, min, max);
  const ledger = new FaultLedger();
  const workerLines: string[] = [];
  let runStarted: number;
  let root: string;
  let serveDir: string;
  let blob: Blob;
  let server: ModelServer;
  let ctx: FaultContext;

  before(async () => {
    runStarted = Date.now();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-dlfaults-'));
    serveDir = path.join(root, 'serve');
    fs.mkdirSync(serveDir);
    blob = makeBlob(serveDir, 'model.bin', bytes, seed);
    server = await ModelServer.start(serveDir);
    let n = 0;
    ctx = { server, blob, ledger, freshDir: () => fs.mkdtempSync(path.join(root, `run-${n++}-`)) };
    console.log(`      seed ${seed}; file ${bytes} bytes, sha256 ${blob.sha256}`);
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.setKnobs(undefined);
  });

  after(async () => {
    await server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    console.log(`      ${ledger.summary(counts.label)}`);
    for (const line of workerLines) console.log(`      ${line}`);
    console.log(`      max RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB; total ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
  });

  it(`drops the connection at ${counts.drops} random offsets (the first in the headers' packet): each resumes with Range from the partial file and ends verified`, async () => {
    const modes: DropMode[] = ['end', 'destroy', 'reset'];
    for (let i = 0; i < counts.drops; i++) {
      // Bytes that arrive with the headers reach the disk too: the resume starts after them.
      const offset = i === 0 ? between(1, 60_000) : between(1, bytes - 1);
      // Every fourth drop is continued by a new downloader from the files on disk (an editor restart).
      await dropThenResume(ctx, offset, modes[i % modes.length]!, i % 4 === 3);
    }
  });

  if (counts.manyDropDownloads > 0) {
    it(`drops several times in one download, once per attempt (${counts.manyDropDownloads} downloads): ends verified`, async () => {
      for (let i = 0; i < counts.manyDropDownloads; i++) {
        const offsets = Array.from({ length: between(3, 8) }, () => between(1, bytes - 1)).sort((a, b) => a - b);
        await manyDrops(ctx, [...new Set(offsets)]);
      }
    });
  }

  it(`drop, then a flipped byte after (${counts.flipsAfter}) or before (${counts.flipsBefore}) the drop: failed hash-mismatch, partial deleted, never ready`, async () => {
    for (let i = 0; i < counts.flipsAfter + counts.flipsBefore; i++) {
      const dropAt = between(1, bytes - 2);
      await dropThenFlip(ctx, dropAt, i < counts.flipsAfter ? between(dropAt, bytes - 1) : between(0, dropAt - 1));
    }
  });

  it('truncated files and bodies: failed size-mismatch, hash-mismatch or incomplete, never ready', async () => {
    for (let i = 0; i < counts.truncatedFiles; i++) await truncatedHonest(ctx, between(0, bytes - 1), true);
    for (let i = 0; i < counts.truncatedFiles; i++) await truncatedHonest(ctx, between(1, bytes - 1), false);
    for (let i = 0; i < counts.truncatedBodies; i++) await truncatedBody(ctx, between(1, bytes - 1));
  });

  it('a lying Content-Length, with the size known and unknown: refused, recovered or caught by the hash', async () => {
    const { bigger, smaller, maxDelta } = counts.lyingLengths;
    for (const [sign, times] of [[1, bigger], [-1, smaller]] as const) {
      for (const sizeKnown of [true, false]) {
        for (let i = 0; i < times; i++) await lyingLength(ctx, sign * between(1, maxDelta), sizeKnown);
      }
    }
  });

  it('a redirect loop, from the start and on the retry after a drop: failed redirect-loop', async () => {
    for (let i = 0; i < counts.redirectLoops; i++) await redirectLoop(ctx);
    for (let i = 0; i < counts.redirectLoopsAfterDrop; i++) await redirectLoop(ctx, between(1, bytes - 1));
  });

  it('a full disk (tmpfs): too small before the first byte, and filling up midway (then resumed once freed)', async function () {
    const small = mountTmpfs(counts.smallDiskBytes);
    if ('skip' in small) {
      console.log(`      skipped: ${small.skip}`);
      this.skip();
    }
    try {
      await fullDiskRefused(ctx, small.dir, true);
      await fullDiskRefused(ctx, small.dir, false);
    } finally {
      small.unmount();
    }
    for (let i = 0; i < counts.fillsMidway; i++) {
      const roomy = mountTmpfs(bytes + counts.roomyDiskExtraBytes);
      assert.ok(!('skip' in roomy), 'mounted once already');
      try {
        await diskFillsMidway(ctx, roomy.dir);
      } finally {
        roomy.unmount();
      }
    }
  });

  const failures = ['a drop + flipped byte', ...counts.workerFaults.flatMap((f) => (f === 'drop' ? [] : [WORKER_FAULT_NAMES[f]])), 'a full disk'];
  const failuresText = `${failures.slice(0, -1).join(', ')} and ${failures.at(-1)}`;
  it(`through the worker models feature: ${counts.workerFaults.includes('drop') ? 'a drop ends ready; ' : ''}${failuresText} are shown as failed with the reason, never ready`, async function () {
    await faultsThroughWorker();
  });

  it('through the worker models feature: the disk fills up just as the file completes → failed with the reason, the worker keeps running', async function () {
    const home = path.join(root, 'home-end');
    fs.mkdirSync(home, { recursive: true });
    fs.symlinkSync(blob.path, path.join(serveDir, 'w-end.bin'));
    fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({ version: 1, models: [catalogEntry('w-end', server.url('w-end.bin'), blob)] }));
    let o;
    try {
      o = await diskFullAtTheEndThroughWorker(server, blob, home, 'w-end.bin', between(1, bytes - 1));
    } catch (err) {
      if (!(err as { skip?: boolean }).skip) throw err;
      console.log(`      skipped: ${(err as Error).message}`);
      this.skip();
    }
    expectFailedInUi(o, /recording it in the models folder failed \(ENOSPC/, 'disk full at the end');
    assert.equal(o.restarts, 0, `the worker was not restarted: ${o.logs.filter((l) => /uncaught|exited/.test(l)).join(' | ')}`);
    workerLines.push(`worker: disk full as the file completes: ${o.view.state}: ${o.view.reason}; worker restarts ${o.restarts}`);
  });

  it('never ended "ready" with the wrong bytes', () => {
    assert.equal(ledger.wrongButReady, 0, ledger.wrongNotes.join('\n'));
    assert.ok(ledger.runs >= counts.drops, `${ledger.runs} downloads ran`);
  });

  /** Each fault served to the worker under its own model id; a drop alone ends ready, every other one failed with its reason. */
  async function faultsThroughWorker(): Promise<void> {
    const home = path.join(root, 'home');
    const modelsDir = path.join(home, 'models');
    fs.mkdirSync(modelsDir, { recursive: true });
    const has = (f: WorkerFault): boolean => counts.workerFaults.includes(f);
    const dropAt = between(1, bytes - 1);
    const flipDrop = between(1, bytes - 2);
    const flipAt = between(flipDrop, bytes - 1);
    // Each model id's fault, and the reason its failure must give (none: it must end ready).
    const plans: Record<string, { reason?: RegExp; plan: (nth: number) => ServeKnobs | undefined }> = {
      ...(has('drop') ? { 'w-drop': { plan: (nth) => (nth === 0 ? { dropAfterBytes: dropAt } : undefined) } } : {}),
      'w-flip': { reason: /SHA-256/, plan: (nth) => (nth === 0 ? { dropAfterBytes: flipDrop } : { flipByteAt: flipAt }) },
      ...(has('loop') ? { 'w-loop': { reason: /redirects in a loop/, plan: () => ({ redirectTo: '/w-loop-2' }) } } : {}),
      ...(has('liar') ? { 'w-liar': { reason: /bytes, but \d+ are expected/, plan: () => ({ contentLengthDelta: 4096 }) } } : {}),
      ...(has('short') ? { 'w-short': { reason: /bytes, but \d+ are expected/, plan: () => ({ truncateTo: Math.floor(bytes / 3) }) } } : {}),
    };
    const names = [...Object.keys(plans), 'w-disk'];
    for (const n of names) fs.symlinkSync(blob.path, path.join(serveDir, `${n}.bin`));
    server.setKnobs(
      perPathPlan({
        ...Object.fromEntries(Object.entries(plans).map(([id, p]) => [`/${id}.bin`, ({ nth }: { nth: number }) => p.plan(nth)])),
        ...(has('loop') ? { '/w-loop-2': () => ({ redirectTo: '/w-loop.bin' }) } : {}),
      }),
    );
    fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({ version: 1, models: names.map((n) => catalogEntry(n, server.url(`${n}.bin`), blob)) }));

    const tally = { ready: 0, failed: 0, wrongButReady: 0 };
    const note = (id: string, o: WorkerOutcome): void => {
      if (o.wrongButReady) tally.wrongButReady++;
      if (o.view.state === 'ready') tally.ready++;
      if (o.view.state === 'failed') tally.failed++;
      workerLines.push(`worker: ${id} ${o.view.state}${o.view.reason ? `: ${o.view.reason}` : ''}`);
    };
    const w = await startModelsWorker(home, modelsDir);
    try {
      for (const [id, { reason }] of Object.entries(plans)) {
        const o = await downloadThroughWorker(w, id, modelsDir, blob);
        note(id, o);
        if (!reason) {
          assert.equal(o.error, undefined, o.error?.message);
          assert.equal(o.view.state, 'ready');
          assert.equal(o.last?.state, 'ready');
          assert.equal(sha256File(path.join(modelsDir, 'w-drop.gguf')), blob.sha256);
          assert.ok(server.requests.some((r) => r.path === '/w-drop.bin' && r.range === `bytes=${dropAt}-`), 'the worker resumed with Range at the drop');
          ledger.dropOffsets++;
          ledger.resumes++;
          ledger.resumesAtDropOffset++;
          continue;
        }
        expectFailedInUi(o, reason, id);
        assert.ok(!fs.existsSync(path.join(modelsDir, `${id}.gguf`)), `${id}: no file under the final name`);
        if (id === 'w-flip') {
          ledger.dropOffsets++;
          assert.ok(server.requests.some((r) => r.path === '/w-flip.bin' && r.range === `bytes=${flipDrop}-`), 'the worker resumed at the drop before the hash failed');
          assert.deepEqual(fs.readdirSync(modelsDir).filter((f) => f.startsWith('w-flip')), [], 'nothing of it is kept');
        }
      }
    } finally {
      await w.worker.stop();
    }

    const disk = mountTmpfs(counts.smallDiskBytes);
    if ('skip' in disk) {
      workerLines.push(`worker disk-full case skipped: ${disk.skip}`);
    } else {
      const onDisk = await startModelsWorker(home, disk.dir);
      try {
        const o = await downloadThroughWorker(onDisk, 'w-disk', disk.dir, blob);
        note('w-disk', o);
        expectFailedInUi(o, /Not enough free disk space/, 'w-disk');
        assert.deepEqual(fs.readdirSync(disk.dir).filter((f) => f.startsWith('w-disk.gguf') && !f.endsWith('.partial') && !f.endsWith('.partial.json')), []);
      } finally {
        await onDisk.worker.stop();
        disk.unmount();
      }
    }
    workerLines.push(
      `worker models feature: ${tally.ready + tally.failed} downloads through models/download (${tally.ready} ready, ${tally.failed} failed with a reason shown), wrong-but-ready ${tally.wrongButReady}`,
    );
    assert.equal(tally.wrongButReady, 0);
  }
}
