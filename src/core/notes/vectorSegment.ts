// The binary segment the notes index keeps its vectors in. Opening reads only its first part: the
// ids, norms and an int8 code of every vector with a scale per row (a quarter of float32's size),
// which is what search scans. The float32 vectors follow, read by position only for the
// candidates a search rescores and when the segment is written again. So opening parses no JSON
// per vector and holds no object per vector.
//
// Layout, little-endian:
//   8 bytes  magic "LFVSEG02"
//   u32      header length H;  u32 crc32 of the scanned part (ids to codes)
//   H bytes  header JSON: { version, metadata_config, count, dimension, idsBytes, floatsCrc }
//   idsBytes JSON array of the ids, in row order
//   padding  to a multiple of 4 bytes
//   count float32 norms;  count float32 scales;  count × dimension int8 codes
//   padding  to a multiple of 4 bytes
//   count × dimension float32   the vectors, row by row (floatsCrc is their crc32)
// A file that is short, long, or whose checksum does not match is refused with a message naming
// what is wrong: the caller rebuilds the index rather than search garbage.

import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('LFVSEG02', 'latin1');
export const VECTOR_SEGMENT_PREFIX_BYTES = MAGIC.length + 8;

export interface VectorSegmentHeader {
  version: number;
  metadata_config: { indexed?: string[] };
}

/** Vectors as written: float32 rows and their norms. */
export interface VectorSegment {
  header: VectorSegmentHeader;
  ids: string[];
  dimension: number;
  /** ids.length × dimension floats, row i at i × dimension. */
  vectors: Float32Array;
  norms: Float32Array;
}

/** What opening reads: every row's int8 code (component ≈ code × scale), and where the floats lie. */
export interface ScannedVectors {
  header: VectorSegmentHeader;
  ids: string[];
  dimension: number;
  norms: Float32Array;
  scales: Float32Array;
  codes: Int8Array;
  /** Byte offset of the float32 rows in the file, and their crc32. */
  floatsStart: number;
  floatsCrc: number;
}

/** A segment that cannot be read; the message says what is wrong with it. */
export class VectorSegmentError extends Error {}

interface ParsedHeader extends VectorSegmentHeader {
  count: number;
  dimension: number;
  idsBytes: number;
  floatsCrc: number;
}

/** Where each part of a segment with this header lies. */
function layout(prefixAndHeader: number, header: Pick<ParsedHeader, 'count' | 'dimension' | 'idsBytes'>) {
  const { count, dimension, idsBytes } = header;
  const normsStart = align4(prefixAndHeader + idsBytes);
  const codesStart = normsStart + count * 8;
  const floatsStart = align4(codesStart + count * dimension);
  return { idsStart: prefixAndHeader, normsStart, codesStart, floatsStart, end: floatsStart + count * dimension * 4 };
}

/** Rows to write: every id's norm, and the float32 rows given a block at a time, in order (read twice: see VectorSegmentWriter). */
export interface VectorRows {
  header: VectorSegmentHeader;
  ids: string[];
  dimension: number;
  norms: Float32Array;
  blocks(): Iterable<Float32Array>;
}

/** A segment held whole, as rows in one block. */
export function rowsOfSegment(segment: VectorSegment): VectorRows {
  const { header, ids, dimension, vectors, norms } = segment;
  if (vectors.length !== ids.length * dimension || norms.length !== ids.length) {
    throw new Error(`a vector segment of ${ids.length} rows × ${dimension} needs ${ids.length * dimension} floats and ${ids.length} norms`);
  }
  return { header, ids, dimension, norms, blocks: () => [vectors] };
}

/**
 * Writes a segment without holding its float32 rows: head() goes over the rows once for their
 * checksum and int8 codes and returns everything before the floats (which is also what opening
 * reads, so the writer's caller can use it as it is); parts() then gives the head and the rows again.
 */
export class VectorSegmentWriter {
  private headBytes: Buffer | undefined;

  constructor(private readonly rows: VectorRows) {}

  head(): Buffer {
    if (this.headBytes) return this.headBytes;
    const { ids, dimension, norms } = this.rows;
    let floatsCrc = 0;
    const scales = new Float32Array(ids.length);
    const codes = new Int8Array(ids.length * dimension);
    let row = 0;
    for (const block of this.rows.blocks()) {
      if (block.length === 0) continue;
      if (block.length % dimension !== 0 || row * dimension + block.length > codes.length) throw new Error(`the vector rows do not fit ${ids.length} rows × ${dimension}`);
      floatsCrc = crc32(floatBytesOf(block), floatsCrc);
      quantize(block, dimension, scales.subarray(row), codes.subarray(row * dimension));
      row += block.length / dimension;
    }
    if (row !== ids.length) throw new Error(`a vector segment of ${ids.length} rows was given ${row}`);
    const idsJson = Buffer.from(JSON.stringify(ids), 'utf8');
    const { version, metadata_config } = this.rows.header;
    const header = Buffer.from(JSON.stringify({ version, metadata_config, count: ids.length, dimension, idsBytes: idsJson.length, floatsCrc }), 'utf8');
    const at = layout(VECTOR_SEGMENT_PREFIX_BYTES + header.length, { count: ids.length, dimension, idsBytes: idsJson.length });
    const head = Buffer.alloc(at.floatsStart);
    MAGIC.copy(head, 0);
    head.writeUInt32LE(header.length, MAGIC.length);
    header.copy(head, VECTOR_SEGMENT_PREFIX_BYTES);
    idsJson.copy(head, at.idsStart);
    floatBytesOf(norms).copy(head, at.normsStart);
    floatBytesOf(scales).copy(head, at.normsStart + ids.length * 4);
    Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).copy(head, at.codesStart);
    head.writeUInt32LE(crc32(head.subarray(at.idsStart)), MAGIC.length + 4);
    this.headBytes = head;
    return head;
  }

  /** The whole file in order: the head, then the float32 rows. */
  *parts(): Generator<Buffer> {
    yield this.head();
    for (const block of this.rows.blocks()) yield floatBytesOf(block);
  }
}

