// `local-focus tasks summary [--since 7d] [--json|--md] [--now <ISO>] [--tz <zone>] [--tier
// auto|rules|local|server|cloud]`: what happened to the task file's tasks in a period and what is
// waiting (src/core/tasks/summary/): done, resolved in code, added, overdue and due next, by tag.
// Markdown is the default text, made to paste into a stand-up note; --json gives the same for
// scripts. A model tier may add a short paragraph on top (tasksSummaryNarrative.ts); Markdown
// says on stderr who wrote it or why there is none, so stdout stays the note. --now and --tz fix
// the clock, as for `tasks next`.
import { DEFAULT_SUMMARY_SINCE, parseSummaryPeriod, SummaryPeriodError, type SummaryClock, type SummaryPeriod } from '../core/tasks/summary/summaryPeriod';
import { summaryJson } from '../core/tasks/summary/summaryJson';
import { summaryMarkdown } from '../core/tasks/summary/summaryMarkdown';
import { summariseTasks } from '../core/tasks/summary/taskSummary';
import { UsageError } from './args';
import type { CliContext } from './command';
import { taskStoreOf } from './taskFileStore';
import { taskClockOf } from './taskClock';
import { describeNarrative, narrateSummary } from './tasksSummaryNarrative';
import { forcedTierOf } from './taskTiers';

export async function tasksSummary(ctx: CliContext, taskFile: { filePath: string; linkBase: string }): Promise<number> {
  if (ctx.args.length > 1) throw new UsageError(`'tasks summary' takes no arguments; give the period with --since, such as --since 7d`);
  if (ctx.json && ctx.options.md) throw new UsageError('--json and --md are two outputs; give one');
  const clock = taskClockOf(ctx);
  const period = periodOf(ctx, clock);
  const tier = forcedTierOf(ctx);
  const { tasks } = await taskStoreOf(ctx, taskFile).read();
  const summary = summariseTasks(tasks, period, clock);
  const narrative = await narrateSummary(ctx, summary, tier);
  if (ctx.json) {
    ctx.io.out(JSON.stringify({ file: taskFile.filePath, ...(summaryJson(summary, narrative) as object) }, null, 2) + '\n');
    return 0;
  }
  ctx.io.out(summaryMarkdown(summary, narrative.paragraph));
  ctx.io.err(describeNarrative(narrative) + '\n');
  return 0;
}

/** A period the user got wrong is a usage error (exit 2), with what would work. */
function periodOf(ctx: CliContext, clock: SummaryClock): SummaryPeriod {
  const since = ctx.options.since;
  try {
    return parseSummaryPeriod(typeof since === 'string' ? since : DEFAULT_SUMMARY_SINCE, clock);
  } catch (err) {
    if (err instanceof SummaryPeriodError) throw new UsageError(err.message);
    throw err;
  }
}
