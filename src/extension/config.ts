// Typed getters over the `localFocus.*` settings and the secret API key: one place that knows
// setting names, so the rest of the extension never reads raw configuration.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { defaultModelsDir } from '../core/paths';
import { Mode, MODES, WorkerConfig } from '../core/protocol';

export const SECRET_API_KEY = 'localFocus.cloud.apiKey';
export const DEFAULT_CLOUD_BASE_URL = 'https://openrouter.ai/api/v1';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('localFocus');
}

export function getMode(): Mode {
  const mode = section().get<string>('mode', 'auto');
  return (MODES as readonly string[]).includes(mode) ? (mode as Mode) : 'auto';
}

export async function setMode(mode: Mode): Promise<void> {
  // Written where the user would look for it: the workspace when one overrides it, else the user settings.
  const inspect = section().inspect<string>('mode');
  const target =
    inspect?.workspaceFolderValue !== undefined || inspect?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await section().update('mode', mode, target);
}

export function expandHome(p: string): string {
  return p.startsWith('~') ? os.homedir() + p.slice(1) : p;
}

export async function workerConfig(secrets: vscode.SecretStorage): Promise<WorkerConfig> {
  const s = section();
  const modelsDir = s.get<string>('modelsDirectory', '').trim();
  const threads = s.get<number>('threads', 0);
  const apiKey = await secrets.get(SECRET_API_KEY);
  // VS Code's own proxy setting; empty means the worker falls back to HTTPS_PROXY.
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy', '').trim();
  const memoryBudgetPercent = s.get<number>('memoryBudgetPercent', 60);
  return {
    mode: getMode(),
    modelsDir: modelsDir ? expandHome(modelsDir) : defaultModelsDir(),
    models: {
      taskParsing: s.get<string>('models.taskParsing', '') || undefined,
      codeReview: s.get<string>('models.codeReview', '') || undefined,
      embeddings: s.get<string>('models.embeddings', '') || undefined,
    },
    cloud: {
      baseUrl: s.get<string>('cloud.baseUrl', DEFAULT_CLOUD_BASE_URL) || DEFAULT_CLOUD_BASE_URL,
      model: s.get<string>('cloud.model', 'meta-llama/llama-3.2-3b-instruct'),
      ...(apiKey ? { apiKey } : {}),
    },
    idleUnloadMinutes: s.get<number>('idleUnloadMinutes', 10),
    ...(threads > 0 ? { threads } : {}),
    ...(proxy ? { proxy } : {}),
    ...(memoryBudgetPercent > 0 ? { memoryBudgetPercent } : {}),
  };
}
