// At most one progress event per interval per download; a state change always goes out.
import assert from 'node:assert/strict';
import { ProgressThrottle } from '../../../src/inference/features/models/progressThrottle';

describe('progress throttle', () => {
  it('admits at most one event per 100 ms in the same state, and every change of state at once', () => {
    let now = 0;
    const t = new ProgressThrottle(100, () => now);
    const admitted: number[] = [];
    for (now = 0; now < 1000; now += 7) if (t.admit('a', 'downloading')) admitted.push(now);
    assert.ok(admitted.length >= 9 && admitted.length <= 10, `admitted ${admitted.length}`);
    for (let i = 1; i < admitted.length; i++) assert.ok(admitted[i]! - admitted[i - 1]! >= 100);
    now += 1;
    assert.equal(t.admit('a', 'paused'), true, 'a new state goes out at once');
    assert.equal(t.admit('a', 'paused'), false);
    assert.equal(t.admit('b', 'paused'), true, 'each download has its own clock');
    t.forget('a');
    assert.equal(t.admit('a', 'paused'), true);
  });
});
