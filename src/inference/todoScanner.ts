// Workspace TODO scan for the worker: walks a folder the way the editor's search would
// (.gitignore files, files.exclude / search.exclude globs, no binary or huge files; scanWalk.ts) and
// streams each file's TODOs as soon as it is read. Reads are synchronous into one reused buffer, in
// slices that give the event loop back every few milliseconds: on a warm cache that is several
// times faster than a promise per file, and the worker still answers other requests meanwhile.
// A big scan shares the reading with a helper thread (scanBatches.ts), in order. With the
// worker's record of an earlier scan, unchanged folders are not listed again and unchanged files
// not read again (recordedFolders.ts, recordedVerdicts.ts). A scan that makes a record without an
// earlier one may be told by ripgrep which files hold a tag, and reads only those.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { namedSyntax, syntaxForText } from '../core/lexing/fileSyntax';
import { DEFAULT_TODO_TAGS, findTodos, type TodoMatch } from '../core/todos/findTodos';
import { BINARY_SNIFF_BYTES, FileReader, stampOf, type FileVerdict } from './fileReader';
import type { RecordedVerdicts } from './recordedVerdicts';
import { ScanBatches } from './scanBatches';
import { FolderWalk, throwIfAborted, type FolderRecords, type PendingFile, type WalkRules } from './scanWalk';
import { ScannablePaths, type ScannablePathRules } from './scannablePaths';
import { compileGlobs } from '../core/todos/glob';
import { LocalFocusError } from '../core/errors';
import type { TodoScanStats } from '../core/tasksProtocol';

export interface TodoScanOptions {
  /** Tags to find (setting localFocus.todo.tags). */
  tags?: readonly string[];
  /** Globs relative to the root that are never scanned: the true entries of files.exclude and search.exclude. */
  exclude?: readonly string[];
  /** Files larger than this are skipped. Default 1 MiB. */
  maxFileBytes?: number;
  /** Honour .gitignore files (and .git/info/exclude). Default true. */
  respectGitignore?: boolean;
  /** Text of open editors by absolute path: used instead of the file on disk. */
  overrides?: ReadonlyMap<string, string>;
  /** Yield files without TODOs too, so a caller can mark tasks whose TODO disappeared. Default false. */
  yieldEmpty?: boolean;
  signal?: AbortSignal;
  /** Longest run of synchronous work before the event loop gets a turn. Default 8 ms. */
  sliceMs?: number;
  /** Share the reading of a big scan with the helper thread (scanHelper.ts). Default true; a
   *  short-lived process on few cores does better without, as the thread's start costs more. */
  shareWithHelper?: boolean;
  /** The persisted record's verdicts: unchanged files are answered from it, and what is read is
   *  remembered in it for the next record (recordedVerdicts.ts). */
  recorded?: RecordedVerdicts;
  /** The persisted record's folders: an unchanged folder is not listed again (recordedFolders.ts). */
  recordedFolders?: FolderRecords;
  /** For a scan that keeps a record: the root-relative paths of the files that may hold a tag, as
   *  ripgrep finds them (src/cli/todosByRipgrep.ts), or undefined when it could not tell. The
   *  scan lists and stamps every file while ripgrep searches, then reads only those it named. */
  tagged?: Promise<ReadonlySet<string> | undefined>;
}

