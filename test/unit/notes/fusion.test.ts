import assert from 'node:assert/strict';
import { onePerSection, reciprocalRankFusion, sectionKey, weightedScoreFusion } from '../../../src/core/notes/fusion';

const list = (...ids: string[]) => ids.map((id, i) => ({ id, score: 100 - i }));

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the lists, as computed by hand', () => {
    const fused = reciprocalRankFusion([list('x', 'y', 'z'), list('y', 'w')]);
    assert.deepEqual(fused.map((h) => h.id), ['y', 'x', 'w', 'z']);
    assert.ok(Math.abs(fused[0].score - (1 / 62 + 1 / 61)) < 1e-12);
    assert.deepEqual(fused[0].ranks, [2, 1]);
    assert.deepEqual(fused[2].ranks, [undefined, 2]);
  });

  it('applies weights and k', () => {
    const fused = reciprocalRankFusion([list('a'), list('b')], { k: 0, weights: [1, 3] });
    assert.deepEqual(fused.map((h) => [h.id, h.score]), [['b', 3], ['a', 1]]);
  });

  it('counts an id once per list', () => {
    assert.equal(reciprocalRankFusion([list('a', 'a')], { k: 0 })[0].score, 1);
  });
});

describe('weightedScoreFusion', () => {
  it('min-max scales each list and breaks ties by best rank', () => {
    const fused = weightedScoreFusion(
      [
        [{ id: 'x', score: 10 }, { id: 'y', score: 5 }, { id: 'z', score: 0 }],
        [{ id: 'y', score: 0.9 }, { id: 'w', score: 0.5 }],
      ],
      [0.5, 0.5],
    );
    assert.deepEqual(fused.map((h) => [h.id, h.score]), [['y', 0.75], ['x', 0.5], ['w', 0], ['z', 0]]);
  });
});

describe('onePerSection', () => {
  it('keeps the first hit of each section, in order, up to the limit', () => {
    const hits = [
      { id: '1', file: 'a.md', headingPath: ['A'] },
      { id: '2', file: 'a.md', headingPath: ['A'] },
      { id: '3', file: 'a.md', headingPath: ['A', 'B'] },
      { id: '4', file: 'b.md', headingPath: ['A'] },
      { id: '5', file: 'c.md', headingPath: [] },
    ];
    assert.deepEqual(onePerSection(hits, sectionKey).map((h) => h.id), ['1', '3', '4', '5']);
    assert.deepEqual(onePerSection(hits, sectionKey, 2).map((h) => h.id), ['1', '3']);
  });
});
