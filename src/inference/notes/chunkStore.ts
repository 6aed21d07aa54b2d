// The notes index's chunks on disk (core/notes/chunkSegment.ts) and in memory: every field but the
// text is held; a chunk's text is read from the segment, by position, when it is asked for, and
// checked against its own crc then.
//
// The segment stays open for those reads. A save replaces it by rename, so chunks read from an
// earlier one keep reading the file they came from (the open handle keeps it, on Windows too: Node
// opens files shareable for delete); the handle is closed once no chunk refers to it any more.

import { closeSync, openSync, readSync, promises as fs } from 'node:fs';
import { crc32 } from 'node:zlib';
import { prepareAtomicWriteBy } from '../../core/atomicWrite';
import type { NoteChunk } from '../../core/notes/chunker';
import { writeParts } from './segmentParts';
import { CHUNK_SEGMENT_PREFIX_BYTES, ChunkSegmentError, ChunkSegmentWriter, decodeChunkSegmentPrefix, decodeChunkTable, type ChunkRow, type ChunkSegmentVersion } from '../../core/notes/chunkSegment';

const CHECK_BLOCK_BYTES = 4 * 1024 * 1024;
/** Saved texts copied to a new segment are read this many bytes at a time, at most. */
const COPY_RUN_BYTES = 1024 * 1024;

/** Told when a text read from a segment fails its checksum: the index is to be rebuilt. */
export type DamagedTextHandler = (reason: string) => void;

/** An open segment's text block. */
class ChunkTexts {
  private static readonly closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

  constructor(
    private readonly fd: number,
    private readonly textsStart: number,
    private readonly onDamaged: DamagedTextHandler | undefined,
  ) {
    ChunkTexts.closer.register(this, fd);
  }

  /** The text at `start`, checked against its crc where the segment has one (version 2 on). */
  read(start: number, bytes: number, crc: number | undefined): string {
    const buffer = this.bytes(start, bytes);
    if (crc !== undefined && crc32(buffer) !== crc) throw this.damaged("a chunk text's checksum does not match (the file is damaged)");
    return buffer.toString('utf8');
  }

  /** The text block's bytes from `start`, as stored (unchecked: a copy keeps each text's crc with it). */
  bytes(start: number, bytes: number): Buffer {
    const buffer = Buffer.allocUnsafe(bytes);
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, buffer, done, bytes - done, this.textsStart + start + done);
      if (n === 0) throw this.damaged('the chunk segment ended inside a chunk text');
      done += n;
    }
    return buffer;
  }

  private damaged(what: string): ChunkSegmentError {
    const reason = `chunks.seg could not be read (${what})`;
    this.onDamaged?.(reason);
    return new ChunkSegmentError(`${reason}; the index is rebuilt from the notes at the next update`);
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
  private readonly textCrc: number | undefined;

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
    this.textCrc = row.textCrc;
  }

  get text(): string {
    return this.texts.read(this.textStart, this.textBytes, this.textCrc);
  }

  /** Where its text lies, for a save to copy it as it is stored; undefined where it has no crc of its own (version 1). */
  get stored(): StoredText | undefined {
    return this.textCrc === undefined ? undefined : { texts: this.texts, start: this.textStart, bytes: this.textBytes, crc: this.textCrc };
  }
}

interface StoredText {
  texts: ChunkTexts;
  start: number;
  bytes: number;
  crc: number;
}

/**
 * Opens a segment: checks its size and its table's checksum, reads its table, leaves the texts on
 * disk (each checked when read; `onDamaged` hears of one that fails). A version 1 segment, whose
 * checksum covers its texts too, is checked whole.
 */
export async function readChunkSegment(file: string, onDamaged?: DamagedTextHandler): Promise<Map<string, NoteChunk>> {
  const fd = openSync(file, 'r');
  try {
    const size = (await fs.stat(file)).size;
    const layout = decodeChunkSegmentPrefix(readExactly(fd, 0, Math.min(size, CHUNK_SEGMENT_PREFIX_BYTES)));
    const tableEnd = layout.tableStart + layout.tableBytes;
    if (tableEnd > size) throw new ChunkSegmentError(`it is truncated (${size} bytes, its table alone needs ${tableEnd})`);
    const table = readExactly(fd, layout.tableStart, layout.tableBytes);
    if (layout.version !== 1 && crc32(table) !== layout.crc) throw new ChunkSegmentError("its table's checksum does not match (the file is damaged)");
    const { rows, textBytes } = decodeChunkTable(table, layout.version);
    const expected = layout.version !== 1 ? tableEnd : layout.textsStart + textBytes;
    if (textBytes !== (layout.textBytes ?? textBytes) || size !== expected) throw new ChunkSegmentError(`it is ${size < expected ? 'truncated' : 'too long'} (${size} bytes, ${expected} expected)`);
    if (layout.version === 1 && checksum(fd, layout.tableStart, size) !== layout.crc) throw new ChunkSegmentError('its checksum does not match (the file is damaged)');
    const texts = new ChunkTexts(fd, layout.textsStart, onDamaged);
    return new Map(rows.map((row) => [row.id, new StoredChunk(row, texts)]));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * Writes the chunks as a segment (atomically: a temp file, then a rename), the texts streamed to
 * it in pieces so no second copy of them is held, and returns them as read back from it, texts
 * left on disk.
 */
export async function writeChunkSegment(file: string, chunks: Iterable<NoteChunk>, onDamaged?: DamagedTextHandler): Promise<Map<string, NoteChunk>> {
  const prepared = await prepareAtomicWriteBy(file, async (handle) => {
    const writer = new ChunkSegmentWriter();
    let prefix: Buffer | undefined;
    function* textsThenTable(): Generator<Buffer> {
      // Texts already in a segment are copied as stored, consecutive ones in one read.
      let run: { texts: ChunkTexts; start: number; bytes: number } | undefined;
      for (const chunk of chunks) {
        const stored = chunk instanceof StoredChunk ? chunk.stored : undefined;
        if (run && !(stored && stored.texts === run.texts && stored.start === run.start + run.bytes && run.bytes < COPY_RUN_BYTES)) {
          yield run.texts.bytes(run.start, run.bytes);
          run = undefined;
        }
        if (!stored) {
          yield writer.add(chunk);
          continue;
        }
        writer.addStored(chunk, stored.bytes, stored.crc);
        if (run) run.bytes += stored.bytes;
        else run = { texts: stored.texts, start: stored.start, bytes: stored.bytes };
      }
      if (run) yield run.texts.bytes(run.start, run.bytes);
      const finished = writer.finish();
      prefix = finished.prefix;
      yield finished.table;
    }
    await writeParts(handle, textsThenTable(), CHUNK_SEGMENT_PREFIX_BYTES);
    await writeParts(handle, [prefix!], 0);
  });
  await prepared.commit();
  return readChunkSegment(file, onDamaged);
}

/** The format version of a segment (one that reads whole; see readChunkSegment). */
export async function chunkSegmentVersion(file: string): Promise<ChunkSegmentVersion> {
  const handle = await fs.open(file, 'r');
  try {
    const prefix = Buffer.alloc(CHUNK_SEGMENT_PREFIX_BYTES);
    const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0);
    return decodeChunkSegmentPrefix(prefix.subarray(0, bytesRead)).version;
  } finally {
    await handle.close();
  }
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
