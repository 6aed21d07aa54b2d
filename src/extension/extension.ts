// A thin activate(): builds one LocalFocus context object and registers everything into
// context.subscriptions. A failure here is caught and offered with "Open Log" (rust-analyzer style).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ERROR_INFO, LocalFocusError, toLocalFocusError } from '../core/errors';
import { Mode, MODE_LABELS, MODES, StatusReport } from '../core/protocol';
import { ParamsOf, ResultOf, WorkerMethod, WorkerNotifications } from '../core/workerRequests';
import { WorkerClient } from '../core/workerClient';
import { WorkerOutageNotice } from '../core/workerOutageNotice';
import { getMode, SECRET_API_KEY, SECRET_HUB_TOKEN, setMode, setUpThings, workerConfig } from './config';
import type { LocalFocusApi } from './featureApi';
import { FEATURES } from './features';
import { Log } from './log';
import { MODEL_MANAGER_VIEW_ID } from './modelManagerView';
import { ModeStatusBar, SET_UP_LOCAL_AI_COMMAND, STATUS_MENU_COMMAND } from './statusBar';
import type { StatusActivity } from './statusText';
import { STATUS_TIER_LABELS } from './statusText';

class LocalFocus implements vscode.Disposable, LocalFocusApi {
  readonly log = new Log();
  readonly statusBar = new ModeStatusBar();
  readonly worker: WorkerClient;
  private lastStatus: StatusReport | undefined;
  private downReason: string | undefined;
  /** One message per outage, not one per failed request or per crash in a crash loop (a pure
   *  module so test/integration/workerFaults.test.ts drives the same decision). */
  private readonly outage = new WorkerOutageNotice({
    show: (message) => void vscode.window.showWarningMessage(message, 'Open Log').then((choice) => choice === 'Open Log' && this.log.show()),
  });
  private readonly disposables: vscode.Disposable[] = [];
  /** The settings warnings already shown: each is shown once while the bad value stays. */
  private shownSettingsWarnings = new Set<string>();
  private readonly statusEmitter = new vscode.EventEmitter<StatusReport>();
  private readonly progressEmitter = new vscode.EventEmitter<WorkerNotifications['worker/progress']>();
  readonly onStatus = this.statusEmitter.event;
  readonly onProgress = this.progressEmitter.event;

  constructor(readonly context: vscode.ExtensionContext) {
    this.settingsChanged();
    this.worker = new WorkerClient({
      workerPath: path.join(context.extensionPath, 'dist', 'worker.js'),
      config: () => workerConfig(context.secrets, (warnings) => this.settingsWarnings(warnings)),
      env: { LOCAL_FOCUS_PARENT: 'vscode' },
      log: (level, message) => this.log.write(level, message),
      onStatus: (report) => this.statusReceived(report),
      onProgress: (p) => this.progressEmitter.fire(p),
      onDown: (info) => this.onWorkerDown(info.signal ? `signal ${info.signal}` : `exit code ${info.code}`),
      onUp: () => this.onWorkerUp(),
    });
  }

