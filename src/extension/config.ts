// Typed getters over the `localFocus.*` settings and the secret API key: one place that knows
// setting names, so the rest of the extension never reads raw configuration.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { kindOnDisk, readNotesFolders, type NotesFoldersReading } from '../core/notes/notesFolders';
import { defaultModelsDir } from '../core/paths';
import { Capability, Mode, MODES, ModelPaths, WorkerConfig } from '../core/protocol';
import { trustedSettingValue } from '../core/trustedSettings';
import { checkLocalServerSettings, type CheckedLocalServerSettings } from './localServerSettings';
import type { SetUpThings } from './statusText';

export const SECRET_API_KEY = 'localFocus.cloud.apiKey';
/** The Hugging Face token (the CLI's HF_TOKEN), for gated models on the hub. */
export const SECRET_HUB_TOKEN = 'localFocus.hub.token';
export const DEFAULT_CLOUD_BASE_URL = 'https://openrouter.ai/api/v1';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('localFocus');
}

/**
 * A setting's value, where an untrusted workspace cannot set the restricted ones (models folder and
 * files, cloud endpoint and model, mode, proxy): those come from the user's settings or the default
 * (src/core/trustedSettings.ts says which and why).
 */
function read<T>(sectionName: string, key: string, fallback: T): T {
  const s = vscode.workspace.getConfiguration(sectionName);
  const trusted = vscode.workspace.isTrusted;
  return trustedSettingValue(`${sectionName}.${key}`, {
    trusted,
    resolved: s.get<T>(key, fallback),
    inspection: trusted ? undefined : s.inspect<T>(key),
    fallback,
  });
}

export function getMode(): Mode {
  const mode = read<string>('localFocus', 'mode', 'auto');
  return (MODES as readonly string[]).includes(mode) ? (mode as Mode) : 'auto';
}

export async function setMode(mode: Mode): Promise<void> {
  // Written where the user would look for it: the workspace when one overrides it, else the user
  // settings. An untrusted workspace's value is not used (see read()), so there it is always the user's.
  const inspect = section().inspect<string>('mode');
  const target =
    vscode.workspace.isTrusted && (inspect?.workspaceFolderValue !== undefined || inspect?.workspaceValue !== undefined)
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await section().update('mode', mode, target);
}

export function expandHome(p: string): string {
  return p.startsWith('~') ? os.homedir() + p.slice(1) : p;
}

const MODEL_SETTINGS: (keyof ModelPaths)[] = ['taskParsing', 'codeReview', 'embeddings'];

/** The model files set in localFocus.models.*; an empty setting is no entry. */
function modelPaths(): ModelPaths {
  const paths: ModelPaths = {};
  for (const key of MODEL_SETTINGS) {
    const file = read<string>('localFocus', `models.${key}`, '');
    if (file) paths[key] = file;
  }
  return paths;
}

/** The model-server settings and the tier order, checked (localServerSettings.ts); bad values come back as warnings. */
export function localServerConfig(): CheckedLocalServerSettings {
  const lf = <T>(key: string, fallback: T) => read<T>('localFocus', key, fallback);
  return checkLocalServerSettings({
    detect: lf<unknown>('localServer.detect', true),
    url: lf<unknown>('localServer.url', ''),
    allowHosts: lf<unknown>('localServer.allowHosts', []),
    chatModel: lf<unknown>('localServer.chatModel', ''),
    embeddingModel: lf<unknown>('localServer.embeddingModel', ''),
    tierOrder: lf<unknown>('tierOrder', undefined),
  });
}

/**
 * localFocus.notes.folders, read and checked: the folders outside the workspace whose notes are
 * searched too. Machine-scoped and restricted, so a workspace (trusted or not) cannot add a folder
 * of its choosing to what the user's searches read.
 */
export function notesFoldersSetting(): NotesFoldersReading {
  return readNotesFolders(read<unknown>('localFocus', 'notes.folders', []), { homedir: os.homedir(), kindOf: kindOnDisk });
}

