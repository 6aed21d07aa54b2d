import assert from 'node:assert/strict';
import { partialAnswerText } from '../../../../src/core/notes/ask/partialAnswer';

describe('partialAnswerText', () => {
  it('reads the answer so far out of JSON still streaming in', () => {
    const json = '{"answer": "The key \\"rotates\\"\\nmonthly [1]."}';
    const seen = [];
    for (let i = 0; i <= json.length; i++) seen.push(partialAnswerText(json.slice(0, i)));
    assert.equal(seen.at(-1), 'The key "rotates"\nmonthly [1].');
    // It only grows: a half-written escape is held back, never shown as a backslash.
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.startsWith(seen[i - 1]!), `${JSON.stringify(seen[i - 1])} then ${JSON.stringify(seen[i])}`);
    assert.ok(!seen.some((s) => s.includes('\\')));
  });

  it('decodes \\u escapes once all four digits are in', () => {
    assert.equal(partialAnswerText('{"answer":"caf\\u00e'), 'caf');
    assert.equal(partialAnswerText('{"answer":"caf\\u00e9!"}'), 'café!');
  });

  it('is empty before the answer starts', () => {
    assert.equal(partialAnswerText(''), '');
    assert.equal(partialAnswerText('{"ans'), '');
  });
});
