// Workspace TODO scan for the worker: walks a folder the way the editor's search would
// (.gitignore files, files.exclude / search.exclude globs, no binary or huge files) and streams
// each file's TODOs as soon as it is read. Reads are synchronous into one reused buffer, in
// slices that give the event loop back every few milliseconds: on a warm cache that is several
// times faster than a promise per file, and the worker still answers other requests meanwhile.
// A big scan shares the reading with a helper thread (scanHelper.ts), in order.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommentSyntax } from '../core/lexing/commentSyntax';
import { commentSyntaxForFileName } from '../core/lexing/syntaxLookup';
import { DEFAULT_TODO_TAGS, findTodos, type TodoMatch } from '../core/todos/findTodos';
import { BINARY_SNIFF_BYTES, FileReader, type FileVerdict } from './fileReader';
import { scanHelper } from './scanHelper';
import { compileGlobs } from '../core/todos/glob';
import { GitIgnore, IgnoreStack } from '../core/todos/ignore';
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
}

export interface ScannedFile {
  /** Path relative to the scan root, with forward slashes. */
  path: string;
  absPath: string;
  todos: TodoMatch[];
}


export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Folders of version control that no scan wants, whatever the excludes say. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn']);

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LocalFocusError('cancelled');
}

/** Files per batch: big enough that a message costs little against the reading, small enough to share. */
const BATCH_FILES = 32;
/** Small scans (a few dozen files) stay in one thread: starting the helper would cost more. */
const SHARE_AFTER_BATCHES = 2;
/** Batches the helper holds at once: its answers arrive only when this thread gives the event loop a
 *  turn (every sliceMs), so it needs enough to stay busy that long. */
const HELPER_IN_FLIGHT = 8;
/** Batches waiting for the helper beyond which this thread reads some itself. */
const HELPER_BACKLOG = 4;

interface PendingFile {
  rel: string;
  absPath: string;
  name: string;
  syntax: CommentSyntax;
  override?: string;
}

interface Batch {
  files: PendingFile[];
  /** Set once read, by either thread. */
  verdicts?: (FileVerdict | undefined)[];
  /** Settles when the batch is read, by either thread. */
  done?: Promise<void>;
  resolve?: () => void;
}

