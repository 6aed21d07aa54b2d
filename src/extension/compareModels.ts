// "Compare Models…": the user picks a role, then two to four of its downloaded models and model
// server chat models; the worker runs the same short prompt on each, one after another
// (models/bench: each unloaded before the next loads, so the memory budget holds), and a panel shows
// their speed and output side by side (compareModelsHtml). The bench can be cancelled from its
// notification.
import * as vscode from 'vscode';
import { MODEL_ROLE_LABELS, type ModelRole } from '../core/models/catalogTypes';
import { formatBytes } from '../core/models/formatBytes';
import type { ModelListResult } from '../core/modelsProtocol';
import type { StatusReport } from '../core/protocol';
import { compareModelsHtml } from './compareModelsHtml';
import type { LocalFocusApi } from './featureApi';

export const COMPARE_MODELS_COMMAND = 'localFocus.compareModels';
/** Fewer is no comparison; more would not fit side by side, and each one loads in turn. */
const MIN_MODELS = 2;
const MAX_MODELS = 4;
const CHAT_ROLES: ModelRole[] = ['task-parsing', 'review'];

interface ModelChoice extends vscode.QuickPickItem {
  id: string;
}

export function compareModelsCommand(api: LocalFocusApi): vscode.Disposable {
  return vscode.commands.registerCommand(COMPARE_MODELS_COMMAND, async () => {
    try {
      await compareModels(api);
    } catch (err) {
      api.reportError('Compare Models', err);
    }
  });
}

async function compareModels(api: LocalFocusApi): Promise<void> {
  const role = await pickRole();
  if (!role) return;
  const choices = modelChoices(await api.request('models/list', {}), api.status(), role);
  if (choices.length < MIN_MODELS) {
    void vscode.window.showInformationMessage(
      `Local Focus: Compare Models needs at least ${MIN_MODELS} downloaded or server models for ${MODEL_ROLE_LABELS[role]}; ${choices.length} ${choices.length === 1 ? 'is' : 'are'} available. Download one in the Model Manager.`,
    );
    return;
  }
  const picked = await pickModels(choices, role);
  if (!picked) return;
  const ids = picked.map((c) => c.id);
  api.log.write('info', `compare models: ${ids.join(', ')} (${role})`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Local Focus: comparing ${ids.length} models, one at a time…`, cancellable: true },
    (_progress, token) => api.request('models/bench', { ids, role }, token),
  );
  showComparison(api, { roleLabel: MODEL_ROLE_LABELS[role], prompt: result.prompt, runs: result.runs });
}

async function pickRole(): Promise<ModelRole | undefined> {
  const items = CHAT_ROLES.map((role) => ({ label: MODEL_ROLE_LABELS[role], role }));
  return (await vscode.window.showQuickPick(items, { title: 'Compare Models: which role?', placeHolder: 'The bench prompt is shaped like this role\'s work' }))?.role;
}

/** Asks until the pick is two to four models, or the user gives up. */
async function pickModels(choices: ModelChoice[], role: ModelRole): Promise<ModelChoice[] | undefined> {
  for (;;) {
    const picked = await vscode.window.showQuickPick(choices, {
      title: `Compare Models for ${MODEL_ROLE_LABELS[role]}: pick ${MIN_MODELS} to ${MAX_MODELS}`,
      canPickMany: true,
      matchOnDescription: true,
    });
    if (!picked || picked.length === 0) return undefined;
    if (picked.length >= MIN_MODELS && picked.length <= MAX_MODELS) return picked;
    const again = await vscode.window.showWarningMessage(`Pick ${MIN_MODELS} to ${MAX_MODELS} models; you picked ${picked.length}.`, 'Pick Again');
    if (again !== 'Pick Again') return undefined;
  }
}

/** The role's ready GGUF models, then every chat model of a server that counts as Local or may be used. */
export function modelChoices(list: ModelListResult, status: StatusReport | undefined, role: ModelRole): ModelChoice[] {
  const local = list.models
    .filter((m) => m.format === 'gguf' && m.roles.includes(role) && (m.state === 'ready' || m.state === 'loaded'))
    .map((m) => ({ id: m.id, label: m.name, description: `${m.quantization} · ${formatBytes(m.sizeBytes)} · in process` }));
  const servers = (status?.localServers ?? []).filter((s) => s.local || status?.mode !== 'localOnly');
  const served = servers.flatMap((s) =>
    s.models.filter((m) => m.role === 'chat').map((m) => ({ id: `${s.url}#${m.name}`, label: m.name, description: `${s.name} at ${s.url}` })),
  );
  return [...local, ...served];
}

function showComparison(api: LocalFocusApi, content: Parameters<typeof compareModelsHtml>[1]): void {
  const media = vscode.Uri.joinPath(api.context.extensionUri, 'media');
  const panel = vscode.window.createWebviewPanel('localFocus.modelComparison', 'Compare Models', vscode.ViewColumn.Active, {
    enableScripts: false,
    localResourceRoots: [media],
  });
  const styleUri = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'modelComparison.css')).toString();
  panel.webview.html = compareModelsHtml({ cspSource: panel.webview.cspSource, styleUri }, content);
}
