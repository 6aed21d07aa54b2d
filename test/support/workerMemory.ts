// Time and worker memory of one bad-input case, shared by test/integration/badInput.test.ts and
// test/stress/badInput.stress.ts: the worker's peak RSS growth is VmHWM after the case minus VmRSS
// before it, with the peak reset through /proc/<pid>/clear_refs (Linux; elsewhere it is unknown
// and the memory bound is skipped).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

export const MiB = 1024 * 1024;

/** A process's memory from /proc in bytes; undefined where /proc is not there. */
export function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface Measured<T> {
  value: T;
  ms: number;
  /** Bytes; undefined when it cannot be measured here. */
  rssGrowth: number | undefined;
  /** "<label>: N ms, worker peak RSS +M MiB" */
  line: string;
}

/** Runs `fn` once, timed, with the growth of process `pid`'s peak RSS. */
export async function measureWorker<T>(pid: number, label: string, fn: () => Promise<T>): Promise<Measured<T>> {
  const canReset = resetPeak(pid);
  const before = procStatus(pid, 'VmRSS');
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const peak = procStatus(pid, 'VmHWM');
  const rssGrowth = canReset && before !== undefined && peak !== undefined ? Math.max(0, peak - before) : undefined;
  const line = `${label}: ${ms.toFixed(0)} ms, worker peak RSS +${rssGrowth === undefined ? '?' : (rssGrowth / MiB).toFixed(1)} MiB`;
  return { value, ms, rssGrowth, line };
}

/** Fails when a case took longer than `maxMs` or grew the worker's peak RSS by `maxRssMiB` or more. */
export function assertBounded(m: Pick<Measured<unknown>, 'ms' | 'rssGrowth'>, maxMs: number, maxRssMiB: number, what: string): void {
  assert.ok(m.ms < maxMs, `${what} took ${m.ms.toFixed(0)} ms (bound ${maxMs})`);
  if (m.rssGrowth !== undefined) assert.ok(m.rssGrowth < maxRssMiB * MiB, `${what} grew the worker's peak RSS by ${(m.rssGrowth / MiB).toFixed(0)} MiB (bound ${maxRssMiB})`);
}
