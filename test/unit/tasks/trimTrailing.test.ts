// trimTrailing cuts what the trailing-punctuation patterns it replaced cut, on every input.
import assert from 'node:assert/strict';
import { trimTrailing } from '../../../src/core/tasks/trimTrailing';
import { mulberry32 } from '../../support/mulberry32';

const CASES: { chars: string; whitespace: boolean; pattern: RegExp }[] = [
  { chars: '.-/', whitespace: false, pattern: /[.\-/]+$/ },
  { chars: '.-', whitespace: true, pattern: /[.\-\s]+$/ },
  { chars: ':,;-–—|/', whitespace: true, pattern: /[\s:,;\-–—|/]+$/ },
];

describe('trimTrailing', () => {
  it('cuts the trailing characters and whitespace it is given, and nothing else', () => {
    assert.equal(trimTrailing('auth.-/', '.-/'), 'auth');
    assert.equal(trimTrailing('ana -', '.-', true), 'ana');
    assert.equal(trimTrailing('ana -', '.-'), 'ana ');
    assert.equal(trimTrailing('---', '-'), '');
    assert.equal(trimTrailing('a-b', '-'), 'a-b');
  });

  it('agrees with the pattern it replaced on 5,000 random strings of those characters', () => {
    const random = mulberry32(20261206);
    const alphabet = 'ab .-/:,;–—|\t\n';
    for (const { chars, whitespace, pattern } of CASES) {
      for (let i = 0; i < 5000; i++) {
        const length = Math.floor(random() * 12);
        let text = '';
        for (let k = 0; k < length; k++) text += alphabet.charAt(Math.floor(random() * alphabet.length));
        assert.equal(trimTrailing(text, chars, whitespace), text.replace(pattern, ''), JSON.stringify({ text, chars }));
      }
    }
  });
});
