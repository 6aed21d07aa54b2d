// `local-focus todos [path]`: every TODO comment of a folder (or one file) with the fields the
// rules read from it, the same scan and parser the editor's CodeLens and task capture use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDuration } from '../core/tasks/taskFile';
import type { TaskFields } from '../core/tasks/task';
import { todoTextForParsing, type ScannedTodoFile, type TodoScanResult } from '../core/tasksProtocol';
import { DEFAULT_TODO_TAGS } from '../core/todos/findTodos';
import { UsageError } from './args';
import type { CliCommand } from './command';
import { printable } from './terminalText';

export interface ListedTodo {
  /** Relative to the scanned folder (to the file's folder when one file was given), forward slashes. */
  file: string;
  /** 1-based, as editors and compilers print them. */
  line: number;
  column: number;
  tag: string;
  text: string;
  owner?: string;
  parsed: TaskFields & { tier: string };
}

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

export const todosCommand: CliCommand = {
  synopsis: 'todos [path] [--json] [--tags TODO,FIXME] [--exclude glob,glob] [--now <ISO>] [--tz <zone>] [--no-gitignore]   list every TODO comment with its parsed fields',
  options: { tags: { value: true }, exclude: { value: true }, now: { value: true }, tz: { value: true }, 'no-gitignore': { value: false } },
  async run({ args, options, json, service, io, cwd, signal }) {
    if (args.length > 1) throw new UsageError(`'todos' takes at most one path`);
    const target = path.resolve(cwd, args[0] ?? '.');
    if (!fs.existsSync(target)) throw new UsageError(`no file or folder at ${args[0] ?? '.'}`);
    const tags = splitList(options.tags) ?? [...DEFAULT_TODO_TAGS];
    const exclude = splitList(options.exclude) ?? [];
    const now = typeof options.now === 'string' ? options.now : undefined;
    if (now !== undefined && Number.isNaN(new Date(now).getTime())) throw new UsageError('--now must be an ISO date-time such as 2026-03-10T09:30:00+01:00');
    const timeZone = typeof options.tz === 'string' ? options.tz : undefined;

    let root: string;
    let files: ScannedTodoFile[];
    let stats: TodoScanResult['stats'] | undefined;
    if (fs.statSync(target).isDirectory()) {
      root = target;
      const result = await service.call('todos/scan', { root, tags, exclude, respectGitignore: !options['no-gitignore'] }, signal);
      files = result.files;
      stats = result.stats;
    } else {
      root = path.dirname(target);
      const result = await service.call('todos/scanFile', { path: target, tags }, signal);
      files = result.todos.length ? [{ path: path.basename(target), todos: result.todos }] : [];
    }

    const listed: ListedTodo[] = [];
    for (const file of files) {
      for (const todo of file.todos) {
        // The rules tier: deterministic and instant, so a listing of thousands of TODOs stays quick.
        const parsed = await service.call(
          'tasks/parse',
          { text: todoTextForParsing(todo), tier: 'degraded', todoTags: tags, ...(now ? { now } : {}), ...(timeZone ? { timeZone } : {}) },
          signal,
        );
        const fields: ListedTodo['parsed'] = { title: parsed.title, tags: parsed.tags, tier: parsed.tier };
        if (parsed.due) fields.due = parsed.due;
        if (parsed.priority) fields.priority = parsed.priority;
        if (parsed.assignee) fields.assignee = parsed.assignee;
        if (parsed.estimateMinutes) fields.estimateMinutes = parsed.estimateMinutes;
        listed.push({
          file: file.path,
          line: todo.line + 1,
          column: todo.column + 1,
          tag: todo.tag,
          text: todo.text,
          ...(todo.owner ? { owner: todo.owner } : {}),
          parsed: fields,
        });
      }
    }

    if (json) {
      io.out(JSON.stringify({ root, todos: listed, ...(stats ? { stats } : {}) }, null, 2) + '\n');
      return 0;
    }
    for (const t of listed) {
      // A comment's control characters are shown, not sent to the terminal.
      io.out(printable(`${t.file}:${t.line}:${t.column}  ${t.tag}${t.owner ? `(${t.owner})` : ''}  ${t.text}`) + '\n');
      io.out(`    → ${printable(formatParsedFields(t.parsed))}\n`);
    }
    const fileCount = new Set(listed.map((t) => t.file)).size;
    const tail = stats ? ` (${stats.filesScanned} files scanned in ${stats.ms} ms)` : '';
    io.out(`${listed.length} TODO${listed.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}${tail}\n`);
    return 0;
  },
};
