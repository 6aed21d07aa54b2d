// Which settings an untrusted workspace may not set, and the value read for them. A workspace's
// .vscode/settings.json comes with the repository, so in Restricted Mode it must not decide where
// models are loaded from, where code and notes are sent, or with which key: those settings are read
// from the user's own settings (or the default) only. VS Code already ignores workspace values of
// the settings in package.json's capabilities.untrustedWorkspaces.restrictedConfigurations; the
// extension applies the same rule itself so the worker never receives a workspace value even if an
// editor (or a fork) does not. A unit test keeps this list and the manifest's list equal.

/**
 * Local Focus settings a workspace cannot set while untrusted, each with why:
 * - mode: a workspace could turn the user's "Local only" into cloud use, sending its code and notes out.
 * - cloud.baseUrl: would send the user's API key and code to a server of the workspace's choosing.
 * - cloud.model: would pick what the user's key pays for.
 * - modelsDirectory, models.*: would load (native-parsed) model files from a folder or path of the
 *   workspace's choosing, and the models folder is where downloads are written.
 * - tierOrder: like mode, putting cloud first would send the workspace's code and notes out.
 * - localServer.url, localServer.allowHosts: would send code and notes to a server of the
 *   workspace's choosing and let it count as Local (allowHosts is also machine-scoped).
 * - localServer.chatModel, localServer.embeddingModel: like models.*, which model runs is the user's.
 * - notes.folders: would add a folder of the workspace's choosing (anywhere on the disk) to what is
 *   indexed and shown in the user's searches (it is also machine-scoped).
 * - hub.url: would send the user's Hugging Face token to a server of the workspace's choosing, and
 *   pick the files a search offers to download.
 */
export const RESTRICTED_SETTINGS = [
  'localFocus.mode',
  'localFocus.cloud.baseUrl',
  'localFocus.cloud.model',
  'localFocus.modelsDirectory',
  'localFocus.models.taskParsing',
  'localFocus.models.codeReview',
  'localFocus.models.embeddings',
  'localFocus.tierOrder',
  'localFocus.localServer.url',
  'localFocus.localServer.allowHosts',
  'localFocus.localServer.chatModel',
  'localFocus.localServer.embeddingModel',
  'localFocus.hub.url',
  'localFocus.notes.folders',
] as const;

/**
 * Editor settings Local Focus reads that redirect its traffic: `http.proxy` could route the
 * downloads and the cloud requests through a proxy of the workspace's choosing. VS Code restricts it
 * itself; it is not ours to list in the manifest, but it is read the same way.
 */
export const RESTRICTED_EDITOR_SETTINGS = ['http.proxy'] as const;

export function isRestrictedSetting(key: string): boolean {
  return (RESTRICTED_SETTINGS as readonly string[]).includes(key) || (RESTRICTED_EDITOR_SETTINGS as readonly string[]).includes(key);
}

/** The scopes of vscode's WorkspaceConfiguration.inspect() that matter here. */
export interface SettingInspection<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value of `key` to use. `resolved` is what the editor's configuration resolved (workspace
 * over user over default). In a trusted workspace, or for a setting that is not restricted, that is
 * the answer; in an untrusted one a restricted setting takes the user's value, else the default,
 * else `fallback`: a workspace or folder value is never used.
 */
export function trustedSettingValue<T>(key: string, opts: { trusted: boolean; resolved: T; inspection: SettingInspection<T> | undefined; fallback: T }): T {
  if (opts.trusted || !isRestrictedSetting(key)) return opts.resolved;
  return opts.inspection?.globalValue ?? opts.inspection?.defaultValue ?? opts.fallback;
}
