// Remembers GPU attempts that crashed the process, so a crash does not become a crash loop.
//
// A native crash in a GPU backend (a driver bug, an abort when GPU memory runs out) cannot be
// caught: the process dies, the editor restarts the worker, and the next load would crash it
// again. So each native step that goes through a GPU build of llama.cpp is written down first,
// as a marker file <home>/gpu-attempts/<pid>.<n>.json, and the marker is removed when the step
// returns or throws. A marker whose process is gone was left by a crash.
//
// A crash is remembered (and the worker keeps chat models off the GPU) until the first of:
//   - the user restarts the worker explicitly (the `llm/retryGpu` request calls forget());
//   - the machine restarts: a reboot is what clears a wedged driver or finishes a driver update,
//     and after one the recorded process ids mean nothing;
//   - CRASH_MEMORY_MS (24 hours) pass: long enough that a broken GPU costs at most one crash a
//     day, short enough that a fixed driver or a freed GPU is used again without the user acting.
// A marker of a process that is still alive is another worker or CLI loading right now, not a crash.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processIsRunning } from '../core/atomicWrite';
import { localFocusHome } from '../core/paths';

export const CRASH_MEMORY_MS = 24 * 60 * 60 * 1000;

export interface GpuAttempt {
  /** 'init' starts llama.cpp's GPU backend; 'load' loads a model (and its context) through it. */
  step: 'init' | 'load';
  /** The GPU build: 'auto' while node-llama-cpp is still choosing it. */
  backend: string;
  /** Whether layers may go to the GPU; false when a GPU build runs with no layers offloaded. */
  offload: boolean;
  model?: string;
}

export interface GpuCrash extends GpuAttempt {
  pid: number;
  /** ISO time the attempt started. */
  startedAt: string;
}

export function gpuAttemptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'gpu-attempts');
}

let attemptCounter = 0;

export class GpuCrashGuard {
  constructor(readonly dir: string = gpuAttemptsDir()) {}

  /** Runs a GPU step with its marker on disk; the marker is gone when the step settles. */
  async attempt<T>(what: GpuAttempt, run: () => Promise<T>): Promise<T> {
    const marker = path.join(this.dir, `${process.pid}.${++attemptCounter}.json`);
    const record: GpuCrash = { ...what, pid: process.pid, startedAt: new Date().toISOString() };
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(marker, JSON.stringify(record) + '\n');
    try {
      return await run();
    } finally {
      fs.rmSync(marker, { force: true });
    }
  }

  /** Attempts whose process died during them and that are still remembered, oldest first. Forgotten markers are deleted. */
  crashes(now = Date.now()): GpuCrash[] {
    const crashes: GpuCrash[] = [];
    for (const file of this.markersOfDeadProcesses()) {
      const crash = readMarker(file);
      if (crash && !isForgotten(crash, now)) crashes.push(crash);
      else fs.rmSync(file, { force: true });
    }
    return crashes.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** The user asked for the GPU again: deletes the markers of dead processes; returns how many. */
  forget(): number {
    const files = this.markersOfDeadProcesses();
    for (const file of files) fs.rmSync(file, { force: true });
    return files.length;
  }

  /**
   * This process is being stopped on purpose (the editor's SIGTERM, Ctrl+C) while a GPU step may be
   * running: its markers go, since a stop is not a crash. Synchronous: it runs in a signal handler.
   */
  clearOwn(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (MARKER_NAME.exec(name)?.[1] === String(process.pid)) fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }

  /** The marker files whose process (the pid in the name) no longer runs; a live one may be mid-attempt. */
  private markersOfDeadProcesses(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((name) => {
        const pid = MARKER_NAME.exec(name)?.[1];
        return pid !== undefined && !processIsRunning(Number(pid));
      })
      .map((name) => path.join(this.dir, name));
  }
}

const MARKER_NAME = /^(\d+)\.\d+\.json$/;

function readMarker(file: string): GpuCrash | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GpuCrash>;
    const valid = Number.isInteger(m.pid) && typeof m.startedAt === 'string' && !Number.isNaN(Date.parse(m.startedAt));
    return valid ? (m as GpuCrash) : undefined;
  } catch {
    // Cut short by a process that died while writing it, before its GPU step began: not a GPU crash.
    return undefined;
  }
}

function isForgotten(crash: GpuCrash, now: number): boolean {
  const startedAt = Date.parse(crash.startedAt);
  const bootedAt = now - os.uptime() * 1000;
  return now - startedAt > CRASH_MEMORY_MS || startedAt < bootedAt;
}
