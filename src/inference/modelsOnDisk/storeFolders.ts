// Where Ollama and LM Studio keep their models on this computer, computed from the home folder,
// the environment and the platform alone (no disk access), so that every platform's answer can be
// checked on any machine. Windows paths use Windows separators even when computed elsewhere.
import * as path from 'node:path';

export interface DiskModelsWhere {
  /** The user's home folder (os.homedir()). */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

export interface StoreFolders {
  /** Ollama stores, each holding `manifests/` and `blobs/`. */
  ollama: string[];
  /** LM Studio models folders, the one in use first. */
  lmStudio: string[];
}

/** Where Ollama's Linux install script puts the store of the `ollama` service user. */
const OLLAMA_LINUX_SERVICE_STORE = '/usr/share/ollama/.ollama/models';

function pathsOf(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** A variable's value; on Windows names are case-insensitive ("UserProfile" is USERPROFILE). */
function envValue(where: DiskModelsWhere, name: string): string | undefined {
  const key = where.platform === 'win32' ? Object.keys(where.env).find((k) => k.toUpperCase() === name) : name;
  return key === undefined ? undefined : where.env[key];
}

/** Ollama reads its variables with spaces and surrounding quotes trimmed (envconfig.Var). */
function ollamaVar(where: DiskModelsWhere, name: string): string | undefined {
  const value = envValue(where, name)?.trim().replace(/^["']+|["']+$/g, '');
  return value ? value : undefined;
}

/** The home folder as Ollama and LM Studio see it: %USERPROFILE% on Windows. */
function homeOf(where: DiskModelsWhere): string {
  return (where.platform === 'win32' ? envValue(where, 'USERPROFILE')?.trim() : undefined) || where.home;
}

/** LM Studio's data folder can be moved; this file then holds the new folder's path. */
export function lmStudioHomePointerFile(where: DiskModelsWhere): string {
  return pathsOf(where.platform).join(homeOf(where), '.lmstudio-home-pointer');
}

/**
 * The folders to search. $OLLAMA_MODELS replaces Ollama's default store, as it does for Ollama
 * itself: models in the default folder are then not Ollama's models. On Linux the store of
 * Ollama's system service is searched too. `lmStudioHome` is the pointer file's content, if any.
 */
export function storeFolders(where: DiskModelsWhere, lmStudioHome?: string): StoreFolders {
  const p = pathsOf(where.platform);
  const home = homeOf(where);
  const ollamaOverride = ollamaVar(where, 'OLLAMA_MODELS');
  const ollama = ollamaOverride ? [ollamaOverride] : [p.join(home, '.ollama', 'models'), ...(where.platform === 'linux' ? [OLLAMA_LINUX_SERVICE_STORE] : [])];
  const pointed = lmStudioHome?.trim();
  // `.cache/lm-studio` is where LM Studio before 0.3 kept its data, on every platform.
  const lmStudio = [...(pointed ? [p.join(pointed, 'models')] : []), p.join(home, '.lmstudio', 'models'), p.join(home, '.cache', 'lm-studio', 'models')];
  return { ollama: unique(ollama), lmStudio: unique(lmStudio) };
}

function unique(folders: string[]): string[] {
  return [...new Set(folders)];
}
