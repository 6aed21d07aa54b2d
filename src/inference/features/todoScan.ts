// The worker's TODO scan requests. `todos/scan` walks a workspace folder and streams each batch
// of files as it is read; it keeps a record of what it read (scanRecordFiles.ts), so the scan
// after a restart reads only the files that changed since and takes the others' TODOs from the
// record, which it sends first so the editor can show those TODOs at once. `todos/scanFile`
// re-scans one file after a save.
import * as path from 'node:path';
import { LocalFocusError } from '../../core/errors';
import { todoScansDir } from '../../core/paths';
import type { LogLevel, ProgressParams } from '../../core/protocol';
import type {
  ScannedTodoFile,
  TodoFilesPartial,
  TodoRecordedPartial,
  TodoScanFileParams,
  TodoScanFileResult,
  TodoScanParams,
  TodoScanResult,
  TodoScanStats,
} from '../../core/tasksProtocol';
import { DEFAULT_TODO_TAGS } from '../../core/todos/findTodos';
import { recordKey, type ScanRecordSettings } from '../../core/todos/scanRecord';
import type { FeatureHost } from '../featureHost';
import { RecordedFolders } from '../recordedFolders';
import { RecordedVerdicts } from '../recordedVerdicts';
import { ScanRecordFiles } from '../scanRecordFiles';
import { DEFAULT_MAX_FILE_BYTES, isScannablePath, scanFile, scanTodos, type ScannedFile, type TodoScanOptions } from '../todoScanner';

/** Files per streamed batch, and the longest a batch waits, so the host shows results early. */
const BATCH_FILES = 200;
const BATCH_MS = 100;

function wireStats(s: TodoScanStats): TodoScanResult['stats'] {
  return { ...s, ms: Math.round(s.ms) };
}

/** How a scan keeps its record. */
export interface ScanRecordUse {
  files: ScanRecordFiles;
  /** The clock a file's last change is compared with (recordedVerdicts.ts); default Date.now. */
  now?: () => number;
  /** Where a line about each finished scan goes. */
  log?: (level: LogLevel, message: string) => void;
}

/** The record's part in one scan: what it held before, and what the scan keeps for the next. The
 *  worker's scans and `local-focus todos` (src/cli/todosListing.ts) both keep one. */
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

  /** Whether a record made under the scan's settings was found, and held any file. */
  get found(): boolean {
    return this.verdicts.heldAny;
  }

  /** The files that held TODOs when the record was written, in the record's (the scan's) order. */
  recordedTodoFiles(): ScannedTodoFile[] {
    return this.verdicts.recordedTodoFiles();
  }

  get scanOptions(): Pick<TodoScanOptions, 'recorded' | 'recordedFolders'> {
    return { recorded: this.verdicts, recordedFolders: this.folders };
  }

  /** After a finished scan: says what the record saved, and writes the next one when it changed;
   *  settles once that write is done (or has failed, which is logged). */
  finish(stats: TodoScanStats): Promise<void> {
    this.use.log?.(
      'info',
      `TODO scan of ${this.root}: ${stats.filesScanned} files in ${Math.round(stats.ms)} ms; ${this.verdicts.reused} files and ${this.folders.reused} folders unchanged since the record (read in ${Math.round(this.loadMs)} ms).`,
    );
    if (!this.verdicts.changed && !this.folders.changed) return Promise.resolve();
    return this.use.files.save({ root: this.root, key: this.key, files: this.verdicts.next, folders: this.folders.next });
  }
}

/**
 * Scans the folder, streaming batches of files when the request has an id. With a record, an
 * unchanged file's TODOs come from the folder's record, and a record that changed is written in
 * the background once the scan is done (a cancelled scan writes none).
 */
