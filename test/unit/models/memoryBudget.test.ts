// The memory estimate and verdict against cases worked out by hand below. Shapes are the models'
// published configs (Llama 3.2 3B: 28 layers, 24 heads, 8 KV heads, head size 128; Phi-3 mini:
// 32 layers, 32 heads and 32 KV heads of size 96; stories260K: 5 layers, 8 heads, 4 KV heads,
// embedding 64 → head size 8, as its GGUF header says).
import assert from 'node:assert/strict';
import { formatBytes, formatDuration } from '../../../src/core/models/formatBytes';
import {
  estimateModelMemory,
  judgeMemory,
  kvCacheBytes,
  memoryBudget,
  shapeFromArchitecture,
  shapeFromGguf,
} from '../../../src/core/models/memoryBudget';

const MiB = 1024 * 1024;
const llama3b = shapeFromArchitecture({ layers: 28, headCount: 24, kvHeads: 8, headDim: 128 });

describe('memory estimate', () => {
  it('Llama 3.2 3B Q4_K_M at 4,096 tokens', () => {
    const e = estimateModelMemory({ weightsBytes: 2_019_377_696, shape: llama3b, contextSize: 4096 });
    // KV: 2 × 28 layers × 8 KV heads × 128 × 4,096 tokens × 2 bytes
    //   = 2 × 28 × 8 × 128 × 4096 × 2 = 469,762,048
    assert.equal(e.kvCacheBytes, 469_762_048);
    // Overhead: 64 MiB + 4,096 context × 512 batch × 24 heads × 4 bytes
    //   = 67,108,864 + 201,326,592 = 268,435,456
    assert.equal(e.overheadBytes, 268_435_456);
    // Total: 2,019,377,696 + 469,762,048 + 268,435,456 = 2,757,575,200
    assert.equal(e.totalBytes, 2_757_575_200);
  });

  it('stories260K at 2,048 and at 256 tokens (the batch shrinks to the context)', () => {
    const info = { version: 3, tensorCount: 48, architecture: 'llama', blockCount: 5, headCount: 8, headCountKv: 4, embeddingLength: 64, contextLength: 2048 };
    const shape = shapeFromGguf(info);
    assert.deepEqual(shape, { layers: 5, headCount: 8, kvHeads: 4, keyDim: 8, valueDim: 8 });
    const at2048 = estimateModelMemory({ weightsBytes: 1_185_376, shape, contextSize: 2048 });
    // KV: 2 × 5 × 4 × 8 × 2048 × 2 = 1,310,720
    assert.equal(at2048.kvCacheBytes, 1_310_720);
    // Overhead: 67,108,864 + 2048 × 512 × 8 × 4 (= 33,554,432) = 100,663,296
    assert.equal(at2048.overheadBytes, 100_663_296);
    assert.equal(at2048.totalBytes, 1_185_376 + 1_310_720 + 100_663_296);
    const at256 = estimateModelMemory({ weightsBytes: 1_185_376, shape, contextSize: 256 });
    // KV: 2 × 5 × 4 × 8 × 256 × 2 = 163,840; overhead: 67,108,864 + 256 × 256 × 8 × 4 = 69,206,016
    assert.equal(at256.kvCacheBytes, 163_840);
    assert.equal(at256.overheadBytes, 69_206_016);
  });

  it('Phi-3 mini without grouped-query attention has a 1.5 GiB cache at 4,096 tokens', () => {
    const phi = shapeFromArchitecture({ layers: 32, headCount: 32, kvHeads: 32, headDim: 96 });
    // 2 × 32 × 32 × 96 × 4096 × 2 = 1,610,612,736 = 1.5 GiB
    assert.equal(kvCacheBytes(phi, 4096), 1_610_612_736);
    assert.equal(kvCacheBytes(phi, 4096), 1.5 * 1024 * MiB);
  });

  it('uses separate key and value sizes when the header gives them, and a q8 cache when asked', () => {
    const shape = shapeFromGguf({
      version: 3, tensorCount: 1, architecture: 'x', blockCount: 10, headCount: 16, headCountKv: 2,
      embeddingLength: 2048, keyLength: 192, valueLength: 128, contextLength: 8192,
    });
    // 10 layers × 2 KV heads × (192 + 128) × 1000 tokens × 1 byte (q8_0 cache) = 6,400,000
    assert.equal(kvCacheBytes(shape, 1000, 1), 6_400_000);
  });

  it('an embedding model has weights and the base overhead only', () => {
    const e = estimateModelMemory({ weightsBytes: 22_972_370, contextSize: 512 });
    assert.equal(e.kvCacheBytes, 0);
    assert.equal(e.totalBytes, 22_972_370 + 64 * MiB);
  });
});

