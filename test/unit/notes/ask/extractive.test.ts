import assert from 'node:assert/strict';
import { extractiveNotice, markedRuns } from '../../../../src/core/notes/ask/extractive';
import { makeSnippet } from '../../../../src/core/notes/snippet';

describe('markedRuns', () => {
  it('marks the question\'s words as the search analysed them', () => {
    const snippet = makeSnippet('We rotated the payment key on Monday; rotation is monthly.', 'when does the key rotate');
    const runs = markedRuns(snippet.text, snippet.highlights);
    assert.deepEqual(runs.filter((r) => r.marked).map((r) => r.text), ['rotated', 'key', 'rotation']);
    assert.equal(runs.map((r) => r.text).join(''), snippet.text);
  });

  it('skips highlights that overlap, run backwards or fall outside the text', () => {
    const runs = markedRuns('abcdef', [[0, 2], [1, 3], [4, 3], [5, 9], [4, 5]]);
    assert.deepEqual(runs, [{ text: 'ab', marked: true }, { text: 'cd', marked: false }, { text: 'e', marked: true }, { text: 'f', marked: false }]);
  });
});

describe('extractiveNotice', () => {
  it('says plainly that no model answered, and why', () => {
    assert.match(extractiveNotice('mode is Local only'), /^No model answered \(mode is Local only\)\. .*passages/);
  });
});

describe('extractiveNotice punctuation', () => {
  it('does not double the full stop of a reason that ends in one', () => {
    assert.match(extractiveNotice('HTTP 500: exit status 2.'), /^No model answered \(HTTP 500: exit status 2\)\. /);
    assert.match(extractiveNotice(undefined), /^No model answered\. /);
  });
});
