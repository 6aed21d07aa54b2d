// Which tier serves each capability, as pure code: the worker's orchestrator feeds it facts
// (mode, cloud key and reachability, local model presence) and obeys the answer.
import { Capability, CapabilityStatus, FallbackRecord, Mode, Tier } from './protocol';

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
}

export interface TierChoice {
  tier: Tier;
  /** Why not a better tier; absent when the first choice is in use. */
  reason?: string;
  /** The tiers to try in order: the chosen one first, then its fallbacks. */
  order: Tier[];
}

/** Notes search has no cloud tier of its own: the cloud column is the same local hybrid index. */
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

export function chooseTier(capability: Capability, inputs: PolicyInputs): TierChoice {
  const local = inputs.local[capability];
  const cloud = CLOUD_CAPABLE[capability] ? cloudUsable(inputs) : { usable: false, reason: undefined };
  const reasons: string[] = [];

  let preferred: Tier[];
  if (inputs.mode === 'localOnly' || !CLOUD_CAPABLE[capability]) {
    preferred = ['local', 'degraded'];
  } else if (inputs.mode === 'cloudPreferred') {
    preferred = ['cloud', 'local', 'degraded'];
  } else if (local.loaded && SIMPLE[capability]) {
    preferred = ['local', 'cloud', 'degraded'];
  } else {
    preferred = ['cloud', 'local', 'degraded'];
  }

  const order: Tier[] = [];
  for (const tier of preferred) {
    if (tier === 'cloud') {
      if (cloud.usable) order.push('cloud');
      else if (cloud.reason && order.length === 0) reasons.push(cloud.reason);
    } else if (tier === 'local') {
      if (local.available) order.push('local');
      else if (order.length === 0) reasons.push(local.reason ?? 'local model not available');
    } else {
      order.push('degraded');
    }
  }
  const tier = order[0] ?? 'degraded';
  // A reason is worth showing only when a tier better than the one in use was skipped.
  const skippedBetter = tier !== preferred[0];
  return { tier, order, ...(skippedBetter && reasons.length ? { reason: reasons.join('; ') } : {}) };
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
    ...(choice.reason ? { reason: choice.reason } : {}),
    ...(lastFallback ? { lastFallback } : {}),
  };
}

/** Exponential backoff for re-probing an unreachable cloud endpoint: 5 s, 10 s, 20 s … capped at 5 min (base adjustable for tests). */
export function probeDelayMs(consecutiveFailures: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, consecutiveFailures - 1), 5 * 60_000);
}
