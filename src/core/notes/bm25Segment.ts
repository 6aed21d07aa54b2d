// The binary segment the notes index keeps its BM25 index in (bm25.ts's snapshotRows): the terms
// and document ids as JSON arrays, then the documents' lengths, pair offsets and (term, tf) pairs
// as raw uint32, so opening reads them in place instead of decoding a base64 string per document.
//
// Layout, little-endian:
//   8 bytes  magic "LFBSEG01"
//   u32      header length H;  u32 crc32 of everything after the header
//   H bytes  header JSON: { k1, b, analyzer, termsBytes, idsBytes, docs, pairs }
//   termsBytes, idsBytes   JSON arrays of the terms and of the ids
//   padding  to a multiple of 4 bytes
//   docs u32 lengths;  docs + 1 u32 offsets (in uint32s of pairs);  pairs u32

import { crc32 } from 'node:zlib';
import type { AnalyzerOptions } from './analyzer';
import type { Bm25Rows } from './bm25';

const MAGIC = Buffer.from('LFBSEG01', 'latin1');
const FIXED_BYTES = MAGIC.length + 8;

/** A segment that cannot be read; the message says what is wrong with it. */
export class Bm25SegmentError extends Error {}

interface Header {
  k1: number;
  b: number;
  analyzer: Required<AnalyzerOptions>;
  termsBytes: number;
  idsBytes: number;
  docs: number;
  pairs: number;
}

export function encodeBm25Segment(rows: Bm25Rows): Buffer {
  const terms = Buffer.from(JSON.stringify(rows.terms), 'utf8');
  const ids = Buffer.from(JSON.stringify(rows.ids), 'utf8');
  const header: Header = { k1: rows.k1, b: rows.b, analyzer: rows.analyzer, termsBytes: terms.length, idsBytes: ids.length, docs: rows.ids.length, pairs: rows.pairs.length };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyStart = FIXED_BYTES + headerBytes.length;
  const intsStart = align4(bodyStart + terms.length + ids.length);
  const out = Buffer.alloc(intsStart + (rows.lengths.length + rows.offsets.length + rows.pairs.length) * 4);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, FIXED_BYTES);
  terms.copy(out, bodyStart);
  ids.copy(out, bodyStart + terms.length);
  let at = intsStart;
  for (const ints of [rows.lengths, rows.offsets, rows.pairs]) {
    Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).copy(out, at);
    at += ints.byteLength;
  }
  out.writeUInt32LE(crc32(out.subarray(bodyStart)), MAGIC.length + 4);
  return out;
}

export function decodeBm25Segment(bytes: Buffer): Bm25Rows {
  if (bytes.length < FIXED_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Bm25SegmentError('it is not a BM25 segment (no LFBSEG01 marker)');
  const bodyStart = FIXED_BYTES + bytes.readUInt32LE(MAGIC.length);
  if (bodyStart > bytes.length) throw new Bm25SegmentError(`it is truncated (${bytes.length} bytes, the header alone needs ${bodyStart})`);
  const header = parseJson<Header>(bytes.subarray(FIXED_BYTES, bodyStart), 'header');
  const counts = [header?.termsBytes, header?.idsBytes, header?.docs, header?.pairs];
  if (!counts.every((n) => Number.isInteger(n) && (n as number) >= 0) || typeof header.k1 !== 'number' || typeof header.b !== 'number' || !header.analyzer) {
    throw new Bm25SegmentError('its header is incomplete');
  }
  const intsStart = align4(bodyStart + header.termsBytes + header.idsBytes);
  const expected = intsStart + (header.docs * 2 + 1 + header.pairs) * 4;
  if (bytes.length !== expected) throw new Bm25SegmentError(`it is ${bytes.length < expected ? 'truncated' : 'too long'} (${bytes.length} bytes, ${expected} expected)`);
  if (crc32(bytes.subarray(bodyStart)) !== bytes.readUInt32LE(MAGIC.length + 4)) throw new Bm25SegmentError('its checksum does not match (the file is damaged)');
  const terms = parseJson<unknown>(bytes.subarray(bodyStart, bodyStart + header.termsBytes), 'terms');
  const ids = parseJson<unknown>(bytes.subarray(bodyStart + header.termsBytes, bodyStart + header.termsBytes + header.idsBytes), 'ids');
  if (!isStrings(terms) || !isStrings(ids) || ids.length !== header.docs) throw new Bm25SegmentError('its terms or ids are not lists of strings');
  const ints = uint32View(bytes, intsStart, header.docs * 2 + 1 + header.pairs);
  return {
    k1: header.k1,
    b: header.b,
    analyzer: header.analyzer,
    terms,
    ids,
    lengths: ints.subarray(0, header.docs),
    offsets: ints.subarray(header.docs, header.docs * 2 + 1),
    pairs: ints.subarray(header.docs * 2 + 1),
  };
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new Bm25SegmentError(`its ${what} are not JSON`);
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}

function uint32View(bytes: Buffer, start: number, count: number): Uint32Array {
  const offset = bytes.byteOffset + start;
  if (offset % 4 === 0) return new Uint32Array(bytes.buffer, offset, count);
  return new Uint32Array(new Uint8Array(bytes.subarray(start, start + count * 4)).buffer);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
