// Which findings a review reports: a floor on severity, and for each heuristic check whether it
// runs and which severity it reports with. The same shape comes from three places — the editor's
// settings, the project's .localfocus/review.json and the CLI's flags — so it is checked here,
// once, and every mistake is named with where it is. Layers merge field by field, the later one
// winning, so a setting overrides the file only where it says something.

import { LocalFocusError } from '../errors';
import { isAtLeast, SEVERITIES, type Finding, type Severity } from './findings';
import { HEURISTIC_RULE_IDS } from './heuristics';

export interface CheckSettings {
  /** false: the check does not run and its findings are not reported. */
  enabled?: boolean;
  /** Reported with this severity instead of the check's own. */
  severity?: Severity;
}

export interface ReviewSettings {
  /** Findings less severe than this are not reported. Default 'info' (all). */
  minSeverity?: Severity;
  /** By heuristic check id. */
  checks?: Record<string, CheckSettings>;
}

/** A check's setting written short: "off", "on" or a severity. */
const CHECK_SHORTHANDS: Record<string, CheckSettings> = {
  off: { enabled: false },
  on: { enabled: true },
  error: { severity: 'error' },
  warning: { severity: 'warning' },
  info: { severity: 'info' },
};

const SEVERITY_LIST = SEVERITIES.join(', ');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a value read from `source` (a file name, a setting's name) and returns it normalised:
 * shorthands become objects. Every problem is listed, each with its place, in one bad-input error.
 */
export function checkReviewSettings(value: unknown, source: string): ReviewSettings {
  const problems: string[] = [];
  const settings = readSettings(value, problems);
  if (problems.length > 0) {
    throw new LocalFocusError('bad-input', `${source} has ${problems.length === 1 ? 'a mistake' : `${problems.length} mistakes`}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return settings;
}

function readSettings(value: unknown, problems: string[]): ReviewSettings {
  if (!isRecord(value)) {
    problems.push('it must be an object like {"minSeverity": "warning", "checks": {"console-log": "off"}}');
    return {};
  }
  const settings: ReviewSettings = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'minSeverity') {
      if (isSeverity(v)) settings.minSeverity = v;
      else problems.push(`minSeverity: ${JSON.stringify(v)} is not a severity; use one of ${SEVERITY_LIST}`);
    } else if (key === 'checks') {
      const checks = readChecks(v, problems);
      if (checks) settings.checks = checks;
    } else {
      problems.push(`${JSON.stringify(key)} is not a review setting; the settings are minSeverity and checks`);
    }
  }
  return settings;
}

function readChecks(value: unknown, problems: string[]): Record<string, CheckSettings> | undefined {
  if (!isRecord(value)) {
    problems.push('checks: must be an object from check id to "off", "on", a severity, or {"enabled": …, "severity": …}');
    return undefined;
  }
  const checks: Record<string, CheckSettings> = {};
  for (const [id, v] of Object.entries(value)) {
    if (!HEURISTIC_RULE_IDS.includes(id)) {
      problems.push(`checks.${id}: there is no such check; the checks are ${HEURISTIC_RULE_IDS.join(', ')}`);
      continue;
    }
    const check = readCheck(v, `checks.${id}`, problems);
    if (check) checks[id] = check;
  }
  return checks;
}

function readCheck(value: unknown, where: string, problems: string[]): CheckSettings | undefined {
  if (typeof value === 'string') {
    const short = CHECK_SHORTHANDS[value];
    if (!short) problems.push(`${where}: ${JSON.stringify(value)} is not a check setting; use "off", "on" or one of ${SEVERITY_LIST}`);
    return short ? { ...short } : undefined;
  }
  if (!isRecord(value)) {
    problems.push(`${where}: must be "off", "on", a severity, or {"enabled": true|false, "severity": …}`);
    return undefined;
  }
  const check: CheckSettings = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'enabled' && typeof v === 'boolean') check.enabled = v;
    else if (key === 'enabled') problems.push(`${where}.enabled: must be true or false, not ${JSON.stringify(v)}`);
    else if (key === 'severity' && isSeverity(v)) check.severity = v;
    else if (key === 'severity') problems.push(`${where}.severity: ${JSON.stringify(v)} is not a severity; use one of ${SEVERITY_LIST}`);
    else problems.push(`${where}.${key}: not a check setting; a check takes enabled and severity`);
  }
  return check;
}

function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** The layers merged field by field, each later one overriding the earlier ones where it says something. */
export function mergeReviewSettings(...layers: readonly (ReviewSettings | undefined)[]): ReviewSettings {
  const merged: ReviewSettings = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.minSeverity) merged.minSeverity = layer.minSeverity;
    for (const [id, check] of Object.entries(layer.checks ?? {})) {
      merged.checks = { ...merged.checks, [id]: { ...merged.checks?.[id], ...check } };
    }
  }
  return merged;
}

/** The heuristic checks that run under these settings. */
export function enabledChecks(settings: ReviewSettings | undefined): string[] {
  return HEURISTIC_RULE_IDS.filter((id) => settings?.checks?.[id]?.enabled !== false);
}

/**
 * The findings the settings report: a disabled check's go, a check's own severity replaces the
 * finding's, and what is then below the floor goes. A model's findings have no check: only the
 * floor applies to them.
 */
export function applyReviewSettings(findings: readonly Finding[], settings: ReviewSettings | undefined): Finding[] {
  if (!settings) return [...findings];
  const floor = settings.minSeverity ?? 'info';
  const reported: Finding[] = [];
  for (const finding of findings) {
    const check = finding.rule !== undefined ? settings.checks?.[finding.rule] : undefined;
    if (check?.enabled === false) continue;
    const severity = check?.severity ?? finding.severity;
    if (!isAtLeast(severity, floor)) continue;
    reported.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return reported;
}
