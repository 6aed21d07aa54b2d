// Where Local Focus keeps data on disk (docs/architecture.md, "Data on disk"). Tests and benchmarks set
// LOCAL_FOCUS_HOME to a temporary folder so they never touch a user's data.
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from './errors';
import { ModelPaths } from './protocol';

export function localFocusHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOCAL_FOCUS_HOME && env.LOCAL_FOCUS_HOME.trim() ? path.resolve(env.LOCAL_FOCUS_HOME) : path.join(os.homedir(), '.local-focus');
}

export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'models');
}

export function indexesDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'indexes');
}

/** The persisted records of the workspace TODO scans, one file per scanned folder. */
export function todoScansDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'todo-scans');
}

/** The records of `local-focus todos`, apart from the editor's: the command's settings (its
 *  excludes above all) differ from the editor's, and one record per folder serves one set. */
export function cliTodoScansDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'todo-scans-cli');
}

/** The next-task suggestions the user snoozed or put off until tomorrow (tasks/next/hiddenSuggestions.ts). */
export function hiddenSuggestionsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'next-hidden.json');
}

/** The open tasks last seen in a task file (tasks/seenTasksRecord.ts), one record per file, named as folderKey names a folder. */
export function seenTasksRecordFile(taskFile: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(localFocusHome(env), 'tasks-seen', `${folderKey(taskFile)}.json`);
}

/** A folder's name in the data folders: the first 16 hex of the sha256 of its resolved path,
 *  lower-cased first on case-insensitive file systems, so one folder has one name however its
 *  path was typed. */
export function folderKey(folder: string): string {
  let key = path.resolve(folder);
  if (process.platform === 'win32' || process.platform === 'darwin') key = key.toLowerCase();
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * The file (or folder) each role uses when the user has not chosen one: the catalog defaults,
 * stored under the models directory by the model manager.
 */
export const DEFAULT_MODEL_FILES: Required<ModelPaths> = {
  taskParsing: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf',
  codeReview: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
  embeddings: 'all-MiniLM-L6-v2',
};

export function resolveModelPath(modelsDir: string, configured: string | undefined, role: keyof ModelPaths): string {
  const chosen = configured && configured.trim() ? configured.trim() : DEFAULT_MODEL_FILES[role];
  // An absolute path is the user's explicit choice; a relative one must stay inside the models folder.
  if (path.isAbsolute(chosen)) return chosen;
  const resolved = path.resolve(modelsDir, chosen);
  const root = path.resolve(modelsDir) + path.sep;
  if (!resolved.startsWith(root)) {
    throw new LocalFocusError('bad-input', `The ${role} model path "${chosen}" points outside the models folder; use a file name inside ${modelsDir} or an absolute path.`);
  }
  return resolved;
}
