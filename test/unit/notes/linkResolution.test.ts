import assert from 'node:assert/strict';
import { linkedNotes } from '../../../src/core/notes/linkNeighbours';
import { linkKey, NoteNames } from '../../../src/core/notes/linkResolution';

describe('NoteNames.resolve', () => {
  const names = new NoteNames(['projects/Project Alpha.md', 'journal/plan.md', 'work/plan.md', 'inbox.txt']);

  it('finds a note by its file name without extension, case-insensitively, wherever it is', () => {
    assert.equal(names.resolve('project alpha'), 'projects/Project Alpha.md');
    assert.equal(names.resolve('PROJECT ALPHA.md'), 'projects/Project Alpha.md');
    assert.equal(names.resolve('elsewhere/Project Alpha'), 'projects/Project Alpha.md');
    assert.equal(names.resolve('inbox'), 'inbox.txt');
  });

  it('takes the path written where two notes share a name, else the first by path', () => {
    assert.equal(names.resolve('work/plan'), 'work/plan.md');
    assert.equal(names.resolve('work/plan.md'), 'work/plan.md');
    assert.equal(names.resolve('plan'), 'journal/plan.md');
  });

  it('resolves nothing for a name no note has', () => {
    assert.equal(names.resolve('missing'), undefined);
  });

  it('keys a link by base name, keeping a non-Markdown extension', () => {
    assert.equal(linkKey('a/B.md'), 'b');
    assert.equal(linkKey('diagram.png'), 'diagram.png');
    assert.equal(linkKey('x/inbox.txt', { isNoteFile: true }), 'inbox');
  });
});

describe('linkedNotes', () => {
  const notes = {
    'hub.md': { links: ['Alpha', 'projects/beta.md', 'missing', 'hub'] },
    'projects/alpha.md': { links: ['hub'] },
    'projects/beta.md': { links: [] },
    'other.md': { links: ['HUB'] },
    'old.md': {},
  };

  it('lists outgoing links in order, then backlinks by path, each once, never the note itself', () => {
    assert.deepEqual(linkedNotes(notes, { path: 'hub.md' }), [
      { file: 'projects/alpha.md', direction: 'outgoing' },
      { file: 'projects/beta.md', direction: 'outgoing' },
      { file: 'other.md', direction: 'backlink' },
    ]);
  });

  it('follows a rename: links by name resolve to the note under its new path', () => {
    const renamed = { ...notes, 'archive/Alpha.md': { links: [] } } as Record<string, { links?: string[] }>;
    delete renamed['projects/alpha.md'];
    assert.deepEqual(linkedNotes(renamed, { path: 'hub.md' }).map((n) => n.file), ['archive/Alpha.md', 'projects/beta.md', 'other.md']);
  });

  it('finds backlinks by name to a note of another index', () => {
    assert.deepEqual(linkedNotes(notes, { fileName: 'missing.md' }), [{ file: 'hub.md', direction: 'backlink' }]);
  });
});
