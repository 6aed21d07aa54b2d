// `tasks summary`'s model step: the summary's facts go to the worker's tasks/summaryNarrative on
// the tier --tier names (auto, the default, lets the mode policy pick, as `tasks next` does: no
// paragraph when no model tier is set up; `rules` asks no model). The answer is a paragraph whose
// every named task is one of the summary's, or none with why.
import { TIER_LABELS, type Tier } from '../core/protocol';
import { narrativeFactsOf } from '../core/tasks/summary/narrativeFacts';
import { summaryNarrativeOf, type SummaryNarrative } from '../core/tasks/summary/summaryNarrative';
import type { TaskSummary } from '../core/tasks/summary/taskSummary';
import type { CliContext } from './command';
import { TIER_SOURCE } from './taskTiers';

export async function narrateSummary(ctx: CliContext, summary: TaskSummary, tier: Tier | undefined): Promise<SummaryNarrative> {
  const { facts, taskOf } = narrativeFactsOf(summary);
  // The rules asked for by name, or nothing to tell of: no worker is woken.
  if (tier === 'degraded') return { tasks: [], tier: 'degraded', fallbackReason: 'rules: --tier rules writes no paragraph' };
  if (facts.tasks.length === 0) return { tasks: [], tier: 'degraded', fallbackReason: 'no task to tell of in the period' };
  const result = await ctx.service.call('tasks/summaryNarrative', { facts, ...(tier ? { tier } : {}) }, ctx.signal);
  return summaryNarrativeOf(result, taskOf);
}

/** "(paragraph by Local server (local model server))", or "(no paragraph: why)". */
export function describeNarrative(n: SummaryNarrative): string {
  if (n.paragraph) return `(paragraph by ${TIER_LABELS[n.tier]} (${TIER_SOURCE[n.tier]}))`;
  return `(no paragraph: ${n.fallbackReason ?? 'no model tier is set up'})`;
}
