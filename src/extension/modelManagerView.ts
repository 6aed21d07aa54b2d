// The Model Manager webview view in the Local Focus container, and its commands: "Import Model
// File…", "Add Model from URL…", "Verify Model Files", "Compare Models…" (compareModels). The view shows what the worker reports
// (models/list, download progress, the models found on this machine: foundModelsSection, the Hub
// search: hubSearchSection) and turns
// button presses into worker requests; decisions that need the user (download or load a model that
// does not fit, delete files) are asked here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toLocalFocusError } from '../core/errors';
import { MODEL_ROLE_LABELS, MODEL_ROLES, ModelRole } from '../core/models/catalogTypes';
import { isModelDownloadProgress, ModelListResult, ModelView } from '../core/modelsProtocol';
import { DEFAULT_MODEL_FILES } from '../core/paths';
import { ModelPaths, StatusReport } from '../core/protocol';
import { HostToWebview, ModelAction, parseWebviewMessage, WebviewToHost } from '../core/webviewProtocol';
import { compareModelsCommand } from './compareModels';
import type { Feature, LocalFocusApi } from './featureApi';
import { FoundModelsSection } from './foundModelsSection';
import { HubSearchSection, hubTokenCommands } from './hubSearchSection';
import { modelManagerHtml } from './modelManagerHtml';

export const MODEL_MANAGER_VIEW_ID = 'localFocus.modelManager';

const SETTING_OF_ROLE: Record<ModelRole, keyof ModelPaths> = { 'task-parsing': 'taskParsing', review: 'codeReview', embeddings: 'embeddings' };

/** The Model Manager view and its commands as a feature: registered on activation. */
export const modelManagerFeature: Feature = (api) => {
  const view = new ModelManagerView(api);
  return [
    vscode.window.registerWebviewViewProvider(MODEL_MANAGER_VIEW_ID, view),
    vscode.commands.registerCommand('localFocus.importModelFile', (source?: string | vscode.Uri, role?: ModelRole) => view.importModel(source, role)),
    vscode.commands.registerCommand('localFocus.addModelFromUrl', (url?: string, sha256?: string, role?: ModelRole) => view.addModelFromUrl(url, sha256, role)),
    vscode.commands.registerCommand('localFocus.verifyModels', () => view.verifyAll()),
    vscode.commands.registerCommand('localFocus.refreshModels', () => view.refresh()),
    compareModelsCommand(api),
    ...hubTokenCommands(api),
    api.onStatus((s) => view.onStatus(s)),
    api.onProgress((p) => view.onProgress(p)),
    view,
  ];
};

