// How the task model's requests (tasks/parse, tasks/nextRerank, tasks/summaryNarrative) run their
// tiers: cloud, local and a model server (not for a request naming a model file: no server has it)
// each ask the model, and the degraded tier is the rules' answer. A tier whose answer was
// unusable throws UnusableAnswerError with the rules' outcome in it, so the policy falls to the
// next tier and records why; the cloud, which did answer, returns that outcome marked `unusable`
// instead, since a throw would mark it unreachable. Either way the result is the rules', on the
// degraded tier.
import { LocalFocusError } from '../../core/errors';
import type { ModelTier, Tier } from '../../core/protocol';
import type { TierHandlers } from '../orchestrator';
import type { TieredModelDeps } from './tieredModels';

/** Thrown by the local and server tiers when the model's answer was unusable; carries what stands in. */
export class UnusableAnswerError<T> extends LocalFocusError {
  constructor(
    readonly reason: string,
    readonly fallback: T,
  ) {
    super('internal', reason, { reason: 'unusable-answer' });
  }
}

export interface ModelTierRun<T extends { unusable?: string }> {
  /** One model tier's handler. */
  model(tier: ModelTier): (signal: AbortSignal) => Promise<T>;
  /** The rules' outcome: the degraded tier. */
  rules(): T;
  /** The tier the caller forced (CLI --tier). */
  tier?: Tier;
  /** A model file named in the request: implies the local tier unless `tier` is set. */
  modelPath?: string;
}

export async function runModelTiers<T extends { unusable?: string }>(deps: TieredModelDeps, run: ModelTierRun<T>, signal: AbortSignal): Promise<{ outcome: T; tier: Tier; forced: boolean }> {
  const handlers: TierHandlers<T> = {
    cloud: run.model('cloud'),
    local: run.model('local'),
    ...(deps.serverJson && !run.modelPath ? { server: run.model('server') } : {}),
    degraded: async () => run.rules(),
  };
  const forceTier = run.tier ?? (run.modelPath ? ('local' as const) : undefined);
  try {
    const { value, tier } = await deps.runTiered(handlers, { signal, ...(forceTier ? { forceTier } : {}) });
    return { outcome: value, tier: value.unusable ? 'degraded' : tier, forced: forceTier !== undefined };
  } catch (err) {
    // A forced model tier whose answer was unusable still gives the rules' outcome, marked as such;
    // a forced tier that could not run at all (no model, no key) is an error the caller sees.
    if (!(err instanceof UnusableAnswerError)) throw err;
    return { outcome: err.fallback as T, tier: 'degraded', forced: forceTier !== undefined };
  }
}
