// The review's part of the Local Focus status item: "reviewing …" while one runs, then the last
// review's tier and counts, which follow the findings as they are fixed or dismissed. The item
// itself shows what the policy would use; this part shows what actually ran.
import type { Finding } from '../../core/review/findings';
import type { LocalFocusApi } from '../featureApi';
import { escape } from '../statusText';
import { PROBLEMS_COMMAND, statusBarTooltip, type ReviewOutcome } from './reviewSummary';

const ACTIVITY_KEY = 'review';

export class ReviewStatus {
  private last: { outcome: ReviewOutcome; at: Date } | undefined;
  private busy = false;

  constructor(private readonly show: LocalFocusApi['showActivity']) {}

  running(subject: string): void {
    this.busy = true;
    this.show(ACTIVITY_KEY, { badge: '$(sync~spin)', tooltip: `$(sync~spin) Reviewing ${escape(subject)}… Cancel it from its notification.` });
  }

  finished(outcome: ReviewOutcome): void {
    this.busy = false;
    this.last = { outcome, at: new Date() };
    this.render();
  }

  /** The counts follow the findings shown (fixed, dismissed, edited away); the tier stays the last review's. */
  findingsChanged(findings: readonly Finding[]): void {
    if (this.busy || !this.last) return;
    this.last = { ...this.last, outcome: { ...this.last.outcome, findings } };
    this.render();
  }

  hide(): void {
    this.busy = false;
    this.last = undefined;
    this.show(ACTIVITY_KEY, undefined);
  }

  private render(): void {
    if (!this.last) return;
    this.show(ACTIVITY_KEY, { tooltip: statusBarTooltip(this.last.outcome, this.last.at), commands: [PROBLEMS_COMMAND] });
  }
}
