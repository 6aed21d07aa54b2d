// A review as SARIF 2.1.0, the format code scanning (GitHub's and others') reads: one run of the
// tool "Local Focus", every check and model category as a rule, each finding a result with its
// level, its lines and columns, its fix when it has replacement text, and its baseline state —
// "new", or "unchanged" and suppressed when the project's baseline has dismissed it. Paths are
// relative to the project folder (%SRCROOT%), so a log made in CI points into the repository.

import { createHash } from 'node:crypto';
import type { Tier } from '../protocol';
import { fingerprintKey, findingRuleId, type BaselineMatch, type FingerprintedFinding } from './baseline';
import { FINDING_CATEGORIES, type Finding, type Severity } from './findings';
import { HEURISTIC_RULES } from './heuristics';
import { LineIndex } from './lines';
import { BASELINE_FILE } from './projectReviewFiles';
import { suggestionEdit } from './suggestion';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export interface SarifFileReview {
  /** Relative to the project folder, '/'-separated. */
  path: string;
  text: string;
  tier: Tier;
  match: BaselineMatch;
}

interface SarifMessage {
  text: string;
}

interface SarifRegion {
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  charOffset?: number;
  charLength?: number;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifFix {
  description: SarifMessage;
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: SarifMessage;
  locations: { physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion } }[];
  partialFingerprints: Record<string, string>;
  baselineState: 'new' | 'unchanged';
  suppressions?: { kind: 'external'; justification: string }[];
  fixes?: SarifFix[];
  properties: { category: string; source: string; tier: Tier };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  properties: { source: 'heuristics' | 'model' };
}

const LEVEL: Record<Severity, SarifResult['level']> = { error: 'error', warning: 'warning', info: 'note' };

/** The checks and the model's categories, in a fixed order, so a rule's index never depends on the findings. */
export function sarifRules(): SarifRule[] {
  const checks = HEURISTIC_RULES.map((r): SarifRule => ({ id: r.id, name: camelName(r.id), shortDescription: { text: r.summary }, properties: { source: 'heuristics' } }));
  const model = FINDING_CATEGORIES.map(
    (category): SarifRule => ({
      id: findingRuleId({ category }),
      name: camelName(`model-${category}`),
      shortDescription: { text: `A ${category} problem a language model found while reviewing the code.` },
      properties: { source: 'model' },
    }),
  );
  return [...checks, ...model];
}

function camelName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

export function buildSarifLog(files: readonly SarifFileReview[], tool: { version: string; informationUri?: string }): SarifLog {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap((file) => fileResults(file, ruleIndex));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Local Focus', ...tool, rules } }, columnKind: 'utf16CodeUnits', results }],
  };
}

function fileResults(file: SarifFileReview, ruleIndex: ReadonlyMap<string, number>): SarifResult[] {
  const lines = new LineIndex(file.text);
  const all = [...file.match.fresh.map((f) => ({ ...f, dismissed: false })), ...file.match.dismissed.map((f) => ({ ...f, dismissed: true }))];
  all.sort((a, b) => a.finding.line - b.finding.line);
  // Identical fingerprints in one file are told apart by their order, as code scanning expects.
  const seen = new Map<string, number>();
  return all.map((item) => {
    const key = fingerprintKey(item.entry);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return toResult(file, lines, item, `${hash(key)}:${occurrence}`, ruleIndex);
  });
}

function toResult(
  file: SarifFileReview,
  lines: LineIndex,
  item: FingerprintedFinding & { dismissed: boolean },
  fingerprint: string,
  ruleIndex: ReadonlyMap<string, number>,
): SarifResult {
  const { finding } = item;
  const artifactLocation = { uri: file.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  const fix = sarifFix(file.text, finding, artifactLocation);
  return {
    ruleId: item.entry.rule,
    ruleIndex: ruleIndex.get(item.entry.rule) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: lineRegion(lines, finding) } }],
    partialFingerprints: { 'localFocusFinding/v1': fingerprint },
    baselineState: item.dismissed ? 'unchanged' : 'new',
    // No state: the schema's drafts name it differently ("state", "status"), and absent means accepted.
    ...(item.dismissed ? { suppressions: [{ kind: 'external' as const, justification: `Dismissed in ${BASELINE_FILE}` }] } : {}),
    ...(fix ? { fixes: [fix] } : {}),
    properties: { category: finding.category, source: finding.source, tier: file.tier },
  };
}

/** The finding's lines, from the first non-blank character to the end of the last line. */
function lineRegion(lines: LineIndex, finding: Finding): SarifRegion {
  if (finding.line > lines.lineCount) return { startLine: finding.line };
  const last = Math.min(finding.endLine ?? finding.line, lines.lineCount);
  const first = lines.lineText(finding.line);
  const indent = first.length - first.trimStart().length;
  return { startLine: finding.line, startColumn: indent + 1, endLine: last, endColumn: lines.lineText(last).length + 1 };
}

function sarifFix(text: string, finding: Finding, artifactLocation: SarifArtifactLocation): SarifFix | undefined {
  const edit = suggestionEdit(text, finding);
  if (!edit) return undefined;
  const lines = finding.endLine !== undefined ? `lines ${finding.line}–${finding.endLine}` : `line ${finding.line}`;
  return {
    description: { text: edit.newText === '' ? `Delete ${lines}` : `Replace ${lines}` },
    artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start }, insertedContent: { text: edit.newText } }] }],
  };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
