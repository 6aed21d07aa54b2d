// How long a synchronous call computed, not counting the time it waited for a core. On a machine
// whose cores are busy with other processes (CI runners, a laptop building something, other test
// runs), a call of a few milliseconds is preempted and its wall-clock time grows several times over;
// a per-call time limit measured by the wall clock then fails on load, not on the code.
//
// The process's CPU time over the call excludes that wait. It also counts the process's other
// threads (V8's GC helpers), which only makes it larger, so the smaller of the wall-clock and the CPU
// time never under-reports what the call itself computed: a limit checked against it still fails
// for slow code. Linux measures a process's CPU time exactly (getrusage); elsewhere the wall clock
// is used (Windows, for one, counts CPU time in clock ticks of ~16 ms, too coarse for these calls).
const cpuTimeIsExact = process.platform === 'linux';

/** Milliseconds `fn` computed: the smaller of wall-clock and process CPU time (wall clock where CPU time is coarse). */
export function computeMs(fn: () => void): number {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  if (!cpuTimeIsExact) return wall;
  const cpu = process.cpuUsage(cpu0);
  return Math.min(wall, (cpu.user + cpu.system) / 1000);
}

/** The best of `runs` measurements of computeMs(fn). */
export function bestComputeMs(fn: () => void, runs: number): number {
  let best = Infinity;
  for (let k = 0; k < runs; k++) best = Math.min(best, computeMs(fn));
  return best;
}
