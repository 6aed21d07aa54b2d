// The crash marker: a GPU step leaves a file while it runs; a file whose process is gone is a crash,
// remembered for CRASH_MEMORY_MS or until the machine restarts or the user asks for the GPU again.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CRASH_MEMORY_MS, GpuCrash, GpuCrashGuard } from '../../../src/inference/gpuCrashGuard';
import { deadPid, writeMarker } from './crashMarkers';

describe('GpuCrashGuard (crash markers)', function () {
  let dir: string;
  let guard: GpuCrashGuard;
  let live: ChildProcess | undefined;

  beforeEach(function () {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-gpu-guard-')), 'gpu-attempts');
    guard = new GpuCrashGuard(dir);
  });

  afterEach(function () {
    live?.kill('SIGKILL');
    live = undefined;
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('a marker left by a process that is gone is a crash, with what it was doing', function () {
    const pid = deadPid();
    writeMarker(dir, pid, { step: 'load', backend: 'vulkan', offload: true, model: '/models/m.gguf' });
    const crashes = guard.crashes();
    assert.equal(crashes.length, 1);
    assert.deepEqual({ pid: crashes[0]!.pid, step: crashes[0]!.step, backend: crashes[0]!.backend, offload: crashes[0]!.offload }, { pid, step: 'load', backend: 'vulkan', offload: true });
  });

  it('a marker of a process that is still running is not a crash, and is kept', function () {
    live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const file = writeMarker(dir, live.pid!);
    assert.deepEqual(guard.crashes(), []);
    assert.ok(fs.existsSync(file), 'a live process may be mid-attempt: its marker stays');
  });

  it(`forgets (and deletes) a crash older than ${CRASH_MEMORY_MS / 3_600_000} hours`, function () {
    const file = writeMarker(dir, deadPid(), { startedAt: new Date(Date.now() - CRASH_MEMORY_MS - 60_000).toISOString() });
    assert.deepEqual(guard.crashes(), []);
    assert.equal(fs.existsSync(file), false);
  });

  it('forgets a crash from before the machine last booted', function () {
    const beforeBoot = Date.now() - os.uptime() * 1000 - 60_000;
    const file = writeMarker(dir, deadPid(), { startedAt: new Date(beforeBoot).toISOString() });
    assert.deepEqual(guard.crashes(), []);
    assert.equal(fs.existsSync(file), false);
  });

  it('a marker cut short while being written is not a crash', function () {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${deadPid()}.1.json`);
    fs.writeFileSync(file, '{"pid":');
    assert.deepEqual(guard.crashes(), []);
    assert.equal(fs.existsSync(file), false);
  });

  it('attempt() keeps a marker of this process while the step runs and removes it when it returns or throws', async function () {
    let seen: GpuCrash[] = [];
    const value = await guard.attempt({ step: 'init', backend: 'auto', offload: true }, async () => {
      seen = fs.readdirSync(dir).map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as GpuCrash);
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(seen.length, 1);
    assert.deepEqual({ pid: seen[0]!.pid, step: seen[0]!.step, backend: seen[0]!.backend, offload: seen[0]!.offload }, { pid: process.pid, step: 'init', backend: 'auto', offload: true });
    assert.deepEqual(fs.readdirSync(dir), [], 'removed after success');

    await assert.rejects(
      guard.attempt({ step: 'load', backend: 'vulkan', offload: true }, async () => {
        assert.equal(fs.readdirSync(dir).length, 1);
        throw new Error('out of GPU memory');
      }),
      /out of GPU memory/,
    );
    assert.deepEqual(fs.readdirSync(dir), [], 'removed after an error');
  });

  it('forget() removes the crashes and keeps the markers of running processes', function () {
    live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const liveFile = writeMarker(dir, live.pid!);
    writeMarker(dir, deadPid());
    assert.equal(guard.forget(), 1);
    assert.deepEqual(guard.crashes(), []);
    assert.ok(fs.existsSync(liveFile));
  });

  it('clearOwn() removes only this process\'s markers: a stop on purpose is not a crash', function () {
    live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const own = writeMarker(dir, process.pid);
    const othersFile = writeMarker(dir, live.pid!);
    const crashFile = writeMarker(dir, deadPid());
    guard.clearOwn();
    assert.ok(!fs.existsSync(own), 'own marker removed');
    assert.ok(fs.existsSync(othersFile), 'a running process\'s marker kept');
    assert.ok(fs.existsSync(crashFile), 'a crash kept');
  });
});
