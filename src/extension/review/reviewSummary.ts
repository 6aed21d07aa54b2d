// The words a finished review is reported in: the notification's header and its paragraph in the
// status item's tooltip. Each says which tier ran, because a heuristics review and a model review
// differ in what they can find. No vscode here, so plain Node tests cover it.
import { TIER_LABELS, type Tier } from '../../core/protocol';
import { countBySeverity, type Finding, type Severity } from '../../core/review/findings';
import { TIER_SOURCES } from '../../core/reviewProtocol';
import { escape } from '../statusText';

export const PROBLEMS_COMMAND = 'workbench.actions.view.problems';

export interface ReviewOutcome {
  /** What was reviewed, e.g. "checkout.ts", "lines 3–9 of checkout.ts", "3 changed files". */
  subject: string;
  tier: Tier;
  findings: readonly Finding[];
  dropped: number;
  ms: number;
  fallbackReason?: string;
  note?: string;
  /** The user stopped it; the counts cover the parts reviewed before. */
  cancelled?: boolean;
  /** Findings the project's baseline covers, not shown. */
  dismissed?: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function countsText(counts: Record<Severity, number>): string {
  return `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`;
}

export function tierText(tier: Tier): string {
  return `${TIER_LABELS[tier]} (${TIER_SOURCES[tier]})`;
}

/** "Review of checkout.ts · Degraded (heuristics): 1 error, 2 warnings, 1 info." plus why and what was dropped. */
export function summaryMessage(o: ReviewOutcome): string {
  const counts = countBySeverity(o.findings);
  const total = o.findings.length;
  let text = `${o.cancelled ? 'Review cancelled' : 'Review'} of ${o.subject} · ${tierText(o.tier)}: `;
  text += total === 0 ? (o.cancelled ? 'no findings in the parts reviewed.' : 'no findings.') : `${countsText(counts)}.`;
  if (o.note) text += ` ${o.note}`;
  if (o.dismissed) text += ` ${o.dismissed} dismissed ${o.dismissed === 1 ? 'finding is' : 'findings are'} not shown.`;
  if (o.dropped > 0) text += ` ${o.dropped} invalid model ${o.dropped === 1 ? 'finding was' : 'findings were'} dropped (see the log).`;
  if (o.fallbackReason) text += ` ${o.tier === 'degraded' ? 'No model review' : 'Fallback'}: ${o.fallbackReason}.`;
  return text;
}

/** Short enough for the status bar: the tier and the counts, with codicons. */
export function statusBarText(o: Pick<ReviewOutcome, 'tier' | 'findings'>): string {
  const c = countBySeverity(o.findings);
  return `$(checklist) ${TIER_LABELS[o.tier]} review: $(error) ${c.error} $(warning) ${c.warning} $(info) ${c.info}`;
}

/** The status item's tooltip paragraph (Markdown): the counts, the details, and a link to the Problems panel. */
export function statusBarTooltip(o: ReviewOutcome, at: Date): string {
  const lines = [`${statusBarText(o)} · ${escape(o.subject)}`, `Tier: ${tierText(o.tier)}`, `Findings: ${countsText(countBySeverity(o.findings))}`];
  if (o.dropped > 0) lines.push(`Dropped as invalid: ${o.dropped}`);
  if (o.fallbackReason) lines.push(`Why not a better tier: ${escape(o.fallbackReason)}`);
  lines.push(`${o.cancelled ? 'Cancelled' : 'Finished'} at ${at.toLocaleTimeString()} in ${o.ms} ms. [Open Problems](command:${PROBLEMS_COMMAND})`);
  return lines.join('  \n');
}
