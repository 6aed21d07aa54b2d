import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { firstJsonErrorOffset, parseJsonText } from '../../../src/core/jsonText';
import { mulberry32 } from '../../support/mulberry32';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('JSON text of files people edit', () => {
  it('points at the first character that is not JSON', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['{"a":}', 5],
      ['[1,]', 3],
      ['{"a" 1}', 5],
      ['{"a":1,}', 7],
      ['"abc', 4],
      [' true x', 6],
      ['{\n  "findings": [\n<<<<<<< HEAD\n', 18],
    ];
    for (const [text, offset] of cases) assert.equal(firstJsonErrorOffset(text), offset, JSON.stringify(text));
  });

  it('agrees with JSON.parse on what is JSON, over mutated documents', () => {
    const random = mulberry32(7);
    const base = JSON.stringify({ version: 1, findings: [{ path: 'a.js', n: -1.5e3, ok: true, no: null, s: 'q\\"\u00e9' }], e: [] }, null, 2);
    const alphabet = '{}[]",:0-1.eE \n\\atrufnl';
    for (let k = 0; k < 3000; k++) {
      const at = Math.floor(random() * base.length);
      const mutated = base.slice(0, at) + (random() < 0.5 ? '' : alphabet[Math.floor(random() * alphabet.length)]) + base.slice(at + 1);
      assert.equal(firstJsonErrorOffset(mutated) === -1, parses(mutated), JSON.stringify(mutated));
    }
  });

  it('throws bad-input with the file, the line and column, the reason and what to do', () => {
    assert.throws(
      () => parseJsonText('{\n  "minSeverity": "warning",\n}\n', 'review.json', 'Fix it.'),
      (err: LocalFocusError) => err.code === 'bad-input' && /^review\.json is not valid JSON at line 3, column 1: .+\. Fix it\.$/.test(err.message),
    );
    assert.deepEqual(parseJsonText('{"a": [1]}', 'x', ''), { a: [1] });
  });
});
