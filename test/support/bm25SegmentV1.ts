// The BM25 segment as its version 1 wrote it (postings document after document), for the tests of
// reading and converting it.

import { crc32 } from 'node:zlib';
import type { Bm25Rows } from '../../src/core/notes/bm25';

/** Term-major rows as (term, tf) pairs document after document, with each document's offset. */
export function documentMajor(rows: Bm25Rows): { offsets: Uint32Array; pairs: Uint32Array } {
  const perDoc: number[][] = rows.ids.map(() => []);
  for (let t = 0; t < rows.terms.length; t++) for (let i = rows.starts[t]; i < rows.starts[t + 1]; i++) perDoc[rows.docs[i]].push(t, rows.tfs[i]);
  const offsets = new Uint32Array(rows.ids.length + 1);
  perDoc.forEach((pairs, d) => (offsets[d + 1] = offsets[d] + pairs.length));
  return { offsets, pairs: Uint32Array.from(perDoc.flat()) };
}

/** A segment as version 1 wrote it: the pairs document after document. */
export function versionOneBm25Segment(rows: Bm25Rows): Buffer {
  const { offsets, pairs } = documentMajor(rows);
  const terms = Buffer.from(JSON.stringify(rows.terms));
  const ids = Buffer.from(JSON.stringify(rows.ids));
  const header = Buffer.from(JSON.stringify({ k1: rows.k1, b: rows.b, analyzer: rows.analyzer, termsBytes: terms.length, idsBytes: ids.length, docs: rows.ids.length, pairs: pairs.length }));
  const unpadded = 16 + header.length + terms.length + ids.length;
  const body = Buffer.concat([terms, ids, Buffer.alloc(((unpadded + 3) & ~3) - unpadded), ...[rows.lengths, offsets, pairs].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
  const prefix = Buffer.alloc(16);
  prefix.write('LFBSEG01', 0, 'latin1');
  prefix.writeUInt32LE(header.length, 8);
  prefix.writeUInt32LE(crc32(body), 12);
  return Buffer.concat([prefix, header, body]);
}
