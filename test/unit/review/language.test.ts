// Which syntax of the shared table review lexes a language id with.
import assert from 'node:assert/strict';
import { languageInfo } from '../../../src/core/review/language';

describe('review languages', () => {
  it('lexes each language with its own entry of the syntax table', () => {
    assert.equal(languageInfo('typescriptreact').syntax.id, 'javascript');
    assert.equal(languageInfo('kotlin').syntax.id, 'kotlin');
    assert.equal(languageInfo('shellscript').syntax.id, 'shell');
    assert.equal(languageInfo('lua').syntax.id, 'lua');
  });

  it("falls back to its family's syntax for ids the table does not know, then to plain C-style", () => {
    assert.equal(languageInfo('c#').syntax.id, 'csharp');
    assert.equal(languageInfo('c++').syntax.id, 'cpp');
    assert.equal(languageInfo('json').syntax.id, 'c');
    assert.equal(languageInfo('plaintext').syntax.id, 'plain');
  });
});
