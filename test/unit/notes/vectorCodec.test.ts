import assert from 'node:assert/strict';
import { CompactVectorCodec, decodeVector, encodeVector, type VectraIndexData } from '../../../src/core/notes/vectorCodec';

describe('CompactVectorCodec', () => {
  const codec = new CompactVectorCodec();
  const data: VectraIndexData = {
    version: 1,
    metadata_config: {},
    items: [
      { id: 'a', metadata: { file: 'a.md' }, vector: [0.25, -1.5, 3], norm: 3.36 },
      { id: 'b', metadata: {}, vector: Float32Array.from([1, 0, 0]), norm: 1 },
    ],
  };

  it('round-trips items, with vectors as float32', () => {
    const back = codec.deserializeIndex(codec.serializeIndex(data));
    assert.deepEqual(back.items.map((i) => [i.id, i.metadata, Array.from(i.vector), i.norm]), [
      ['a', { file: 'a.md' }, [0.25, -1.5, 3], 3.36],
      ['b', {}, [1, 0, 0], 1],
    ]);
    assert.ok(back.items[0].vector instanceof Float32Array);
  });

  it('is about four times smaller than JSON numbers for real-looking vectors', () => {
    const vector = Array.from({ length: 384 }, (_, i) => Math.sin(i * 1.7) / 19.6);
    const compact = codec.serializeIndex({ version: 1, metadata_config: {}, items: [{ id: 'x', metadata: {}, vector, norm: 1 }] }).length;
    const plain = JSON.stringify({ items: [{ id: 'x', metadata: {}, vector, norm: 1 }] }).length;
    assert.ok(compact * 3 < plain, `${compact} vs ${plain}`);
  });

  it('rejects a plain Vectra JSON index, truncated vectors and mixed dimensions', () => {
    assert.throws(() => codec.deserializeIndex(Buffer.from(JSON.stringify({ version: 1, items: [] }))), /encoding/);
    assert.throws(() => decodeVector('AAA='), /truncated/);
    const mixed = JSON.parse(codec.serializeIndex(data).toString());
    mixed.items[1].v = encodeVector([1, 2]);
    assert.throws(() => codec.deserializeIndex(Buffer.from(JSON.stringify(mixed))), /dimensions/);
  });
});