export interface ScannedFile {
  /** Path relative to the scan root, with forward slashes. */
  path: string;
  absPath: string;
  todos: TodoMatch[];
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** The scan loop reads the clock once every 16 files (the mask's low bits all zero). */
const CLOCK_EVERY_FILES_MASK = 15;

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The scan's synchronous work cut into slices of `sliceMs` (default 8 ms), with a turn of the
 *  event loop between them, where a cancel is noticed. */
class Slices {
  private readonly ms: number;
  private readonly signal: AbortSignal | undefined;
  private start = performance.now();

  constructor(opts: Pick<TodoScanOptions, 'sliceMs' | 'signal'>) {
    this.ms = opts.sliceMs ?? 8;
    this.signal = opts.signal;
  }

  /** Whether the slice is over, asked once per file (`count`: files so far). The clock is read
   *  every few files only: a file from the record takes a few microseconds. */
  over(count: number): boolean {
    return (count & CLOCK_EVERY_FILES_MASK) === 0 && performance.now() - this.start > this.ms;
  }

  /** Gives the event loop its turn, throws LocalFocusError('cancelled') when the scan was
   *  cancelled meanwhile, and starts the next slice. */
  async turn(): Promise<void> {
    await yieldToEventLoop();
    throwIfAborted(this.signal);
    this.start = performance.now();
  }
}

/**
 * Scans a folder and yields each file with TODOs (every scanned file with `yieldEmpty`), in a
 * stable order (sorted names, depth first). The generator's return value is the run's statistics.
 * Throws LocalFocusError('cancelled') when the signal aborts.
 */
export async function* scanTodos(root: string, opts: TodoScanOptions = {}): AsyncGenerator<ScannedFile, TodoScanStats> {
  const started = performance.now();
  const tags = opts.tags ?? DEFAULT_TODO_TAGS;
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const rules: WalkRules = {
    excluded: compileGlobs(opts.exclude ?? []),
    respectGitignore: opts.respectGitignore ?? true,
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
  };
  const { recorded } = opts;
  const batches = new ScanBatches(new FileReader(maxBytes, tags), { tags, maxBytes, shareWithHelper: opts.shareWithHelper ?? true, stamped: recorded !== undefined });
  const stats = emptyScanStats();
  const walk = new FolderWalk(existingFolder(root), rules, stats, opts.recordedFolders);

  const stampedFirst = opts.tagged !== undefined && recorded !== undefined;
  const files = stampedFirst ? await stampedWhileTagged(walk.files(opts.signal), opts.tagged!, recorded!, opts) : walk.files(opts.signal);
  const slices = new Slices(opts);
  let listed = 0;
  for (const file of files) {
    if (!stampedFirst) recorded?.attach(file);
    if (batches.add(file)) yield* scannedSoFar(batches, stats, opts);
    if (slices.over(++listed)) {
      await slices.turn();
      yield* scannedSoFar(batches, stats, opts);
    }
  }
  batches.dispatch();
  while (batches.pending) {
    throwIfAborted(opts.signal);
    await batches.readOrWait();
    yield* scannedSoFar(batches, stats, opts);
  }
  if (recorded) stats.fromRecord = recorded.reused;
  stats.ms = performance.now() - started;
  return stats;
}

/**
 * The walk's files, listed and stamped while ripgrep searches (its answer arrives between slices),
 * then marked untagged where ripgrep named them not: those are not read. Each file's stamp is taken
 * before it is read, as scanUnlessUnchanged does.
 */
async function stampedWhileTagged(walked: Iterable<PendingFile>, tagged: Promise<ReadonlySet<string> | undefined>, recorded: RecordedVerdicts, opts: TodoScanOptions): Promise<PendingFile[]> {
  const files: PendingFile[] = [];
  const slices = new Slices(opts);
  for (const file of walked) {
    recorded.attach(file);
    if (file.override === undefined) {
      const stamp = stampOf(file.absPath);
      if (stamp) file.stamp = stamp;
    }
    files.push(file);
    if (slices.over(files.length)) await slices.turn();
  }
  const named = await tagged;
  if (named) for (const file of files) if (!named.has(file.rel)) file.untagged = true;
  return files;
}

function existingFolder(root: string): string {
  const absRoot = path.resolve(root);
  let rootStat: fs.Stats;
  try {
    rootStat = fs.statSync(absRoot);
  } catch {
    throw new LocalFocusError('bad-input', `${absRoot} does not exist.`);
  }
  if (!rootStat.isDirectory()) throw new LocalFocusError('bad-input', `${absRoot} is not a folder.`);
  return absRoot;
}

/** The files of the batches read so far, counted in stats and remembered in the record; one
 *  without TODOs only with yieldEmpty. */
function* scannedSoFar(batches: ScanBatches, stats: TodoScanStats, { yieldEmpty, recorded }: TodoScanOptions): Generator<ScannedFile> {
  for (const { files, verdicts } of batches.takeRead()) {
    for (let i = 0; i < files.length; i++) {
      const todos = countVerdict(stats, recorded ? recorded.settle(files[i]!, verdicts[i]) : verdicts[i]);
      if (todos && (todos.length > 0 || yieldEmpty)) yield { path: files[i]!.rel, absPath: files[i]!.absPath, todos };
    }
  }
}

/** A scan's statistics before any file. */
export function emptyScanStats(): TodoScanStats {
  return { filesScanned: 0, filesWithTodos: 0, todos: 0, skippedBinary: 0, skippedLarge: 0, skippedUnknown: 0, ignored: 0, ms: 0 };
}

/** Counts what reading a file found in `stats`; the file's TODOs when it was scanned. */
export function countVerdict(stats: TodoScanStats, verdict: FileVerdict | undefined): TodoMatch[] | undefined {
  if (verdict?.kind === 'binary') stats.skippedBinary++;
  else if (verdict?.kind === 'large') stats.skippedLarge++;
  else if (verdict?.kind === 'unknown') stats.skippedUnknown++;
  else if (verdict?.kind === 'todos') {
    stats.filesScanned++;
    if (verdict.todos.length > 0) {
      stats.filesWithTodos++;
      stats.todos += verdict.todos.length;
    }
    return verdict.todos;
  }
  return undefined;
}

/** Runs a scan to the end and collects everything; for the CLI and tests. */
export async function scanTodosToArray(root: string, opts: TodoScanOptions = {}): Promise<{ files: ScannedFile[]; stats: TodoScanStats }> {
  const files: ScannedFile[] = [];
  const it = scanTodos(root, opts);
  for (;;) {
    const r = await it.next();
    if (r.done) return { files, stats: r.value };
    files.push(r.value);
  }
}

export interface ScanFileOptions {
  tags?: readonly string[];
  maxFileBytes?: number;
}

/**
 * Re-scans one file after a save or an edit: `text` is the editor's buffer when the file is open,
 * otherwise the file is read. Returns [] for unknown languages, binary and too-large files.
 */
export async function scanFile(filePath: string, text?: string, opts: ScanFileOptions = {}): Promise<TodoMatch[]> {
  const tags = opts.tags ?? DEFAULT_TODO_TAGS;
  const named = namedSyntax(path.basename(filePath));
  if (!named) return [];
  if (text !== undefined) {
    const syntax = syntaxForText(named, text);
    return syntax ? findTodos(text, syntax, { tags }) : [];
  }
  const buf = await readWhole(filePath, opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if (!buf || buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) >= 0) return [];
  const content = buf.toString('utf8');
  const syntax = syntaxForText(named, content);
  return syntax ? findTodos(content, syntax, { tags }) : [];
}

/** The file's bytes; undefined when it is larger than `maxBytes`. */
async function readWhole(filePath: string, maxBytes: number): Promise<Buffer | undefined> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return undefined;
    const buf = Buffer.allocUnsafe(size);
    let total = 0;
    while (total < size) {
      const { bytesRead } = await handle.read(buf, total, size - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buf.subarray(0, total);
  } finally {
    await handle.close();
  }
}

/** Whether a workspace-relative path would be scanned: not excluded by globs nor by .gitignore files
 *  between the root and the file. For a save event on a single file. */
export function isScannablePath(root: string, relPath: string, opts: ScannablePathRules = {}): boolean {
  return new ScannablePaths(path.resolve(root), opts).syntaxOf(toPosix(relPath)) !== undefined;
}
