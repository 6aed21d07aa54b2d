import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import { acquireFileLock } from '../../../src/core/fileLock';

/** Above Linux's pid_max limit (2^22): no process has it. */
const DEAD_PID = 2 ** 22 + 7;

describe('file lock (two processes writing one notes index)', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lf-lock-'));
    lockPath = path.join(dir, 'write.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('a second holder waits until the first releases, and is told who holds it', async () => {
    const first = await acquireFileLock(lockPath);
    const waitedFor: number[] = [];
    let got = false;
    let toldToWait!: () => void;
    const told = new Promise<void>((resolve) => (toldToWait = resolve));
    const onWait = (pid: number) => {
      waitedFor.push(pid);
      toldToWait();
    };
    const second = acquireFileLock(lockPath, { pollMs: 10, onWait }).then((release) => ((got = true), release));
    // Waits for the second holder to find the lock held (a fixed sleep raced it on a busy
    // machine), then lets it poll a few more times while the lock is still held.
    await told;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(got, false);
    assert.deepEqual(waitedFor, [process.pid], 'told once, with the holder pid');
    await first();
    const release = await second;
    assert.equal(got, true);
    await release();
    assert.deepEqual(await readdir(dir), []);
  });

  it('takes over a lock whose holder died', async () => {
    await writeFile(lockPath, `${DEAD_PID} 00ff00ff00ff00ff\n`);
    const release = await acquireFileLock(lockPath, { pollMs: 10 });
    await release();
    assert.deepEqual(await readdir(dir), []);
  });

  it('takes over an unreadable lock only once it is old (a holder killed while creating it)', async () => {
    await writeFile(lockPath, '');
    let got = false;
    const pending = acquireFileLock(lockPath, { pollMs: 10, unreadableStaleMs: 60_000 }).then((r) => ((got = true), r));
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(got, false, 'a fresh empty lock may be a holder mid-create');
    const old = new Date(Date.now() - 120_000);
    await utimes(lockPath, old, old);
    await (await pending)();
  });

  it('a release never removes a lock another holder has taken since', async () => {
    const release = await acquireFileLock(lockPath);
    await rm(lockPath);
    await writeFile(lockPath, `${process.pid} 1234567812345678\n`);
    await release();
    assert.deepEqual(await readdir(dir), ['write.lock']);
  });

  it('stops waiting with "cancelled" when the signal aborts', async () => {
    const held = await acquireFileLock(lockPath);
    const controller = new AbortController();
    const waiting = acquireFileLock(lockPath, { pollMs: 10, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(waiting, (err: LocalFocusError) => err.code === 'cancelled');
    await held();
  });
});
