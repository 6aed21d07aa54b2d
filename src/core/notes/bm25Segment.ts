// The binary segment the notes index keeps its BM25 index in (bm25.ts's snapshot): the terms and
// document ids as JSON arrays, then the documents' lengths and every term's postings as raw
// arrays, term after term, so opening makes each posting list a view on them: nothing is sorted
// or copied.
//
// Layout of version 2, little-endian:
//   8 bytes  magic "LFBSEG02"
//   u32      header length H;  u32 crc32 of everything after the header
//   H bytes  header JSON: { k1, b, analyzer, termsBytes, idsBytes, terms, docs, postings }
//   termsBytes, idsBytes   JSON arrays of the terms and of the ids
//   padding  to a multiple of 4 bytes
//   docs u32 lengths;  terms + 1 u32 starts (term t's postings are [starts[t], starts[t + 1]))
//   postings u32 document numbers;  postings u16 term frequencies
// The writer gives the parts after the prefix in file order, so a store can stream them to a file
// and write the prefix, which holds their crc, last.
//
// Version 1 ("LFBSEG01", still read, then converted): the same up to the lengths, then docs + 1
// u32 offsets and the (term, tf) pairs document after document; reading it sorts the pairs by term.

import { crc32 } from 'node:zlib';
import type { AnalyzerOptions } from './analyzer';
import { postingsOfRows, type Bm25Postings, type Bm25Rows } from './bm25';

const MAGIC_V1 = Buffer.from('LFBSEG01', 'latin1');
const MAGIC_V2 = Buffer.from('LFBSEG02', 'latin1');
const PREFIX_BYTES = MAGIC_V2.length + 8;

/** A segment that cannot be read; the message says what is wrong with it. */
export class Bm25SegmentError extends Error {}

interface Header {
  k1: number;
  b: number;
  analyzer: Required<AnalyzerOptions>;
  termsBytes: number;
  idsBytes: number;
  /** Version 2 only: the number of terms. */
  terms?: number;
  docs: number;
  /** Version 2: postings; version 1: the pairs array's length in uint32s. */
  postings?: number;
  pairs?: number;
}

/** Writes a version 2 segment a part at a time: parts() in file order after the prefix, then prefix(). */
export class Bm25SegmentWriter {
  private crc = 0;
  private headerLength = 0;
  private done = false;

  constructor(private readonly snapshot: Bm25Postings) {}

  /** Bytes the prefix takes at the start of the file, ahead of the parts. */
  readonly prefixLength = PREFIX_BYTES;

  /** The header and the body; the body's crc is taken as they are given. */
  *parts(): Generator<Buffer> {
    const s = this.snapshot;
    const terms = Buffer.from(JSON.stringify(s.terms), 'utf8');
    const ids = Buffer.from(JSON.stringify(s.ids), 'utf8');
    const header: Header = { k1: s.k1, b: s.b, analyzer: s.analyzer, termsBytes: terms.length, idsBytes: ids.length, terms: s.terms.length, docs: s.ids.length, postings: s.postingCount };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    this.headerLength = headerBytes.length;
    yield headerBytes;
    const padding = Buffer.alloc(align4(PREFIX_BYTES + headerBytes.length + terms.length + ids.length) - (PREFIX_BYTES + headerBytes.length + terms.length + ids.length));
    const body = [terms, ids, padding, bytesOf(s.lengths), bytesOf(s.starts)];
    for (const part of body) yield this.checked(part);
    for (const docs of s.docBlocks()) yield this.checked(bytesOf(docs));
    for (const tfs of s.tfBlocks()) yield this.checked(bytesOf(tfs));
    this.done = true;
  }

  private checked(part: Buffer): Buffer {
    this.crc = crc32(part, this.crc);
    return part;
  }

  /** The magic, the header's length and the body's crc: written at the start, once parts() is done. */
  prefix(): Buffer {
    if (!this.done) throw new Error('a BM25 segment prefix is known only once every part was written');
    const prefix = Buffer.alloc(PREFIX_BYTES);
    MAGIC_V2.copy(prefix, 0);
    prefix.writeUInt32LE(this.headerLength, MAGIC_V2.length);
    prefix.writeUInt32LE(this.crc, MAGIC_V2.length + 4);
    return prefix;
  }
}

/** A whole version 2 segment in memory (tests and conversions; the store streams it instead). */
export function encodeBm25Segment(rows: Bm25Rows): Buffer {
  const writer = new Bm25SegmentWriter(postingsOfRows(rows));
  const parts = [...writer.parts()];
  return Buffer.concat([writer.prefix(), ...parts]);
}

