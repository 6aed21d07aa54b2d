// What a review in the editor takes from its project and settings. Settings: the project's
// .localfocus/review.json is the base and the user's and workspace's localFocus.review.* settings
// win over it field by field — the editor is where a person tunes the noise for themselves, while
// the CLI, which has no settings, takes the file with its flags over it. Project rules: the
// folder's .localfocus/review.md, never in Restricted Mode, where the repository is not trusted
// to instruct the model. A mistake in any of them is shown with a way to the file, and the review
// runs without that one part.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { PROJECT_RULES_FILE, REVIEW_SETTINGS_FILE, readProjectRules, readReviewSettingsFile } from '../../core/review/projectReviewFiles';
import { checkReviewSettings, mergeReviewSettings, type ReviewSettings } from '../../core/review/reviewSettings';

export interface ReviewConfig {
  settings: ReviewSettings;
  projectRules?: string;
  /** Why part of the configuration is not used, each with the file or setting to open. */
  problems: ReviewConfigProblem[];
}

export interface ReviewConfigProblem {
  message: string;
  /** A project file to open, or undefined for a setting (the Settings editor opens instead). */
  file?: vscode.Uri;
}

const SETTING_SCOPES = [
  ['globalValue', 'user settings'],
  ['workspaceValue', 'workspace settings'],
  ['workspaceFolderValue', 'folder settings'],
] as const;

/** The configuration of a review of `uri`: its workspace folder's files and the settings that apply there. */
export async function reviewConfigFor(uri: vscode.Uri): Promise<ReviewConfig> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const problems: ReviewConfigProblem[] = [];
  const fromFile = folder ? await projectSettings(folder, problems) : undefined;
  const fromSettings = editorSettings(folder, problems);
  const projectRules = folder ? await projectRulesOf(folder, problems) : undefined;
  return { settings: mergeReviewSettings(fromFile, ...fromSettings), ...(projectRules ? { projectRules } : {}), problems };
}

async function projectSettings(folder: vscode.WorkspaceFolder, problems: ReviewConfigProblem[]): Promise<ReviewSettings | undefined> {
  try {
    return await readReviewSettingsFile(folder.uri.fsPath);
  } catch (err) {
    problems.push({ message: `${toLocalFocusError(err).message} This review does not use it.`, file: vscode.Uri.joinPath(folder.uri, REVIEW_SETTINGS_FILE) });
    return undefined;
  }
}

/** The settings each scope sets explicitly, user first: a scope that says nothing leaves the file's value. */
function editorSettings(folder: vscode.WorkspaceFolder | undefined, problems: ReviewConfigProblem[]): ReviewSettings[] {
  const config = vscode.workspace.getConfiguration('localFocus', folder?.uri);
  const minSeverity = config.inspect<unknown>('review.minSeverity');
  const checks = config.inspect<unknown>('review.checks');
  const layers: ReviewSettings[] = [];
  for (const [scope, label] of SETTING_SCOPES) {
    const value: Record<string, unknown> = {};
    if (minSeverity?.[scope] !== undefined) value.minSeverity = minSeverity[scope];
    if (checks?.[scope] !== undefined) value.checks = checks[scope];
    if (Object.keys(value).length === 0) continue;
    try {
      layers.push(checkReviewSettings(value, `localFocus.review in your ${label}`));
    } catch (err) {
      problems.push({ message: `${toLocalFocusError(err).message}\nThis review does not use them.` });
    }
  }
  return layers;
}

async function projectRulesOf(folder: vscode.WorkspaceFolder, problems: ReviewConfigProblem[]): Promise<string | undefined> {
  // Restricted Mode: the repository's text does not reach the model as instructions.
  if (!vscode.workspace.isTrusted) return undefined;
  try {
    return await readProjectRules(folder.uri.fsPath);
  } catch (err) {
    problems.push({ message: `${toLocalFocusError(err).message} This review runs without the project rules.`, file: vscode.Uri.joinPath(folder.uri, PROJECT_RULES_FILE) });
    return undefined;
  }
}

/** Shows each problem once per review, with a button to the file or the settings. */
export function showConfigProblems(problems: readonly ReviewConfigProblem[]): void {
  for (const problem of problems) {
    const action = problem.file ? 'Open File' : 'Open Settings';
    void vscode.window.showWarningMessage(`Local Focus: ${problem.message}`, action).then((choice) => {
      if (!choice) return;
      if (problem.file) void vscode.window.showTextDocument(problem.file);
      else void vscode.commands.executeCommand('workbench.action.openSettings', 'localFocus.review');
    });
  }
}
