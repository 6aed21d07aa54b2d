import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NoteChunk } from '../../../src/core/notes/chunker';
import { ChunkSegmentError, encodeChunkSegment } from '../../../src/core/notes/chunkSegment';
import { chunkSegmentVersion, readChunkSegment, writeChunkSegment } from '../../../src/inference/notes/chunkStore';
import { crc32 } from 'node:zlib';
import { versionTwoSegment } from '../../support/chunkSegmentV2';

const chunk = (id: string, text: string, file = 'notes/a.md'): NoteChunk => ({
  id,
  file,
  headingPath: ['Top', 'Sub'],
  startLine: 3,
  endLine: 9,
  text,
  title: 'A note',
  tags: ['travel'],
});

describe('chunk segment', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lf-chunkseg-'));
    file = path.join(dir, 'chunks.seg');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('round-trips every field, texts read back by position (multi-byte text included)', async () => {
    const written = [chunk('c1', 'Matcha in Kyoto — 抹茶 ☕'), chunk('c2', ''), chunk('c3', 'Sourdough\nlevain', 'kitchen/b.md')];
    const back = await readChunkSegment(await writeAndPath(written));
    assert.deepEqual([...back.keys()], ['c1', 'c2', 'c3']);
    for (const original of written) assert.deepEqual({ ...plain(back.get(original.id)!) }, original);
  });

  it('keeps serving texts of a segment that a later save replaced', async () => {
    const first = await writeChunkSegment(file, [chunk('c1', 'first text')]);
    await writeChunkSegment(file, [chunk('c2', 'a completely different and longer text')]);
    assert.equal(first.get('c1')!.text, 'first text');
  });

  for (const [damage, expected] of [
    ['cut at the end', /truncated/],
    ['cut in the table', /truncated/],
    ['a flipped byte in the table', /checksum/],
    ['not a segment at all', /not a chunk segment/],
  ] as const) {
    it(`refuses a segment with ${damage}, with a ChunkSegmentError saying so`, async () => {
      await writeChunkSegment(file, [chunk('c1', 'some text to damage'), chunk('c2', 'more text')]);
      const bytes = await readFile(file);
      const damaged =
        damage === 'cut at the end' ? bytes.subarray(0, bytes.length - 3)
        : damage === 'cut in the table' ? bytes.subarray(0, 30)
        : damage === 'not a segment at all' ? Buffer.from('{"format":"local-focus-note-chunks"}')
        : Buffer.from(bytes.map((b, i) => (i === bytes.length - 2 ? b ^ 1 : b)));
      await writeFile(file, damaged);
      await assert.rejects(readChunkSegment(file), (e: Error) => e instanceof ChunkSegmentError && expected.test(e.message));
    });
  }

  it('opens a segment with a damaged text, and refuses that text when it is read, telling the handler', async () => {
    await writeChunkSegment(file, [chunk('c1', 'the first text'), chunk('c2', 'the second text')]);
    const bytes = await readFile(file);
    const at = bytes.indexOf('second');
    await writeFile(file, Buffer.from(bytes.map((b, i) => (i === at ? b ^ 1 : b))));
    const reasons: string[] = [];
    const back = await readChunkSegment(file, (reason) => reasons.push(reason));
    assert.equal(back.get('c1')!.text, 'the first text');
    assert.throws(() => back.get('c2')!.text, (e: Error) => e instanceof ChunkSegmentError && /checksum/.test(e.message) && /rebuilt/.test(e.message));
    assert.deepEqual(reasons.length, 1);
    assert.match(reasons[0]!, /chunks\.seg/);
  });

  it('reads a version 1 segment (table first, one crc over the whole file) and refuses a damaged one', async () => {
    const written = [chunk('c1', 'Matcha — 抹茶'), chunk('c2', 'second')];
    await writeFile(file, versionOneSegment(written));
    assert.equal(await chunkSegmentVersion(file), 1);
    const back = await readChunkSegment(file);
    for (const original of written) assert.deepEqual({ ...plain(back.get(original.id)!) }, original);
    const bytes = await readFile(file);
    await writeFile(file, Buffer.from(bytes.map((b, i) => (i === bytes.length - 2 ? b ^ 1 : b))));
    await assert.rejects(readChunkSegment(file), (e: Error) => e instanceof ChunkSegmentError && /checksum/.test(e.message));
  });

  it('streams the same bytes as the in-memory encoder, over several write pieces', async () => {
    const chunks = Array.from({ length: 600 }, (_, i) => chunk(`c${i}`, `${i} — ${'texte '.repeat(1000)}`, `notes/${i % 7}.md`));
    await writeChunkSegment(file, chunks);
    const written = await readFile(file);
    assert.ok(written.length > 2 * 1024 * 1024, 'more than one piece');
    assert.equal(Buffer.compare(written, encodeChunkSegment(chunks)), 0, 'the same bytes');
  });

  it('copies saved texts as they are stored, byte for byte what encoding them again gives, and a damaged one stays refused', async () => {
    const first = Array.from({ length: 400 }, (_, i) => chunk(`c${i}`, `${i} — ${'mot '.repeat(900)}`));
    await writeChunkSegment(file, first);
    const bytes = await readFile(file);
    const at = bytes.indexOf('17 — ');
    await writeFile(file, Buffer.from(bytes.map((b, i) => (i === at + 10 ? b ^ 1 : b))));
    const saved = await readChunkSegment(file);
    // Saved chunks with a new one among them and one left out: runs of stored texts, then a fresh one.
    const next = [...saved.values()].filter((c) => c.id !== 'c200');
    next.splice(300, 0, chunk('new', 'a fresh text'));
    const again = path.join(dir, 'again.seg');
    const back = await writeChunkSegment(again, next);
    const expected = encodeChunkSegment(next.map((c) => (c.id === 'c17' ? { ...plain(first[17]!) } : plain(c))));
    const written = await readFile(again);
    assert.equal(written.length, expected.length);
    assert.deepEqual(written.subarray(0, at), expected.subarray(0, at));
    assert.equal(Buffer.compare(written.subarray(at + 11), expected.subarray(at + 11)), 0, 'the same bytes but the damaged one');
    assert.throws(() => back.get('c17')!.text, /checksum/);
    assert.equal(back.get('new')!.text, 'a fresh text');
    assert.equal(back.get('c399')!.text, first[399]!.text);
  });

  it('writes version 3', async () => {
    await writeChunkSegment(file, [chunk('c1', 'text')]);
    assert.equal(await chunkSegmentVersion(file), 3);
  });

  it('reads a version 2 segment (its table JSON), texts checked by their own crc', async () => {
    const written = [chunk('c1', 'Matcha — 抹茶'), chunk('c2', 'second', 'kitchen/b.md')];
    await writeFile(file, versionTwoSegment(written));
    assert.equal(await chunkSegmentVersion(file), 2);
    const back = await readChunkSegment(file);
    for (const original of written) assert.deepEqual({ ...plain(back.get(original.id)!) }, original);
  });

  it('round-trips ids and strings with surrogate pairs, and notes sharing headings and tags', async () => {
    const written = [chunk('😀-1', 'a'), { ...chunk('c2', 'b', '日本/ノート.md'), headingPath: ['🎌 旅', 'Sub'], tags: [] }, { ...chunk('c3', 'c'), headingPath: [] }];
    const back = await readChunkSegment(await writeAndPath(written));
    for (const original of written) assert.deepEqual({ ...plain(back.get(original.id)!) }, original);
  });

  for (const [damage, expected, patch] of [
    ['a count larger than its rows', /does not hold/, (words: Uint32Array) => (words[0] += 1)],
    ['a title index past its strings', /string it does not hold/, (words: Uint32Array) => (words[tableColumn(words, 4)] = 999)],
    ['a text placed past the text block', /outside the text block/, (words: Uint32Array) => (words[tableColumn(words, 6)] = 1 << 20)],
  ] as const) {
    it(`refuses a version 3 table with ${damage}, even with a matching checksum`, async () => {
      await writeChunkSegment(file, [chunk('c1', 'some text')]);
      await writeFile(file, withPatchedTable(await readFile(file), patch));
      await assert.rejects(readChunkSegment(file), (e: Error) => e instanceof ChunkSegmentError && expected.test(e.message));
    });
  }

  async function writeAndPath(chunks: NoteChunk[]): Promise<string> {
    await writeChunkSegment(file, chunks);
    return file;
  }
});

