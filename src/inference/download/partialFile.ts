// A download's bytes so far: `<file>.partial`, the SHA-256 over exactly those bytes (kept running
// while they stream in, so the end needs no second read), and the server's ETag for them, which
// the sidecar record keeps for If-Range on the next attempt.
import { createHash, Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileSize, removeQuietly } from './files';
import { readSidecar, writeSidecar, type Sidecar, type SidecarFile } from './sidecar';

export class PartialFile {
  readonly path: string;
  readonly partialPath: string;
  readonly sidecarPath: string;
  /** The server's ETag for the bytes in the partial file, for If-Range on the next attempt. */
  etag: string | undefined;
  private hasher: Hash | undefined;
  private hashedBytes = 0;

  /** `path` is where the finished file goes; `file` is what the sidecar records about it. */
  constructor(path: string, private readonly file: SidecarFile) {
    this.path = path;
    this.partialPath = path + '.partial';
    this.sidecarPath = path + '.partial.json';
  }

  size(): Promise<number> {
    return fileSize(this.partialPath);
  }

  readSidecar(): Promise<Sidecar | undefined> {
    return readSidecar(this.sidecarPath);
  }

  /** Kept next to the partial file so a later process (editor restart) can resume it. */
  writeSidecar(): Promise<void> {
    return writeSidecar(this.sidecarPath, this.file, this.etag);
  }

  /** A response with another ETag: remember it, on disk too, before its bytes are written. */
  async recordEtag(etag: string | undefined): Promise<void> {
    if (etag === this.etag) return;
    this.etag = etag;
    await this.writeSidecar();
  }

  /** Adds bytes that are being appended to the partial file to the running hash. */
  hash(chunk: Buffer): void {
    this.hasher!.update(chunk);
    this.hashedBytes += chunk.length;
  }

  /** Makes the running hash cover exactly the partial file's bytes (re-reading it when needed). */
  async syncHash(partialBytes: number, signal: AbortSignal): Promise<void> {
    if (this.hasher && this.hashedBytes === partialBytes) return;
    this.hasher = createHash('sha256');
    this.hashedBytes = 0;
    if (partialBytes === 0) return;
    const hasher = this.hasher;
    await pipeline(
      fs.createReadStream(this.partialPath, { start: 0, end: partialBytes - 1 }),
      new Transform({
        transform: (chunk: Buffer, _enc, cb) => {
          hasher.update(chunk);
          cb();
        },
      }),
      { signal },
    );
    this.hashedBytes = partialBytes;
  }

  /** The hex SHA-256 of the first `bytes` bytes; the running hash is used up. */
  async digest(bytes: number): Promise<string> {
    await this.syncHash(bytes, new AbortController().signal);
    const hex = this.hasher!.digest('hex');
    this.forgetHash();
    return hex;
  }

  /** Empties the partial file: the server is sending the file from its first byte. */
  async restartFromZero(): Promise<void> {
    await fsp.writeFile(this.partialPath, Buffer.alloc(0));
    this.hasher = createHash('sha256');
    this.hashedBytes = 0;
  }

  /** Deletes the partial bytes, which belong to another file; the sidecar is rewritten next. */
  async removeBytes(): Promise<void> {
    await removeQuietly(this.partialPath);
    this.forgetHash();
  }

  /** Renames the verified partial file to the finished file's name and deletes its sidecar. */
  async moveIntoPlace(): Promise<void> {
    // Flush before the rename so a crash cannot leave a "ready" name on unwritten bytes.
    const handle = await fsp.open(this.partialPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(this.partialPath, this.path);
    await removeQuietly(this.sidecarPath);
  }

  /** Deletes the partial file and its sidecar: nothing of this download is kept. */
  async discard(): Promise<void> {
    await removeQuietly(this.partialPath);
    await removeQuietly(this.sidecarPath);
    this.forgetHash();
  }

  private forgetHash(): void {
    this.hasher = undefined;
    this.hashedBytes = 0;
  }
}
