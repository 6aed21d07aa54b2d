// A chunk segment as its version 2 wrote it (core/notes/chunkSegment.ts): the tests that show
// such a segment is still read, and converted once, build one with this.

import { crc32 } from 'node:zlib';
import type { NoteChunk } from '../../src/core/notes/chunker';

/** A segment as version 2 wrote it: the texts, then the table as JSON with shared strings and lists. */
export function versionTwoSegment(chunks: NoteChunk[]): Buffer {
  const texts = chunks.map((c) => Buffer.from(c.text, 'utf8'));
  const strings: string[] = [];
  const stringAt = (s: string): number => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const lists: number[][] = [];
  const listAt = (items: string[]): number => lists.push(items.map(stringAt)) - 1;
  let start = 0;
  const rows = chunks.map((c, i) => {
    const row = [c.id, stringAt(c.file), listAt(c.headingPath), c.startLine, c.endLine, stringAt(c.title), listAt(c.tags), start, texts[i]!.length, crc32(texts[i]!)];
    start += texts[i]!.length;
    return row;
  });
  const table = Buffer.from(JSON.stringify({ count: rows.length, textBytes: start, strings, lists, rows }), 'utf8');
  const prefix = Buffer.alloc(20);
  prefix.write('LFCSEG02', 0, 'latin1');
  prefix.writeUInt32LE(table.length, 8);
  prefix.writeUInt32LE(crc32(table), 12);
  prefix.writeUInt32LE(start, 16);
  return Buffer.concat([prefix, ...texts, table]);
}
