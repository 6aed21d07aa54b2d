// The whole request table of the worker: the core requests and each feature's, joined here so that
// protocol.ts, which every feature's protocol builds on, never imports them back. The method
// names are the JSON-RPC method names.
import type { HubRequests } from './modelsHubProtocol';
import type { ModelRequests } from './modelsProtocol';
import type { NotesAskRequests } from './notesAskProtocol';
import type { NotesRequests } from './notesProtocol';
import type { EmbedParams, EmbedResult, GenerateJsonParams, GenerateJsonResult, LogParams, ProgressParams, StatusReport, WorkerConfig } from './protocol';
import type { ReviewRequests } from './reviewProtocol';
import type { TaskRequests } from './tasksProtocol';

/** Requests every worker has; each feature adds its own map in its *Protocol.ts file. */
export interface CoreRequests {
  'worker/configure': { params: WorkerConfig; result: StatusReport };
  'worker/status': { params: { probe?: boolean }; result: StatusReport };
  'llm/generateJson': { params: GenerateJsonParams & { requestId?: string }; result: GenerateJsonResult };
  'embeddings/embed': { params: EmbedParams; result: EmbedResult };
  'models/unloadAll': { params: Record<string, never>; result: { unloaded: number } };
  /** The user restarted the worker on purpose: forget earlier GPU crashes and fallbacks, try the GPU again. */
  'llm/retryGpu': { params: Record<string, never>; result: StatusReport };
}

/** Requests the host (or CLI) sends to the worker: the core ones and each feature's. */
export type WorkerRequests = CoreRequests & TaskRequests & NotesRequests & NotesAskRequests & ReviewRequests & ModelRequests & HubRequests;

/** Notifications the worker sends to the host. */
export interface WorkerNotifications {
  'worker/log': LogParams;
  'worker/status': StatusReport;
  'worker/progress': ProgressParams;
}

export type WorkerMethod = keyof WorkerRequests;
export type ParamsOf<M extends WorkerMethod> = WorkerRequests[M]['params'];
export type ResultOf<M extends WorkerMethod> = WorkerRequests[M]['result'];