describe('memory budget and verdict', () => {
  const estimate3b = estimateModelMemory({ weightsBytes: 2_019_377_696, shape: llama3b, contextSize: 4096 }); // 2,757,575,200 B

  it('60% of 16 GiB is the default budget and the 3B model fits', () => {
    const budget = memoryBudget({ totalRamBytes: 16 * 1024 * MiB });
    // 17,179,869,184 × 0.6 = 10,307,921,510.4 → 10,307,921,510
    assert.equal(budget.budgetBytes, 10_307_921_510);
    assert.equal(budget.remainingBytes, 10_307_921_510);
    const v = judgeMemory(estimate3b, budget);
    assert.equal(v.verdict, 'fits');
    assert.ok(Math.abs(v.share - 2_757_575_200 / 10_307_921_510) < 1e-12);
    assert.equal(
      v.sentence,
      'Needs about 2.76 GB (weights 2.02 GB, context cache 470 MB for 4,096 tokens, runtime 268 MB); 10.3 GB of the memory budget is free (60% of 17.2 GB RAM): it fits.',
    );
  });

  it('is tight from 85% of what is left, and too big above it, counting loaded models', () => {
    // 4,600,000,000 × 0.6 = 2,760,000,000; 2,757,575,200 / 2,760,000,000 = 99.9% → tight
    const tight = judgeMemory(estimate3b, memoryBudget({ totalRamBytes: 4_600_000_000 }));
    assert.equal(tight.verdict, 'tight');
    assert.match(tight.sentence, /fits, but tightly \(100% of what is free\)/);
    // 85% boundary: remaining floor(2,757,575,200 / 0.85) = 3,244,206,117 → share 0.8500000000 ≥ 0.85 → tight; 1 MB more → fits
    const atBoundary = judgeMemory(estimate3b, { totalRamBytes: 0, percent: 60, budgetBytes: 0, loadedBytes: 0, remainingBytes: Math.floor(2_757_575_200 / 0.85) });
    assert.equal(atBoundary.verdict, 'tight');
    const below = judgeMemory(estimate3b, { totalRamBytes: 0, percent: 60, budgetBytes: 0, loadedBytes: 0, remainingBytes: Math.floor(2_757_575_200 / 0.85) + 1_000_000 });
    assert.equal(below.verdict, 'fits');
    // With 100,000,000 B already loaded: 2,760,000,000 − 100,000,000 = 2,660,000,000 left;
    // short by 2,757,575,200 − 2,660,000,000 = 97,575,200 B.
    const tooBig = judgeMemory(estimate3b, memoryBudget({ totalRamBytes: 4_600_000_000, loadedBytes: 100_000_000 }));
    assert.equal(tooBig.verdict, 'too-big');
    assert.equal(tooBig.budget.remainingBytes, 2_660_000_000);
    assert.match(tooBig.sentence, /after 100 MB for models already loaded/);
    assert.match(tooBig.sentence, /too big by 97.6 MB\. Choose a smaller model or context/);
  });

  it('honours the percent setting and never goes below zero', () => {
    const b = memoryBudget({ totalRamBytes: 8_000_000_000, percent: 25, loadedBytes: 3_000_000_000 });
    assert.equal(b.budgetBytes, 2_000_000_000);
    assert.equal(b.remainingBytes, 0);
    const v = judgeMemory(estimate3b, b);
    assert.equal(v.verdict, 'too-big');
    assert.equal(v.share, Infinity);
  });
});

describe('formatting for people', () => {
  it('formats bytes in decimal units like the model pages', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(22_972_370), '23.0 MB');
    assert.equal(formatBytes(2_019_377_696), '2.02 GB');
    assert.equal(formatBytes(807_694_464), '808 MB');
    assert.equal(formatBytes(-97_575_200), '-97.6 MB');
  });

  it('formats durations', () => {
    assert.equal(formatDuration(45.4), '45 s');
    assert.equal(formatDuration(200), '3 min 20 s');
    assert.equal(formatDuration(3900), '1 h 5 min');
    assert.equal(formatDuration(NaN), 'unknown');
  });
});