/** The chunk's fields as a plain object (its text read through the getter). */
function plain(c: NoteChunk): NoteChunk {
  return { id: c.id, file: c.file, headingPath: c.headingPath, startLine: c.startLine, endLine: c.endLine, text: c.text, title: c.title, tags: c.tags };
}

/** The word of a one-row version 3 table where the given column's value lies (see chunkTable.ts). */
function tableColumn(words: Uint32Array, column: number): number {
  const [count, , stringCount, listCount, listItemCount] = words;
  return 7 + count! + stringCount! + listCount! + listItemCount! + column * count!;
}

/** A version 3 segment whose table's words were changed by `patch`, its checksum made to match. */
function withPatchedTable(bytes: Buffer, patch: (words: Uint32Array) => unknown): Buffer {
  const tableBytes = bytes.readUInt32LE(8);
  const table = Buffer.from(bytes.subarray(bytes.length - tableBytes));
  patch(new Uint32Array(table.buffer, table.byteOffset, Math.floor(table.length / 4)));
  const out = Buffer.concat([bytes.subarray(0, bytes.length - tableBytes), table]);
  out.writeUInt32LE(crc32(table), 12);
  return out;
}

/** A segment as the first version wrote it: magic, table length, crc of table and texts, table, texts. */
function versionOneSegment(chunks: NoteChunk[]): Buffer {
  const texts = chunks.map((c) => Buffer.from(c.text, 'utf8'));
  let start = 0;
  const rows = chunks.map((c, i) => {
    const row = [c.id, c.file, c.headingPath, c.startLine, c.endLine, c.title, c.tags, start, texts[i]!.length];
    start += texts[i]!.length;
    return row;
  });
  const table = Buffer.from(JSON.stringify({ count: rows.length, textBytes: start, rows }), 'utf8');
  const prefix = Buffer.alloc(16);
  prefix.write('LFCSEG01', 0, 'latin1');
  prefix.writeUInt32LE(table.length, 8);
  prefix.writeUInt32LE(crc32(Buffer.concat([table, ...texts])), 12);
  return Buffer.concat([prefix, table, ...texts]);
}
