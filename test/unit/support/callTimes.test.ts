// The fuzz tests' rule for a slow input (test/support/fuzz.ts CallTimes): a call over the limit is a
// finding only when it stays over the limit on every re-run and over BASELINE_RATIO times a plain
// input of the same length timed beside it. These tests hold the rule both ways, so the fuzz tests
// can still fail on slow code and do not fail when everything is slow alike.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASELINE_RATIO, CallTimes } from '../../support/fuzz';

/**
 * Uses `ms` milliseconds of this process's CPU time, as a slow path in the code would. Counted in
 * CPU time, not on the clock: the rule measures CPU time, and on a loaded machine a clock-timed
 * spin gets a fraction of a core and looks fast to it.
 */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

describe('fuzz slow-input rule', () => {
  it('an input slow on every re-run and much slower than the plain input of its length is a finding', () => {
    const times = new CallTimes(5);
    times.time(() => spin(30), () => 'slow path', () => ({ text: 'slow' }), () => spin(1));
    const confirmed = times.confirmSlow('callTimes-test');
    assert.equal(confirmed.length, 1);
    assert.ok(confirmed[0]!.bestOf3 > 5 && confirmed[0]!.bestOf3 > BASELINE_RATIO * confirmed[0]!.baselineMs);
    const saved = /^slow path \(saved to (.+callTimes-test.+\.json)\)$/.exec(confirmed[0]!.describe());
    assert.ok(saved, confirmed[0]!.describe());
    assert.deepEqual(JSON.parse(fs.readFileSync(saved[1]!, 'utf8')), { text: 'slow' });
    fs.rmSync(saved[1]!);
  });

  it('an input as slow as the plain input of its length is not (the whole process was slow)', () => {
    const times = new CallTimes(5);
    times.time(() => spin(12), () => 'slow alike', () => ({ text: 'x' }), () => spin(12));
    assert.equal(times.slow.length, 1, 'the call was over the limit once');
    assert.deepEqual(times.confirmSlow('callTimes-test'), []);
  });

  it('an input slow once and fast on the re-runs is not', () => {
    const times = new CallTimes(5);
    let first = true;
    const call = (): void => {
      spin(first ? 12 : 0.1);
      first = false;
    };
    times.time(call, () => 'slow once', () => ({ text: 'x' }), () => spin(0.1));
    assert.equal(times.slow.length, 1);
    assert.deepEqual(times.confirmSlow('callTimes-test'), []);
  });
});
