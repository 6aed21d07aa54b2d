// The binary segment the notes index keeps its chunks in: all the texts as one UTF-8 block that is
// read a chunk at a time, by position, only when a text is wanted (a result's snippet, an
// embedding), and a table of every chunk's other fields, read at open.
//
// Layout of version 3, little-endian:
//   8 bytes  magic "LFCSEG03"
//   u32      table length T;  u32 crc32 of the table;  u32 text block length X
//   X bytes  the texts, UTF-8, back to back
//   T bytes  the table, binary (chunkTable.ts): ids, strings and lists, and a column per field
// The texts come first so a writer can stream them to the file and write the table after them;
// opening checks only the table's crc, and each text is checked against its own crc when read, so
// opening does not read the text block at all. The table is binary because opening parses it in
// every `local-focus search`: at 50k chunks its JSON took a quarter of the process's time.
//
// Version 2 ("LFCSEG02", still read) has the same layout with the table as JSON:
//   { count, textBytes, strings, lists, rows: [[id, file, headingPath, startLine, endLine, title, tags, textStart, textBytes, textCrc], ...] }
// where file and title are indexes into `strings`, headingPath and tags indexes into `lists`.
// Version 1 ("LFCSEG01", still read): u32 T, u32 crc32 of the table and the texts, the table
// (rows without textCrc), then the texts; opening checks the whole file.

import { crc32 } from 'node:zlib';
import type { NoteChunk } from './chunker';
import { ChunkSegmentError } from './chunkSegmentError';
import { ChunkTableWriter, decodeBinaryChunkTable, type ChunkRow } from './chunkTable';

export { ChunkSegmentError, type ChunkRow };

const MAGIC_V1 = Buffer.from('LFCSEG01', 'latin1');
const MAGIC_V2 = Buffer.from('LFCSEG02', 'latin1');
const MAGIC_V3 = Buffer.from('LFCSEG03', 'latin1');
const MAGIC_BYTES = 8;
/** Bytes to read to decode either version's prefix. */
export const CHUNK_SEGMENT_PREFIX_BYTES = MAGIC_BYTES + 12;

/** A version 1 row. */
type StoredRowV1 = [string, string, string[], number, number, string, string[], number, number];
/** A version 2 row: file and title index `strings`, headingPath and tags index `lists`. */
type StoredRowV2 = [string, number, number, number, number, number, number, number, number, number];

/** Where a segment's parts lie, from its prefix. */
export interface ChunkSegmentLayout {
  version: ChunkSegmentVersion;
  tableStart: number;
  tableBytes: number;
  /** Version 1: crc of the table and the texts; later versions: of the table only. */
  crc: number;
  textsStart: number;
  /** The text block's length; for version 1, known only once the table is read. */
  textBytes: number | undefined;
}

export type ChunkSegmentVersion = 1 | 2 | 3;
/** The version every segment is written in; an older one is converted once when opened. */
export const CURRENT_CHUNK_SEGMENT_VERSION: ChunkSegmentVersion = 3;

/** Builds a version 3 segment's table as its texts are written, one at a time. */
export class ChunkSegmentWriter {
  private readonly table = new ChunkTableWriter();
  private textStart = 0;

  /** The text's bytes, to be written next in the text block. */
  add(chunk: NoteChunk): Buffer {
    const text = Buffer.from(chunk.text, 'utf8');
    this.addStored(chunk, text.length, crc32(text));
    return text;
  }

  /** A chunk whose text, of `bytes` bytes with this crc, the caller writes next in the text block as it is. */
  addStored(chunk: Omit<NoteChunk, 'text'>, bytes: number, textCrc: number): void {
    this.table.add(chunk, this.textStart, bytes, textCrc);
    this.textStart += bytes;
  }

  /** The table, to be written after the texts, and the prefix, to be written at the start. */
  finish(): { table: Buffer; prefix: Buffer } {
    const table = this.table.encode(this.textStart);
    const prefix = Buffer.alloc(CHUNK_SEGMENT_PREFIX_BYTES);
    MAGIC_V3.copy(prefix, 0);
    prefix.writeUInt32LE(table.length, MAGIC_BYTES);
    prefix.writeUInt32LE(crc32(table), MAGIC_BYTES + 4);
    prefix.writeUInt32LE(this.textStart, MAGIC_BYTES + 8);
    return { table, prefix };
  }
}

/** A whole version 3 segment in memory (tests; the store streams it instead). */
export function encodeChunkSegment(chunks: Iterable<NoteChunk>): Buffer {
  const writer = new ChunkSegmentWriter();
  const texts = [...chunks].map((chunk) => writer.add(chunk));
  const { table, prefix } = writer.finish();
  return Buffer.concat([prefix, ...texts, table]);
}

