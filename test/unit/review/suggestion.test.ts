import assert from 'node:assert/strict';
import { applySuggestion, suggestionEdit } from '../../../src/core/review/suggestion';

describe('review suggestion edits', () => {
  it('replaces whole lines and drops a trailing line break from the replacement', () => {
    const text = 'a\nif (x = 1) {\n  y();\n}\n';
    assert.equal(applySuggestion(text, { line: 2, suggestion: 'if (x === 1) {\n' }), 'a\nif (x === 1) {\n  y();\n}\n');
    assert.equal(applySuggestion(text, { line: 2, endLine: 4, suggestion: 'y();' }), 'a\ny();\n');
  });

  it('deletes lines with their line break for an empty suggestion', () => {
    assert.equal(applySuggestion('a\n  debugger;\nb', { line: 2, suggestion: '' }), 'a\nb');
    assert.equal(applySuggestion('a\nb\n  debugger;', { line: 3, suggestion: '' }), 'a\nb');
    assert.equal(applySuggestion('debugger;', { line: 1, suggestion: '' }), '');
  });

  it('keeps CRLF line endings', () => {
    assert.equal(applySuggestion('a\r\nb\r\nc', { line: 2, suggestion: 'x\ny' }), 'a\r\nx\r\ny\r\nc');
  });

  it('gives no edit without a suggestion or for lines that are gone', () => {
    assert.equal(suggestionEdit('a', { line: 1 }), undefined);
    assert.equal(suggestionEdit('a', { line: 3, suggestion: 'x' }), undefined);
  });
});
