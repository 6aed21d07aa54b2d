// The notes index's chunks on disk (core/notes/chunkSegment.ts) and in memory: every field but the
// text is held; a chunk's text is read from the segment, by position, when it is asked for.
//
// The segment stays open for those reads. A save replaces it by rename, so chunks read from an
// earlier one keep reading the file they came from (the open handle keeps it, on Windows too: Node
// opens files shareable for delete); the handle is closed once no chunk refers to it any more.

import { closeSync, openSync, readSync, promises as fs } from 'node:fs';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../../core/atomicWrite';
import type { NoteChunk } from '../../core/notes/chunker';
import { CHUNK_SEGMENT_PREFIX_BYTES, ChunkSegmentError, decodeChunkSegmentPrefix, decodeChunkTable, encodeChunkSegment, type ChunkRow } from '../../core/notes/chunkSegment';

const CHECK_BLOCK_BYTES = 4 * 1024 * 1024;

/** An open segment's text block. */
class ChunkTexts {
  private static readonly closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

  constructor(
    private readonly fd: number,
    private readonly textsStart: number,
  ) {
    ChunkTexts.closer.register(this, fd);
  }

  read(start: number, bytes: number): string {
    const buffer = Buffer.allocUnsafe(bytes);
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, buffer, done, bytes - done, this.textsStart + start + done);
      if (n === 0) throw new ChunkSegmentError('the chunk segment ended inside a chunk text');
      done += n;
    }
    return buffer.toString('utf8');
  }
}

/** A saved chunk: its text is read when asked for. */
class StoredChunk implements NoteChunk {
  readonly id: string;
  readonly file: string;
  readonly headingPath: string[];
  readonly startLine: number;
  readonly endLine: number;
  readonly title: string;
  readonly tags: string[];
  private readonly textStart: number;
  private readonly textBytes: number;

  constructor(
    row: ChunkRow,
    private readonly texts: ChunkTexts,
  ) {
    this.id = row.id;
    this.file = row.file;
    this.headingPath = row.headingPath;
    this.startLine = row.startLine;
    this.endLine = row.endLine;
    this.title = row.title;
    this.tags = row.tags;
    this.textStart = row.textStart;
    this.textBytes = row.textBytes;
  }

  get text(): string {
    return this.texts.read(this.textStart, this.textBytes);
  }
}

/** Opens a segment: checks its size and checksum, reads its table, leaves the texts on disk. */
export async function readChunkSegment(file: string): Promise<Map<string, NoteChunk>> {
  const fd = openSync(file, 'r');
  try {
    const prefix = readExactly(fd, 0, CHUNK_SEGMENT_PREFIX_BYTES);
    const { tableBytes, crc } = decodeChunkSegmentPrefix(prefix);
    const size = (await fs.stat(file)).size;
    const textsStart = CHUNK_SEGMENT_PREFIX_BYTES + tableBytes;
    if (textsStart > size) throw new ChunkSegmentError(`it is truncated (${size} bytes, its table alone needs ${textsStart})`);
    const { rows, textBytes } = decodeChunkTable(readExactly(fd, CHUNK_SEGMENT_PREFIX_BYTES, tableBytes));
    if (size !== textsStart + textBytes) throw new ChunkSegmentError(`it is ${size < textsStart + textBytes ? 'truncated' : 'too long'} (${size} bytes, ${textsStart + textBytes} expected)`);
    if (checksum(fd, CHUNK_SEGMENT_PREFIX_BYTES, size) !== crc) throw new ChunkSegmentError('its checksum does not match (the file is damaged)');
    const texts = new ChunkTexts(fd, textsStart);
    return new Map(rows.map((row) => [row.id, new StoredChunk(row, texts)]));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Writes the chunks as a segment (atomically) and returns them as read back from it, texts left on disk. */
export async function writeChunkSegment(file: string, chunks: Iterable<NoteChunk>): Promise<Map<string, NoteChunk>> {
  await writeFileAtomic(file, encodeChunkSegment(chunks));
  return readChunkSegment(file);
}

/** crc32 of the file from `start` to `end`, read a block at a time. */
function checksum(fd: number, start: number, end: number): number {
  let crc = 0;
  const block = Buffer.allocUnsafe(CHECK_BLOCK_BYTES);
  for (let at = start; at < end; ) {
    const n = readSync(fd, block, 0, Math.min(CHECK_BLOCK_BYTES, end - at), at);
    if (n === 0) break;
    crc = crc32(block.subarray(0, n), crc);
    at += n;
  }
  return crc;
}

function readExactly(fd: number, position: number, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const n = readSync(fd, buffer, 0, bytes, position);
  if (n !== bytes) throw new ChunkSegmentError(`it is truncated (${position + n} bytes where at least ${position + bytes} are needed)`);
  return buffer;
}
