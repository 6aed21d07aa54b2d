// The re-rank validator: a permutation or a subset of the candidates' ids is accepted (the ids
// left out follow in the rules' order); anything else is refused with why, so the rules' order stands.
import assert from 'node:assert/strict';
import { validateRerank } from '../../../../src/core/tasks/next/validateRerank';

const IDS = ['a', 'b', 'c'];

describe('validateRerank', function () {
  it('accepts a whole permutation with a reason each', function () {
    const v = validateRerank({ order: [{ id: 'c', reason: 'blocks the release' }, { id: 'a', reason: 'overdue' }, { id: 'b', reason: 'quick' }] }, IDS);
    assert.deepEqual(v, { ok: true, order: [{ id: 'c', reason: 'blocks the release' }, { id: 'a', reason: 'overdue' }, { id: 'b', reason: 'quick' }] });
  });

  it('accepts a subset: the ids left out follow in the rules\' order, without a model reason', function () {
    const v = validateRerank({ order: [{ id: 'b', reason: '  due\n today ' }] }, IDS);
    assert.deepEqual(v, { ok: true, order: [{ id: 'b', reason: 'due today' }, { id: 'a' }, { id: 'c' }] });
  });

  it('refuses an id that was not a candidate', function () {
    const v = validateRerank({ order: [{ id: 'zzz', reason: 'made up' }, { id: 'a', reason: 'x' }] }, IDS);
    assert.deepEqual(v, { ok: false, reason: 'it names "zzz", which is not one of the tasks' });
  });

  it('refuses an id named twice', function () {
    const v = validateRerank({ order: [{ id: 'a', reason: 'x' }, { id: 'a', reason: 'y' }] }, IDS);
    assert.deepEqual(v, { ok: false, reason: 'it names a twice' });
  });

  it('refuses an empty order, an empty reason and entries of the wrong shape', function () {
    assert.deepEqual(validateRerank({ order: [] }, IDS), { ok: false, reason: 'the "order" list is empty' });
    assert.deepEqual(validateRerank({ order: [{ id: 'a', reason: '   ' }] }, IDS), { ok: false, reason: 'it gives a no reason' });
    assert.deepEqual(validateRerank({ order: ['a', 'b'] }, IDS), { ok: false, reason: 'an entry is not {"id", "reason"}' });
    assert.deepEqual(validateRerank({ order: [{ id: 'a' }] }, IDS), { ok: false, reason: 'an entry is not {"id", "reason"}' });
  });

  it('refuses garbage', function () {
    for (const garbage of [null, 'a,b,c', 42, [], ['a'], { ranking: IDS }, { order: 'a b c' }]) {
      const v = validateRerank(garbage, IDS);
      assert.equal(v.ok, false, JSON.stringify(garbage));
    }
  });

  it('cuts a reason over 80 characters at a word, marked with …, rather than refusing the order', function () {
    const long = 'this task unblocks the billing release and the two reviews waiting on it since last Tuesday morning';
    const v = validateRerank({ order: [{ id: 'a', reason: long }] }, IDS);
    assert.ok(v.ok);
    const reason = v.order[0]!.reason!;
    assert.ok(reason.length <= 80, reason);
    assert.equal(reason, 'this task unblocks the billing release and the two reviews waiting on it since…');
  });
});
