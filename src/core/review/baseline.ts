// A review baseline: the findings a project has dismissed, so that a review reports only what is
// new. A finding is known by its fingerprint — the file, the check (or the model's category), the
// text of its first line with whitespace normalised, and the name of the function or class around
// it — never by its line number, so it stays dismissed when lines above it move or other lines of
// the file change, and comes back when its own line changes. Matching counts, as ESLint's and
// PHPStan's baselines do: two identical findings in one file need two entries, so a copy of a
// dismissed mistake is still reported.

import type { Finding } from './findings';
import { languageIdForPath } from './language';
import { flattenBlocks, outlineCode } from './outline';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** The file, relative to the project folder, '/'-separated. */
  path: string;
  /** The heuristic check's id, or `model/<category>` for a model's finding. */
  rule: string;
  /** The name of the innermost named function or class around the line; '' at the top level. */
  context: string;
  /** The finding's first line, trimmed, each run of whitespace one space. */
  code: string;
  /** What the finding said; for people reading the file, not part of the match (a model words it anew each time). */
  message: string;
}

/** A finding with its fingerprint. */
export interface FingerprintedFinding<F extends Finding = Finding> {
  finding: F;
  entry: BaselineEntry;
}

export interface BaselineMatch<F extends Finding = Finding> {
  /** Findings not in the baseline: the ones to report. */
  fresh: FingerprintedFinding<F>[];
  /** Findings the baseline covers: dismissed. */
  dismissed: FingerprintedFinding<F>[];
}

/** The rule part of a fingerprint, also SARIF's ruleId. */
export function findingRuleId(finding: Pick<Finding, 'rule' | 'category'>): string {
  return finding.rule ?? `model/${finding.category}`;
}

export function normaliseCode(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/**
 * Fingerprints of findings in one file's `text`. The language comes from the path, never from the
 * editor's language mode, so the editor and the CLI fingerprint the same file alike.
 */
export function fingerprintFindings<F extends Finding>(findings: readonly F[], text: string, relativePath: string): FingerprintedFinding<F>[] {
  if (findings.length === 0) return [];
  const outline = outlineCode(text, languageIdForPath(relativePath));
  const named = flattenBlocks(outline.blocks).filter((b) => b.name && (b.kind === 'function' || b.kind === 'container'));
  const contextOf = (line: number): string => {
    let best: (typeof named)[number] | undefined;
    for (const b of named) {
      if (b.startLine <= line && line <= b.endLine && (!best || b.endLine - b.startLine < best.endLine - best.startLine)) best = b;
    }
    return best?.name ?? '';
  };
  return findings.map((finding) => ({
    finding,
    entry: {
      path: relativePath,
      rule: findingRuleId(finding),
      context: contextOf(finding.line),
      code: finding.line <= outline.lines.lineCount ? normaliseCode(outline.lines.lineText(finding.line)) : '',
      message: finding.message,
    },
  }));
}

/** What two entries must share to be the same finding. */
export function fingerprintKey(entry: Omit<BaselineEntry, 'message'>): string {
  return JSON.stringify([entry.path, entry.rule, entry.context, entry.code]);
}

/** Splits findings into fresh and dismissed; each baseline entry covers one finding, in file order. */
export function matchBaseline<F extends Finding>(findings: readonly FingerprintedFinding<F>[], baseline: readonly BaselineEntry[]): BaselineMatch<F> {
  const remaining = new Map<string, number>();
  for (const entry of baseline) {
    const key = fingerprintKey(entry);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const match: BaselineMatch<F> = { fresh: [], dismissed: [] };
  for (const item of findings) {
    const key = fingerprintKey(item.entry);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      match.dismissed.push(item);
    } else {
      match.fresh.push(item);
    }
  }
  return match;
}

/** Stable order for the file: by path, check, context, code, message, so a change shows as a small diff. */
export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const key of ['path', 'rule', 'context', 'code', 'message'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

export function sortEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  return entries.map((e) => ({ path: e.path, rule: e.rule, context: e.context, code: e.code, message: e.message })).sort(compareEntries);
}

/** The baseline without one entry with `entry`'s fingerprint; the same list when none has it. */
export function withoutEntry(baseline: readonly BaselineEntry[], entry: BaselineEntry): BaselineEntry[] {
  const key = fingerprintKey(entry);
  const exact = baseline.findIndex((e) => fingerprintKey(e) === key && e.message === entry.message);
  const index = exact >= 0 ? exact : baseline.findIndex((e) => fingerprintKey(e) === key);
  return index < 0 ? [...baseline] : [...baseline.slice(0, index), ...baseline.slice(index + 1)];
}

/** The baseline with the entries of `paths` replaced by `entries`: what a fresh record of those files gives. */
export function replacingPaths(baseline: readonly BaselineEntry[], paths: ReadonlySet<string>, entries: readonly BaselineEntry[]): BaselineEntry[] {
  return [...baseline.filter((e) => !paths.has(e.path)), ...entries];
}

/** The file's text: pretty-printed, one entry per finding, sorted, no time stamps, ending in a line break. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  return JSON.stringify({ version: BASELINE_VERSION, findings: sortEntries(entries) }, null, 2) + '\n';
}
