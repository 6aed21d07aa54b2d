// "Show Dismissed Findings": the findings in the workspace folders' review baselines, in a quick
// pick; picking one restores it — its entry leaves the baseline, and the next review of its file
// shows it again (offered at once).
import * as vscode from 'vscode';
import { BASELINE_FILE, projectFile } from '../../core/review/projectReviewFiles';
import { showBaselineError, type DismissedEntry, type ReviewDismissals } from './reviewDismissals';

export async function showDismissedFindings(dismissals: ReviewDismissals, reviewFileCommand: string): Promise<void> {
  const items = await dismissals.list();
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      'Local Focus: no dismissed review findings. "Dismiss finding", a quick fix on a finding, records one in .localfocus/review-baseline.json.',
    );
    return;
  }
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const picks = items.map((item) => ({
    label: item.entry.code || '(a blank line)',
    description: `${multiRoot ? `${item.folder.name}: ` : ''}${item.entry.path}${item.entry.context ? ` · ${item.entry.context}` : ''} · ${item.entry.rule}`,
    detail: item.entry.message,
    item,
  }));
  const chosen = await vscode.window.showQuickPick(picks, {
    title: `Dismissed review findings (${items.length})`,
    placeHolder: 'Pick one to restore: the next review of its file shows it again',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!chosen) return;
  await restore(dismissals, chosen.item, reviewFileCommand);
}

async function restore(dismissals: ReviewDismissals, item: DismissedEntry, reviewFileCommand: string): Promise<void> {
  try {
    await dismissals.restore(item);
  } catch (err) {
    showBaselineError('The finding was not restored', err, vscode.Uri.file(projectFile(item.folder.uri.fsPath, BASELINE_FILE)));
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    `Local Focus: restored the ${item.entry.rule} finding in ${item.entry.path}; it shows at the next review of the file.`,
    'Review File',
  );
  if (choice) await vscode.commands.executeCommand(reviewFileCommand, vscode.Uri.joinPath(item.folder.uri, ...item.entry.path.split('/')));
}