async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
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
  const respectGitignore = opts.respectGitignore ?? true;
  const excluded = compileGlobs(opts.exclude ?? []);
  const sliceMs = opts.sliceMs ?? 8;
  const reader = new FileReader(maxBytes, tags);
  const stats: TodoScanStats = { filesScanned: 0, filesWithTodos: 0, todos: 0, skippedBinary: 0, skippedLarge: 0, skippedUnknown: 0, ignored: 0, ms: 0 };
  const absRoot = path.resolve(root);
  let rootStat: fs.Stats;
  try {
    rootStat = fs.statSync(absRoot);
  } catch {
    throw new LocalFocusError('bad-input', `${absRoot} does not exist.`);
  }
  if (!rootStat.isDirectory()) throw new LocalFocusError('bad-input', `${absRoot} is not a folder.`);

  let rootIgnores = new IgnoreStack();
  if (respectGitignore) {
    const infoExclude = readTextIfExists(path.join(absRoot, '.git', 'info', 'exclude'));
    if (infoExclude) rootIgnores = rootIgnores.with('', GitIgnore.parse(infoExclude));
  }

  // Files are read and lexed in batches, in order. Once a scan is big enough to share, some
  // batches go to the helper thread (scanHelper.ts) while this thread walks the folders and does
  // the others; results are yielded in the walk's order whichever thread read them.
  let current: PendingFile[] = [];
  let dispatched = 0;
  const queue: Batch[] = [];
  const scanLocally = (files: readonly PendingFile[]): (FileVerdict | undefined)[] => files.map((f) => reader.tryScan(f.absPath, f.syntax, f.override));
  // Batches meant for the helper wait here until it has room; this thread takes them back from
  // the tail (the last in order) when the helper falls behind and once the walk is done, so both
  // threads stay busy to the end.
  const forHelper: Batch[] = [];
  const readHere = (batch: Batch): void => {
    batch.verdicts = scanLocally(batch.files);
    batch.resolve?.();
  };
  const feedHelper = (): void => {
    while (forHelper.length > 0 && scanHelper.inFlight < HELPER_IN_FLIGHT) {
      const batch = forHelper.shift()!;
      scanHelper.submit({ tags, maxBytes, files: batch.files.map((f) => ({ absPath: f.absPath, name: f.name })) }).then(
        (verdicts) => {
          batch.verdicts = verdicts;
          batch.resolve?.();
          feedHelper();
        },
        () => readHere(batch), // the thread failed: this thread reads them
      );
    }
  };
  const dispatch = (): void => {
    if (current.length === 0) return;
    const batch: Batch = { files: current };
    current = [];
    queue.push(batch);
    const share = dispatched++ >= SHARE_AFTER_BATCHES && scanHelper.usable && !batch.files.some((f) => f.override !== undefined);
    if (!share) return readHere(batch);
    batch.done = new Promise<void>((resolve) => (batch.resolve = resolve));
    forHelper.push(batch);
    feedHelper();
    while (forHelper.length > HELPER_BACKLOG) readHere(forHelper.pop()!);
  };
  function* drain(): Generator<ScannedFile> {
    while (queue.length > 0 && queue[0]!.verdicts) {
      const batch = queue.shift()!;
      for (let i = 0; i < batch.files.length; i++) {
        const verdict = batch.verdicts![i];
        if (verdict?.kind === 'binary') stats.skippedBinary++;
        else if (verdict?.kind === 'large') stats.skippedLarge++;
        else if (verdict?.kind === 'todos') {
          stats.filesScanned++;
          if (verdict.todos.length > 0) {
            stats.filesWithTodos++;
            stats.todos += verdict.todos.length;
          }
          if (verdict.todos.length > 0 || opts.yieldEmpty) yield { path: batch.files[i]!.rel, absPath: batch.files[i]!.absPath, todos: verdict.todos };
        }
      }
    }
  }

  // Explicit stack instead of recursion: deep trees and a generator do not mix well with recursion.
  const stack: { rel: string; ignores: IgnoreStack }[] = [{ rel: '', ignores: rootIgnores }];
  let sliceStart = performance.now();
  while (stack.length > 0) {
    throwIfAborted(opts.signal);
    const { rel, ignores: parentIgnores } = stack.pop()!;
    const absDir = rel === '' ? absRoot : path.join(absRoot, rel);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable folder: the scan goes on with the rest
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let ignores = parentIgnores;
    if (respectGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const content = readTextIfExists(path.join(absDir, '.gitignore'));
      if (content) ignores = ignores.with(rel, GitIgnore.parse(content));
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(name) || excluded(childRel) || ignores.ignores(childRel, true)) {
          stats.ignored++;
          continue;
        }
        subdirs.push(childRel);
        continue;
      }
      if (!entry.isFile()) continue; // symlinks, sockets: not followed, as ripgrep does by default
      const syntax = commentSyntaxForFileName(name);
      if (!syntax) {
        stats.skippedUnknown++;
        continue;
      }
      if (excluded(childRel) || ignores.ignores(childRel, false)) {
        stats.ignored++;
        continue;
      }
      const absPath = absDir + path.sep + name;
      const override = opts.overrides?.get(absPath);
      current.push({ rel: childRel, absPath, name, syntax, ...(override !== undefined ? { override } : {}) });
      if (current.length >= BATCH_FILES) {
        dispatch();
        yield* drain();
      }
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToEventLoop();
        throwIfAborted(opts.signal);
        yield* drain();
        sliceStart = performance.now();
      }
    }
    // Reverse so that popping visits folders in sorted order.
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push({ rel: subdirs[k]!, ignores });
  }
  dispatch();
  while (queue.length > 0) {
    throwIfAborted(opts.signal);
    if (forHelper.length > 0) {
      readHere(forHelper.pop()!);
      await yieldToEventLoop(); // lets the helper's answers in, which feeds it again
    } else if (!queue[0]!.verdicts) {
      await queue[0]!.done;
    }
    yield* drain();
  }
  stats.ms = performance.now() - started;
  return stats;
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
  const syntax = commentSyntaxForFileName(path.basename(filePath));
  if (!syntax) return [];
  if (text !== undefined) return findTodos(text, syntax, { tags });
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const handle = await fs.promises.open(filePath, 'r');
  let buf: Buffer;
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return [];
    buf = Buffer.allocUnsafe(size);
    let total = 0;
    while (total < size) {
      const { bytesRead } = await handle.read(buf, total, size - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    buf = buf.subarray(0, total);
  } finally {
    await handle.close();
  }
  if (buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) >= 0) return [];
  return findTodos(buf.toString('utf8'), syntax, { tags });
}

/** Whether a workspace-relative path would be scanned: not excluded by globs nor by .gitignore files
 *  between the root and the file. For a save event on a single file. */
export function isScannablePath(root: string, relPath: string, opts: Pick<TodoScanOptions, 'exclude' | 'respectGitignore'> = {}): boolean {
  const rel = toPosix(relPath);
  const parts = rel.split('/');
  if (parts.some((p) => ALWAYS_SKIPPED_DIRS.has(p))) return false;
  if (!commentSyntaxForFileName(parts[parts.length - 1]!)) return false;
  const excluded = compileGlobs(opts.exclude ?? []);
  for (let k = 1; k <= parts.length; k++) if (excluded(parts.slice(0, k).join('/'))) return false;
  if (opts.respectGitignore === false) return true;
  let ignores = new IgnoreStack();
  const absRoot = path.resolve(root);
  const infoExclude = readTextIfExists(path.join(absRoot, '.git', 'info', 'exclude'));
  if (infoExclude) ignores = ignores.with('', GitIgnore.parse(infoExclude));
  for (let k = 0; k < parts.length; k++) {
    const base = parts.slice(0, k).join('/');
    const content = readTextIfExists(path.join(absRoot, base, '.gitignore'));
    if (content) ignores = ignores.with(base, GitIgnore.parse(content));
    const here = parts.slice(0, k + 1).join('/');
    if (ignores.ignores(here, k < parts.length - 1)) return false;
  }
  return true;
}

function readTextIfExists(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
