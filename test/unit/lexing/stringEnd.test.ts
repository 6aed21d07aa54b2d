// stringEnd finds the end of a string with the opener's body pattern where it has one, and with a
// loop over the characters otherwise. The two must agree on every string opener of the table, at
// every offset of texts dense in what decides an end: closers, escapes, line breaks (CR LF too),
// other quotes, and an escape as the last character.
import assert from 'node:assert/strict';
import { compileSyntax } from '../../../src/core/lexing/compiledSyntax';
import { stringEnd } from '../../../src/core/lexing/delimiters';
import { Rng } from '../../support/fuzz';
import { everySyntax } from '../../support/fuzz.targets';

const ALPHABET = ['"', "'", '`', '\\', '\n', '\r\n', '\r', 'a', ' ', '#', '$', '{', '}', 'é', '\u{1F600}'];

describe('stringEnd: the body pattern and the character loop agree', () => {
  it('on every string opener with a pattern, at every offset of random texts', () => {
    const rng = new Rng(0x57e1d);
    const openers = everySyntax().flatMap((syntax) => compileSyntax(syntax).byFirst.flatMap((ops) => ops ?? []).filter((op) => op.kind === 'string'));
    const withPattern = [...new Set(openers.filter((op) => op.body))];
    // The table's common strings take the pattern; the others (triple quotes, doubled closers) the loop.
    assert.ok(withPattern.length >= 5 && withPattern.length < new Set(openers).size, `openers with a pattern: ${withPattern.length} of ${new Set(openers).size}`);
    let compared = 0;
    for (const op of withPattern) {
      const byLoop = { ...op, body: undefined };
      for (let t = 0; t < 200; t++) {
        let text = '';
        const atoms = 1 + rng.int(40);
        for (let k = 0; k < atoms; k++) text += ALPHABET[rng.int(ALPHABET.length)];
        for (let from = 0; from <= text.length; from++) {
          assert.equal(stringEnd(text, from, op), stringEnd(text, from, byLoop), `${op.token}…${op.close} in ${JSON.stringify(text)} from ${from}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 10_000);
  });
});
