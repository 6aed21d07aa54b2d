// What a feature module receives when it activates: the worker, the log, the status and errors, and
// nothing of the other features. Features import this file, never features.ts, which imports them.
import * as vscode from 'vscode';
import type { StatusReport } from '../core/protocol';
import type { ParamsOf, ResultOf, WorkerMethod, WorkerNotifications } from '../core/workerRequests';
import type { Log } from './log';
import type { StatusActivity } from './statusText';

export interface LocalFocusApi {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  /** A worker request; a CancellationToken from the editor becomes the AbortSignal here. */
  request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, token?: vscode.CancellationToken): Promise<ResultOf<M>>;
  /** Shows an error with its user-facing sentence and action ("Open Model Manager", "Open Log"). */
  reportError(what: string, err: unknown): void;
  /** The latest worker status (undefined while it starts or is down). */
  status(): StatusReport | undefined;
  onStatus: vscode.Event<StatusReport>;
  onProgress: vscode.Event<WorkerNotifications['worker/progress']>;
  openModelManager(): Promise<void>;
  /** Shows background work (indexing, a review) in the one status item; undefined removes it. */
  showActivity(key: string, activity: StatusActivity | undefined): void;
}

export type Feature = (api: LocalFocusApi) => vscode.Disposable[] | Promise<vscode.Disposable[]>;
