// `tasks next`'s model step: the rules' top 10 go to the worker's tasks/nextRerank on the tier
// --tier names (auto, the default, lets the mode policy pick, as `tasks parse` does: the rules
// when no model tier is set up). The answer is only an order of the same tasks and a short
// reason each; when no model ranked, the rules' order comes back unchanged with why.
import { TIER_LABELS, type Tier } from '../core/protocol';
import { RERANK_CANDIDATES, rerankCandidatesOf } from '../core/tasks/next/rerankCandidates';
import type { NextSuggestion } from '../core/tasks/next/rankNextTasks';
import type { NextRerankParams } from '../core/tasksProtocol';
import type { CliContext } from './command';
import { forcedTier, TIER_SOURCE } from './taskTiers';

/** How many of the rules' suggestions `tasks next` ranks before a model may reorder them. */
export const RULES_SHORTLIST = RERANK_CANDIDATES;

export interface RankedSuggestion extends NextSuggestion {
  /** The model's one short reason; absent when the rules ranked it. */
  modelReason?: string;
}

export interface NextRanking {
  suggestions: RankedSuggestion[];
  tier: Tier;
  fallbackReason?: string;
}

/** Checks --tier before any work, so a typo is a usage error and not a late failure. */
export function checkRerankTier(ctx: CliContext): void {
  forcedTier(ctx);
}

export async function rerankSuggestions(ctx: CliContext, shortlist: readonly NextSuggestion[], clock: { now: Date; timeZone: string }, count: number): Promise<NextRanking> {
  const tier = forcedTier(ctx);
  const params: NextRerankParams = { candidates: rerankCandidatesOf(shortlist), now: clock.now.toISOString(), timeZone: clock.timeZone, ...(tier ? { tier } : {}) };
  // The rules asked for by name need no worker: their order is the shortlist's.
  const answer = tier === 'degraded' ? undefined : await ctx.service.call('tasks/nextRerank', params, ctx.signal);
  const byId = new Map(shortlist.map((s) => [s.task.id, s]));
  const order = answer?.order ?? shortlist.map((s) => s.task.id);
  const suggestions = order.slice(0, count).map((id) => {
    const reason = answer?.reasons[id];
    return { ...byId.get(id)!, ...(reason ? { modelReason: reason } : {}) };
  });
  return { suggestions, tier: answer?.tier ?? 'degraded', ...(answer?.fallbackReason ? { fallbackReason: answer.fallbackReason } : {}) };
}

/** "ranked by Local server (local model server)", and why not a better tier when one failed. */
export function describeRanking(ranking: NextRanking): string[] {
  const notes = [`ranked by ${TIER_LABELS[ranking.tier]} (${TIER_SOURCE[ranking.tier]})`];
  if (ranking.fallbackReason) notes.push(`why not a better tier: ${ranking.fallbackReason}`);
  return notes;
}
