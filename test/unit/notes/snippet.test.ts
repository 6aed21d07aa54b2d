import assert from 'node:assert/strict';
import { makeSnippet, markSnippet } from '../../../src/core/notes/snippet';

describe('makeSnippet', () => {
  it('marks words that analyse like the query words', () => {
    const s = makeSnippet('Indexed notes are\nsearchable; the INDEX grows.', 'indexing notes');
    assert.equal(s.text, 'Indexed notes are searchable; the INDEX grows.');
    assert.equal(markSnippet(s), '**Indexed** **notes** are searchable; the **INDEX** grows.');
    assert.equal(markSnippet(s, '<mark>', '</mark>').split('<mark>').length, 4);
  });

  it('centres a long text on the densest run of query words, with ellipses', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(30);
    const text = `${filler}the sourdough starter needs feeding before the bake ${filler}`;
    const s = makeSnippet(text, 'sourdough bake', { maxChars: 80 });
    assert.ok(s.text.length <= 80, `${s.text.length}`);
    assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
    assert.deepEqual(s.highlights.map(([a, b]) => s.text.slice(a, b)), ['sourdough', 'bake']);
  });

  it('shows the start of the text when nothing matches', () => {
    const s = makeSnippet('alpha beta gamma '.repeat(40), 'zebra', { maxChars: 50 });
    assert.ok(s.text.startsWith('alpha beta'));
    assert.deepEqual(s.highlights, []);
  });
});
