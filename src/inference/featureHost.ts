// What a feature module of the worker (models, notes, review, tasks) uses of the worker service:
// registering its requests and disposers, plus what the model manager uses. The service meets it
// as it is; features name this interface and never the service, so the service, which registers
// the features, and the features never import each other.
import type { Capability, Tier } from '../core/protocol';
import type { ParamsOf, ResultOf, WorkerMethod } from '../core/workerRequests';
import type { CloudClient } from './cloudClient';
import type { LocalChatJsonAnswer, LocalChatJsonRequest } from './localServer/localServerClient';
import type { ModelManagerHost } from './features/models/modelManagerHost';
import type { GenerateJsonOptions, LlmRuntime } from './llm';
import type { TierHandlers } from './orchestrator';

/** A request handler a feature module registers; the worker binds it to JSON-RPC, the CLI calls it directly. */
export type Handler<M extends WorkerMethod> = (params: ParamsOf<M>, signal: AbortSignal) => Promise<ResultOf<M>> | ResultOf<M>;

export interface FeatureHost extends ModelManagerHost {
  register<M extends WorkerMethod>(method: M, handler: Handler<M>): void;
  /** Called on dispose, e.g. to close an index or stop downloads cleanly. */
  onDispose(fn: () => Promise<void> | void): void;
  /** Runs a request through the capability's tiers (local, model server, cloud, rules) with fallback and recovery. */
  runTiered<T>(capability: Capability, handlers: TierHandlers<T>, opts: { signal: AbortSignal; forceTier?: Tier }): Promise<{ value: T; tier: Tier }>;
  /** Grammar-constrained JSON from the local LLM for a capability (no tier logic). */
  localJson(opts: Omit<GenerateJsonOptions, 'modelPath'> & { modelPath?: string; capability: Capability }): ReturnType<LlmRuntime['generateJson']>;
  /** Schema-shaped JSON from the model server that serves a capability (no tier logic); 'local-server' errors when none can. */
  serverJson(capability: Capability, request: LocalChatJsonRequest): Promise<LocalChatJsonAnswer>;
  /** The cloud client; throws when no cloud is configured. */
  readonly cloudClient: CloudClient;
}
