// The lines a diff review may comment on, measured against the base text: added and changed lines
// only, every line of a new file, none for a pure deletion, and the same answer with CRLF endings.
import assert from 'node:assert/strict';
import { changedLinesSince } from '../../../src/core/review/changedLinesSince';

const BASE = ['function f(a) {', '  const b = a + 1;', '  return b;', '}', ''].join('\n');

describe('changed lines since a base text', function () {
  it('gives every line of a file the base does not have', function () {
    assert.deepEqual(changedLinesSince(undefined, 'a\nb\nc'), [1, 2, 3]);
  });

  it('gives an inserted line and a changed one, numbered in the new text, ascending', function () {
    const text = ['// header', 'function f(a) {', '  const b = a + 2;', '  return b;', '}', ''].join('\n');
    assert.deepEqual(changedLinesSince(BASE, text), [1, 3]);
  });

  it('gives nothing when lines were only deleted or nothing changed', function () {
    assert.deepEqual(changedLinesSince(BASE, BASE.replace('  const b = a + 1;\n', '')), []);
    assert.deepEqual(changedLinesSince(BASE, BASE), []);
  });

  it('reads CRLF text as the same lines', function () {
    const crlf = BASE.replace(/\n/g, '\r\n');
    assert.deepEqual(changedLinesSince(crlf, crlf.replace('return b;', 'return b * 2;')), [3]);
  });
});
