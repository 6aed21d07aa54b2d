import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CompactVectorCodec } from '../../../src/core/notes/vectorCodec';
import { decodeVectorSegment, encodeVectorSegment, VectorSegmentError, type VectorSegment } from '../../../src/core/notes/vectorSegment';
import { nearestRows, SegmentVectorIndex, VECTOR_SEGMENT_FILE } from '../../../src/inference/notes/vectorIndex';

function segmentOf(rows: Record<string, number[]>): VectorSegment {
  const ids = Object.keys(rows);
  const dimension = ids.length ? rows[ids[0]].length : 0;
  const vectors = Float32Array.from(ids.flatMap((id) => rows[id]));
  const norms = Float32Array.from(ids.map((id) => Math.hypot(...rows[id])));
  return { header: { version: 1, metadata_config: {} }, ids, dimension, vectors, norms };
}

describe('vector segment format', () => {
  const segment = segmentOf({ a: [0.25, -1.5, 3], 'b/é': [1, 0, 0], c: [0, 2, 0] });

  it('round-trips ids, vectors and norms as float32', () => {
    const back = decodeVectorSegment(encodeVectorSegment(segment));
    assert.deepEqual(back.ids, ['a', 'b/é', 'c']);
    assert.equal(back.dimension, 3);
    assert.deepEqual(Array.from(back.vectors), [0.25, -1.5, 3, 1, 0, 0, 0, 2, 0]);
    assert.deepEqual(Array.from(back.norms), Array.from(segment.norms));
  });

  it('round-trips an empty segment', () => {
    const back = decodeVectorSegment(encodeVectorSegment(segmentOf({})));
    assert.deepEqual(back.ids, []);
    assert.equal(back.vectors.length, 0);
  });

  it('reads a segment that does not start on a 4-byte boundary of its buffer', () => {
    const bytes = encodeVectorSegment(segment);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    assert.deepEqual(Array.from(decodeVectorSegment(shifted.subarray(1)).vectors), Array.from(segment.vectors));
  });

  it('refuses a truncated, a lengthened, a flipped and a foreign file, saying which', () => {
    const bytes = encodeVectorSegment(segment);
    assert.throws(() => decodeVectorSegment(bytes.subarray(0, bytes.length - 4)), (e: Error) => e instanceof VectorSegmentError && /truncated/.test(e.message));
    assert.throws(() => decodeVectorSegment(bytes.subarray(0, 20)), /truncated/);
    assert.throws(() => decodeVectorSegment(Buffer.concat([bytes, Buffer.alloc(4)])), /too long/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] ^= 0x40;
    assert.throws(() => decodeVectorSegment(flipped), /checksum/);
    assert.throws(() => decodeVectorSegment(Buffer.from('{"version":1,"items":[]}')), /not a vector segment/);
  });

  it('finds the nearest rows by cosine, best first, skipping rows of zero norm', () => {
    const rows = segmentOf({ x: [1, 0], y: [0.7, 0.7], z: [0, 0], w: [-1, 0] });
    assert.deepEqual(nearestRows(rows, [1, 0.1], 3).map((r) => rows.ids[r.row]), ['x', 'y', 'w']);
    assert.deepEqual(nearestRows(rows, [0, 0], 3), [], 'a zero query matches nothing');
  });
});

