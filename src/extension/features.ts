// Each feature of the extension (tasks, notes search, review, model manager) activates from here
// with the same small API, so extension.ts stays thin and features never edit each other's files.
import * as vscode from 'vscode';
import type { ParamsOf, ResultOf, StatusReport, WorkerMethod, WorkerNotifications } from '../core/protocol';
import type { Log } from './log';
import { modelManagerFeature } from './modelManagerView';
import { tasksFeature } from './tasks/tasksFeature';
import { notesFeature } from './notes/notesFeature';
import { reviewFeature } from './review/reviewFeature';

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
}

export type Feature = (api: LocalFocusApi) => vscode.Disposable[] | Promise<vscode.Disposable[]>;

/** One line per feature module. */
export const FEATURES: Feature[] = [modelManagerFeature, reviewFeature, tasksFeature, notesFeature];
