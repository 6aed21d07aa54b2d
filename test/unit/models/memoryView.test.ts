// The memory verdict shown per model, checked against numbers computed by hand.
import assert from 'node:assert/strict';
import { memoryViewFor } from '../../../src/inference/features/models/memoryView';

const MIB = 1024 * 1024;
const GB = 1e9;

describe('memory verdict for the model manager', () => {
  // Llama 3.2 1B: 16 layers, 32 heads, 8 KV heads of 64; 4,096-token context.
  const shape = { layers: 16, headCount: 32, kvHeads: 8, keyDim: 64, valueDim: 64 };
  const kv = 16 * 8 * (64 + 64) * 4096 * 2; // 134,217,728
  const overhead = 64 * MIB + 4096 * 512 * 32 * 4; // 335,544,320

  it('adds weights, the KV cache at the context and the runtime, against the budget left after loaded models', () => {
    const v = memoryViewFor({ weightsBytes: 807_694_464, shape, shapeSource: 'catalog', contextSize: 4096, totalRamBytes: 16 * GB, percent: 60, loadedBytes: 1 * GB });
    assert.equal(v.kvCacheBytes, kv);
    assert.equal(v.overheadBytes, overhead);
    assert.equal(v.totalBytes, 807_694_464 + kv + overhead);
    assert.equal(v.budgetBytes, 9.6 * GB);
    assert.equal(v.remainingBytes, 8.6 * GB);
    assert.equal(v.verdict, 'fits');
    assert.equal(v.shapeSource, 'catalog');
    assert.match(v.sentence, /^Needs about 1.28 GB .* 8.60 GB of the memory budget is free .*: it fits\.$/);
  });

  it('is tight from 85% of what is left and too big above it, with the shortfall', () => {
    const total = 807_694_464 + kv + overhead;
    const tight = memoryViewFor({ weightsBytes: 807_694_464, shape, shapeSource: 'catalog', contextSize: 4096, totalRamBytes: Math.ceil(total / 0.9 / 0.6), percent: 60, loadedBytes: 0 });
    assert.equal(tight.verdict, 'tight');
    const tooBig = memoryViewFor({ weightsBytes: 807_694_464, shape, shapeSource: 'catalog', contextSize: 4096, totalRamBytes: 2 * GB, percent: 60, loadedBytes: 0 });
    assert.equal(tooBig.verdict, 'too-big');
    assert.equal(tooBig.remainingBytes, 1.2 * GB);
    assert.match(tooBig.sentence, /too big by 77.5 MB/);
  });

  it('says when the context cache is not counted because the shape is unknown', () => {
    const v = memoryViewFor({ weightsBytes: 1e9, shapeSource: 'none', contextSize: 4096, totalRamBytes: 16 * GB, loadedBytes: 0 });
    assert.equal(v.kvCacheBytes, 0);
    assert.equal(v.overheadBytes, 64 * MIB);
    assert.match(v.sentence, /not counted yet/);
    assert.equal(v.budgetBytes, 9.6 * GB, 'the default budget is 60%');
  });
});
