import assert from 'node:assert/strict';
import { answerParts, validateCitations } from '../../../../src/core/notes/ask/citations';

describe('validateCitations', () => {
  it('keeps citations of passages 1..k, in the order first cited', () => {
    const r = validateCitations('The key rotates monthly [2]. It is stored in the vault [1][2].', 3);
    assert.deepEqual(r, { text: 'The key rotates monthly [2]. It is stored in the vault [1][2].', cited: [2, 1], removed: [] });
  });

  it('removes numbers outside 1..k, and the space they leave', () => {
    const r = validateCitations('The key rotates monthly [4]. Stored in the vault [0] [1].', 3);
    assert.equal(r.text, 'The key rotates monthly. Stored in the vault [1].');
    assert.deepEqual(r.cited, [1]);
    assert.deepEqual(r.removed, [4, 0]);
  });

  it('keeps the valid numbers of a group and drops the rest', () => {
    const r = validateCitations('Both notes agree [1, 7, 2].', 2);
    assert.equal(r.text, 'Both notes agree [1, 2].');
    assert.deepEqual([r.cited, r.removed], [[1, 2], [7]]);
  });

  it('leaves an answer with nothing removed as the model wrote it', () => {
    assert.equal(validateCitations('Spaced  out , as written [1].', 1).text, 'Spaced  out , as written [1].');
  });

  it('leaves brackets that are not citations as text', () => {
    const r = validateCitations('Use arr[i] and [see below] or [1-3].', 3);
    assert.equal(r.text, 'Use arr[i] and [see below] or [1-3].');
    assert.deepEqual([r.cited, r.removed], [[], []]);
  });
});

describe('answerParts', () => {
  it('splits an answer into text and one part per cited number', () => {
    assert.deepEqual(answerParts('Monthly [2]. Vault [1, 3].'), [{ text: 'Monthly ' }, { cite: 2 }, { text: '. Vault ' }, { cite: 1 }, { cite: 3 }, { text: '.' }]);
    assert.deepEqual(answerParts('no citations'), [{ text: 'no citations' }]);
  });
});
