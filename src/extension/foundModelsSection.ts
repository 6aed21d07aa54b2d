// The Model Manager's "Found on this machine" section, on the host's side. The GGUF models in
// Ollama's and LM Studio's folders are asked for when the view opens or the user asks, never on a
// status change (the worker keeps the list it read). "Use in place" asks for a role, has the
// worker check the whole file (a notification, cancellable) and then sets the role as an import does.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toLocalFocusError } from '../core/errors';
import type { ModelRole } from '../core/models/catalogTypes';
import type { ModelsOnDiskResult, ModelView } from '../core/modelsProtocol';
import type { HostToWebview } from '../core/webviewProtocol';
import type { LocalFocusApi } from './featureApi';

/** A GGUF chat model serves these roles; notes search needs an ONNX embedding model. */
const IN_PLACE_ROLES: readonly ModelRole[] = ['task-parsing', 'review'];

export interface FoundModelsHost {
  readonly api: LocalFocusApi;
  post(msg: HostToWebview): Promise<void>;
  pickRole(title: string, suggested: ModelRole, roles: readonly ModelRole[]): Promise<ModelRole | undefined>;
  /** After a model joined the catalog: refresh the list and set or offer the role. */
  offerRole(model: ModelView, role: ModelRole, done: string): Promise<void>;
}

export class FoundModelsSection {
  private last: ModelsOnDiskResult | undefined;

  constructor(private readonly host: FoundModelsHost) {}

  /** Sends the found models to the view; `refresh` has the worker read the folders again. */
  async show(refresh: boolean): Promise<void> {
    await this.host.post({ type: 'onDiskBusy', busy: true });
    try {
      this.last = await this.host.api.request('models/onDisk', { refresh });
      await this.host.post({ type: 'onDisk', found: this.last });
    } catch (err) {
      // The view already says when the worker is down; the section keeps what it showed.
      this.host.api.log.write('warn', `model manager: could not read Ollama's and LM Studio's folders: ${toLocalFocusError(err).message}`);
    } finally {
      await this.host.post({ type: 'onDiskBusy', busy: false });
    }
  }

  async useInPlace(file: string): Promise<void> {
    const name = this.last?.models.find((m) => m.path === file)?.name ?? path.basename(file);
    const role = await this.host.pickRole(`Use ${name} in place`, 'task-parsing', IN_PLACE_ROLES);
    if (!role) return;
    try {
      const { model } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking ${name} (the whole file; nothing is copied)…`, cancellable: true },
        (_p, token) => this.host.api.request('models/useInPlace', { path: file, role }, token),
      );
      await this.host.offerRole(model, role, `using ${model.name} in place`);
    } catch (err) {
      this.host.api.reportError(`Could not use ${name} in place`, err);
    } finally {
      await this.show(false);
    }
  }
}
