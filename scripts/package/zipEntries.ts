// Reads a zip file (a VSIX) without unpacking it: the central directory's entries, and the first
// bytes of any entry. Enough for checking what a VSIX holds; writing stays with vsce.
import { readFileSync } from 'node:fs';
import { constants, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated: the only methods vsce writes. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export class ZipFile {
  readonly entries: ZipEntry[];
  private readonly bytes: Buffer;

  constructor(readonly path: string) {
    this.bytes = readFileSync(path);
    this.entries = readCentralDirectory(this.bytes, path);
  }

  /** Up to `limit` bytes from the start of an entry, inflated; a prefix is enough for a header. */
  head(entry: ZipEntry, limit: number): Buffer {
    const b = this.bytes;
    const at = entry.localHeaderOffset;
    if (b.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw new Error(`${this.path}: no local header for ${entry.name}`);
    const dataStart = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    if (entry.method === 0) return b.subarray(dataStart, dataStart + Math.min(limit, entry.size));
    if (entry.method !== 8) throw new Error(`${this.path}: ${entry.name} uses compression method ${entry.method}`);
    // A deflate stream inflates from its start: a slice of the compressed data yields a prefix of the file
    // (sync flush: a cut stream is not an error here).
    const compressed = b.subarray(dataStart, dataStart + Math.min(entry.compressedSize, limit * 4 + 1024));
    const out = inflateRawSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH });
    return out.subarray(0, limit);
  }
}

function readCentralDirectory(b: Buffer, path: string): ZipEntry[] {
  // The end record is the last thing in the file, followed by a comment of at most 64 KiB.
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${path} is not a zip file (no end of central directory)`);
  const count = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${path}: damaged central directory at entry ${i}`);
    const nameLength = b.readUInt16LE(at + 28);
    entries.push({
      method: b.readUInt16LE(at + 10),
      compressedSize: b.readUInt32LE(at + 20),
      size: b.readUInt32LE(at + 24),
      localHeaderOffset: b.readUInt32LE(at + 42),
      name: b.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return entries;
}
