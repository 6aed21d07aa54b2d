import assert from 'node:assert/strict';
import { csvRows } from '../../../bench/csvRows';

describe('csvRows (the benches\' CSV reader)', () => {
  it('splits rows and fields, keeping quoted commas, line breaks and doubled quotes', () => {
    const text = 'issuekey,title,storypoint\r\nA-1,"Fix, then ""ship""","line one\nline two"\nA-2,plain,3\n';
    assert.deepEqual(csvRows(text), [
      ['issuekey', 'title', 'storypoint'],
      ['A-1', 'Fix, then "ship"', 'line one\nline two'],
      ['A-2', 'plain', '3'],
    ]);
  });

  it('keeps a last row without a line break and empty fields', () => {
    assert.deepEqual(csvRows('a,,c\nd,e,'), [['a', '', 'c'], ['d', 'e', '']]);
  });
});
