// Crash markers as a dead or running process would have left them, for the GPU fallback tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The pid of a process that has exited (spawnSync waits for it and reaps it). */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

/** Writes the marker GpuCrashGuard.attempt() writes, as if process `pid` had started a GPU step. */
export function writeMarker(dir: string, pid: number, fields: Record<string, unknown> = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${pid}.1.json`);
  const marker = { pid, startedAt: new Date().toISOString(), step: 'load', backend: 'vulkan', offload: true, model: '/models/m.gguf', ...fields };
  fs.writeFileSync(file, JSON.stringify(marker));
  return file;
}
