import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Bm25Index, type Bm25Rows } from '../../../src/core/notes/bm25';
import { bm25SegmentVersion, Bm25SegmentError, decodeBm25Segment, encodeBm25Segment } from '../../../src/core/notes/bm25Segment';
import { readBm25Segment, writeBm25Segment } from '../../../src/inference/notes/bm25Store';
import { documentMajor, versionOneBm25Segment } from '../../support/bm25SegmentV1';

const roundTrip = (index: Bm25Index): Bm25Index => Bm25Index.fromRows(decodeBm25Segment(encodeBm25Segment(index.snapshotRows())));

const CORPUS: Record<string, string> = {
  d1: 'the cat sat on the mat',
  d2: 'the dog sat on the log',
  d3: 'cats and dogs',
  d4: 'a cat and a cat and a cat',
};

function build(docs: Record<string, string>): Bm25Index {
  const index = new Bm25Index();
  for (const [id, text] of Object.entries(docs)) index.add(id, text);
  return index;
}

describe('Bm25Index', () => {
  it('ranks by term frequency and length as computed by hand (k1 0.9, b 0.4)', () => {
    // After stop words and stemming: d1 [cat sat mat], d2 [dog sat log], d3 [cat dog], d4 [cat cat cat]; avgdl 11/4.
    const hits = build(CORPUS).search('cat', 10);
    assert.deepEqual(hits.map((h) => h.id), ['d4', 'd3', 'd1']);
    const idf = Math.log(1 + (4 - 3 + 0.5) / (3 + 0.5));
    const norm = (len: number): number => 0.9 * (1 - 0.4 + (0.4 * len) / 2.75);
    assert.ok(Math.abs(hits[0].score - (idf * 3 * 1.9) / (3 + norm(3))) < 1e-9);
    assert.ok(Math.abs(hits[1].score - (idf * 1.9) / (1 + norm(2))) < 1e-9);
    assert.ok(Math.abs(hits[2].score - (idf * 1.9) / (1 + norm(3))) < 1e-9);
  });

  it('adds the scores of several query terms and never returns non-matching documents', () => {
    const hits = build(CORPUS).search('dog mat', 10);
    assert.deepEqual(hits.map((h) => h.id).sort(), ['d1', 'd2', 'd3']);
    assert.deepEqual(build(CORPUS).search('zebra', 10), []);
    assert.deepEqual(build(CORPUS).search('the and', 10), [], 'stop words alone match nothing');
  });

  it('honours k and the accept filter', () => {
    const index = build(CORPUS);
    assert.deepEqual(index.search('cat', 2).map((h) => h.id), ['d4', 'd3']);
    assert.deepEqual(index.search('cat', 2, { accept: (id) => id !== 'd4' }).map((h) => h.id), ['d3', 'd1']);
  });

  it('removes documents incrementally, scoring as if they had never been added', () => {
    const index = build(CORPUS);
    assert.equal(index.remove('d4'), true);
    assert.equal(index.remove('d4'), false);
    const { d4: _removed, ...rest } = CORPUS;
    assert.deepEqual(index.search('cat dog', 10), build(rest).search('cat dog', 10));
    assert.equal(index.size, 3);
    assert.equal(index.has('d4'), false);
  });

  it('replaces a document added again under the same id', () => {
    const index = build(CORPUS);
    index.add('d1', 'a log cabin');
    assert.deepEqual(index.search('log', 10).map((h) => h.id), ['d1', 'd2']);
    assert.equal(index.search('mat', 10).length, 0);
    assert.equal(index.size, 4);
  });

  for (const loaded of [false, true]) {
  it(`compacts after many removals without changing results${loaded ? ', on an index loaded from a segment' : ''}`, () => {
    const docs: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) docs[`doc${i}`] = `word${i % 50} common${i % 7} filler text number${i}`;
    const index = loaded ? roundTrip(build(docs)) : build(docs);
    const kept: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) {
      if (i % 4 === 0) kept[`doc${i}`] = docs[`doc${i}`];
      else index.remove(`doc${i}`);
    }
    const fresh = build(kept);
    for (const q of ['word3 common2', 'number8 filler', 'common6']) assert.deepEqual(index.search(q, 20), fresh.search(q, 20), q);
  });
  }

  it('survives a segment round trip with identical results', () => {
    const index = build(CORPUS);
    index.remove('d2');
    const copy = roundTrip(index);
    for (const q of ['cat', 'dog sat', 'mat log']) assert.deepEqual(copy.search(q, 10), index.search(q, 10));
    assert.equal(copy.size, 3);
    assert.deepEqual(copy.snapshotRows().terms.includes('log'), false, 'terms of removed documents are not saved');
    copy.add('d9', 'a log on the mat');
    index.add('d9', 'a log on the mat');
    assert.deepEqual(copy.search('log mat', 10), index.search('log mat', 10), 'a loaded index takes new documents');
  });

  it('keeps k1, b and the analyzer through a round trip', () => {
    const index = new Bm25Index({ k1: 1.5, b: 0.9, analyzer: { stem: 'none' } });
    index.add('x', 'Indexing notes');
    const copy = roundTrip(index);
    assert.deepEqual([copy.k1, copy.b, copy.analyzerOptions.stem], [1.5, 0.9, 'none']);
    assert.equal(copy.search('index', 1).length, 0);
    assert.equal(copy.search('indexing', 1).length, 1);
  });

  it('reads the earlier JSON snapshot (bm25.json) with identical results', () => {
    const index = build(CORPUS);
    const copy = Bm25Index.fromJSON(legacySnapshot(index.snapshotRows()));
    for (const q of ['cat', 'dog sat', 'mat log']) assert.deepEqual(copy.search(q, 10), index.search(q, 10));
  });

  it('rejects snapshots and segments that are not its own, or are damaged', () => {
    assert.throws(() => Bm25Index.fromJSON({}), /not a BM25 snapshot/);
    const snap = legacySnapshot(build(CORPUS).snapshotRows());
    snap.docs[0][2] = 'AAAA';
    assert.throws(() => Bm25Index.fromJSON(snap), /out of range|truncated/);
    const bytes = encodeBm25Segment(build(CORPUS).snapshotRows());
    assert.throws(() => decodeBm25Segment(bytes.subarray(0, bytes.length - 4)), (e: Error) => e instanceof Bm25SegmentError && /truncated/.test(e.message));
    assert.throws(() => decodeBm25Segment(Buffer.from(bytes.map((b, i) => (i === bytes.length - 1 ? b ^ 1 : b)))), /checksum/);
    assert.throws(() => decodeBm25Segment(Buffer.from('{"format":"local-focus-bm25"}')), /not a BM25 segment/);
    const rows = build(CORPUS).snapshotRows();
    rows.docs[0] = rows.ids.length;
    assert.throws(() => Bm25Index.fromRows(rows), /out of range/);
    const v1 = versionOneBm25Segment(build(CORPUS).snapshotRows());
    assert.throws(() => decodeBm25Segment(Buffer.from(v1.map((b, i) => (i === v1.length - 1 ? b ^ 1 : b)))), /checksum/);
  });

  it('writes postings term-major (version 2) and reads version 1 (document-major) with identical results', () => {
    const index = build(CORPUS);
    index.remove('d2');
    const bytes = encodeBm25Segment(index.snapshotRows());
    assert.equal(bm25SegmentVersion(bytes), 2);
    const old = versionOneBm25Segment(index.snapshotRows());
    assert.equal(bm25SegmentVersion(old), 1);
    const fromOld = Bm25Index.fromRows(decodeBm25Segment(old));
    for (const q of ['cat', 'dog sat', 'mat log']) assert.deepEqual(fromOld.search(q, 10), index.search(q, 10), q);
    assert.ok(encodeBm25Segment(fromOld.snapshotRows()).equals(bytes), 'converted, it is the same version 2 segment');
  });

  it('streams the same bytes as it encodes in memory, in blocks', async () => {
    const docs: Record<string, string> = {};
    for (let i = 0; i < 60_000; i++) docs[`doc${i}`] = `word${i % 50} common${i % 7} filler text number${i} odd${i % 11} even${i % 13} some${i % 17}`;
    const index = build(docs);
    for (let i = 0; i < 60_000; i += 3) index.remove(`doc${i}`);
    const postings = index.snapshotPostings();
    assert.ok([...postings.docBlocks()].length > 1, 'more than one block of postings');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lf-bm25-'));
    try {
      const file = path.join(dir, 'bm25.seg');
      await writeBm25Segment(file, postings);
      assert.ok((await readFile(file)).equals(encodeBm25Segment(index.snapshotRows())));
      const back = await readBm25Segment(file);
      assert.equal(back.version, 2);
      assert.deepEqual(back.index.search('word3 common2', 20), index.search('word3 common2', 20));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The rows in the JSON form bm25.json held before segments. */
function legacySnapshot(rows: Bm25Rows): { format: string; version: number; k1: number; b: number; analyzer: object; terms: string[]; docs: Array<[string, number, string]> } {
  const { offsets, pairs: allPairs } = documentMajor(rows);
  const docs = rows.ids.map((id, d): [string, number, string] => {
    const pairs = allPairs.slice(offsets[d], offsets[d + 1]);
    return [id, rows.lengths[d], Buffer.from(pairs.buffer).toString('base64')];
  });
  return { format: 'local-focus-bm25', version: 1, k1: rows.k1, b: rows.b, analyzer: rows.analyzer, terms: rows.terms, docs };
}

