import assert from 'node:assert/strict';
import { hasFilters, noteFilter, parseQueryFilters } from '../../../src/core/notes/queryFilters';

describe('parseQueryFilters', () => {
  it('takes #tags and path: terms out of the text', () => {
    assert.deepEqual(parseQueryFilters('sourdough #Baking path:journal/ starter'), { text: 'sourdough starter', tags: ['baking'], paths: ['journal/'] });
  });

  it('leaves C#, issue numbers and words with # inside as text', () => {
    const f = parseQueryFilters('C# issue #123 page#x');
    assert.equal(f.text, 'C# issue #123 page#x');
    assert.equal(hasFilters(f), false);
  });

  it('is filters only when nothing else is left', () => {
    const f = parseQueryFilters('  #a   path:x/**/*.md ');
    assert.deepEqual(f, { text: '', tags: ['a'], paths: ['x/**/*.md'] });
    assert.equal(hasFilters(f), true);
  });
});

describe('noteFilter', () => {
  it('needs every tag (or a tag below it), case-insensitively', () => {
    const pass = noteFilter(parseQueryFilters('#project #idea'));
    assert.equal(pass('a.md', ['Project/Alpha', 'IDEA']), true);
    assert.equal(pass('a.md', ['project']), false);
    assert.equal(pass('a.md', ['projects', 'idea']), false, 'a longer tag is another tag');
  });

  it('keeps paths under a prefix or matching a glob, any of several', () => {
    const pass = noteFilter(parseQueryFilters('path:journal/ path:**/*.org'));
    assert.equal(pass('journal/2024.md', []), true);
    assert.equal(pass('travel/kyoto.org', []), true);
    assert.equal(pass('projects/x.md', []), false);
    assert.equal(noteFilter(parseQueryFilters('path:./journal/*.md'))('journal/a.md', []), true);
  });

  it('lets every note through without filters', () => {
    assert.equal(noteFilter(parseQueryFilters('plain words'))('any.md', []), true);
  });
});
