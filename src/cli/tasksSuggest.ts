// `local-focus tasks suggest "<text>" [--json] [--tier auto|rules|local|server|cloud]`: the tags
// and the estimate the Add-as-task preview would suggest for a task, from the task file's tasks
// (src/core/tasks/suggest/): tags from the most similar tasks weighted by use, an estimate from
// similar finished tasks. A model tier (the policy's, or --tier's) may add one tag no task uses
// yet, marked new; --tier rules asks no model. Nothing is written: the output only suggests.
import { parseTaskRules } from '../core/tasks/parseTaskRules';
import { tagUsage, examplesOf } from '../core/tasks/suggest/suggestionExamples';
import { TaskSuggester, type TaskSuggestions } from '../core/tasks/suggest/taskSuggester';
import { formatDuration } from '../core/tasks/taskFile';
import { TIER_LABELS } from '../core/protocol';
import type { NewTagResult } from '../core/tasksProtocol';
import { UsageError } from './args';
import type { CliContext } from './command';
import { taskStoreOf } from './taskFileStore';
import { taskClockOf } from './taskClock';
import { forcedTierOf, TIER_SOURCE } from './taskTiers';

export async function tasksSuggest(ctx: CliContext, taskFile: { filePath: string; linkBase: string }): Promise<number> {
  const text = ctx.args.slice(1).join(' ').trim();
  if (!text) throw new UsageError(`'tasks suggest' needs the task text in quotes, e.g. tasks suggest "fix login redirect after timeout"`);
  const tier = forcedTierOf(ctx);
  const clock = taskClockOf(ctx);
  const parsed = parseTaskRules(text, clock);
  const { tasks } = await taskStoreOf(ctx, taskFile).read();
  const examples = examplesOf(tasks);
  const suggestions = new TaskSuggester(examples).suggest(parsed);
  const inUse = [...tagUsage(examples).keys()];
  const newTag =
    tier === 'degraded'
      ? undefined
      : await ctx.service.call('tasks/newTag', { title: parsed.title, suggested: suggestions.tags.map((t) => t.tag), inUse, ...(tier ? { tier } : {}) }, ctx.signal);
  if (ctx.json) {
    ctx.io.out(JSON.stringify({ file: taskFile.filePath, title: parsed.title, tasks: tasks.length, ...suggestions, ...(newTag ? { newTag } : {}) }, null, 2) + '\n');
    return 0;
  }
  ctx.io.out(describe(parsed.title, suggestions, newTag, tasks.length));
  return 0;
}

function describe(title: string, s: TaskSuggestions, newTag: NewTagResult | undefined, taskCount: number): string {
  const lines = [`Suggested for "${title}" (from ${taskCount} task${taskCount === 1 ? '' : 's'}; nothing is applied):`];
  const tags = s.tags.map((t) => `#${t.tag} (${t.similarTasks ? `on ${t.similarTasks} similar` : 'often used'})`);
  lines.push(`  tags: ${tags.length ? tags.join('  ') : 'none: no task has tags yet'}`);
  if (newTag?.tag) lines.push(`  new tag: #${newTag.tag} (proposed by ${TIER_LABELS[newTag.tier]}, ${TIER_SOURCE[newTag.tier]})`);
  if (newTag?.fallbackReason) lines.push(`  no new tag from a model: ${newTag.fallbackReason}`);
  const e = s.estimate;
  if (e) lines.push(`  estimate: ${formatDuration(e.minutes)} (${e.basis === 'similar' ? `from ${e.tasks} similar finished task${e.tasks === 1 ? '' : 's'}` : `the median of ${e.tasks} finished task${e.tasks === 1 ? '' : 's'}`})`);
  else lines.push('  estimate: none (the task has one, or no task has finished yet)');
  return lines.join('\n') + '\n';
}
