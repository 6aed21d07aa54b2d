// The "Model Manager" webview view in the Local Focus container. For now it shows, per role, which
// model file is expected and whether it is present, what is loaded, and the models folder.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { resolveModelPath } from '../core/paths';
import { StatusReport, WorkerConfig } from '../core/protocol';
import { HostToWebview, ModelRoleView, WebviewToHost } from '../core/webviewProtocol';
import { workerConfig } from './config';
import type { Feature } from './features';

export const MODEL_MANAGER_VIEW_ID = 'localFocus.modelManager';

export interface ModelManagerHost {
  config(): Promise<WorkerConfig>;
  status(): StatusReport | undefined;
  showLog(): void;
  unloadAll(): Promise<void>;
}

/** The Model Manager view as a feature: registered on activation, refreshed on every status. */
export const modelManagerFeature: Feature = (api) => {
  const view = new ModelManagerView(api.context.extensionUri, {
    config: () => workerConfig(api.context.secrets),
    status: () => api.status(),
    showLog: () => api.log.show(),
    unloadAll: async () => {
      await api.request('models/unloadAll', {});
    },
  });
  return [
    vscode.window.registerWebviewViewProvider(MODEL_MANAGER_VIEW_ID, view),
    api.onStatus(() => void view.refresh()),
    view,
  ];
};

const ROLES: { role: ModelRoleView['role']; label: string }[] = [
  { role: 'taskParsing', label: 'Task parsing' },
  { role: 'codeReview', label: 'Code review' },
  { role: 'embeddings', label: 'Notes search (embeddings)' },
];

export class ModelManagerView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: ModelManagerHost,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    const distRoot = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot, distRoot] };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((msg: WebviewToHost) => void this.onMessage(msg)),
      view.onDidChangeVisibility(() => view.visible && void this.refresh()),
    );
  }

  async refresh(): Promise<void> {
    if (!this.view) return;
    const config = await this.host.config();
    const roles: ModelRoleView[] = ROLES.map(({ role, label }) => {
      let p: string;
      try {
        p = resolveModelPath(config.modelsDir, config.models[role], role);
      } catch (err) {
        return { role, label, path: (err as Error).message, present: false };
      }
      return { role, label, path: p, present: fs.existsSync(p) };
    });
    const status = this.host.status();
    const msg: HostToWebview = {
      type: 'state',
      status,
      modelsDir: config.modelsDir,
      roles,
      ...(status ? {} : { workerDown: 'the inference worker is starting or restarting' }),
    };
    await this.view.webview.postMessage(msg);
  }

  private async onMessage(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.refresh();
        break;
      case 'showLog':
        this.host.showLog();
        break;
      case 'unloadAll':
        await this.host.unloadAll();
        await this.refresh();
        break;
      case 'openModelsFolder': {
        const dir = (await this.host.config()).modelsDir;
        await fs.promises.mkdir(dir, { recursive: true });
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
        break;
      }
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'modelManager.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Model Manager</title>
</head>
<body>
<div id="root" aria-live="polite">Loading…</div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