export function decodeChunkSegmentPrefix(prefix: Buffer): ChunkSegmentLayout {
  const magic = prefix.subarray(0, MAGIC_BYTES);
  if (prefix.length >= CHUNK_SEGMENT_PREFIX_BYTES && (magic.equals(MAGIC_V3) || magic.equals(MAGIC_V2))) {
    const tableBytes = prefix.readUInt32LE(MAGIC_BYTES);
    const textBytes = prefix.readUInt32LE(MAGIC_BYTES + 8);
    return { version: magic.equals(MAGIC_V3) ? 3 : 2, tableBytes, crc: prefix.readUInt32LE(MAGIC_BYTES + 4), textsStart: CHUNK_SEGMENT_PREFIX_BYTES, textBytes, tableStart: CHUNK_SEGMENT_PREFIX_BYTES + textBytes };
  }
  if (prefix.length >= MAGIC_BYTES + 8 && magic.equals(MAGIC_V1)) {
    const tableBytes = prefix.readUInt32LE(MAGIC_BYTES);
    return { version: 1, tableBytes, crc: prefix.readUInt32LE(MAGIC_BYTES + 4), tableStart: MAGIC_BYTES + 8, textsStart: MAGIC_BYTES + 8 + tableBytes, textBytes: undefined };
  }
  throw new ChunkSegmentError('it is not a chunk segment (no LFCSEG01, LFCSEG02 or LFCSEG03 marker)');
}

/** The table's rows and the size of the text block it expects. */
export function decodeChunkTable(table: Buffer, version: ChunkSegmentVersion): { rows: ChunkRow[]; textBytes: number } {
  if (version === 3) return decodeBinaryChunkTable(table);
  let parsed: { count?: unknown; textBytes?: unknown; rows?: unknown; strings?: unknown; lists?: unknown };
  try {
    parsed = JSON.parse(table.toString('utf8')) as typeof parsed;
  } catch {
    throw new ChunkSegmentError('its chunk table is not JSON');
  }
  const { count, textBytes, rows } = parsed ?? {};
  if (!Array.isArray(rows) || rows.length !== count || !Number.isInteger(textBytes)) throw new ChunkSegmentError('its chunk table has no rows, count or text size');
  return { textBytes: textBytes as number, rows: version === 1 ? rowsOfV1(rows, textBytes as number) : rowsOfV2(rows, parsed.strings, parsed.lists, textBytes as number) };
}

function rowsOfV2(rows: unknown[], strings: unknown, lists: unknown, textBytes: number): ChunkRow[] {
  if (!isStrings(strings) || !Array.isArray(lists)) throw new ChunkSegmentError('its chunk table has no strings or lists');
  const stringAt = (at: unknown): string => {
    if (!Number.isInteger(at) || (at as number) < 0 || (at as number) >= strings.length) throw new ChunkSegmentError('its chunk table refers to a string it does not hold');
    return strings[at as number]!;
  };
  // One array per distinct list, shared by the chunks that have it (chunks never change them).
  const shared = lists.map((list) => {
    if (!Array.isArray(list)) throw new ChunkSegmentError('its chunk table holds a malformed list');
    return list.map(stringAt);
  });
  const listAt = (at: unknown): string[] => {
    if (!Number.isInteger(at) || (at as number) < 0 || (at as number) >= shared.length) throw new ChunkSegmentError('its chunk table refers to a list it does not hold');
    return shared[at as number]!;
  };
  return rows.map((row) => {
    if (!Array.isArray(row) || row.length !== 10) throw new ChunkSegmentError('its chunk table holds a malformed row');
    const [id, file, headingPath, startLine, endLine, title, tags, start, bytes, textCrc] = row as StoredRowV2;
    if (typeof id !== 'string' || !isTextPlace(start, bytes, textBytes) || !Number.isInteger(startLine) || !Number.isInteger(endLine) || !Number.isInteger(textCrc) || textCrc < 0) {
      throw new ChunkSegmentError('its chunk table holds a malformed row');
    }
    return { id, file: stringAt(file), headingPath: listAt(headingPath), startLine, endLine, title: stringAt(title), tags: listAt(tags), textStart: start, textBytes: bytes, textCrc };
  });
}

function rowsOfV1(rows: unknown[], textBytes: number): ChunkRow[] {
  // Chunks of one note share its path and title: one string each in memory, not one per chunk.
  const shared = new Map<string, string>();
  const intern = (s: string): string => shared.get(s) ?? (shared.set(s, s), s);
  return rows.map((row) => {
    if (!isStoredRowV1(row, textBytes)) throw new ChunkSegmentError('its chunk table holds a malformed row');
    const [id, file, headingPath, startLine, endLine, title, tags, start, bytes] = row;
    return { id, file: intern(file), headingPath, startLine, endLine, title: intern(title), tags, textStart: start, textBytes: bytes, textCrc: undefined };
  });
}

function isStoredRowV1(row: unknown, textBytes: number): row is StoredRowV1 {
  if (!Array.isArray(row) || row.length !== 9) return false;
  const [id, file, headingPath, startLine, endLine, title, tags, start, bytes] = row as unknown[];
  return (
    typeof id === 'string' &&
    typeof file === 'string' &&
    isStrings(headingPath) &&
    Number.isInteger(startLine) &&
    Number.isInteger(endLine) &&
    typeof title === 'string' &&
    isStrings(tags) &&
    isTextPlace(start, bytes, textBytes)
  );
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isTextPlace(start: unknown, bytes: unknown, textBytes: number): boolean {
  return Number.isInteger(start) && Number.isInteger(bytes) && (start as number) >= 0 && (bytes as number) >= 0 && (start as number) + (bytes as number) <= textBytes;
}
