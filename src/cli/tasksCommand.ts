// `local-focus tasks parse|add|list|next|summary|suggest`: the task parser and the workspace's task file from a terminal.
// `parse` prints one parsed task (with --now, dates are relative to it: tests and benchmarks use
// it); `add` and `list` read and write the same Markdown task file the editor keeps, with the same
// never-overwrite-an-unseen-edit store; `next` ranks the open tasks (tasksNext.ts); `summary`
// reports a period's done, resolved, added, overdue and due-next tasks (tasksSummary.ts);
// `suggest` prints the tags and estimate a capture would suggest (tasksSuggest.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TIER_LABELS } from '../core/protocol';
import type { Task } from '../core/tasks/task';
import { formatTaskLine } from '../core/tasks/taskFile';
import { newTaskId } from '../core/tasks/taskIdentity';
import type { TaskParseParams, TaskParseResult } from '../core/tasksProtocol';
import { UsageError } from './args';
import type { CliCommand, CliContext } from './command';
import { taskStoreOf } from './taskFileStore';
import { tasksNext } from './tasksNext';
import { tasksSuggest } from './tasksSuggest';
import { tasksSummary } from './tasksSummary';
import { TIER_NAMES, TIER_SOURCE } from './taskTiers';
import { formatParsedFields } from './todosCommand';

export const DEFAULT_TASK_FILE = 'TASKS.md';


function parseParams(ctx: CliContext, text: string): TaskParseParams {
  const { options, cwd } = ctx;
  const params: TaskParseParams = { text };
  if (typeof options.now === 'string') {
    if (Number.isNaN(new Date(options.now).getTime())) throw new UsageError('--now must be an ISO date-time such as 2026-03-10T09:30:00+01:00');
    params.now = options.now;
  }
  if (typeof options.tz === 'string') params.timeZone = options.tz;
  if (options.tier !== undefined) {
    const tier = typeof options.tier === 'string' ? TIER_NAMES[options.tier] : undefined;
    if (!tier) throw new UsageError('--tier must be rules, local, server or cloud');
    params.tier = tier;
  }
  if (typeof options.model === 'string') params.modelPath = path.resolve(cwd, options.model);
  return params;
}

function taskText(args: string[], verb: string): string {
  const text = args.join(' ').trim();
  if (!text) throw new UsageError(`'tasks ${verb}' needs the task text in quotes, e.g. tasks ${verb} "fix login redirect tomorrow 3pm !high"`);
  return text;
}

/** The workspace folder (--path, else the current folder) and its task file (--file, else TASKS.md). */
export function taskFileOf(ctx: CliContext): { root: string; filePath: string; linkBase: string } {
  const root = path.resolve(ctx.cwd, typeof ctx.options.path === 'string' ? ctx.options.path : '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--path ${root} is not a folder`);
  const file = typeof ctx.options.file === 'string' ? ctx.options.file : DEFAULT_TASK_FILE;
  const filePath = path.resolve(root, file);
  const linkBase = path.relative(root, path.dirname(filePath)).split(path.sep).join('/');
  return { root, filePath, linkBase };
}

function describeParse(r: TaskParseResult): string {
  const lines = [formatParsedFields(r), `  parsed by ${TIER_LABELS[r.tier]} (${TIER_SOURCE[r.tier]}) in ${r.ms} ms`];
  if (r.fromModel?.length) lines.push(`  from the model: ${r.fromModel.join(', ')}`);
  if (r.fallbackReason) lines.push(`  why not a better tier: ${r.fallbackReason}`);
  return lines.join('\n') + '\n';
}

function fieldsOf(r: TaskParseResult): Omit<Task, 'id' | 'status' | 'created'> {
  const t: Omit<Task, 'id' | 'status' | 'created'> = { title: r.title, tags: [...r.tags], tier: r.tier };
  if (r.due) t.due = r.due;
  if (r.priority) t.priority = r.priority;
  if (r.assignee) t.assignee = r.assignee;
  if (r.estimateMinutes) t.estimateMinutes = r.estimateMinutes;
  return t;
}

function formatTaskListing(t: Task): string {
  const box = t.status === 'open' ? '[ ]' : t.status === 'done' ? '[x]' : '[~]';
  const where = t.source ? `  ${t.source.path}:${t.source.line + 1}` : '';
  const state = t.status === 'resolved-in-code' ? '  (resolved in code)' : '';
  return `${box} ${formatParsedFields(t)}${where}${state}  {${t.id}}`;
}

async function parse(ctx: CliContext): Promise<number> {
  const result = await ctx.service.call('tasks/parse', parseParams(ctx, taskText(ctx.args.slice(1), 'parse')), ctx.signal);
  if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2) + '\n');
  else ctx.io.out(describeParse(result));
  return 0;
}

