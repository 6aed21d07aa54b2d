// The TODOs of a folder (or one file) for `local-focus todos`, read in this process: the scan
// itself (with its helper thread), and, only when asked for, the rules tier's fields. Both run
// here rather than through the worker's service, so the command needs no model library and no
// service at all, and the fast bundle (dist/cliTodos.js) can run it alone.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../core/errors';
import type { TaskFields } from '../core/tasks/task';
import { isValidTimeZone, systemTimeZone } from '../core/tasks/timeZone';
import { todoTextForParsing, type ScannedTodoFile, type TodoScanResult } from '../core/tasksProtocol';
import type { TodoMatch } from '../core/todos/findTodos';
import { recordKey } from '../core/todos/scanRecord';
import { KeptRecord, type ScanRecordUse } from '../inference/features/todoScan';
import { DEFAULT_MAX_FILE_BYTES, scanFile, scanTodosToArray } from '../inference/todoScanner';
import { listTodosByRipgrep, ripgrepTaggedFiles } from './todosByRipgrep';

export interface ListedTodo {
  /** Relative to the scanned folder (to the file's folder when one file was given), forward slashes. */
  file: string;
  /** 1-based, as editors and compilers print them. */
  line: number;
  column: number;
  tag: string;
  text: string;
  owner?: string;
  /** The rules tier's fields; only when the listing was asked to parse. */
  parsed?: TaskFields & { tier: string };
}

export interface TodoListing {
  /** The scanned folder (the file's folder when one file was given). */
  root: string;
  todos: ListedTodo[];
  /** A folder scan's statistics; absent for one file. */
  stats?: TodoScanResult['stats'];
  /** Set when ripgrep chose the files to read; the statistics then count only the files it named. */
  listedBy?: 'ripgrep';
}

export interface ListTodosOptions {
  tags: readonly string[];
  exclude: readonly string[];
  respectGitignore: boolean;
  /** Files larger than this are skipped. Default 1 MiB, as in the editor. */
  maxFileBytes?: number;
  /** Read each TODO's fields with the rules; the clock and zone its dates are read against. */
  parse?: { now?: string; timeZone?: string };
  /** ripgrep's binary, to find the files of a folder that hold a tag (todosByRipgrep.ts): all the
   *  listing reads without a record, and what a listing without an earlier record reads. */
  ripgrep?: string | undefined;
  /** The folder's record of the last listing: a listing that keeps one walks the folder, takes
   *  each unchanged file's TODOs from it and reads only the others, then writes the next record. */
  record?: ScanRecordUse;
  signal?: AbortSignal;
}

/** Lists the TODOs at `target`, an existing absolute file or folder. */
export async function listTodos(target: string, opts: ListTodosOptions): Promise<TodoListing> {
  const { root, files, stats, listedBy } = await scanTarget(target, opts);
  const parse = opts.parse ? await rulesParser(opts.parse, opts.tags) : undefined;
  const todos: ListedTodo[] = [];
  for (const file of files) {
    for (const todo of file.todos) {
      const listed: ListedTodo = { file: file.path, line: todo.line + 1, column: todo.column + 1, tag: todo.tag, text: todo.text };
      if (todo.owner) listed.owner = todo.owner;
      if (parse) listed.parsed = parse(todo);
      todos.push(listed);
    }
  }
  return { root, todos, ...(stats ? { stats } : {}), ...(listedBy ? { listedBy } : {}) };
}

/** Cores from which the helper thread pays for its start in a one-off listing: starting a thread
 *  compiles Node's internals anew (about 0.2 s of CPU on a 2-core machine), and on 2 cores the
 *  thread then competes with this one: bench/todos-cli.ts measured the listing slower with it. */
const HELPER_THREAD_MIN_CORES = 4;

function helperThreadPaysOff(): boolean {
  return (os.availableParallelism?.() ?? os.cpus().length) >= HELPER_THREAD_MIN_CORES;
}

async function scanTarget(target: string, opts: ListTodosOptions): Promise<Omit<TodoListing, 'todos'> & { files: ScannedTodoFile[] }> {
  if (!fs.statSync(target).isDirectory()) {
    const todos = await scanFile(target, undefined, { tags: opts.tags });
    return { root: path.dirname(target), files: todos.length ? [{ path: path.basename(target), todos }] : [] };
  }
  const settings = { tags: opts.tags, exclude: opts.exclude, respectGitignore: opts.respectGitignore, maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES };
  const signal = opts.signal ? { signal: opts.signal } : {};
  if (!opts.record) {
    const byRipgrep = opts.ripgrep ? await listTodosByRipgrep(opts.ripgrep, target, { ...settings, ...signal }) : undefined;
    if (byRipgrep) return { root: target, files: byRipgrep.files, stats: { ...byRipgrep.stats, ms: Math.round(byRipgrep.stats.ms) }, listedBy: 'ripgrep' };
  }
  // The record is opened before ripgrep runs: a file changed after that is too recent to record
  // (recordedVerdicts.ts), so no file is recorded as ripgrep saw it but stamped as it is later.
  const kept = opts.record ? await KeptRecord.open(opts.record, target, recordKey(settings)) : undefined;
  // Without an earlier record, ripgrep tells which files hold a tag while the walk stamps every
  // file, and only those are read. A ripgrep that fails (or is stopped) leaves every file read.
  const tagged = kept && !kept.found && opts.ripgrep ? ripgrepTaggedFiles(opts.ripgrep, target, { ...settings, ...signal }).catch(() => undefined) : undefined;
  const { files, stats } = await scanTodosToArray(target, {
    ...settings,
    shareWithHelper: helperThreadPaysOff(),
    ...signal,
    ...kept?.scanOptions,
    ...(tagged ? { tagged } : {}),
  });
  // The process may exit once this returns: the next record is written first.
  await kept?.finish(stats);
  return { root: target, files: files.map((f) => ({ path: f.path, todos: f.todos })), stats: { ...stats, ms: Math.round(stats.ms) } };
}

/**
 * The rules tier as `tasks/parse` runs it (same text, tags, clock and zone checks), called
 * directly: it is deterministic and takes microseconds, where a request per TODO cost more than
 * the whole scan. The rules (chrono-node's locales above all) are loaded only here: a listing
 * without fields starts without them.
 */
async function rulesParser(clock: { now?: string; timeZone?: string }, tags: readonly string[]): Promise<(todo: TodoMatch) => NonNullable<ListedTodo['parsed']>> {
  const now = clock.now !== undefined ? new Date(clock.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new LocalFocusError('bad-input', `"${clock.now}" is not an ISO date-time; give one like 2026-03-10T09:30:00+01:00.`);
  const timeZone = clock.timeZone ?? systemTimeZone();
  if (!isValidTimeZone(timeZone)) throw new LocalFocusError('bad-input', `"${timeZone}" is not an IANA time zone such as Europe/Berlin.`);
  const { parseTaskRules } = await import('../core/tasks/parseTaskRules.js');
  return (todo) => {
    const rules = parseTaskRules(todoTextForParsing(todo), { now, timeZone, todoTags: tags });
    const fields: NonNullable<ListedTodo['parsed']> = { title: rules.title, tags: rules.tags, tier: 'degraded' };
    if (rules.due) fields.due = rules.due;
    if (rules.priority) fields.priority = rules.priority;
    if (rules.assignee) fields.assignee = rules.assignee;
    if (rules.estimateMinutes) fields.estimateMinutes = rules.estimateMinutes;
    return fields;
  };
}
