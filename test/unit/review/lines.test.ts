// Offset ↔ line conversion of review's LineIndex.
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/review/lines';

describe('review lines', () => {
  it('converts offsets to lines and back', () => {
    const index = new LineIndex('ab\r\ncd\n\nef');
    assert.equal(index.lineCount, 4);
    assert.equal(index.lineAt(0), 1);
    assert.equal(index.lineAt(4), 2);
    assert.equal(index.lineAt(7), 3);
    assert.equal(index.lineText(1), 'ab');
    assert.equal(index.lineText(4), 'ef');
  });
});
