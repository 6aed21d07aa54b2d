import assert from 'node:assert/strict';
import { changedLinesBetween, diffLines } from '../../../src/core/review/lineDiff';

/** Length of a longest common subsequence, by dynamic programming: the reference for the diff. */
function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  }
  return dp[a.length][b.length];
}

describe('review line diff', () => {
  it('produces a minimal diff that walks both texts in order (randomised against LCS)', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const text = (n: number): string[] => Array.from({ length: n }, () => 'abcd'[Math.floor(random() * 4)]);
    for (let round = 0; round < 300; round++) {
      const a = text(Math.floor(random() * 12));
      const b = text(Math.floor(random() * 12));
      const ops = diffLines(a, b);
      assert.deepEqual(ops.filter((o) => o.oldLine).map((o) => o.oldLine), a.map((_, i) => i + 1));
      assert.deepEqual(ops.filter((o) => o.newLine).map((o) => o.newLine), b.map((_, i) => i + 1));
      const equal = ops.filter((o) => o.kind === 'equal');
      for (const o of equal) assert.equal(a[o.oldLine! - 1], b[o.newLine! - 1]);
      assert.equal(equal.length, lcsLength(a, b), `round ${round}: ${a.join('')} vs ${b.join('')}`);
    }
  });

  it('names the rewritten lines on both sides', () => {
    const changed = changedLinesBetween('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    assert.deepEqual([...changed.before], [2]);
    assert.deepEqual([...changed.after], [2, 5]);
  });

  it('points at the neighbours of a pure insertion, where the missing line belongs', () => {
    const changed = changedLinesBetween('def f(s):\n    for x in s:\n        yield x', 'def f(s):\n    seen = set()\n    for x in s:\n        yield x');
    assert.deepEqual([...changed.before], []);
    assert.deepEqual([...changed.insertionNeighbours].sort(), [1, 2]);
  });

  it('stops when aborted', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => diffLines(['a', 'b'], ['c', 'd'], controller.signal), { name: 'AbortError' });
  });
});
