// Dismissed findings in the editor: each workspace folder's .localfocus/review-baseline.json, the
// same file `local-focus review` reads. A review shows only the findings its folder's baseline does
// not cover; "Dismiss finding" adds the finding's fingerprint to it and "Show Dismissed Findings"
// takes one out again. The file is read at every review and every change, never kept, so a git
// checkout, a CLI run or a teammate's entries count at once. A file with no workspace folder (an
// untitled one, one opened alone) has no baseline: its dismissal lasts until the window closes.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { fingerprintFindings, matchBaseline, withoutEntry, type BaselineEntry } from '../../core/review/baseline';
import { readBaseline, updateBaseline } from '../../core/review/baselineFile';
import type { Finding } from '../../core/review/findings';
import { BASELINE_FILE, projectFile } from '../../core/review/projectReviewFiles';

/** Where a file's dismissals go: its folder's baseline file and its path there. */
export interface BaselinePlace {
  folder: vscode.WorkspaceFolder;
  baselineFile: string;
  /** The file relative to the folder, '/'-separated. */
  path: string;
}

export interface DismissedEntry {
  folder: vscode.WorkspaceFolder;
  entry: BaselineEntry;
}

/** Filters findings by the baseline; built once per review so streamed parts need no file read. */
export type BaselineFilter = <F extends Finding>(findings: readonly F[]) => { shown: F[]; dismissed: number };

const SHOW_ALL: BaselineFilter = (findings) => ({ shown: [...findings], dismissed: 0 });

export function baselinePlace(uri: vscode.Uri): BaselinePlace | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  // The folder itself, or a path the folder does not prefix: nothing a baseline can name.
  if (!uri.path.startsWith(base)) return undefined;
  return { folder, baselineFile: projectFile(folder.uri.fsPath, BASELINE_FILE), path: uri.path.slice(base.length) };
}

export class ReviewDismissals {
  constructor(private readonly reportError: (what: string, err: unknown, baselineFile?: vscode.Uri) => void) {}

  /**
   * The filter for a review of `uri` with this text. A broken baseline is reported and the review
   * shows every finding: hiding findings by a file that cannot be read would hide them silently.
   */
  async filterFor(uri: vscode.Uri, text: string): Promise<BaselineFilter> {
    const place = baselinePlace(uri);
    if (!place) return SHOW_ALL;
    let baseline: BaselineEntry[];
    try {
      baseline = await readBaseline(place.baselineFile);
    } catch (err) {
      this.reportError('Dismissed findings are not applied', err, vscode.Uri.file(place.baselineFile));
      return SHOW_ALL;
    }
    if (baseline.length === 0) return SHOW_ALL;
    return (findings) => {
      const match = matchBaseline(fingerprintFindings(findings, text, place.path), baseline);
      return { shown: match.fresh.map((f) => f.finding), dismissed: match.dismissed.length };
    };
  }

  /** Records the finding in its folder's baseline; false when the file has none (the caller dismisses it for the session). */
  async dismiss(uri: vscode.Uri, text: string, finding: Finding): Promise<boolean> {
    const place = baselinePlace(uri);
    if (!place) return false;
    const [fingerprinted] = fingerprintFindings([finding], text, place.path);
    await updateBaseline(place.baselineFile, (entries) => [...entries, fingerprinted!.entry]);
    return true;
  }

  /** Every folder's dismissed findings; a folder whose baseline is broken is reported and left out. */
  async list(): Promise<DismissedEntry[]> {
    const all: DismissedEntry[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = projectFile(folder.uri.fsPath, BASELINE_FILE);
      try {
        all.push(...(await readBaseline(file)).map((entry) => ({ folder, entry })));
      } catch (err) {
        this.reportError(`Cannot list the dismissed findings of ${folder.name}`, err, vscode.Uri.file(file));
      }
    }
    return all;
  }

  async restore(item: DismissedEntry): Promise<void> {
    await updateBaseline(projectFile(item.folder.uri.fsPath, BASELINE_FILE), (entries) => withoutEntry(entries, item.entry));
  }
}

/** An error about the baseline, with a button to open the file. */
export function showBaselineError(what: string, err: unknown, baselineFile?: vscode.Uri): void {
  const message = `Local Focus: ${what}: ${toLocalFocusError(err).message}`;
  const actions = baselineFile ? ['Open File'] : [];
  void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice && baselineFile) void vscode.window.showTextDocument(baselineFile);
  });
}
