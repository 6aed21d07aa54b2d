// A scan's use of the folder's persisted record (scanRecordFiles.ts), shared by the worker's
// `todos/scan` and the CLI's `todos`: the record as it was before the scan answers for the files
// and folders unchanged since (recordedVerdicts.ts, recordedFolders.ts), and what the scan read
// becomes the next record, written once the scan is done when it changed.
import type { LogLevel } from '../core/protocol';
import type { TodoScanStats } from '../core/tasksProtocol';
import { RecordedFolders } from './recordedFolders';
import { RecordedVerdicts } from './recordedVerdicts';
import type { ScanRecordFiles } from './scanRecordFiles';
import type { TodoScanOptions } from './todoScanner';

/** How a scan keeps its record. */
export interface ScanRecordUse {
  files: ScanRecordFiles;
  /** The clock a file's last change is compared with (recordedVerdicts.ts); default Date.now. */
  now?: () => number;
  /** Where a line about each finished scan goes. */
  log?: (level: LogLevel, message: string) => void;
}

/** The record's part in one scan: what it held before, and what the scan keeps for the next. */
export class KeptRecord {
  private constructor(
    private readonly use: ScanRecordUse,
    private readonly root: string,
    private readonly key: string,
    private readonly verdicts: RecordedVerdicts,
    private readonly folders: RecordedFolders,
    private readonly loadMs: number,
  ) {}

  static async open(use: ScanRecordUse, root: string, key: string): Promise<KeptRecord> {
    const started = performance.now();
    const previous = await use.files.load(root, key);
    const startedAt = (use.now ?? Date.now)();
    const verdicts = new RecordedVerdicts(previous?.files ?? new Map(), startedAt);
    const folders = new RecordedFolders(previous?.folders ?? new Map(), startedAt, root);
    return new KeptRecord(use, root, key, verdicts, folders, performance.now() - started);
  }

  get scanOptions(): Pick<TodoScanOptions, 'recorded' | 'recordedFolders'> {
    return { recorded: this.verdicts, recordedFolders: this.folders };
  }

  /** After a finished scan: says what the record saved, and writes the next one when it changed. */
  finish(stats: TodoScanStats): void {
    this.use.log?.(
      'info',
      `TODO scan of ${this.root}: ${stats.filesScanned} files in ${Math.round(stats.ms)} ms; ${this.verdicts.reused} files and ${this.folders.reused} folders unchanged since the record (read in ${Math.round(this.loadMs)} ms).`,
    );
    if (this.verdicts.changed || this.folders.changed) void this.use.files.save({ root: this.root, key: this.key, files: this.verdicts.next, folders: this.folders.next });
  }
}
