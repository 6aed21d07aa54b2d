import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NoteChunk } from '../../../src/core/notes/chunker';
import { ChunkSegmentError } from '../../../src/core/notes/chunkSegment';
import { readChunkSegment, writeChunkSegment } from '../../../src/inference/notes/chunkStore';

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
    ['cut in the texts', /truncated/],
    ['cut in the table', /truncated/],
    ['a flipped byte in the texts', /checksum/],
    ['not a segment at all', /not a chunk segment/],
  ] as const) {
    it(`refuses a segment with ${damage}, with a ChunkSegmentError saying so`, async () => {
      await writeChunkSegment(file, [chunk('c1', 'some text to damage'), chunk('c2', 'more text')]);
      const bytes = await readFile(file);
      const damaged =
        damage === 'cut in the texts' ? bytes.subarray(0, bytes.length - 3)
        : damage === 'cut in the table' ? bytes.subarray(0, 30)
        : damage === 'not a segment at all' ? Buffer.from('{"format":"local-focus-note-chunks"}')
        : Buffer.from(bytes.map((b, i) => (i === bytes.length - 2 ? b ^ 1 : b)));
      await writeFile(file, damaged);
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
