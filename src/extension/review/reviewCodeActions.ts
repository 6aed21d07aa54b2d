// Quick fixes on review findings: apply the finding's suggestion as a WorkspaceEdit (the same edit
// the CLI and the tests compute, src/core/review/suggestion.ts), or dismiss the finding.
import * as vscode from 'vscode';
import { suggestionEdit } from '../../core/review/suggestion';
import type { ReviewDiagnostics, TieredFinding } from './reviewDiagnostics';

export const DISMISS_FINDING_COMMAND = 'localFocus.review.dismissFinding';

export class ReviewCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: ReviewDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const { finding, diagnostic } of this.diagnostics.findingsOnLines(document.uri, range)) {
      const fix = fixAction(document, finding, diagnostic);
      if (fix) actions.push(fix);
      const dismiss = new vscode.CodeAction('Dismiss finding', vscode.CodeActionKind.QuickFix);
      dismiss.diagnostics = [diagnostic];
      dismiss.command = { command: DISMISS_FINDING_COMMAND, title: 'Dismiss finding', arguments: [document.uri, { line: finding.line, message: finding.message }] };
      actions.push(dismiss);
    }
    return actions;
  }
}

function fixAction(document: vscode.TextDocument, finding: TieredFinding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  const edit = suggestionEdit(document.getText(), finding);
  if (!edit) return undefined;
  const lines = finding.endLine !== undefined ? `lines ${finding.line}–${finding.endLine}` : `line ${finding.line}`;
  const firstLine = finding.suggestion?.split('\n')[0]?.trim() ?? '';
  const title = finding.suggestion === '' ? `Delete ${lines}` : `Replace ${lines} with: ${firstLine.length > 60 ? firstLine.slice(0, 57) + '…' : firstLine}`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  action.edit = workspaceEdit;
  return action;
}
