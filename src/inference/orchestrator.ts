// Runs a capability on the tier the policy picks, falls to the next tier on failure, records
// why, and learns cloud reachability from the endpoint itself (failed calls, cheap probes).
import { chooseTier, LocalAvailability, PolicyInputs, probeDelayMs, Reachability, capabilityStatus } from '../core/modePolicy';
import type { ServerAvailability } from '../core/localServerChoice';
import { Capability, CAPABILITIES, CapabilityStatus, FallbackRecord, LogLevel, Mode, ModelTier, Tier } from '../core/protocol';
import { LocalFocusError, toLocalFocusError } from '../core/errors';

export type TierHandlers<T> = Partial<Record<Tier, (signal: AbortSignal) => Promise<T>>>;

export interface OrchestratorDeps {
  localAvailability(capability: Capability): LocalAvailability;
  /** The model servers per capability; undefined when none is looked for. */
  serverAvailability?(): Record<Capability, ServerAvailability> | undefined;
  /** The user's order of the model tiers (localFocus.tierOrder). */
  tierOrder?(): readonly ModelTier[] | undefined;
  /** A cheap call to the cloud endpoint itself (e.g. GET /models); throws when unreachable. */
  probeCloud(signal: AbortSignal): Promise<void>;
  log(level: LogLevel, message: string): void;
  /** Called whenever something that the status shows may have changed. */
  onChange(): void;
  now?: () => number;
  /** First re-probe delay after a cloud failure; doubles per failure. */
  probeBaseMs?: number;
}

interface CloudState {
  reachable: Reachability;
  failures: number;
  lastError?: string;
  nextProbeAt?: number;
}

/**
 * A forced 'local': the in-process model, then a usable model server the feature has a handler
 * for; the in-process model alone (and so its own error) when it is the only one there is.
 */
function localTiers<T>(capability: Capability, inputs: PolicyInputs, handlers: TierHandlers<T>): Tier[] {
  const server = Boolean(handlers.server && inputs.server?.[capability]?.available);
  return [...(inputs.local[capability].available || !server ? ['local' as const] : []), ...(server ? ['server' as const] : [])];
}