/** A whole segment in memory (tests; the vector index streams it instead). */
export function encodeVectorSegment(segment: VectorSegment): Buffer {
  return Buffer.concat([...new VectorSegmentWriter(rowsOfSegment(segment)).parts()]);
}

function floatBytesOf(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** Per row: scale = max |component| / 127, code = round(component / scale). */
function quantize(vectors: Float32Array, dimension: number, scales: Float32Array, codes: Int8Array): void {
  const rows = vectors.length / dimension;
  for (let row = 0, at = 0; row < rows; row++, at += dimension) {
    let max = 0;
    for (let j = 0; j < dimension; j++) max = Math.max(max, Math.abs(vectors[at + j]));
    const scale = max / 127;
    scales[row] = scale;
    if (scale !== 0) for (let j = 0; j < dimension; j++) codes[at + j] = Math.round(vectors[at + j] / scale);
  }
}

/** The header, from the segment's first bytes; `fileBytes` is the whole file's size, checked against it. */
export function decodeVectorSegmentHeader(start: Buffer, fileBytes: number): { header: ParsedHeader; scannedEnd: number; floatsStart: number; headerEnd: number } {
  if (start.length < VECTOR_SEGMENT_PREFIX_BYTES || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new VectorSegmentError('it is not a vector segment (no LFVSEG02 marker)');
  }
  const headerEnd = VECTOR_SEGMENT_PREFIX_BYTES + start.readUInt32LE(MAGIC.length);
  if (headerEnd > start.length) throw new VectorSegmentError(`it is truncated (the header alone needs ${headerEnd} bytes)`);
  const header = parseHeader(start.subarray(VECTOR_SEGMENT_PREFIX_BYTES, headerEnd));
  const at = layout(headerEnd, header);
  if (fileBytes !== at.end) {
    throw new VectorSegmentError(`it is ${fileBytes < at.end ? 'truncated' : 'too long'} (${fileBytes} bytes, ${header.count} vectors of ${header.dimension} need ${at.end})`);
  }
  return { header, scannedEnd: at.floatsStart, floatsStart: at.floatsStart, headerEnd };
}

/**
 * The scanned part of a segment from `bytes`, which holds the file from its start to at least the
 * floats; the codes and norms are views on `bytes` (4-byte aligned at offset 0, as a fresh read is).
 */
export function decodeScannedVectors(bytes: Buffer, fileBytes: number): ScannedVectors {
  const { header, floatsStart, headerEnd } = decodeVectorSegmentHeader(bytes, fileBytes);
  if (bytes.length < floatsStart) throw new VectorSegmentError(`it is truncated (${bytes.length} bytes read, ${floatsStart} needed)`);
  if (crc32(bytes.subarray(headerEnd, floatsStart)) !== bytes.readUInt32LE(MAGIC.length + 4)) throw new VectorSegmentError('its checksum does not match (the file is damaged)');
  const at = layout(headerEnd, header);
  const copy = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(new Uint8Array(bytes.subarray(0, floatsStart)).buffer);
  return {
    header: { version: header.version, metadata_config: header.metadata_config },
    ids: parseIds(bytes.subarray(at.idsStart, at.idsStart + header.idsBytes), header.count),
    dimension: header.dimension,
    norms: new Float32Array(copy.buffer, copy.byteOffset + at.normsStart, header.count),
    scales: new Float32Array(copy.buffer, copy.byteOffset + at.normsStart + header.count * 4, header.count),
    codes: new Int8Array(copy.buffer, copy.byteOffset + at.codesStart, header.count * header.dimension),
    floatsStart,
    floatsCrc: header.floatsCrc,
  };
}

/** A whole segment in memory, every checksum checked: the float32 rows included. */
export function decodeVectorSegment(bytes: Buffer): VectorSegment & { scanned: ScannedVectors } {
  const scanned = decodeScannedVectors(bytes, bytes.length);
  const count = scanned.ids.length * scanned.dimension;
  const aligned = (bytes.byteOffset + scanned.floatsStart) % 4 === 0;
  const vectors = aligned
    ? new Float32Array(bytes.buffer, bytes.byteOffset + scanned.floatsStart, count)
    : new Float32Array(new Uint8Array(bytes.subarray(scanned.floatsStart, scanned.floatsStart + count * 4)).buffer);
  if (crc32(Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)) !== scanned.floatsCrc) throw new VectorSegmentError('its float32 vectors do not match their checksum (the file is damaged)');
  return { header: scanned.header, ids: scanned.ids, dimension: scanned.dimension, vectors, norms: scanned.norms, scanned };
}

function parseHeader(bytes: Buffer): ParsedHeader {
  let header: Partial<ParsedHeader>;
  try {
    header = JSON.parse(bytes.toString('utf8')) as Partial<ParsedHeader>;
  } catch {
    throw new VectorSegmentError('its header is not JSON');
  }
  const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (!header || !isCount(header.count) || !isCount(header.dimension) || !isCount(header.idsBytes) || !isCount(header.floatsCrc)) {
    throw new VectorSegmentError('its header has no count, dimension, ids length or checksum');
  }
  return {
    version: typeof header.version === 'number' ? header.version : 1,
    metadata_config: header.metadata_config && typeof header.metadata_config === 'object' ? header.metadata_config : {},
    count: header.count,
    dimension: header.dimension,
    idsBytes: header.idsBytes,
    floatsCrc: header.floatsCrc,
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

function align4(n: number): number {
  return (n + 3) & ~3;
}
