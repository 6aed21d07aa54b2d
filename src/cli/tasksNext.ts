// `local-focus tasks next [--json] [--now <ISO>] [--tz <zone>] [--count N] [--base <ref>] [--all]
// [--tier auto|rules|local|server|cloud]`: what to do next, by the rules tier's score
// (src/core/tasks/next/): the open tasks of the task file ranked by due date, priority, whether
// their TODO's file changed on the current branch, and age, each with its reasons; a model tier
// may then reorder the rules' top 10 and add a short reason each (tasksNextRerank.ts). Suggestions the editor's Snooze or Not Today hid stay hidden here
// (the same file in the Local Focus home) unless --all. git runs only to learn the branch's files;
// outside a repository, or with no default branch, the branch factor is left out and the output
// says why — except with --base, where the user asked for it and an unknown ref is an error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toLocalFocusError } from '../core/errors';
import { folderKey, hiddenSuggestionsFile } from '../core/paths';
import { branchChangedFiles, type BranchChangedFiles } from '../core/tasks/next/branchChangedFiles';
import { isHiddenAt } from '../core/tasks/next/hiddenSuggestions';
import { HiddenSuggestionsFile } from '../core/tasks/next/hiddenSuggestionsFile';
import { DEFAULT_NEXT_COUNT, rankNextTasks } from '../core/tasks/next/rankNextTasks';
import { UsageError } from './args';
import type { CliContext } from './command';
import { taskStoreOf } from './taskFileStore';
import { taskClockOf, type TaskClock } from './taskClock';
import { checkRerankTier, describeRanking, rerankSuggestions, RULES_SHORTLIST, type NextRanking } from './tasksNextRerank';

const MAX_COUNT = 20;

type BranchAnswer = { files: BranchChangedFiles } | { reason: string };

export async function tasksNext(ctx: CliContext, taskFile: { root: string; filePath: string; linkBase: string }): Promise<number> {
  if (ctx.args.length > 1) throw new UsageError(`'tasks next' takes no arguments`);
  const clock = taskClockOf(ctx);
  const count = countOf(ctx);
  checkRerankTier(ctx);
  const { tasks } = await taskStoreOf(ctx, taskFile).read();
  const branch = await branchOf(ctx, taskFile.root);
  const hidden = ctx.options.all ? [] : await new HiddenSuggestionsFile(hiddenSuggestionsFile(ctx.io.env)).read(clock.now);
  const folder = folderKey(taskFile.root);
  const shortlist = rankNextTasks(tasks, {
    ...clock,
    count: Math.max(count, RULES_SHORTLIST),
    ...('files' in branch ? { changedFiles: branch.files.files } : {}),
    isHidden: (t) => isHiddenAt(hidden, folder, t.id, clock.now),
  });
  const ranking = await rerankSuggestions(ctx, shortlist, clock, count);
  const open = tasks.filter((t) => t.status === 'open').length;
  const hiddenHere = hidden.filter((h) => h.folder === folder).length;
  if (ctx.json) ctx.io.out(JSON.stringify(jsonOf(taskFile.filePath, clock, branch, hiddenHere, ranking), null, 2) + '\n');
  else ctx.io.out(textOf(ctx, taskFile.filePath, open, branch, hiddenHere, ranking));
  return 0;
}

function countOf(ctx: CliContext): number {
  const raw = ctx.options.count;
  if (raw === undefined) return DEFAULT_NEXT_COUNT;
  const n = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT}`);
  return n;
}

/** The branch's changed files, or why the branch factor is left out. */
async function branchOf(ctx: CliContext, root: string): Promise<BranchAnswer> {
  const base = typeof ctx.options.base === 'string' ? ctx.options.base : undefined;
  if (base !== undefined && !base.trim()) throw new UsageError('--base needs a branch, tag or commit, such as --base main');
  try {
    return { files: await branchChangedFiles(root, { base, howToChooseBase: 'name one with --base <ref>', signal: ctx.signal }) };
  } catch (err) {
    const e = toLocalFocusError(err);
    if (base !== undefined || e.code !== 'bad-input') throw e;
    return { reason: e.message };
  }
}

function jsonOf(file: string, clock: TaskClock, branch: BranchAnswer, hidden: number, ranking: NextRanking): unknown {
  return {
    file,
    now: clock.now.toISOString(),
    timeZone: clock.timeZone,
    branch: 'files' in branch ? { base: branch.files.base, mergeBase: branch.files.mergeBase, changedFiles: [...branch.files.files].sort() } : { skipped: branch.reason },
    hidden,
    rankedBy: { tier: ranking.tier, ...(ranking.fallbackReason ? { fallbackReason: ranking.fallbackReason } : {}) },
    suggestions: ranking.suggestions.map((s) => ({ task: s.task, score: s.score, reasons: s.reasons, ...(s.modelReason ? { modelReason: s.modelReason } : {}) })),
  };
}

function textOf(ctx: CliContext, filePath: string, open: number, branch: BranchAnswer, hidden: number, ranking: NextRanking): string {
  const { suggestions } = ranking;
  const where = path.relative(ctx.cwd, filePath) || filePath;
  if (!fs.existsSync(filePath)) return `No task file at ${filePath} yet; 'local-focus tasks add "<text>"' starts one.\n`;
  const lines = suggestions.map((s, i) => {
    const source = s.task.source ? `  ${s.task.source.path}:${s.task.source.line + 1}` : '';
    const rules = s.reasons.map((r) => r.text).join(' · ');
    const why = s.modelReason ? `${s.modelReason} (${rules})` : rules;
    return `${i + 1}. ${s.task.title} — ${why}${source}  {${s.task.id}}`;
  });
  if (lines.length === 0) lines.push(open === 0 ? 'Nothing open.' : 'Nothing stands out: no open task is due soon, high priority, on this branch or waiting.');
  const notes = [`${suggestions.length} of ${open} open task${open === 1 ? '' : 's'} in ${where}`];
  if (hidden > 0) notes.push(`${hidden} hidden by Snooze or Not Today (--all shows them)`);
  if ('reason' in branch) notes.push(`branch not used: ${branch.reason}`);
  if (suggestions.length > 0) notes.push(...describeRanking(ranking));
  return [...lines, ...notes.map((n) => `(${n})`)].join('\n') + '\n';
}
