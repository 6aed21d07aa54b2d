// The line-set arithmetic of the git scopes: -L ranges for blame, scope membership, and the
// intersection --mine --branch asks for.
import assert from 'node:assert/strict';
import { inLineSet, intersectScopes, type ScopeLines } from '../../../src/core/todos/gitScope';
import { lineRanges } from '../../../src/core/todos/mineScope';

describe('git scope lines', function () {
  it('merges TODO lines into the fewest blame ranges, dropping repeats and non-lines', function () {
    assert.deepEqual(lineRanges([9, 3, 4, 5, 4, 12, 0, -1, 1.5]), [[3, 5], [9, 9], [12, 12]]);
    assert.deepEqual(lineRanges([]), []);
  });

  it('tells whether a line is in a file\'s set, a whole file counting every line', function () {
    assert.equal(inLineSet('all', 1234), true);
    assert.equal(inLineSet(new Set([2]), 2), true);
    assert.equal(inLineSet(new Set([2]), 3), false);
    assert.equal(inLineSet(undefined, 1), false);
  });

  it('keeps the lines in both scopes, a whole file yielding to the other side', function () {
    const mine: ScopeLines = new Map<string, 'all' | Set<number>>([['new.ts', 'all'], ['a.ts', new Set([1, 3])], ['only-mine.ts', new Set([1])], ['b.ts', 'all']]);
    const branch: ScopeLines = new Map<string, 'all' | Set<number>>([['new.ts', 'all'], ['a.ts', new Set([3, 4])], ['b.ts', new Set([7])], ['c.ts', new Set([9])]]);
    const both = intersectScopes(mine, branch);
    assert.deepEqual(Object.fromEntries([...both].map(([k, v]) => [k, v === 'all' ? 'all' : [...v]])), { 'new.ts': 'all', 'a.ts': [3], 'b.ts': [7] });
  });
});
