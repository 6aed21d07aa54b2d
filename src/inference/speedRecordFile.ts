// The speed records on disk (<LOCAL_FOCUS_HOME>/model-speed.json), per machine: every measured run
// is merged into its model's record and the file is written atomically, one write at a time (a
// generation and a bench in the same worker never lose each other's figures). A damaged file is
// logged and counts as no records; the next run replaces it. Speed is a nicety: a failed read or
// write never fails the request that measured it.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { removeOrphanedTempFiles, writeFileAtomic } from '../core/atomicWrite';
import { emptySpeedRecords, mergeSpeed, parseSpeedRecords, type SpeedMeasurement, type SpeedRecord, type SpeedRecordFile } from '../core/models/modelSpeed';
import { localFocusHome } from '../core/paths';
import type { LogLevel } from '../core/protocol';

export const SPEED_RECORD_FILE_NAME = 'model-speed.json';

export class SpeedRecords {
  /** Writes queue here, so each merges into the file the previous one wrote. */
  private writes: Promise<unknown> = Promise.resolve();
  private tempFilesRemoved = false;

  constructor(
    private readonly log: (level: LogLevel, message: string) => void,
    private readonly home: () => string = () => localFocusHome(),
  ) {}

  file(): string {
    return path.join(this.home(), SPEED_RECORD_FILE_NAME);
  }

  /** The records on disk; none when the file is missing or damaged. */
  async read(): Promise<SpeedRecordFile> {
    let text: string;
    try {
      text = await fsp.readFile(this.file(), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log('warn', `speed records: could not read ${this.file()} (${(err as Error).message}); starting without them`);
      return emptySpeedRecords();
    }
    try {
      return parseSpeedRecords(text);
    } catch (err) {
      this.log('warn', `speed records: ${this.file()} is damaged (${(err as Error).message}); ignoring it, the next measured run replaces it`);
      return emptySpeedRecords();
    }
  }

  async get(key: string): Promise<SpeedRecord | undefined> {
    return (await this.read()).models[key];
  }

  /** Resolves when the writes queued so far are on disk (or failed and were logged). */
  settled(): Promise<void> {
    return this.writes.then(() => undefined);
  }

  /** Merges a run into its model's record; resolves with the record once the file is written (or the write failed and was logged). */
  record(key: string, run: SpeedMeasurement): Promise<SpeedRecord> {
    const write = this.writes.then(async () => {
      const records = await this.read();
      const merged = mergeSpeed(records.models[key], run, new Date());
      records.models[key] = merged;
      try {
        await fsp.mkdir(path.dirname(this.file()), { recursive: true });
        // The first write clears temp files a killed writer left beside the file.
        if (!this.tempFilesRemoved) await removeOrphanedTempFiles(this.file());
        this.tempFilesRemoved = true;
        await writeFileAtomic(this.file(), JSON.stringify(records, null, 2) + '\n');
      } catch (err) {
        this.log('warn', `speed records: could not write ${this.file()} (${(err as Error).message}); the figures of ${run.name} are kept for this run only`);
      }
      return merged;
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}
