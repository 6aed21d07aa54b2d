// `local-focus todos [path]`: every TODO comment of a folder (or one file), the same scan the
// editor's CodeLens and task capture use. The listing is file:line:column, tag and text, as fast
// as the scan; `--parse` (or a clock, `--now`/`--tz`) adds the fields the rules tier reads from
// each TODO, which costs more than the scan itself. The command needs no worker service: the fast
// bundle (todosFastPath.ts) runs `runTodos` without loading the rest of the CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDuration } from '../core/tasks/taskFile';
import type { TaskFields } from '../core/tasks/task';
import { cliTodoScansDir } from '../core/paths';
import type { LogLevel } from '../core/protocol';
import { EDITOR_DEFAULT_EXCLUDES } from '../core/todos/editorExcludes';
import { DEFAULT_TODO_TAGS } from '../core/todos/findTodos';
import { UsageError, type OptionSpec } from './args';
import type { CliCommand, CliIo } from './command';
import { ripgrepBinary } from './ripgrepBinary';
import type { ScanRecordUse } from '../inference/features/todoScan';
import { ScanRecordFiles } from '../inference/scanRecordFiles';
import { printable } from './terminalText';
import { narrowToGitScope, scopeText, wantsGitScope, type ListingScope } from './todosGitScope';
import { listTodos, type ListedTodo, type TodoListing } from './todosListing';

export type { ListedTodo } from './todosListing';

/** `title · due … · !high · #tag · @who · est 2h`: the parsed fields on one line. */
export function formatParsedFields(f: TaskFields): string {
  const parts = [f.title];
  if (f.due) parts.push(`due ${f.due.replace('T', ' ')}`);
  if (f.priority) parts.push(`!${f.priority}`);
  if (f.tags.length) parts.push(f.tags.map((t) => `#${t}`).join(' '));
  if (f.assignee) parts.push(`@${f.assignee}`);
  if (f.estimateMinutes) parts.push(`est ${formatDuration(f.estimateMinutes)}`);
  return parts.join(' · ');
}

export function splitList(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export const TODOS_OPTIONS: Record<string, OptionSpec> = {
  parse: { value: false },
  tags: { value: true },
  exclude: { value: true },
  now: { value: true },
  tz: { value: true },
  'no-gitignore': { value: false },
  mine: { value: false },
  branch: { value: false },
  base: { value: true },
  'no-default-excludes': { value: false },
  record: { value: false },
};

/** What `todos` reads of a command's context: no service, no config. */
export interface TodosRun {
  args: string[];
  options: Record<string, string | boolean>;
  json: boolean;
  io: CliIo;
  cwd: string;
  signal: AbortSignal;
}

export async function runTodos({ args, options, json, io, cwd, signal }: TodosRun): Promise<number> {
  if (args.length > 1) throw new UsageError(`'todos' takes at most one path`);
  const target = path.resolve(cwd, args[0] ?? '.');
  if (!fs.existsSync(target)) throw new UsageError(`no file or folder at ${args[0] ?? '.'}`);
  const now = typeof options.now === 'string' ? options.now : undefined;
  if (now !== undefined && Number.isNaN(new Date(now).getTime())) throw new UsageError('--now must be an ISO date-time such as 2026-03-10T09:30:00+01:00');
  const timeZone = typeof options.tz === 'string' ? options.tz : undefined;
  // A clock only matters to the parse, so giving one asks for it.
  const parse = options.parse || now !== undefined || timeZone !== undefined;

  const gitScope = { mine: Boolean(options.mine), branch: Boolean(options.branch), base: typeof options.base === 'string' ? options.base : undefined };
  if (gitScope.base !== undefined && !gitScope.base.trim()) throw new UsageError('--base needs a branch, tag or commit, such as --base main');

  const listed = await listTodos(target, {
    tags: splitList(options.tags) ?? [...DEFAULT_TODO_TAGS],
    // The editor's default excludes (node_modules, bower_components …) come first; --exclude adds to them.
    exclude: [...(options['no-default-excludes'] ? [] : EDITOR_DEFAULT_EXCLUDES), ...(splitList(options.exclude) ?? [])],
    respectGitignore: !options['no-gitignore'],
    ripgrep: ripgrepBinary(io.env),
    ...(options.record ? { record: listingRecord(io) } : {}),
    ...(parse ? { parse: { ...(now ? { now } : {}), ...(timeZone ? { timeZone } : {}) } } : {}),
    signal,
  });
  // A base names what to compare with, so giving one asks for the branch scope.
  const listing = wantsGitScope(gitScope) ? await narrowToGitScope(listed, gitScope, signal) : listed;
  io.out(json ? JSON.stringify(listing, null, 2) + '\n' : listingText(listing));
  return 0;
}

/**
 * The record a folder listing keeps with --record, under <home>/todo-scans-cli/, so the next such
 * listing of the folder reads only what changed. It is only a shortcut: a record that cannot be read or written
 * is said on stderr, and the listing is complete without it.
 */
function listingRecord(io: CliIo): ScanRecordUse {
  const log = (level: LogLevel, message: string): void => {
    if (level === 'warn' || level === 'error') io.err(`local-focus: ${message}\n`);
  };
  return { files: new ScanRecordFiles(cliTodoScansDir(io.env), log), log };
}

/** One line per TODO (and one for its parsed fields), then the count. */
function listingText({ todos, stats, listedBy, scope }: TodoListing & { scope?: ListingScope }): string {
  const lines: string[] = [];
  for (const t of todos) {
    // A comment's control characters are shown, not sent to the terminal.
    lines.push(printable(`${t.file}:${t.line}:${t.column}  ${t.tag}${t.owner ? `(${t.owner})` : ''}  ${t.text}`));
    if (t.parsed) lines.push(`    → ${printable(formatParsedFields(t.parsed))}`);
  }
  const fileCount = new Set(todos.map((t: ListedTodo) => t.file)).size;
  const unchanged = stats?.fromRecord ? `, ${stats.fromRecord} of them unchanged since the last listing` : '';
  const scanned = !stats ? '' : listedBy ? `${stats.filesScanned} files named by ripgrep read in ${stats.ms} ms` : `${stats.filesScanned} files scanned in ${stats.ms} ms${unchanged}`;
  const tail = [scanned, scope ? scopeText(scope) : ''].filter(Boolean).join('; ');
  lines.push(`${todos.length} TODO${todos.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}${tail ? ` (${tail})` : ''}`);
  return lines.join('\n') + '\n';
}

export const todosCommand: CliCommand = {
  synopsis:
    'todos [path] [--json] [--parse] [--tags TODO,FIXME] [--exclude glob,glob] [--no-default-excludes] [--no-gitignore] [--now <ISO>] [--tz <zone>] [--mine] [--branch] [--base <ref>] [--record]   list every TODO comment (file:line, tag, text); --parse adds the due date, priority, tags, assignee and estimate the rules read (--now/--tz set its clock and imply it); node_modules, bower_components and the editor\'s other default excludes are skipped unless --no-default-excludes; --mine keeps the TODOs on lines git blame gives your user.email (uncommitted lines count as yours), --branch those on lines added since the merge-base with the default branch (origin/HEAD, main or master; --base <ref> names another and implies it); --record keeps a record of each file\'s size, times and TODOs under ~/.local-focus/todo-scans-cli, so the next --record listing of the folder reads only the files that changed (worth it where many files hold a tag; the first such listing costs more)',
  options: TODOS_OPTIONS,
  run: (ctx) => runTodos(ctx),
};
