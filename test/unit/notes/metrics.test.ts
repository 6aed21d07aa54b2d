import assert from 'node:assert/strict';
import { dcgAtK, mean, ndcgAtK, percentile, recallAtK } from '../../../src/core/notes/metrics';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-6, `${a} != ${b}`);

describe('retrieval metrics', () => {
  // Ranked d3, d1, d5, d2; judged d1 = 1, d2 = 2, d4 = 1, d6 = 0.
  const ranked = ['d3', 'd1', 'd5', 'd2'];
  const judged = new Map([['d1', 1], ['d2', 2], ['d4', 1], ['d6', 0]]);

  it('computes nDCG@k with linear gain as by hand', () => {
    // DCG@3 = 1/log2(3) = 0.630930; IDCG@3 = 2 + 1/log2(3) + 1/2 = 3.130930.
    close(ndcgAtK(ranked, judged, 3), 0.63093 / 3.13093);
    // DCG@4 adds 2/log2(5) = 0.861353; IDCG@4 = 3.130930 + 0 (only three relevant).
    close(ndcgAtK(ranked, judged, 4), (0.63093 + 0.861353) / 3.13093);
    close(ndcgAtK(['d2', 'd1', 'd4'], judged, 10), 1);
    assert.equal(ndcgAtK(ranked, new Map([['x', 0]]), 10), 0);
    close(dcgAtK([3, 2], 2), 3 + 2 / Math.log2(3));
  });

  it('computes Recall@k over relevant documents only', () => {
    close(recallAtK(ranked, judged, 3), 1 / 3);
    close(recallAtK(ranked, judged, 100), 2 / 3);
    close(recallAtK(['d1', 'd1'], judged, 2), 1 / 3);
  });

  it('computes mean and interpolated percentiles', () => {
    assert.equal(mean([1, 2, 3, 6]), 3);
    assert.equal(percentile([4, 1, 3, 2], 50), 2.5);
    close(percentile([1, 2, 3, 4], 95), 3.85);
    assert.equal(percentile([7], 95), 7);
  });
});