async function add(ctx: CliContext): Promise<number> {
  const params = parseParams(ctx, taskText(ctx.args.slice(1), 'add'));
  const taskFile = taskFileOf(ctx);
  const { filePath, linkBase } = taskFile;
  const parsed = await ctx.service.call('tasks/parse', params, ctx.signal);
  const task: Task = { id: newTaskId(), ...fieldsOf(parsed), status: 'open', created: new Date().toISOString() };
  const store = taskStoreOf(ctx, taskFile);
  await store.addTask(task);
  if (ctx.json) ctx.io.out(JSON.stringify({ file: filePath, task, parse: parsed }, null, 2) + '\n');
  else ctx.io.out(`Added to ${path.relative(ctx.cwd, filePath) || filePath}:\n${formatTaskLine(task, { linkBase })}\n${describeParse(parsed).split('\n').slice(1).join('\n')}`);
  return 0;
}

async function list(ctx: CliContext): Promise<number> {
  if (ctx.args.length > 1) throw new UsageError(`'tasks list' takes no arguments`);
  const taskFile = taskFileOf(ctx);
  const { filePath } = taskFile;
  const store = taskStoreOf(ctx, taskFile);
  const { tasks } = await store.read();
  const shown = ctx.options.all ? tasks : tasks.filter((t) => t.status === 'open');
  if (ctx.json) {
    ctx.io.out(JSON.stringify({ file: filePath, exists: fs.existsSync(filePath), tasks: shown }, null, 2) + '\n');
    return 0;
  }
  if (!fs.existsSync(filePath)) {
    ctx.io.out(`No task file at ${filePath} yet; 'local-focus tasks add "<text>"' starts one.\n`);
    return 0;
  }
  for (const t of shown) ctx.io.out(formatTaskListing(t) + '\n');
  const open = tasks.filter((t) => t.status === 'open').length;
  ctx.io.out(`${open} open of ${tasks.length} task${tasks.length === 1 ? '' : 's'} in ${path.relative(ctx.cwd, filePath) || filePath}\n`);
  return 0;
}

export const tasksCommand: CliCommand = {
  synopsis:
    'tasks parse "<text>" [--now <ISO>] [--tz <zone>] [--tier rules|local|server|cloud] [--model <gguf>] | tasks add "<text>" | tasks list [--all] | tasks next [--now <ISO>] [--tz <zone>] [--count N] [--base <ref>] [--all] [--tier auto|rules|local|server|cloud] | tasks summary [--since 7d|today|<date>] [--json|--md] [--now <ISO>] [--tz <zone>] [--tier auto|rules|local|server|cloud] | tasks suggest "<text>" [--json] [--tier auto|rules|local|server|cloud]   [--path <folder>] [--file TASKS.md]',
  options: {
    now: { value: true },
    tz: { value: true },
    tier: { value: true },
    model: { value: true },
    path: { value: true },
    file: { value: true },
    all: { value: false },
    count: { value: true },
    base: { value: true },
    since: { value: true },
    md: { value: false },
  },
  async run(ctx) {
    const sub = ctx.args[0];
    if (sub === 'parse') return parse(ctx);
    if (sub === 'add') return add(ctx);
    if (sub === 'list') return list(ctx);
    if (sub === 'next') return tasksNext(ctx, taskFileOf(ctx));
    if (sub === 'summary') return tasksSummary(ctx, taskFileOf(ctx));
    if (sub === 'suggest') return tasksSuggest(ctx, taskFileOf(ctx));
    throw new UsageError(sub ? `unknown 'tasks' subcommand '${sub}'; use parse, add, list, next, summary or suggest` : `'tasks' needs a subcommand: parse, add, list, next, summary or suggest`);
  },
};
