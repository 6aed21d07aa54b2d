// A status bar item for the last review: which tier ran and its counts; a click opens Problems.
// The mode item beside it shows what the policy would use; this one shows what actually ran.
import * as vscode from 'vscode';
import type { Finding } from '../../core/review/findings';
import { statusBarText, statusBarTooltip, type ReviewOutcome } from './reviewSummary';

export const REVIEW_STATUS_ITEM_ID = 'localFocus.review';

export class ReviewStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(REVIEW_STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 99);
  private last: ReviewOutcome | undefined;
  private busy = false;

  constructor() {
    this.item.name = 'Local Focus Review';
    this.item.command = 'workbench.actions.view.problems';
  }

  running(subject: string): void {
    this.busy = true;
    this.item.text = `$(sync~spin) Reviewing ${subject}…`;
    this.item.tooltip = `Local Focus is reviewing ${subject}. Cancel it from its notification.`;
    this.item.accessibilityInformation = { label: `Local Focus is reviewing ${subject}` };
    this.item.show();
  }

  finished(outcome: ReviewOutcome): void {
    this.busy = false;
    this.last = outcome;
    this.item.text = statusBarText(outcome);
    this.item.tooltip = statusBarTooltip(outcome, new Date());
    this.item.accessibilityInformation = { label: this.item.tooltip.split('\n').slice(0, 3).join(', ') };
    this.item.show();
  }

  /** The counts follow the findings shown (fixed, dismissed, edited away); the tier stays the last review's. */
  findingsChanged(findings: readonly Finding[]): void {
    if (this.busy || !this.last) return;
    this.item.text = statusBarText({ tier: this.last.tier, findings });
  }

  hide(): void {
    this.busy = false;
    this.last = undefined;
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