export class ModelManagerView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private lastList: ModelListResult | undefined;
  private workerPid: number | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private gpuAsked = false;
  private readonly found: FoundModelsSection;
  private readonly hub: HubSearchSection;

  constructor(private readonly api: LocalFocusApi) {
    this.found = new FoundModelsSection({
      api,
      post: (msg) => this.post(msg),
      pickRole: (title, suggested, roles) => this.pickRole(title, suggested, roles),
      offerRole: (model, role, done) => this.offerRole(model, role, done),
    });
    this.hub = new HubSearchSection({ api, post: (msg) => this.post(msg), download: (model) => this.refresh().then(() => this.runAction('download', model.id)) });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const extensionUri = this.api.context.extensionUri;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')] };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (msg) void this.onMessage(msg);
        else this.api.log.write('warn', `model manager: ignored a message of unknown shape from the view`);
      }),
      view.onDidChangeVisibility(() => view.visible && this.scheduleRefresh(0)),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  /** A new worker (first start or restart) continues the downloads the previous one left. */
  onStatus(report: StatusReport): void {
    if (report.workerPid !== this.workerPid) {
      this.workerPid = report.workerPid;
      this.gpuAsked = false;
      void this.api.request('models/resumeInterrupted', {}).then(
        ({ resumed }) => {
          if (resumed.length) this.api.log.write('info', `model manager: continuing interrupted downloads: ${resumed.join(', ')}`);
        },
        (err) => this.api.log.write('warn', `model manager: could not continue interrupted downloads: ${toLocalFocusError(err).message}`),
      );
    }
    // A load, unload or settings change moves the states and the memory left.
    this.scheduleRefresh(150);
    this.hub.onStatus(report);
  }

  onProgress(p: Parameters<Parameters<LocalFocusApi['onProgress']>[0]>[0]): void {
    if (!isModelDownloadProgress(p)) return;
    void this.post({ type: 'progress', progress: p });
    if (p.state === 'ready' || p.state === 'failed' || p.state === 'cancelled' || p.state === 'paused') this.scheduleRefresh(50);
    if (p.state === 'failed') {
      const name = this.lastList?.models.find((m) => m.id === p.modelId)?.name ?? p.modelId;
      void vscode.window.showWarningMessage(`Local Focus: the download of ${name} failed: ${p.reason ?? 'unknown reason'}`, 'Retry').then((choice) => {
        if (choice === 'Retry') void this.runAction('download', p.modelId);
      });
    }
  }

  private scheduleRefresh(delayMs: number): void {
    if (!this.view?.visible) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delayMs);
  }

  async refresh(): Promise<void> {
    // One listing at a time; a refresh asked for meanwhile runs after it.
    if (this.refreshing) {
      await this.refreshing;
    }
    this.refreshing = this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    if (!this.api.status()) {
      await this.post({ type: 'workerDown', reason: 'starting or restarting' });
    }
    try {
      const list = await this.api.request('models/list', {});
      this.lastList = list;
      await this.post({ type: 'models', list });
      if (this.gpuAsked) await this.detectGpu();
    } catch (err) {
      await this.post({ type: 'workerDown', reason: toLocalFocusError(err).message });
    }
  }

  private async post(msg: HostToWebview): Promise<void> {
    await this.view?.webview.postMessage(msg);
  }

  private async onMessage(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.refresh();
        await this.hub.show();
        await this.found.show(false);
        break;
      case 'refresh':
        await this.refresh();
        break;
      case 'refreshOnDisk':
        await this.found.show(true);
        break;
      case 'useInPlace':
        await this.found.useInPlace(msg.path);
        break;
      case 'hubSearch':
        await this.hub.search(msg.query, msg.role);
        break;
      case 'hubDownload':
        await this.hub.download(msg.repo, msg.file, msg.role);
        break;
      case 'setHubToken':
        await vscode.commands.executeCommand('localFocus.setHubToken');
        break;
      case 'action':
        await this.runAction(msg.action, msg.id);
        break;
      case 'useForRole':
        await this.useForRole(msg.id, msg.role);
        break;
      case 'importModel':
        await this.importModel();
        break;
      case 'addModelFromUrl':
        await this.addModelFromUrl();
        break;
      case 'detectGpu':
        this.gpuAsked = true;
        await this.detectGpu();
        break;
      case 'openModelsFolder': {
        const dir = this.lastList?.modelsDir;
        if (!dir) return;
        await fs.promises.mkdir(dir, { recursive: true });
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
        break;
      }
      case 'showLog':
        this.api.log.show();
        break;
    }
  }

  private async detectGpu(): Promise<void> {
    try {
      await this.post({ type: 'device', device: await this.api.request('models/device', { gpu: true }) });
    } catch (err) {
      this.api.reportError('Could not read the GPU', err);
    }
  }

  private model(id: string): ModelView | undefined {
    return this.lastList?.models.find((m) => m.id === id);
  }

  async runAction(action: ModelAction, id: string): Promise<void> {
    const model = this.model(id);
    const name = model?.name ?? id;
    await this.post({ type: 'busy', id, action, busy: true });
    try {
      switch (action) {
        case 'download':
          if (model?.memory.verdict === 'too-big') {
            const choice = await vscode.window.showWarningMessage(`${name} will not fit in the memory budget.`, { modal: true, detail: model.memory.sentence }, 'Download Anyway');
            if (choice !== 'Download Anyway') return;
          }
          await this.api.request('models/download', { id });
          break;
        case 'pause':
          await this.api.request('models/pause', { id });
          break;
        case 'resume':
          await this.api.request('models/resume', { id });
          break;
        case 'cancel':
          await this.api.request('models/cancel', { id });
          break;
        case 'load':
          await this.load(id, name);
          break;
        case 'unload':
          await this.api.request('models/unload', { id });
          break;
        case 'remove':
          await this.remove(id, model);
          break;
        case 'verify': {
          const { reports } = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Verifying ${name}…`, cancellable: true },
            (_p, token) => this.api.request('models/verify', { id }, token),
          );
          const r = reports[0];
          if (r && r.problems.length === 0) void vscode.window.showInformationMessage(`Local Focus: ${name} matches its SHA-256.`);
          else if (r) void vscode.window.showWarningMessage(`Local Focus: ${name} failed verification: ${r.problems.join('; ')}`);
          break;
        }
      }
    } catch (err) {
      this.api.reportError(`Could not ${action} ${name}`, err);
    } finally {
      await this.post({ type: 'busy', id, action, busy: false });
      await this.refresh();
    }
  }

  /** Deletes a model's files, or only forgets a model used in place: its file is Ollama's or LM Studio's. */
  private async remove(id: string, model: ModelView | undefined): Promise<void> {
    const name = model?.name ?? id;
    if (model?.origin === 'in-place') {
      const choice = await vscode.window.showWarningMessage(`Forget ${name}?`, { modal: true, detail: `Its file stays where it is: ${model.path}` }, 'Forget');
      if (choice !== 'Forget') return;
      await this.api.request('models/remove', { id });
      await this.found.show(false);
      return;
    }
    const size = model && model.bytes > 0 ? ` (${(model.bytes / 1e9).toFixed(2)} GB)` : '';
    const choice = await vscode.window.showWarningMessage(`Delete the files of ${name}${size} from the models folder?`, { modal: true, ...(model ? { detail: model.path } : {}) }, 'Delete');
    if (choice !== 'Delete') return;
    await this.api.request('models/remove', { id });
  }

  private async load(id: string, name: string): Promise<void> {
    const attempt = (override: boolean) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Loading ${name}…`, cancellable: true }, (_p, token) =>
        this.api.request('models/load', { id, override }, token),
      );
    try {
      const { loadMs } = await attempt(false);
      this.api.log.write('info', `model manager: loaded ${name} in ${loadMs} ms`);
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code !== 'out-of-memory') throw e;
      const memory = (e.data?.memory ?? {}) as { sentence?: string };
      const choice = await vscode.window.showWarningMessage(`${name} does not fit in the memory budget.`, { modal: true, detail: memory.sentence ?? e.message }, 'Load Anyway');
      if (choice === 'Load Anyway') await attempt(true);
    }
  }

  /** Writes localFocus.models.<role>: cleared for the catalog default, a file name inside the models folder, else the full path. */
  private async useForRole(id: string, role: ModelRole): Promise<void> {
    const model = this.model(id);
    const dir = this.lastList?.modelsDir;
    if (!model || !dir) return;
    const key = SETTING_OF_ROLE[role];
    const relative = path.relative(dir, model.path);
    const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative);
    const value = inside && relative === DEFAULT_MODEL_FILES[key] ? undefined : inside ? relative.split(path.sep).join('/') : model.path;
    await vscode.workspace.getConfiguration('localFocus').update(`models.${key}`, value, vscode.ConfigurationTarget.Global);
    this.api.log.write('info', `model manager: ${MODEL_ROLE_LABELS[role]} now uses ${model.path}`);
    void vscode.window.showInformationMessage(`Local Focus: ${MODEL_ROLE_LABELS[role]} now uses ${model.name}.`);
  }

  private async pickRole(title: string, suggested: ModelRole, roles: readonly ModelRole[] = MODEL_ROLES): Promise<ModelRole | undefined> {
    const picked = await vscode.window.showQuickPick(
      roles.map((r) => ({ label: MODEL_ROLE_LABELS[r], description: r === suggested ? '(suggested)' : '', role: r })).sort((a, b) => Number(b.role === suggested) - Number(a.role === suggested)),
      { title, placeHolder: 'Which feature is this model for?' },
    );
    return picked?.role;
  }

  /** "Import Model File…": a .gguf file or an ONNX model folder. Tests pass the path (and role) as arguments. */
  async importModel(source?: string | vscode.Uri, role?: ModelRole): Promise<void> {
    let file = typeof source === 'string' ? source : source?.fsPath;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Import Model File',
        openLabel: 'Import',
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: false,
        filters: { 'GGUF model': ['gguf'], 'All files': ['*'] },
      });
      file = picked?.[0]?.fsPath;
    }
    if (!file) return;
    const isGguf = /\.gguf$/i.test(file);
    const chosenRole = role && MODEL_ROLES.includes(role) ? role : await this.pickRole(`Import ${path.basename(file)}`, isGguf ? 'task-parsing' : 'embeddings');
    if (!chosenRole) return;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Importing ${path.basename(file)} (checking and copying)…`, cancellable: true },
        (_p, token) => this.api.request('models/import', { path: file!, role: chosenRole }, token),
      );
      await this.offerRole(result.model, chosenRole, `imported ${result.model.name}`);
    } catch (err) {
      this.api.reportError(`Could not import ${path.basename(file)}`, err);
    }
  }

  /** After a model joined the catalog (`done` says how): uses it for the role when nothing serves it yet, else offers to. */
  private async offerRole(m: ModelView, role: ModelRole, done: string): Promise<void> {
    await this.refresh();
    const assignment = this.lastList?.roles.find((r) => r.role === role);
    const label = MODEL_ROLE_LABELS[role];
    if (assignment && !assignment.present && !m.usedFor.includes(role)) {
      // Nothing serves this role yet: the new model is what the user wants it to use.
      await this.useForRole(m.id, role);
      await this.refresh();
    } else if (!m.usedFor.includes(role)) {
      const choice = await vscode.window.showInformationMessage(`Local Focus: ${done}.`, `Use for ${label}`);
      if (choice) await this.useForRole(m.id, role);
    } else {
      void vscode.window.showInformationMessage(`Local Focus: ${done}.`);
    }
  }

  /** "Add Model from URL…": a GGUF file URL, its SHA-256 and a role; tests pass them as arguments. */
  async addModelFromUrl(url?: string, sha256?: string, role?: ModelRole): Promise<void> {
    const link =
      url ??
      (await vscode.window.showInputBox({
        title: 'Add Model from URL (1/3)',
        prompt: 'The https link of a .gguf file, e.g. a Hugging Face "resolve" or "blob" link.',
        placeHolder: 'https://huggingface.co/<owner>/<repo>/resolve/main/<file>.gguf',
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            const u = new URL(v.trim());
            if (u.protocol !== 'https:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname)) return 'Use an https link.';
            return /\.gguf$/i.test(u.pathname) ? undefined : 'The link must end with the .gguf file name.';
          } catch {
            return 'This is not a URL.';
          }
        },
      }));
    if (!link) return;
    const hash =
      sha256 ??
      (await vscode.window.showInputBox({
        title: 'Add Model from URL (2/3)',
        prompt: 'Its SHA-256 (shown on the model page under "SHA256"). Leave empty to add it unverified: the download then cannot be checked.',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' || /^[0-9a-fA-F]{64}$/.test(v.trim()) ? undefined : 'A SHA-256 is 64 hexadecimal characters.'),
      }));
    if (hash === undefined) return;
    const chosenRole = role && MODEL_ROLES.includes(role) ? role : await this.pickRole('Add Model from URL (3/3)', 'task-parsing');
    if (!chosenRole) return;
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading the model header…', cancellable: true }, (_p, token) =>
        this.api.request('models/addUrl', { url: link.trim(), role: chosenRole, ...(hash.trim() ? { sha256: hash.trim() } : {}) }, token),
      );
      await this.refresh();
      const m = result.model;
      const choice = await vscode.window.showInformationMessage(
        `Local Focus: added ${m.name}${m.verified ? '' : ' (unverified)'}. ${m.memory.verdict === 'too-big' ? 'It will not fit in the memory budget.' : ''}`.trim(),
        'Download',
      );
      if (choice === 'Download') await this.runAction('download', m.id);
    } catch (err) {
      this.api.reportError('Could not add the model', err);
    }
  }

  async verifyAll(): Promise<void> {
    try {
      const { reports } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Verifying model files…', cancellable: true }, (_p, token) =>
        this.api.request('models/verify', {}, token),
      );
      const bad = reports.filter((r) => r.problems.length > 0);
      if (reports.length === 0) void vscode.window.showInformationMessage('Local Focus: no model files to verify.');
      else if (bad.length === 0) void vscode.window.showInformationMessage(`Local Focus: ${reports.length} model(s) match their SHA-256.`);
      else void vscode.window.showWarningMessage(`Local Focus: ${bad.map((r) => `${r.id}: ${r.problems.join('; ')}`).join(' | ')}`);
    } catch (err) {
      this.api.reportError('Could not verify the model files', err);
    } finally {
      await this.refresh();
    }
  }

  private html(webview: vscode.Webview): string {
    const extensionUri = this.api.context.extensionUri;
    return modelManagerHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'modelManager.css')).toString(),
    });
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}
