// The binary segment the notes index keeps its chunks in: a table of every chunk's fields but its
// text (JSON, parsed at open), then all the texts as one UTF-8 block that is read a chunk at a
// time, by position, only when a text is wanted (a result's snippet, an embedding). Opening a
// 50k-chunk index so reads a few MB instead of parsing every chunk's text out of one JSON.
//
// Layout, little-endian:
//   8 bytes  magic "LFCSEG01"
//   u32      table length T;  u32 crc32 of the table and the texts
//   T bytes  table JSON: { count, textBytes, rows: [[id, file, headingPath, startLine, endLine, title, tags, textStart, textBytes], ...] }
//   textBytes  the texts, UTF-8, back to back

import { crc32 } from 'node:zlib';
import type { NoteChunk } from './chunker';

const MAGIC = Buffer.from('LFCSEG01', 'latin1');
export const CHUNK_SEGMENT_PREFIX_BYTES = MAGIC.length + 8;

/** A chunk's fields but its text, and where its text lies in the text block. */
export interface ChunkRow extends Omit<NoteChunk, 'text'> {
  textStart: number;
  textBytes: number;
}

type StoredRow = [string, string, string[], number, number, string, string[], number, number];

export interface ChunkSegmentPrefix {
  tableBytes: number;
  crc: number;
}

/** A segment that cannot be read; the message says what is wrong with it. */
export class ChunkSegmentError extends Error {}

export function encodeChunkSegment(chunks: Iterable<NoteChunk>): Buffer {
  const rows: StoredRow[] = [];
  const texts: Buffer[] = [];
  let textStart = 0;
  for (const chunk of chunks) {
    const text = Buffer.from(chunk.text, 'utf8');
    rows.push([chunk.id, chunk.file, chunk.headingPath, chunk.startLine, chunk.endLine, chunk.title, chunk.tags, textStart, text.length]);
    texts.push(text);
    textStart += text.length;
  }
  const table = Buffer.from(JSON.stringify({ count: rows.length, textBytes: textStart, rows }), 'utf8');
  const prefix = Buffer.alloc(CHUNK_SEGMENT_PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(table.length, MAGIC.length);
  let crc = crc32(table);
  for (const text of texts) crc = crc32(text, crc);
  prefix.writeUInt32LE(crc, MAGIC.length + 4);
  return Buffer.concat([prefix, table, ...texts]);
}

export function decodeChunkSegmentPrefix(prefix: Buffer): ChunkSegmentPrefix {
  if (prefix.length < CHUNK_SEGMENT_PREFIX_BYTES || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ChunkSegmentError('it is not a chunk segment (no LFCSEG01 marker)');
  }
  return { tableBytes: prefix.readUInt32LE(MAGIC.length), crc: prefix.readUInt32LE(MAGIC.length + 4) };
}

/** The table's rows and the size of the text block it expects after it. */
export function decodeChunkTable(table: Buffer): { rows: ChunkRow[]; textBytes: number } {
  let parsed: { count?: unknown; textBytes?: unknown; rows?: unknown };
  try {
    parsed = JSON.parse(table.toString('utf8')) as typeof parsed;
  } catch {
    throw new ChunkSegmentError('its chunk table is not JSON');
  }
  const { count, textBytes, rows } = parsed ?? {};
  if (!Array.isArray(rows) || rows.length !== count || !Number.isInteger(textBytes)) throw new ChunkSegmentError('its chunk table has no rows, count or text size');
  // Chunks of one note share its path and title: one string each in memory, not one per chunk.
  const shared = new Map<string, string>();
  const intern = (s: string): string => shared.get(s) ?? (shared.set(s, s), s);
  return {
    textBytes: textBytes as number,
    rows: (rows as unknown[]).map((row) => {
      if (!isStoredRow(row, textBytes as number)) throw new ChunkSegmentError('its chunk table holds a malformed row');
      const [id, file, headingPath, startLine, endLine, title, tags, start, bytes] = row;
      return { id, file: intern(file), headingPath, startLine, endLine, title: intern(title), tags, textStart: start, textBytes: bytes };
    }),
  };
}

function isStoredRow(row: unknown, textBytes: number): row is StoredRow {
  if (!Array.isArray(row) || row.length !== 9) return false;
  const [id, file, headingPath, startLine, endLine, title, tags, start, bytes] = row as unknown[];
  const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
  return (
    typeof id === 'string' &&
    typeof file === 'string' &&
    isStrings(headingPath) &&
    Number.isInteger(startLine) &&
    Number.isInteger(endLine) &&
    typeof title === 'string' &&
    isStrings(tags) &&
    Number.isInteger(start) &&
    Number.isInteger(bytes) &&
    (start as number) >= 0 &&
    (bytes as number) >= 0 &&
    (start as number) + (bytes as number) <= textBytes
  );
}
