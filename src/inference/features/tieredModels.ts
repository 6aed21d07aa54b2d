// What a feature that asks a model for schema-shaped JSON needs from the worker, on the tier the
// mode policy picks. Features take it as an injected dependency so tests can script the models.
import type { JsonSchema, LogLevel, Tier } from '../../core/protocol';
import type { TierHandlers } from '../orchestrator';

export interface JsonAnswer {
  value: unknown;
  tokens: number;
}

export interface TieredModelDeps {
  runTiered<T>(handlers: TierHandlers<T>, opts: { signal: AbortSignal; forceTier?: Tier }): Promise<{ value: T; tier: Tier }>;
  localJson(request: {
    modelPath?: string;
    system?: string;
    prompt: string;
    schema: JsonSchema;
    maxTokens: number;
    completion?: boolean;
    signal: AbortSignal;
  }): Promise<JsonAnswer>;
  cloudJson(request: { system: string; prompt: string; schema: JsonSchema; maxTokens: number; signal: AbortSignal }): Promise<JsonAnswer>;
  /** Schema-shaped JSON from the model server the policy picked; absent: the feature has no server tier. */
  serverJson?(request: { system?: string; prompt: string; schema: JsonSchema; maxTokens: number; signal: AbortSignal }): Promise<JsonAnswer>;
  log(level: LogLevel, message: string): void;
  /** Why the policy does not use a better tier for this capability now, e.g. "no cloud API key is set". */
  tierReason?(): string | undefined;
}
