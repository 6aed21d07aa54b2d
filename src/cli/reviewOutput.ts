// What `local-focus review` prints: lines for a person (a header per file, then file:line
// findings), JSON for other tools, or SARIF 2.1.0 for code scanning. Every format reports the
// findings the baseline has not dismissed; JSON lists the dismissed ones apart, and SARIF adds them
// as suppressed results when asked to.
import { TIER_LABELS } from '../core/protocol';
import type { BaselineMatch } from '../core/review/baseline';
import { countBySeverity, type Finding, type Severity } from '../core/review/findings';
import { buildSarifLog } from '../core/review/sarif';
import { TIER_SOURCES, type ReviewRunResult } from '../core/reviewProtocol';
import { printable } from './terminalText';
import { cliVersion } from './version';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** One reviewed file: the worker's result and the split of its findings by the baseline. */
export interface ReviewedFile {
  /** The path as the user gave it. */
  arg: string;
  /** Relative to the project folder; undefined for a file outside it. */
  projectPath?: string;
  /** The text that was reviewed (the index's with --staged). */
  text: string;
  result: ReviewRunResult;
  match: BaselineMatch;
}

/** What a branch review (`--base`) compared with, for the output to name. */
export interface BranchScope {
  /** The ref as named: `origin/main`, or the user's `--base`. */
  base: string;
  mergeBase: string;
}

const SEVERITY_WIDTH = Math.max(...(['error', 'warning', 'info'] as Severity[]).map((s) => s.length));

export function reportedFindings(file: ReviewedFile): Finding[] {
  return file.match.fresh.map((f) => f.finding);
}

export function formatFinding(file: string, f: Finding): string {
  const where = f.endLine !== undefined ? `${f.line}-${f.endLine}` : `${f.line}`;
  const lines = [`${file}:${where}: ${f.severity.padEnd(SEVERITY_WIDTH)} [${f.category}] ${f.message}${f.rule ? ` (${f.rule})` : ''}`];
  if (f.suggestion === '') lines.push('    fix: delete these lines');
  else if (f.suggestion !== undefined) lines.push(...f.suggestion.split('\n').map((l, i) => `    ${i === 0 ? 'fix: ' : '     '}${l}`));
  // Messages and suggestions come from a model that read the code: its control characters are shown, not obeyed.
  return printable(lines.join('\n'));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The header line: which tier ran and the counts of reported findings, the same facts the editor's summary shows. */
export function formatReviewHeader(file: string, r: ReviewRunResult, reported: readonly Finding[], dismissed: number): string {
  const c = countBySeverity(reported);
  const parts = [
    `Review of ${file}`,
    `${TIER_LABELS[r.tier]} (${TIER_SOURCES[r.tier]})`,
    `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`,
    `${r.ms} ms`,
  ];
  if (dismissed > 0) parts.push(`${dismissed} dismissed in the baseline`);
  if (r.dropped > 0) parts.push(`${r.dropped} invalid model findings dropped`);
  const lines = [parts.join(' · ')];
  if (r.fallbackReason) lines.push(`  why not a better tier: ${r.fallbackReason}`);
  if (r.note) lines.push(`  ${r.note}`);
  return lines.join('\n');
}

/** One file in text: its header, then each reported finding. */
export function textReport(file: ReviewedFile): string {
  const reported = reportedFindings(file);
  return [formatReviewHeader(file.arg, file.result, reported, file.match.dismissed.length), ...reported.map((f) => formatFinding(file.arg, f))].join('\n') + '\n';
}

/** The line before a branch review's files: what it compared with, and how many files changed. */
export function branchHeader(branch: BranchScope, fileCount: number): string {
  const changed = fileCount === 0 ? 'no file changed' : `${plural(fileCount, 'file')} changed`;
  return printable(`Branch review: ${changed} since ${branch.base} (merge-base ${branch.mergeBase.slice(0, 12)}), the working tree included\n`);
}

/** Every file's result, the counts, and for a branch review the base and merge-base it compared with. */
export function jsonReport(files: readonly ReviewedFile[], branch?: BranchScope): string {
  const out = files.map((f) => ({ path: f.arg, ...f.result, findings: reportedFindings(f), dismissed: f.match.dismissed.map((d) => d.finding) }));
  const counts = countBySeverity(files.flatMap(reportedFindings));
  return JSON.stringify({ ...(branch ? { branch } : {}), files: out, counts }, null, 2) + '\n';
}

/** SARIF for the files inside the project; `includeDismissed` adds the baseline's as suppressed results. */
export function sarifReport(files: readonly ReviewedFile[], includeDismissed: boolean): string {
  const log = buildSarifLog(
    files.map((f) => ({
      path: f.projectPath ?? f.arg,
      text: f.text,
      tier: f.result.tier,
      match: includeDismissed ? f.match : { fresh: f.match.fresh, dismissed: [] },
    })),
    { version: cliVersion() },
  );
  return JSON.stringify(log, null, 2) + '\n';
}
