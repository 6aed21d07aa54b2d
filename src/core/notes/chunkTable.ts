// The chunk segment's table in its version 3 (chunkSegment.ts): every chunk's fields but its text,
// binary, so that opening is a few typed-array views and two string decodes instead of a JSON parse.
//
// Layout, little-endian u32 words from the table's start:
//   7 words        count, textBytes, stringCount, listCount, listItemCount, idBytes, stringBytes
//   count          each id's length in UTF-16 code units
//   stringCount    each string's length in UTF-16 code units
//   listCount      each list's length;  listItemCount  the lists' items, indexes into the strings
//   9 × count      a column per field: file, headingPath, startLine, endLine, title, tags,
//                  textStart, textBytes, textCrc
//   idBytes        the ids, UTF-8, back to back;  then stringBytes  the strings, UTF-8, back to back
// file and title index the strings, headingPath and tags the lists: a note's path, title and
// headings are stored (and, once read, held) once, not once per chunk. Each block of strings is
// decoded whole and cut by the lengths, which are in code units for that reason.

import type { NoteChunk } from './chunker';
import { ChunkSegmentError } from './chunkSegmentError';

/** A chunk's fields but its text, and where its text lies in the text block. */
export interface ChunkRow extends Omit<NoteChunk, 'text'> {
  textStart: number;
  textBytes: number;
  /** crc32 of the text's bytes; undefined in a version 1 segment, whose crc covers the whole file. */
  textCrc: number | undefined;
}

const FIXED_WORDS = 7;
const COLUMNS = 9;

/** Collects the rows of a table, one chunk at a time, in text block order. */
export class ChunkTableWriter {
  private readonly ids: string[] = [];
  private readonly columns: number[][] = Array.from({ length: COLUMNS }, () => []);
  private readonly strings = new Map<string, number>();
  private readonly lists = new Map<string, number>();
  private readonly listRows: number[][] = [];

  add(chunk: Omit<NoteChunk, 'text'>, textStart: number, textBytes: number, textCrc: number): void {
    const { id, file, headingPath, startLine, endLine, title, tags } = chunk;
    this.ids.push(id);
    const row = [this.string(file), this.list(headingPath), startLine, endLine, this.string(title), this.list(tags), textStart, textBytes, textCrc];
    row.forEach((value, column) => this.columns[column]!.push(value));
  }

  encode(textBytes: number): Buffer {
    const strings = [...this.strings.keys()];
    const idBytes = Buffer.from(this.ids.join(''), 'utf8');
    const stringBytes = Buffer.from(strings.join(''), 'utf8');
    const listItems = this.listRows.flat();
    const words = Uint32Array.from([
      this.ids.length,
      textBytes,
      strings.length,
      this.listRows.length,
      listItems.length,
      idBytes.length,
      stringBytes.length,
      ...this.ids.map((id) => id.length),
      ...strings.map((s) => s.length),
      ...this.listRows.map((list) => list.length),
      ...listItems,
      ...this.columns.flat(),
    ]);
    return Buffer.concat([Buffer.from(words.buffer, words.byteOffset, words.byteLength), idBytes, stringBytes]);
  }

  private string(s: string): number {
    let at = this.strings.get(s);
    if (at === undefined) this.strings.set(s, (at = this.strings.size));
    return at;
  }

  private list(items: readonly string[]): number {
    const indexes = items.map((s) => this.string(s));
    const key = indexes.join(',');
    let at = this.lists.get(key);
    if (at === undefined) {
      this.lists.set(key, (at = this.listRows.length));
      this.listRows.push(indexes);
    }
    return at;
  }
}

/** The rows of a version 3 table; anything that does not add up is refused with a ChunkSegmentError. */
export function decodeBinaryChunkTable(table: Buffer): { rows: ChunkRow[]; textBytes: number } {
  const words = wordsOf(table);
  if (words.length < FIXED_WORDS) throw malformed('is shorter than its header');
  const [count, textBytes, stringCount, listCount, listItemCount, idBytes, stringBytes] = words;
  const wordCount = FIXED_WORDS + count! + stringCount! + listCount! + listItemCount! + COLUMNS * count!;
  if (wordCount * 4 + idBytes! + stringBytes! !== table.length) throw malformed(`does not hold ${count} rows as its header says`);
  let at = FIXED_WORDS;
  const take = (n: number): Uint32Array => words.subarray(at, (at += n));
  const idLengths = take(count!);
  const stringLengths = take(stringCount!);
  const listLengths = take(listCount!);
  const listItems = take(listItemCount!);
  const [file, headingPath, startLine, endLine, title, tags, textStart, textLength, textCrc] = Array.from({ length: COLUMNS }, () => take(count!));
  const ids = cut(table.toString('utf8', wordCount * 4, wordCount * 4 + idBytes!), idLengths, 'ids');
  const strings = cut(table.toString('utf8', wordCount * 4 + idBytes!), stringLengths, 'strings');
  const lists = listsOf(listLengths, listItems, strings);
  const stringAt = (i: number): string => strings[i] ?? throwMalformed('refers to a string it does not hold');
  const listAt = (i: number): string[] => lists[i] ?? throwMalformed('refers to a list it does not hold');
  const rows: ChunkRow[] = new Array(count);
  for (let r = 0; r < count!; r++) {
    if (textStart![r]! + textLength![r]! > textBytes!) throw malformed('places a text outside the text block');
    rows[r] = {
      id: ids[r]!,
      file: stringAt(file![r]!),
      headingPath: listAt(headingPath![r]!),
      startLine: startLine![r]!,
      endLine: endLine![r]!,
      title: stringAt(title![r]!),
      tags: listAt(tags![r]!),
      textStart: textStart![r]!,
      textBytes: textLength![r]!,
      textCrc: textCrc![r]!,
    };
  }
  return { rows, textBytes: textBytes! };
}

/** The table as u32 words; a table read at an unaligned offset is copied first. */
function wordsOf(table: Buffer): Uint32Array {
  const aligned = table.byteOffset % 4 === 0 ? table : Buffer.from(table);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 4));
}

/** One decoded block cut into strings of the given lengths, which must add up to it exactly. */
function cut(block: string, lengths: Uint32Array, what: string): string[] {
  const out: string[] = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) out[i] = block.slice(at, (at += lengths[i]!));
  if (at !== block.length) throw malformed(`has ${what} that do not match their lengths`);
  return out;
}

/** Each list's strings, one array per list (shared by the chunks that have it: chunks never change them). */
function listsOf(lengths: Uint32Array, items: Uint32Array, strings: string[]): string[][] {
  const lists: string[][] = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const list: string[] = new Array(lengths[i]);
    for (let j = 0; j < lengths[i]!; j++) list[j] = strings[items[at++]!] ?? throwMalformed('holds a list item that is not a string it holds');
    lists[i] = list;
  }
  if (at !== items.length) throw malformed('holds list items no list counts');
  return lists;
}

function malformed(what: string): ChunkSegmentError {
  return new ChunkSegmentError(`its chunk table ${what}`);
}

function throwMalformed(what: string): never {
  throw malformed(what);
}