export class Orchestrator {
  private mode: Mode = 'auto';
  private cloudConfigured = false;
  private cloud: CloudState = { reachable: 'unknown', failures: 0 };
  private readonly lastFallback = new Map<Capability, FallbackRecord>();
  private probeTimer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: OrchestratorDeps) {
    this.now = deps.now ?? Date.now;
  }

  configure(mode: Mode, cloudConfigured: boolean, cloudEndpointChanged: boolean): void {
    this.mode = mode;
    if (cloudEndpointChanged || cloudConfigured !== this.cloudConfigured) {
      this.cloud = { reachable: 'unknown', failures: 0 };
      this.clearProbe();
    }
    this.cloudConfigured = cloudConfigured;
    if (!this.cloudAllowed()) this.clearProbe();
    this.deps.onChange();
  }

  inputs(): PolicyInputs {
    const local = {} as PolicyInputs['local'];
    for (const c of CAPABILITIES) local[c] = this.deps.localAvailability(c);
    const server = this.deps.serverAvailability?.();
    const tierOrder = this.deps.tierOrder?.();
    return {
      ...(server ? { server } : {}),
      ...(tierOrder ? { tierOrder } : {}),
      mode: this.mode,
      cloud: {
        configured: this.cloudConfigured,
        reachable: this.cloud.reachable,
        ...(this.cloud.lastError ? { reason: this.cloud.lastError } : {}),
      },
      local,
    };
  }

  status(): CapabilityStatus[] {
    const inputs = this.inputs();
    return CAPABILITIES.map((c) => capabilityStatus(c, inputs, this.lastFallback.get(c)));
  }

  cloudStatus(): { configured: boolean; reachable: Reachability; nextProbeAt?: string; lastError?: string } {
    return {
      configured: this.cloudConfigured,
      reachable: this.cloud.reachable,
      ...(this.cloud.nextProbeAt ? { nextProbeAt: new Date(this.cloud.nextProbeAt).toISOString() } : {}),
      ...(this.cloud.lastError ? { lastError: this.cloud.lastError } : {}),
    };
  }

  /**
   * Runs the capability on the best tier that has a handler, falling through the policy's order.
   * `forceTier` (the CLI's --tier) runs exactly that tier, still refusing cloud in Local only;
   * 'local' means a local model: the one in this process, then a model server.
   */
  async run<T>(
    capability: Capability,
    handlers: TierHandlers<T>,
    opts: { signal: AbortSignal; forceTier?: Tier },
  ): Promise<{ value: T; tier: Tier }> {
    const inputs = this.inputs();
    const choice = chooseTier(capability, inputs);
    let order: Tier[];
    if (opts.forceTier) {
      if (opts.forceTier === 'cloud' && this.mode === 'localOnly') {
        throw new LocalFocusError('bad-input', 'The cloud tier is not allowed while the mode is Local only.');
      }
      order = opts.forceTier === 'local' ? localTiers(capability, inputs, handlers) : [opts.forceTier];
    } else {
      order = choice.order;
    }
    order = order.filter((t) => handlers[t]);
    if (order.length === 0) {
      throw new LocalFocusError('model-missing', choice.reason ? `No tier can serve ${capability}: ${choice.reason}.` : undefined);
    }

    let lastError: LocalFocusError | undefined;
    for (let i = 0; i < order.length; i++) {
      const tier = order[i]!;
      if (opts.signal.aborted) throw new LocalFocusError('cancelled');
      try {
        const value = await handlers[tier]!(opts.signal);
        if (tier === 'cloud') this.noteCloudSuccess();
        return { value, tier };
      } catch (err) {
        const e = toLocalFocusError(err);
        if (e.code === 'cancelled' || opts.signal.aborted) throw new LocalFocusError('cancelled');
        // The in-process model and the rules read the caller's input as is: their bad-input is the
        // caller's mistake. A cloud or a model server refusing a request is not.
        if (e.code === 'bad-input' && (tier === 'local' || tier === 'degraded')) throw e;
        if (tier === 'cloud') this.noteCloudFailure(e);
        lastError = e;
        const next = order[i + 1];
        if (next) {
          const record: FallbackRecord = { from: tier, to: next, reason: e.message, at: new Date(this.now()).toISOString() };
          this.lastFallback.set(capability, record);
          this.deps.log('warn', `${capability}: ${tier} tier failed (${e.code}: ${e.message}); falling back to ${next}`);
          this.deps.onChange();
        }
      }
    }
    throw lastError ?? new LocalFocusError('internal');
  }

  /** Probe now if the cloud is allowed and its state is unknown or due for a retry. */
  async probeIfDue(signal?: AbortSignal): Promise<void> {
    if (!this.cloudAllowed()) return;
    if (this.cloud.reachable === 'yes') return;
    if (this.cloud.nextProbeAt && this.now() < this.cloud.nextProbeAt) return;
    await this.probe(signal);
  }

  dispose(): void {
    this.clearProbe();
  }

  private cloudAllowed(): boolean {
    return this.cloudConfigured && this.mode !== 'localOnly';
  }

  private probe(signal?: AbortSignal): Promise<void> {
    if (this.probing) return this.probing;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), 5_000);
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.probing = this.deps
      .probeCloud(controller.signal)
      .then(
        () => this.noteCloudSuccess(),
        (err) => this.noteCloudFailure(toLocalFocusError(err)),
      )
      .finally(() => {
        clearTimeout(timeout);
        this.probing = undefined;
      });
    return this.probing;
  }

  private noteCloudSuccess(): void {
    const changed = this.cloud.reachable !== 'yes';
    this.cloud = { reachable: 'yes', failures: 0 };
    this.clearProbe();
    if (changed) {
      this.deps.log('info', 'cloud endpoint reachable; cloud tier available again');
      this.deps.onChange();
    }
  }

  private noteCloudFailure(e: LocalFocusError): void {
    const failures = this.cloud.failures + 1;
    const delay = probeDelayMs(failures, this.deps.probeBaseMs);
    this.cloud = { reachable: 'no', failures, lastError: e.message, nextProbeAt: this.now() + delay };
    this.deps.log('warn', `cloud endpoint failed (${e.message}); next probe in ${Math.round(delay / 1000)} s`);
    this.scheduleProbe(delay);
    this.deps.onChange();
  }

  private scheduleProbe(delayMs: number): void {
    this.clearProbe();
    if (!this.cloudAllowed()) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.probe();
    }, delayMs);
    this.probeTimer.unref?.();
  }

  private clearProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }
}
