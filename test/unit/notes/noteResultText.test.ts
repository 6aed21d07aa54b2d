// What the notes quick pick and status bar show: rows, titles with the tier, progress, ranks merged
// across folders, the text "Find Related Notes" searches with.
import assert from 'node:assert/strict';
import type { NoteSearchResult } from '../../../src/core/notes/searchTypes';
import { formatEta } from '../../../src/core/notesProtocol';
import { interleaveByRank } from '../../../src/core/notes/interleaveByRank';
import { progressText, relatedQuery, resultRowText, searchTitle, sectionPath, shortReason } from '../../../src/extension/notes/noteResultText';

const result: NoteSearchResult = {
  chunkId: 'c1',
  file: 'notes/key-rotation.md',
  startLine: 4,
  endLine: 13,
  headingPath: ['Rotating API keys', 'Steps'],
  title: 'Rotating API keys',
  score: 0.03,
  snippet: { text: 'Create the new key in the dashboard.', highlights: [[15, 18]] },
};

describe('notes UI text', function () {
  it('a row: title, heading path below the title with file and 1-based line, snippet with the matches marked', function () {
    assert.deepEqual(resultRowText(result), {
      label: 'Rotating API keys',
      description: 'Steps · notes/key-rotation.md:5',
      detail: 'Create the new **key** in the dashboard.',
    });
    assert.equal(resultRowText({ ...result, headingPath: ['Rotating API keys'], startLine: 0 }, { folderName: 'demo' }).description, 'demo/notes/key-rotation.md:1');
    assert.equal(resultRowText(result, { marks: false }).detail, 'Create the new key in the dashboard.');
    assert.deepEqual(sectionPath({ title: 'Kyoto trip', headingPath: ['Food', 'Tea'] }), ['Food', 'Tea']);
  });

  it('the title says the tier, and why keyword', function () {
    assert.equal(searchTitle('Search Notes', 'hybrid'), 'Search Notes · Hybrid: meaning + keywords');
    assert.equal(
      searchTitle('Search Notes', 'keyword', 'embedding model not found at /home/me/.local-focus/models/all-MiniLM-L6-v2'),
      'Search Notes · Keyword only (embedding model not found)',
    );
    assert.equal(searchTitle('Search Notes', undefined), 'Search Notes');
    assert.equal(shortReason('x'.repeat(80)).length, 58);
  });

  it('progress with counts and an ETA', function () {
    assert.equal(progressText({ phase: 'embedding', done: 120, total: 480, etaMs: 95_000 }), 'Notes 120/480 · 2 min left');
    assert.equal(progressText({ phase: 'embedding', done: 480, total: 480, etaMs: 0 }), 'Notes 480/480');
    assert.equal(progressText({ phase: 'scanning', done: 256, total: 1000 }), 'Notes: reading 256/1000');
    assert.equal(formatEta(400), '1 s');
    assert.equal(formatEta(3_900_000), '1 h 5 min');
  });

  it('folders take turns by rank, up to the limit', function () {
    assert.deepEqual(interleaveByRank([['a1', 'a2', 'a3'], ['b1'], []], 4), ['a1', 'b1', 'a2', 'a3']);
    assert.deepEqual(interleaveByRank([['a1', 'a2'], ['b1', 'b2']], 3), ['a1', 'b1', 'a2']);
    assert.deepEqual(interleaveByRank([[], []]), []);
  });

  it('the related-notes query: front matter dropped, whitespace folded, length capped', function () {
    assert.equal(relatedQuery('---\ntitle: X\n---\n# Heading\n\n  some   text\n'), '# Heading some text');
    assert.equal(relatedQuery('word '.repeat(1000), 50).length, 50);
  });
});