describe('SegmentVectorIndex (Vectra LocalIndex API over a segment)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lf-vecseg-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('stages upserts and deletes until endUpdate, and a cancelled update changes nothing', async () => {
    const index = new SegmentVectorIndex(dir);
    await index.createIndex({ version: 1 });
    await index.beginUpdate();
    await index.upsertItem({ id: 'a', vector: [1, 0] });
    await index.upsertItem({ id: 'b', vector: [0, 1] });
    assert.deepEqual(await index.itemIds(), [], 'nothing saved before endUpdate');
    await index.endUpdate();
    await index.beginUpdate();
    await index.deleteItems(['a']);
    await index.upsertItem({ id: 'c', vector: [1, 1] });
    index.cancelUpdate();
    assert.deepEqual(await index.itemIds(), ['a', 'b']);

    await index.beginUpdate();
    await index.deleteItems(['a']);
    await index.upsertItem({ id: 'b', vector: [0, 2] });
    await index.endUpdate();
    const reopened = new SegmentVectorIndex(dir);
    assert.deepEqual(await reopened.itemIds(), ['b']);
    assert.deepEqual(Array.from((await reopened.getItem('b'))!.vector), [0, 2]);
    const hits = await reopened.queryItems([0, 1], '', 5);
    assert.deepEqual(hits.map((h) => [h.item.id, h.score]), [['b', 1]]);
    assert.deepEqual((await readdir(dir)).sort(), [VECTOR_SEGMENT_FILE], 'one file, no temp files');
  });

  it('streams each save to its file byte for byte as the in-memory encoder writes it, blocks of saved rows and staged ones alike', async () => {
    // Small whole components: float32 holds them exactly, so the expected norms are exact too.
    const vectorOf = (i: number, round: number): number[] => Array.from({ length: 8 }, (_, j) => ((i * 7 + j * 3 + round) % 9) - 4);
    const index = new SegmentVectorIndex(dir);
    await index.createIndex({ version: 1 });
    const expected = new Map<string, number[]>();
    await index.beginUpdate();
    for (let i = 0; i < 2500; i++) {
      await index.upsertItem({ id: `v${i}`, vector: vectorOf(i, 0) });
      expected.set(`v${i}`, vectorOf(i, 0));
    }
    await index.endUpdate();
    await index.beginUpdate();
    const dropped = ['v3', 'v1500', 'v2499'];
    await index.deleteItems(dropped);
    for (const id of dropped) expected.delete(id);
    for (const i of [10, 2000, 2600]) {
      // Replaced rows move to the end, after the kept ones, as new ones are.
      expected.delete(`v${i}`);
      await index.upsertItem({ id: `v${i}`, vector: vectorOf(i, 1) });
      expected.set(`v${i}`, vectorOf(i, 1));
    }
    await index.endUpdate();
    const written = await readFile(path.join(dir, VECTOR_SEGMENT_FILE));
    assert.equal(Buffer.compare(written, encodeVectorSegment(segmentOf(Object.fromEntries(expected)))), 0, 'the same bytes');
    assert.deepEqual(Array.from((await new SegmentVectorIndex(dir).getItem('v2000'))!.vector), Array.from(Float32Array.from(vectorOf(2000, 1))));
  });

  it('refuses a vector of another length and a duplicate insert', async () => {
    const index = new SegmentVectorIndex(dir);
    await index.createIndex();
    await index.upsertItem({ id: 'a', vector: [1, 0] });
    await assert.rejects(index.upsertItem({ id: 'b', vector: [1, 0, 0] }), /3 dimensions cannot join an index of 2/);
    await assert.rejects(index.insertItem({ id: 'a', vector: [0, 1] }), /already exists/);
  });

  it('converts an index.json of the earlier codec once, keeping every vector', async () => {
    const legacy = new CompactVectorCodec().serializeIndex({
      version: 1,
      metadata_config: {},
      items: [
        { id: 'a', metadata: { file: 'a.md' }, vector: [0.5, 0.5], norm: Math.SQRT1_2 },
        { id: 'b', metadata: { file: 'b.md' }, vector: [0, 1], norm: 1 },
      ],
    });
    await writeFile(path.join(dir, 'index.json'), legacy);
    const said: string[] = [];
    const index = new SegmentVectorIndex(dir, (m) => said.push(m));
    assert.equal(await index.isIndexCreated(), true);
    assert.deepEqual(await index.itemIds(), ['a', 'b']);
    assert.deepEqual(Array.from((await index.getItem('a'))!.vector), [0.5, 0.5]);
    assert.match(said.join('\n'), /converting index\.json/);
    assert.deepEqual(await readdir(dir), [VECTOR_SEGMENT_FILE]);
    const again: string[] = [];
    assert.deepEqual(await new SegmentVectorIndex(dir, (m) => again.push(m)).itemIds(), ['a', 'b']);
    assert.deepEqual(again, [], 'converted once');
  });

  it('a damaged float32 row, which opening does not read, is refused when the segment is rewritten', async () => {
    const index = new SegmentVectorIndex(dir);
    await index.createIndex();
    await index.upsertItem({ id: 'a', vector: [1, 0] });
    const file = path.join(dir, VECTOR_SEGMENT_FILE);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 0x01;
    await writeFile(file, bytes);
    const reopened = new SegmentVectorIndex(dir);
    assert.deepEqual(await reopened.itemIds(), ['a']);
    await assert.rejects(reopened.upsertItem({ id: 'b', vector: [0, 1] }), /float32 vectors do not match their checksum/);
  });

  it('a damaged segment is an error that names the problem, not a crash or an empty index', async () => {
    const index = new SegmentVectorIndex(dir);
    await index.createIndex();
    await index.upsertItem({ id: 'a', vector: [1, 0] });
    const file = path.join(dir, VECTOR_SEGMENT_FILE);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 3));
    await assert.rejects(new SegmentVectorIndex(dir).itemIds(), /truncated/);
    // The int8 codes that opening reads sit just before the float32 rows.
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 2 * 4 - 1] ^= 0x10;
    await writeFile(file, flipped);
    await assert.rejects(new SegmentVectorIndex(dir).itemIds(), /checksum/);
  });
});
