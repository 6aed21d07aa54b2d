// What the model manager uses of the worker service: the configuration and the test tuning, the
// log, the status and progress it pushes, the models in memory and the runtimes that load them.
// The service meets it as it is. The model manager's files name this interface and not the
// service, so that the service (which registers the feature) and the feature never import each other.
import type { Capability, EmbedParams, EmbedResult, LogLevel, ProgressParams, StatusReport, WorkerConfig } from '../../../core/protocol';
import type { LlmRuntime } from '../../llm';
import type { LocalChatJsonRequest } from '../../localServer/localServerClient';
import type { ServerModelClient } from '../../localServer/localServers';
import type { MeasuredAnswer } from '../../localServer/serverSpeed';
import type { SpeedRecords } from '../../speedRecordFile';
import type { WorkerTuning } from '../../workerTuning';

export interface ModelManagerHost {
  /** The configuration in force; throws before the worker is configured. */
  readonly currentConfig: WorkerConfig;
  readonly tuning: WorkerTuning;
  readonly threads: number;
  log(level: LogLevel, message: string): void;
  progress(p: ProgressParams): void;
  statusChanged(): void;
  status(): StatusReport;
  /** Where the configured model for a capability is (throws when the setting is unusable). */
  modelPath(capability: Capability): string;
  embed(params: EmbedParams, signal: AbortSignal): Promise<EmbedResult>;
  unloadAll(): Promise<number>;
  /** The chat model runtime in force; undefined before the first configure. */
  llmRuntime(): LlmRuntime | undefined;
  onConfigure(fn: (config: WorkerConfig) => void): void;
  /** The speed records on disk, which every measured run updates. */
  readonly speedRecords: SpeedRecords;
  /** A server's chat model by `server:<model>` or `<url>#<model>`, when a usable server lists it. */
  serverChatModel(ref: string): Promise<ServerModelClient | undefined>;
  /** Schema-shaped JSON from that model, timed and recorded; a server that is gone is marked down. */
  measuredServerJson(server: ServerModelClient, request: LocalChatJsonRequest): Promise<MeasuredAnswer>;
}