/** localFocus.hub.url as set (untrusted workspaces: the user's value); empty for the public Hub. */
export function hubUrlSetting(): string {
  return read<string>('localFocus', 'hub.url', '').trim();
}

/** What the user set up, so the status item can tell its failure from "nothing set up yet". */
export function setUpThings(): SetUpThings {
  const lf = <T>(key: string, fallback: T) => read<T>('localFocus', key, fallback);
  const named: [Capability, string][] = [
    ['taskParsing', 'models.taskParsing'],
    ['codeReview', 'models.codeReview'],
    ['notesSearch', 'models.embeddings'],
  ];
  const serverUrl = localServerConfig().localServer.url;
  return {
    configuredModels: named.filter(([, key]) => lf<string>(key, '').trim() !== '').map(([c]) => c),
    ...(serverUrl ? { serverUrl } : {}),
  };
}

/**
 * Whether the user lets the editor show welcome pages: not when they set no startup editor, or
 * turned off walkthroughs opening on install. The second is application-scoped, which a remote
 * extension host (code-server among them) may not see, so the first counts too.
 */
export function editorShowsWelcomePages(): boolean {
  const workbench = vscode.workspace.getConfiguration('workbench');
  return workbench.get<string>('startupEditor', 'welcomePage') !== 'none' && workbench.get<boolean>('welcomePage.walkthroughs.openOnInstall', true);
}

/** Writes the server's models to the user settings (the walkthrough's Set Up Local AI). */
export async function setLocalServerModels(models: { chatModel?: string; embeddingModel?: string }): Promise<void> {
  if (models.chatModel) await section().update('localServer.chatModel', models.chatModel, vscode.ConfigurationTarget.Global);
  if (models.embeddingModel) await section().update('localServer.embeddingModel', models.embeddingModel, vscode.ConfigurationTarget.Global);
}

/** The worker's configuration; `warn` receives a sentence for each setting replaced by its default. */
export async function workerConfig(secrets: vscode.SecretStorage, warn: (warnings: string[]) => void = () => undefined): Promise<WorkerConfig> {
  const s = section();
  const lf = <T>(key: string, fallback: T) => read<T>('localFocus', key, fallback);
  const modelsDir = lf<string>('modelsDirectory', '').trim();
  const threads = s.get<number>('threads', 0);
  const apiKey = await secrets.get(SECRET_API_KEY);
  const hubToken = (await secrets.get(SECRET_HUB_TOKEN))?.trim();
  const hubUrl = hubUrlSetting();
  // VS Code's own proxy setting; empty means the worker falls back to HTTPS_PROXY.
  const proxy = read<string>('http', 'proxy', '').trim();
  const memoryBudgetPercent = s.get<number>('memoryBudgetPercent', 60);
  const { localServer, tierOrder, warnings } = localServerConfig();
  // The notes folders are the notes feature's, but their warnings are said here with the other
  // settings', once per change, with Open Settings.
  warn([...warnings, ...notesFoldersSetting().warnings]);
  return {
    mode: getMode(),
    localServer,
    tierOrder,
    modelsDir: modelsDir ? expandHome(modelsDir) : defaultModelsDir(),
    models: modelPaths(),
    cloud: {
      baseUrl: lf<string>('cloud.baseUrl', DEFAULT_CLOUD_BASE_URL) || DEFAULT_CLOUD_BASE_URL,
      model: lf<string>('cloud.model', 'meta-llama/llama-3.2-3b-instruct'),
      ...(apiKey ? { apiKey } : {}),
    },
    idleUnloadMinutes: s.get<number>('idleUnloadMinutes', 10),
    ...(threads > 0 ? { threads } : {}),
    ...(proxy ? { proxy } : {}),
    ...(memoryBudgetPercent > 0 ? { memoryBudgetPercent } : {}),
    hub: { ...(hubUrl ? { url: hubUrl } : {}), ...(hubToken ? { token: hubToken } : {}) },
  };
}
