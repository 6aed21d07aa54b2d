// Which tier serves each capability, as pure code: the worker's orchestrator feeds it facts
// (mode, tier order, cloud key and reachability, local model presence, model servers) and obeys
// the answer.
import type { ServerAvailability } from './localServerChoice';
import { Capability, CapabilityStatus, DEFAULT_TIER_ORDER, FallbackRecord, Mode, ModelTier, Tier } from './protocol';

export type Reachability = 'unknown' | 'yes' | 'no';

export interface LocalAvailability {
  /** The model file (or folder) is present and not known to be broken. */
  available: boolean;
  /** Already in memory: using it costs nothing extra. */
  loaded: boolean;
  /** Why it is not available, for the tooltip and the CLI. */
  reason?: string;
}

export interface PolicyInputs {
  mode: Mode;
  cloud: { configured: boolean; reachable: Reachability; reason?: string };
  local: Record<Capability, LocalAvailability>;
  /** The model servers per capability; absent when none is looked for (detection off, no URL). */
  server?: Record<Capability, ServerAvailability>;
  /** The user's order of the model tiers; absent or empty: DEFAULT_TIER_ORDER. */
  tierOrder?: readonly ModelTier[];
}

export interface TierChoice {
  tier: Tier;
  /** Why not a better tier; absent when the first choice is in use. */
  reason?: string;
  /** The tiers to try in order: the chosen one first, then its fallbacks. */
  order: Tier[];
  /** On the server tier: which server and model answer. */
  server?: ServerAvailability['server'];
}

/** Notes search has no cloud tier: its index and its embeddings stay on this machine. */
const CLOUD_CAPABLE: Record<Capability, boolean> = { taskParsing: true, notesSearch: false, codeReview: true };
/** Capabilities small enough that a loaded local model beats a round trip to the cloud. */
const SIMPLE: Record<Capability, boolean> = { taskParsing: true, notesSearch: true, codeReview: false };

export function cloudUsable(inputs: PolicyInputs): { usable: boolean; reason?: string } {
  if (inputs.mode === 'localOnly') return { usable: false, reason: 'mode is Local only' };
  if (!inputs.cloud.configured) return { usable: false, reason: 'no cloud API key is set' };
  if (inputs.cloud.reachable === 'no') {
    return { usable: false, reason: inputs.cloud.reason ? `cloud unreachable: ${inputs.cloud.reason}` : 'cloud unreachable' };
  }
  return { usable: true };
}

/** The user's tier order, each tier once; an order naming no model tier is the default. */
function modelTierOrder(tierOrder: readonly ModelTier[] | undefined): ModelTier[] {
  const known = (tierOrder ?? []).filter((t, i, all) => DEFAULT_TIER_ORDER.includes(t) && all.indexOf(t) === i);
  return known.length > 0 ? known : [...DEFAULT_TIER_ORDER];
}

/** Whether the tier order puts the model server before the worker's own model (a tier left out of the order is never used). */
export function serverBeforeLocal(tierOrder: readonly ModelTier[] | undefined): boolean {
  const order = modelTierOrder(tierOrder);
  return order.includes('server') && (!order.includes('local') || order.indexOf('server') < order.indexOf('local'));
}

/** Moves `tier` to the front, or to just after `after`, keeping the others in their order. */
function moveTier(order: ModelTier[], tier: ModelTier, after?: ModelTier): ModelTier[] {
  if (!order.includes(tier) || (after && !order.includes(after))) return order;
  const rest = order.filter((t) => t !== tier);
  const at = after ? rest.indexOf(after) + 1 : 0;
  return [...rest.slice(0, at), tier, ...rest.slice(at)];
}

/**
 * The tiers in the order the mode wants them, usable or not; the rules always come last.
 * - Notes search has no cloud tier: its model tiers are the worker's own embedding model and a
 *   model server's, in the user's order (the same rule chooseEmbeddingSource follows).
 * - Local only drops the cloud; a trusted model server is local and stays.
 * - cloudPreferred puts the cloud first, the rest in the user's order.
 * - auto follows the user's order, except that an in-process model that would have to load (or
 *   a capability that is not simple) waits behind the cloud: loading costs more than a round trip.
 */
function preferredTiers(capability: Capability, inputs: PolicyInputs): Tier[] {
  let order = modelTierOrder(inputs.tierOrder);
  if (!CLOUD_CAPABLE[capability]) return [...order.filter((t) => t !== 'cloud'), 'degraded'];
  if (inputs.mode === 'localOnly') order = order.filter((t) => t !== 'cloud');
  else if (inputs.mode === 'cloudPreferred') order = moveTier(order, 'cloud');
  else if (!(inputs.local[capability].loaded && SIMPLE[capability]) && order.indexOf('local') < order.indexOf('cloud')) {
    order = moveTier(order, 'local', 'cloud');
  }
  return [...order, 'degraded'];
}

/** Whether a tier can serve now, and why not; undefined reason: skipped without a word. */
function tierUsable(tier: Tier, capability: Capability, inputs: PolicyInputs): { usable: boolean; reason?: string } {
  if (tier === 'cloud') return cloudUsable(inputs);
  if (tier === 'local') {
    const local = inputs.local[capability];
    return local.available ? { usable: true } : { usable: false, reason: local.reason ?? 'local model not available' };
  }
  if (tier === 'server') {
    const server = inputs.server?.[capability];
    if (!server) return { usable: false };
    return server.available ? { usable: true } : { usable: false, reason: server.reason ?? 'no local model server found' };
  }
  return { usable: true };
}

export function chooseTier(capability: Capability, inputs: PolicyInputs): TierChoice {
  const preferred = preferredTiers(capability, inputs);
  const order: Tier[] = [];
  const reasons: string[] = [];
  for (const tier of preferred) {
    const { usable, reason } = tierUsable(tier, capability, inputs);
    if (usable) order.push(tier);
    else if (reason && order.length === 0) reasons.push(reason);
  }
  const tier = order[0] ?? 'degraded';
  // A reason is worth showing only when a tier better than the one in use was skipped.
  const skippedBetter = tier !== preferred[0];
  const server = tier === 'server' ? inputs.server?.[capability]?.server : undefined;
  return { tier, order, ...(skippedBetter && reasons.length ? { reason: reasons.join('; ') } : {}), ...(server ? { server } : {}) };
}

export function capabilityStatus(
  capability: Capability,
  inputs: PolicyInputs,
  lastFallback?: FallbackRecord,
): CapabilityStatus {
  const choice = chooseTier(capability, inputs);
  return {
    capability,
    tier: choice.tier,
    ...(choice.server ? { server: choice.server } : {}),
    ...(choice.reason ? { reason: choice.reason } : {}),
    ...(lastFallback ? { lastFallback } : {}),
  };
}

/** Exponential backoff for re-probing an unreachable cloud endpoint or a model server that went down: 5 s, 10 s, 20 s … capped at 5 min (base adjustable for tests). */
export function probeDelayMs(consecutiveFailures: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, consecutiveFailures - 1), 5 * 60_000);
}
