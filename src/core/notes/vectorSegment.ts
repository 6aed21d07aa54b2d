// The binary segment the notes index keeps its vectors in: one file, read whole into one buffer
// and searched in place as a Float32Array, so opening parses no JSON per vector and holds no
// object per vector (the base64-in-JSON index held ~9 KB of JS objects per 384-d vector at 50k).
//
// Layout, little-endian:
//   8 bytes  magic "LFVSEG01"
//   u32      header length H;  u32 crc32 of everything after the header
//   H bytes  header JSON: { version, metadata_config, count, dimension, idsBytes }
//   idsBytes JSON array of the ids, in row order
//   padding  to a multiple of 4 bytes
//   count × dimension float32   the vectors, row by row
//   count float32               their norms
// A file that is short, long, or whose checksum does not match is refused with a message naming
// what is wrong: the caller rebuilds the index rather than search garbage.

import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('LFVSEG01', 'latin1');
const FIXED_BYTES = MAGIC.length + 8;

export interface VectorSegmentHeader {
  version: number;
  metadata_config: { indexed?: string[] };
}

export interface VectorRows {
  ids: string[];
  dimension: number;
  /** ids.length × dimension floats, row i at i × dimension. */
  vectors: Float32Array;
  norms: Float32Array;
}

export interface VectorSegment extends VectorRows {
  header: VectorSegmentHeader;
}

/** A segment that cannot be read; the message says what is wrong with it. */
export class VectorSegmentError extends Error {}

export function encodeVectorSegment(segment: VectorSegment): Buffer {
  const { ids, dimension, vectors, norms } = segment;
  if (vectors.length !== ids.length * dimension || norms.length !== ids.length) {
    throw new Error(`a vector segment of ${ids.length} rows × ${dimension} needs ${ids.length * dimension} floats and ${ids.length} norms`);
  }
  const idsJson = Buffer.from(JSON.stringify(ids), 'utf8');
  const header = Buffer.from(
    JSON.stringify({ version: segment.header.version, metadata_config: segment.header.metadata_config, count: ids.length, dimension, idsBytes: idsJson.length }),
    'utf8',
  );
  const bodyStart = FIXED_BYTES + header.length;
  const floatsStart = align4(bodyStart + idsJson.length);
  const total = floatsStart + (vectors.length + norms.length) * 4;
  const out = Buffer.alloc(total);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, MAGIC.length);
  header.copy(out, FIXED_BYTES);
  idsJson.copy(out, bodyStart);
  Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).copy(out, floatsStart);
  Buffer.from(norms.buffer, norms.byteOffset, norms.byteLength).copy(out, floatsStart + vectors.byteLength);
  out.writeUInt32LE(crc32(out.subarray(bodyStart)), MAGIC.length + 4);
  return out;
}

/** Reads a segment; the vectors and norms are views on `bytes` where it is 4-byte aligned, else on a copy. */
export function decodeVectorSegment(bytes: Buffer): VectorSegment {
  if (bytes.length < FIXED_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new VectorSegmentError('it is not a vector segment (no LFVSEG01 marker)');
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const bodyStart = FIXED_BYTES + headerLength;
  if (bodyStart > bytes.length) throw new VectorSegmentError(`it is truncated (${bytes.length} bytes, the header alone needs ${bodyStart})`);
  const header = parseHeader(bytes.subarray(FIXED_BYTES, bodyStart));
  const floatsStart = align4(bodyStart + header.idsBytes);
  const expected = floatsStart + header.count * (header.dimension + 1) * 4;
  if (bytes.length !== expected) {
    throw new VectorSegmentError(`it is ${bytes.length < expected ? 'truncated' : 'too long'} (${bytes.length} bytes, ${header.count} vectors of ${header.dimension} need ${expected})`);
  }
  if (crc32(bytes.subarray(bodyStart)) !== bytes.readUInt32LE(MAGIC.length + 4)) throw new VectorSegmentError('its checksum does not match (the file is damaged)');
  const ids = parseIds(bytes.subarray(bodyStart, bodyStart + header.idsBytes), header.count);
  const floats = floatView(bytes, floatsStart, header.count * (header.dimension + 1));
  return {
    header: { version: header.version, metadata_config: header.metadata_config },
    ids,
    dimension: header.dimension,
    vectors: floats.subarray(0, header.count * header.dimension),
    norms: floats.subarray(header.count * header.dimension),
  };
}

interface ParsedHeader extends VectorSegmentHeader {
  count: number;
  dimension: number;
  idsBytes: number;
}

function parseHeader(bytes: Buffer): ParsedHeader {
  let header: Partial<ParsedHeader>;
  try {
    header = JSON.parse(bytes.toString('utf8')) as Partial<ParsedHeader>;
  } catch {
    throw new VectorSegmentError('its header is not JSON');
  }
  const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (!header || !isCount(header.count) || !isCount(header.dimension) || !isCount(header.idsBytes)) {
    throw new VectorSegmentError('its header has no count, dimension or ids length');
  }
  return {
    version: typeof header.version === 'number' ? header.version : 1,
    metadata_config: header.metadata_config && typeof header.metadata_config === 'object' ? header.metadata_config : {},
    count: header.count,
    dimension: header.dimension,
    idsBytes: header.idsBytes,
  };
}

function parseIds(bytes: Buffer, count: number): string[] {
  let ids: unknown;
  try {
    ids = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new VectorSegmentError('its ids are not JSON');
  }
  if (!Array.isArray(ids) || ids.length !== count || !ids.every((id) => typeof id === 'string')) {
    throw new VectorSegmentError(`its ids are not ${count} strings`);
  }
  return ids as string[];
}

function floatView(bytes: Buffer, start: number, floats: number): Float32Array {
  const offset = bytes.byteOffset + start;
  if (offset % 4 === 0) return new Float32Array(bytes.buffer, offset, floats);
  return new Float32Array(new Uint8Array(bytes.subarray(start, start + floats * 4)).buffer);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