/** The rows of either version; a version 1 segment's pairs are sorted by term on the way. */
export function decodeBm25Segment(bytes: Buffer): Bm25Rows {
  const version = bm25SegmentVersion(bytes);
  const bodyStart = PREFIX_BYTES + bytes.readUInt32LE(MAGIC_V2.length);
  if (bodyStart > bytes.length) throw new Bm25SegmentError(`it is truncated (${bytes.length} bytes, the header alone needs ${bodyStart})`);
  const header = parseJson<Header>(bytes.subarray(PREFIX_BYTES, bodyStart), 'header');
  const counts = [header?.termsBytes, header?.idsBytes, header?.docs, version === 1 ? header?.pairs : header?.postings, version === 1 ? 0 : header?.terms];
  if (!counts.every(isCount) || typeof header.k1 !== 'number' || typeof header.b !== 'number' || !header.analyzer) {
    throw new Bm25SegmentError('its header is incomplete');
  }
  const intsStart = align4(bodyStart + header.termsBytes + header.idsBytes);
  const expected = version === 1 ? intsStart + (header.docs * 2 + 1 + header.pairs!) * 4 : intsStart + (header.docs + header.terms! + 1 + header.postings!) * 4 + header.postings! * 2;
  if (bytes.length !== expected) throw new Bm25SegmentError(`it is ${bytes.length < expected ? 'truncated' : 'too long'} (${bytes.length} bytes, ${expected} expected)`);
  if (crc32(bytes.subarray(bodyStart)) !== bytes.readUInt32LE(MAGIC_V2.length + 4)) throw new Bm25SegmentError('its checksum does not match (the file is damaged)');
  const terms = parseJson<unknown>(bytes.subarray(bodyStart, bodyStart + header.termsBytes), 'terms');
  const ids = parseJson<unknown>(bytes.subarray(bodyStart + header.termsBytes, bodyStart + header.termsBytes + header.idsBytes), 'ids');
  if (!isStrings(terms) || !isStrings(ids) || ids.length !== header.docs || (version === 2 && terms.length !== header.terms)) throw new Bm25SegmentError('its terms or ids are not lists of strings');
  const base = { k1: header.k1, b: header.b, analyzer: header.analyzer, terms, ids };
  if (version === 1) {
    const ints = uint32View(bytes, intsStart, header.docs * 2 + 1 + header.pairs!);
    return termMajor({ ...base, lengths: ints.subarray(0, header.docs), offsets: ints.subarray(header.docs, header.docs * 2 + 1), pairs: ints.subarray(header.docs * 2 + 1) });
  }
  const ints = uint32View(bytes, intsStart, header.docs + terms.length + 1 + header.postings!);
  const tfsStart = intsStart + ints.byteLength;
  return {
    ...base,
    lengths: ints.subarray(0, header.docs),
    starts: ints.subarray(header.docs, header.docs + terms.length + 1),
    docs: ints.subarray(header.docs + terms.length + 1),
    tfs: uint16View(bytes, tfsStart, header.postings!),
  };
}

/** The format version of a segment, from its magic. */
export function bm25SegmentVersion(bytes: Buffer): 1 | 2 {
  const magic = bytes.subarray(0, MAGIC_V2.length);
  if (bytes.length >= PREFIX_BYTES && magic.equals(MAGIC_V2)) return 2;
  if (bytes.length >= PREFIX_BYTES && magic.equals(MAGIC_V1)) return 1;
  throw new Bm25SegmentError('it is not a BM25 segment (no LFBSEG01 or LFBSEG02 marker)');
}

/** Version 1's document-major pairs as term-major rows: a counting sort by term. */
function termMajor(v1: Omit<Bm25Rows, 'starts' | 'docs' | 'tfs'> & { offsets: Uint32Array; pairs: Uint32Array }): Bm25Rows {
  const { terms, ids, offsets, pairs } = v1;
  if (offsets.length !== ids.length + 1 || offsets[ids.length] !== pairs.length || pairs.length % 2 !== 0) throw new Bm25SegmentError('its documents and pairs do not agree');
  const starts = new Uint32Array(terms.length + 1);
  for (let i = 0; i < pairs.length; i += 2) {
    if (pairs[i] >= terms.length) throw new Bm25SegmentError('a term index is out of range');
    starts[pairs[i] + 1]++;
  }
  for (let t = 0; t < terms.length; t++) starts[t + 1] += starts[t];
  const docs = new Uint32Array(pairs.length / 2);
  const tfs = new Uint16Array(pairs.length / 2);
  const next = starts.slice(0, terms.length);
  for (let doc = 0; doc < ids.length; doc++) {
    if (offsets[doc] > offsets[doc + 1]) throw new Bm25SegmentError(`document ${ids[doc]} is malformed`);
    for (let i = offsets[doc]; i < offsets[doc + 1]; i += 2) {
      const at = next[pairs[i]]++;
      docs[at] = doc;
      tfs[at] = Math.min(pairs[i + 1], 0xffff);
    }
  }
  return { k1: v1.k1, b: v1.b, analyzer: v1.analyzer, terms, ids, lengths: v1.lengths, starts, docs, tfs };
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new Bm25SegmentError(`its ${what} are not JSON`);
  }
}

function isCount(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}

function bytesOf(array: Uint32Array | Uint16Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function uint32View(bytes: Buffer, start: number, count: number): Uint32Array {
  const offset = bytes.byteOffset + start;
  if (offset % 4 === 0) return new Uint32Array(bytes.buffer, offset, count);
  return new Uint32Array(new Uint8Array(bytes.subarray(start, start + count * 4)).buffer);
}

function uint16View(bytes: Buffer, start: number, count: number): Uint16Array {
  const offset = bytes.byteOffset + start;
  if (offset % 2 === 0) return new Uint16Array(bytes.buffer, offset, count);
  return new Uint16Array(new Uint8Array(bytes.subarray(start, start + count * 2)).buffer);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
