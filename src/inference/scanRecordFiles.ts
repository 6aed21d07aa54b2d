// Where the workspace TODO scans keep their records (src/core/todos/scanRecord.ts), and how they
// are read and written: one file per scanned folder, <home>/todo-scans/<folder key>.json,
// replaced atomically. The record is only a shortcut: one that cannot be read or used is passed
// over with a log line saying why, the scan then reads every file, and its own record replaces
// the bad one; a failed write is logged and costs the next scan its shortcut, nothing else.

import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from '../core/atomicWrite';
import { folderKey } from '../core/paths';
import type { LogLevel } from '../core/protocol';
import { parseScanRecord, serializeScanRecord, type ScanRecord } from '../core/todos/scanRecord';

export class ScanRecordFiles {
  /** Writes under way by file: a load of the same folder waits for its write. */
  private readonly writing = new Map<string, Promise<void>>();
  private tempFilesRemoved = false;

  constructor(
    private readonly dir: string,
    private readonly log: (level: LogLevel, message: string) => void,
  ) {}

  fileFor(root: string): string {
    return path.join(this.dir, `${folderKey(root)}.json`);
  }

  /** The folder's record when there is one made under `key`; undefined otherwise. */
  async load(root: string, key: string): Promise<ScanRecord | undefined> {
    const file = this.fileFor(root);
    await this.writing.get(file);
    let text: string;
    try {
      // Read in one call: a few hundred kilobytes take a millisecond, where the chunked
      // asynchronous read took tens of them decoding.
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log('warn', `Could not read the TODO scan record ${file} (${(err as Error).message}); every file of ${root} is read.`);
      return undefined;
    }
    const parsed = parseScanRecord(text, root, key);
    if ('record' in parsed) return parsed.record;
    this.log(parsed.corrupt ? 'warn' : 'info', `The TODO scan record ${file} is not used: ${parsed.unusable}. Every file of ${root} is read, and a new record replaces it.`);
    return undefined;
  }

  /** Writes the record in the background; the next load of the same folder waits for it. */
  save(record: ScanRecord): Promise<void> {
    const file = this.fileFor(record.root);
    const before = this.writing.get(file) ?? Promise.resolve();
    const done: Promise<void> = before
      .then(() => this.write(file, record))
      .catch((err: unknown) => this.log('warn', `Could not write the TODO scan record ${file} (${(err as Error).message}); the next scan of ${record.root} reads every file.`))
      .finally(() => {
        if (this.writing.get(file) === done) this.writing.delete(file);
      });
    this.writing.set(file, done);
    return done;
  }

  /** Settles once no write is under way. */
  async idle(): Promise<void> {
    await Promise.all([...this.writing.values()]);
  }

  private async write(file: string, record: ScanRecord): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    if (!this.tempFilesRemoved) {
      this.tempFilesRemoved = true;
      await removeStaleTempFiles(this.dir);
    }
    await writeFileAtomic(file, serializeScanRecord(record));
  }
}
