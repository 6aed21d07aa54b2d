// The fast version of test/stress/downloadFaults.stress.ts: a few of each fault against a loopback
// server serving a generated file (sha256 computed here), a real small disk (tmpfs), and the
// worker's models feature. The single cases (one flipped byte, a truncated file, a lying
// Content-Length, a redirect loop, the https rule, file names leaving the folder) are in
// downloader.test.ts; this file adds drops at random offsets with resume, the combinations, and
// the full disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Blob,
  catalogEntry,
  diskFillsMidway,
  diskFullAtTheEndThroughWorker,
  downloadThroughWorker,
  DropMode,
  dropThenFlip,
  dropThenResume,
  expectFailedInUi,
  FaultContext,
  FaultLedger,
  fullDiskRefused,
  lyingLength,
  makeBlob,
  mountTmpfs,
  perPathPlan,
  randomInt,
  redirectLoop,
  startModelsWorker,
  truncatedBody,
} from '../support/downloadFaults.harness';
import { ModelServer } from '../support/modelServer';
import { mulberry32 } from '../support/mulberry32';

const SEED = Number(process.env.LOCAL_FOCUS_FAULT_SEED ?? 7_004);
const BLOB_BYTES = 4 * 1024 * 1024 + 777;

describe('download faults (fast tier)', function () {
  this.timeout(60_000);
  const random = mulberry32(SEED);
  const ledger = new FaultLedger();
  const notes: string[] = [];
  let root: string;
  let serveDir: string;
  let blob: Blob;
  let server: ModelServer;
  let ctx: FaultContext;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-dlfaults-fast-'));
    serveDir = path.join(root, 'serve');
    fs.mkdirSync(serveDir);
    blob = makeBlob(serveDir, 'model.bin', BLOB_BYTES, SEED);
    server = await ModelServer.start(serveDir);
    let n = 0;
    ctx = { server, blob, ledger, freshDir: () => fs.mkdtempSync(path.join(root, `run-${n++}-`)) };
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.setKnobs(undefined);
  });

  after(async () => {
    await server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    console.log(`      seed ${SEED}; ${ledger.summary('download faults (fast)')}`);
    for (const line of notes) console.log(`      ${line}`);
  });

  it('drops at 10 random offsets (one in the first packet): each resumes from the partial file and ends verified', async () => {
    const modes: DropMode[] = ['end', 'destroy', 'reset'];
    for (let i = 0; i < 10; i++) {
      // The first drop comes with the headers' packet: those bytes were once lost (see attempt()).
      const offset = i === 0 ? randomInt(random, 1, 60_000) : randomInt(random, 1, BLOB_BYTES - 1);
      await dropThenResume(ctx, offset, modes[i % modes.length]!, i % 5 === 4);
    }
  });

  it('combinations: drop + flipped byte, drop + redirect loop, a body cut short without Range, a smaller Content-Length', async () => {
    const dropAt = randomInt(random, 1, BLOB_BYTES - 2);
    await dropThenFlip(ctx, dropAt, randomInt(random, dropAt, BLOB_BYTES - 1));
    await dropThenFlip(ctx, dropAt, randomInt(random, 0, dropAt - 1));
    await redirectLoop(ctx, randomInt(random, 1, BLOB_BYTES - 1));
    await truncatedBody(ctx, randomInt(random, 1, BLOB_BYTES - 1));
    await lyingLength(ctx, -randomInt(random, 1, 100_000), true);
    await lyingLength(ctx, -randomInt(random, 1, 100_000), false);
  });

  it('a full disk (tmpfs): refused before writing, and failing midway with disk-full then resumed once freed', async function () {
    const small = mountTmpfs(1024 * 1024);
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
    const roomy = mountTmpfs(BLOB_BYTES + 3 * 1024 * 1024);
    assert.ok(!('skip' in roomy));
    try {
      await diskFillsMidway(ctx, roomy.dir);
    } finally {
      roomy.unmount();
    }
  });

  it('through the worker models feature: a drop + flipped byte and a full disk are shown as failed with the reason, never ready', async function () {
    const home = path.join(root, 'home');
    const modelsDir = path.join(home, 'models');
    fs.mkdirSync(modelsDir, { recursive: true });
    for (const n of ['w-flip', 'w-disk']) fs.symlinkSync(blob.path, path.join(serveDir, `${n}.bin`));
    const dropAt = randomInt(random, 1, BLOB_BYTES - 2);
    const flipAt = randomInt(random, dropAt, BLOB_BYTES - 1);
    server.setKnobs(perPathPlan({ '/w-flip.bin': ({ nth }) => (nth === 0 ? { dropAfterBytes: dropAt } : { flipByteAt: flipAt }) }));
    fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({ version: 1, models: ['w-flip', 'w-disk'].map((n) => catalogEntry(n, server.url(`${n}.bin`), blob)) }));

    const w = await startModelsWorker(home, modelsDir);
    try {
      const flip = await downloadThroughWorker(w, 'w-flip', modelsDir, blob);
      expectFailedInUi(flip, /SHA-256/, 'drop + flip');
      assert.ok(server.requests.some((r) => r.path === '/w-flip.bin' && r.range === `bytes=${dropAt}-`), 'the worker resumed at the drop before the hash failed');
      assert.deepEqual(fs.readdirSync(modelsDir).filter((f) => f.startsWith('w-flip')), [], 'nothing of it is kept');
      notes.push(`worker: w-flip ${flip.view.state}: ${flip.view.reason}`);
    } finally {
      await w.stop();
    }

    const disk = mountTmpfs(1024 * 1024);
    if ('skip' in disk) {
      notes.push(`worker full-disk case skipped: ${disk.skip}`);
      return;
    }
    const onDisk = await startModelsWorker(home, disk.dir);
    try {
      const full = await downloadThroughWorker(onDisk, 'w-disk', disk.dir, blob);
      expectFailedInUi(full, /Not enough free disk space/, 'full disk');
      assert.ok(!fs.existsSync(path.join(disk.dir, 'w-disk.gguf')));
      notes.push(`worker: w-disk ${full.view.state}: ${full.view.reason}`);
    } finally {
      await onDisk.stop();
      disk.unmount();
    }
  });

  it('through the worker models feature: the disk fills up just as the file completes → failed with the reason, the worker keeps running', async function () {
    const home = path.join(root, 'home-end');
    fs.mkdirSync(home, { recursive: true });
    fs.symlinkSync(blob.path, path.join(serveDir, 'w-end.bin'));
    fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify({ version: 1, models: [catalogEntry('w-end', server.url('w-end.bin'), blob)] }));
    let o;
    try {
      o = await diskFullAtTheEndThroughWorker(server, blob, home, 'w-end.bin', randomInt(random, 1, BLOB_BYTES - 1));
    } catch (err) {
      if (!(err as { skip?: boolean }).skip) throw err;
      console.log(`      skipped: ${(err as Error).message}`);
      this.skip();
    }
    expectFailedInUi(o, /recording it in the models folder failed \(ENOSPC/, 'disk full at the end');
    assert.equal(o.restarts, 0, `the worker was not restarted: ${o.logs.filter((l) => /uncaught|exited/.test(l)).join(' | ')}`);
    notes.push(`worker: disk full as the file completes: ${o.view.state}: ${o.view.reason}; worker restarts ${o.restarts}`);
  });

  it('never ended "ready" with the wrong bytes', () => {
    assert.equal(ledger.wrongButReady, 0, ledger.wrongNotes.join('\n'));
    assert.ok(ledger.runs >= 10, `${ledger.runs} downloads ran`);
  });
});
