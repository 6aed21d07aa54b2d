// The tier names the `tasks` commands take with --tier and the words their output names a tier by.
import type { Tier } from '../core/protocol';
import { UsageError } from './args';
import type { CliContext } from './command';

/** 'local' is any local model: the one in this process, then a model server; 'server' only the server. */
export const TIER_NAMES: Record<string, Tier> = { rules: 'degraded', degraded: 'degraded', local: 'local', server: 'server', cloud: 'cloud' };
export const TIER_SOURCE: Record<Tier, string> = { cloud: 'cloud model', server: 'local model server', local: 'local model', degraded: 'rules' };

/** --tier of `tasks next`, `tasks summary`, `tasks suggest` and `ask`: auto (the default) is no forced tier, the policy's choice. */
export function forcedTierOf(ctx: CliContext): Tier | undefined {
  const raw = ctx.options.tier;
  if (raw === undefined || raw === 'auto') return undefined;
  const tier = typeof raw === 'string' ? TIER_NAMES[raw] : undefined;
  if (!tier) throw new UsageError('--tier must be auto, rules, local, server or cloud');
  return tier;
}