  async start(): Promise<void> {
    this.disposables.push(
      vscode.commands.registerCommand('localFocus.showLog', () => this.log.show()),
      vscode.commands.registerCommand(STATUS_MENU_COMMAND, () => this.statusMenu()),
      vscode.commands.registerCommand('localFocus.switchMode', () => this.pickMode()),
      vscode.commands.registerCommand('localFocus.setCloudApiKey', () => this.setApiKey()),
      vscode.commands.registerCommand('localFocus.clearCloudApiKey', () => this.clearApiKey()),
      vscode.commands.registerCommand('localFocus.openModelManager', () => this.openModelManager()),
      vscode.commands.registerCommand('localFocus.restartWorker', () => this.restartWorker()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // http.proxy routes the worker's downloads (cloud calls use Node's fetch, without it): a change applies at once too.
        if (!e.affectsConfiguration('localFocus') && !e.affectsConfiguration('http.proxy')) return;
        this.settingsChanged();
        void this.reconfigure();
      }),
      this.context.secrets.onDidChange((e) => (e.key === SECRET_API_KEY || e.key === SECRET_HUB_TOKEN) && void this.reconfigure()),
      // Trusting the workspace lets its values of the restricted settings apply (config.ts): resend them.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.settingsChanged();
        void this.reconfigure();
      }),
    );
    this.disposables.push(this.statusEmitter, this.progressEmitter);
    this.log.write('info', `Local Focus ${this.context.extension.packageJSON.version as string} activating; starting the inference worker`);
    const started = this.worker.start();
    for (const feature of FEATURES) this.disposables.push(...(await feature(this)));
    await started;
  }

  private settingsChanged(): void {
    this.statusBar.setMode(getMode());
    this.statusBar.setSetUpThings(setUpThings());
  }

  showActivity(key: string, activity: StatusActivity | undefined): void {
    this.statusBar.setActivity(key, activity);
  }

  private settingsWarnings(warnings: string[]): void {
    for (const w of warnings) {
      if (this.shownSettingsWarnings.has(w)) continue;
      this.log.write('warn', `settings: ${w}`);
      void vscode.window.showWarningMessage(`Local Focus: ${w}`, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', /^localFocus\.[\w.]+/.exec(w)?.[0]);
      });
    }
    this.shownSettingsWarnings = new Set(warnings);
  }

  private statusReceived(report: StatusReport): void {
    this.lastStatus = report;
    this.statusBar.update(report);
    this.statusEmitter.fire(report);
  }

  status(): StatusReport | undefined {
    return this.downReason ? undefined : this.lastStatus;
  }

  async request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, token?: vscode.CancellationToken): Promise<ResultOf<M>> {
    const controller = new AbortController();
    const sub = token?.onCancellationRequested(() => controller.abort());
    if (token?.isCancellationRequested) controller.abort();
    try {
      return await this.worker.request(method, params, controller.signal);
    } finally {
      sub?.dispose();
    }
  }

  private onWorkerDown(how: string): void {
    this.downReason = `stopped with ${how}`;
    this.statusBar.setWorkerDown({ reason: this.downReason, since: new Date() });
    this.outage.down(how);
  }

  private onWorkerUp(): void {
    this.downReason = undefined;
    this.statusBar.setWorkerDown(undefined);
    // Only a worker that stays up ends the outage; a crash loop keeps its single message.
    this.outage.up();
  }

  private async reconfigure(): Promise<void> {
    try {
      const report = await this.worker.reconfigure();
      if (report) this.statusReceived(report);
    } catch (err) {
      this.reportError('Could not apply the new settings', err);
    }
  }

  private async statusMenu(): Promise<void> {
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const current = getMode();
    const items: Item[] = [
      { label: 'Mode', kind: vscode.QuickPickItemKind.Separator, run: () => undefined },
      ...MODES.map((m) => ({
        label: `Mode: ${MODE_LABELS[m]}`,
        description: m === current ? '(current)' : modeDescription(m),
        run: () => this.applyMode(m),
      })),
      { label: 'Actions', kind: vscode.QuickPickItemKind.Separator, run: () => undefined },
      { label: 'Show Log', iconPath: new vscode.ThemeIcon('output'), run: () => this.log.show() },
      { label: 'Open Model Manager', iconPath: new vscode.ThemeIcon('server-process'), run: () => this.openModelManager() },
      { label: 'Set Cloud API Key…', iconPath: new vscode.ThemeIcon('key'), run: () => this.setApiKey() },
      { label: 'Set Up Local AI…', iconPath: new vscode.ThemeIcon('sparkle'), run: () => vscode.commands.executeCommand(SET_UP_LOCAL_AI_COMMAND) },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `Local Focus: ${STATUS_TIER_LABELS[this.statusBar.tier]}`,
      placeHolder: 'Switch mode or open the log / model manager',
    });
    await picked?.run();
  }

  private async pickMode(): Promise<void> {
    const current = getMode();
    const picked = await vscode.window.showQuickPick(
      MODES.map((m) => ({ label: MODE_LABELS[m], description: m === current ? '(current)' : modeDescription(m), mode: m })),
      { title: 'Local Focus: Switch Mode' },
    );
    if (picked) await this.applyMode(picked.mode);
  }

  private async applyMode(mode: Mode): Promise<void> {
    await setMode(mode);
    this.statusBar.setMode(mode);
    this.log.write('info', `mode set to ${mode}`);
  }

  private async setApiKey(): Promise<void> {
    const key = await vscode.window.showInputBox({
      title: 'Local Focus: Set Cloud API Key',
      prompt: 'API key for the OpenAI-compatible endpoint in "localFocus.cloud.baseUrl". Stored in the editor\'s secret storage only.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 8 ? 'That is too short to be an API key.' : undefined),
    });
    if (!key) return;
    await this.context.secrets.store(SECRET_API_KEY, key.trim());
    this.log.write('info', 'cloud API key stored in secret storage');
    void vscode.window.showInformationMessage('Local Focus: cloud API key saved. The cloud tier is used when the mode allows it and the endpoint answers.');
  }

  private async clearApiKey(): Promise<void> {
    await this.context.secrets.delete(SECRET_API_KEY);
    this.log.write('info', 'cloud API key removed from secret storage');
  }

  async openModelManager(): Promise<void> {
    await vscode.commands.executeCommand(`${MODEL_MANAGER_VIEW_ID}.focus`);
  }

  /** The user's explicit restart: it also asks the new worker to try the GPU again after an earlier GPU crash. */
  private async restartWorker(): Promise<void> {
    await this.worker.stop();
    await this.worker.start();
    await this.request('llm/retryGpu', {}).catch((err) => this.log.write('warn', `GPU retry after restart: ${toLocalFocusError(err).message}`));
  }

  reportError(what: string, err: unknown): void {
    const e = toLocalFocusError(err);
    this.log.write('error', `${what}: ${e.code}: ${e.message}`);
    // The outage message already told the user the worker is restarting: no second one per request.
    if (this.outage.covers(e)) return;
    const info = ERROR_INFO[e.code];
    const actions = info.actionLabel ? [info.actionLabel] : [];
    void vscode.window.showErrorMessage(`Local Focus: ${what}. ${e.userMessage}`, ...actions).then((choice) => {
      if (!choice) return;
      if (info.action === 'showLog') this.log.show();
      if (info.action === 'openModelManager') void this.openModelManager();
    });
  }

  dispose(): void {
    this.outage.dispose();
    this.disposables.forEach((d) => d.dispose());
    void this.worker.stop();
    this.statusBar.dispose();
    this.log.dispose();
  }
}

function modeDescription(mode: Mode): string {
  switch (mode) {
    case 'auto':
      return 'local when loaded, cloud when allowed and reachable, rules otherwise';
    case 'localOnly':
      return 'never contact the cloud';
    case 'cloudPreferred':
      return 'cloud first when a key is set and it answers';
  }
}

let instance: LocalFocus | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const lf = new LocalFocus(context);
  instance = lf;
  context.subscriptions.push(lf);
  try {
    await lf.start();
  } catch (err) {
    const e = err instanceof LocalFocusError ? err : toLocalFocusError(err);
    lf.log.write('error', `activation failed: ${e.message}`);
    void vscode.window.showErrorMessage(`Local Focus failed to start: ${e.message}`, 'Open Log').then((c) => c && lf.log.show());
  }
}

export async function deactivate(): Promise<void> {
  await instance?.worker.stop();
  instance = undefined;
}