export async function scanWorkspaceTodos(
  params: TodoScanParams,
  signal: AbortSignal,
  progress: (p: ProgressParams) => void,
  record?: ScanRecordUse,
): Promise<TodoScanResult> {
  if (!params || typeof params.root !== 'string' || !path.isAbsolute(params.root)) throw new LocalFocusError('bad-input', 'todos/scan needs an absolute folder path as root.');
  const root = path.resolve(params.root);
  const settings: ScanRecordSettings = {
    tags: params.tags?.length ? params.tags : DEFAULT_TODO_TAGS,
    exclude: params.exclude ?? [],
    respectGitignore: params.respectGitignore ?? true,
    maxFileBytes: params.maxFileBytes || DEFAULT_MAX_FILE_BYTES,
  };
  const key = recordKey(settings);
  const kept = record ? await KeptRecord.open(record, root, key) : undefined;
  const stream = typeof params.requestId === 'string' && params.requestId.length > 0;
  // The editor shows the record's TODOs at once, while the scan stats every file to correct them.
  if (stream && kept?.found) {
    const files = kept.recordedTodoFiles();
    const partial: TodoRecordedPartial = { kind: 'todos/recorded', files };
    progress({ requestId: params.requestId!, message: `${files.length} files with TODOs in the record`, partial });
  }
  const it = scanTodos(root, {
    ...settings,
    overrides: new Map(Object.entries(params.overrides ?? {})),
    yieldEmpty: Boolean(params.yieldEmpty),
    signal,
    ...kept?.scanOptions,
  });
  const all: ScannedTodoFile[] = [];
  let batch: ScannedTodoFile[] = [];
  let batchStarted = Date.now();
  let sent = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const partial: TodoFilesPartial = { kind: 'todos/files', files: batch };
    sent += batch.length;
    progress({ requestId: params.requestId!, message: `scanned ${sent} files with TODOs`, done: sent, partial });
    batch = [];
    batchStarted = Date.now();
  };
  for (;;) {
    const r: IteratorResult<ScannedFile, TodoScanStats> = await it.next();
    if (r.done) {
      if (stream) flush();
      // The record is written in the background: the answer does not wait for it.
      void kept?.finish(r.value);
      return { files: stream ? [] : all, stats: wireStats(r.value) };
    }
    const file: ScannedTodoFile = { path: r.value.path, todos: r.value.todos };
    if (!stream) {
      all.push(file);
      continue;
    }
    batch.push(file);
    if (batch.length >= BATCH_FILES || Date.now() - batchStarted >= BATCH_MS) flush();
  }
}

export async function scanOneFile(params: TodoScanFileParams): Promise<TodoScanFileResult> {
  const started = performance.now();
  if (!params || typeof params.path !== 'string' || !path.isAbsolute(params.path)) throw new LocalFocusError('bad-input', 'todos/scanFile needs an absolute file path.');
  const done = (scannable: boolean, todos: TodoScanFileResult['todos']): TodoScanFileResult => ({ scannable, todos, ms: performance.now() - started });
  if (params.root) {
    const rel = path.relative(params.root, params.path);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    if (inside && !isScannablePath(params.root, rel, { exclude: params.exclude ?? [], respectGitignore: params.respectGitignore ?? true })) return done(false, []);
  }
  try {
    return done(true, await scanFile(params.path, params.text, params.tags?.length ? { tags: params.tags } : {}));
  } catch (err) {
    // A file deleted since the save has no TODOs any more: its tasks become resolved in code.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return done(true, []);
    throw err;
  }
}

/** Registers the scan requests; their records live under <home>/todo-scans/. */
export function registerTodoScan(service: FeatureHost): void {
  const log = (level: LogLevel, message: string): void => service.log(level, message);
  const record: ScanRecordUse = { files: new ScanRecordFiles(todoScansDir(), log), log };
  service.register('todos/scan', (params, signal) => scanWorkspaceTodos(params, signal, (p) => service.progress(p), record));
  // A record being written when the worker stops is finished first, so a restart finds it.
  service.onDispose(() => record.files.idle());
  service.register('todos/scanFile', (params) => scanOneFile(params));
}
