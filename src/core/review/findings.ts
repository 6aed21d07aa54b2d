// What a review produces, the JSON schema the model's output is forced into, and the check every
// finding passes before anyone sees it: a model can name a line that does not exist or comment on
// code the diff did not touch, and such findings are dropped and counted, not shown.

export type Severity = 'error' | 'warning' | 'info';
export type FindingCategory = 'bug' | 'security' | 'performance' | 'style' | 'maintainability';
export type FindingSource = 'cloud' | 'local' | 'heuristics';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const FINDING_CATEGORIES: readonly FindingCategory[] = ['bug', 'security', 'performance', 'style', 'maintainability'];

export interface Finding {
  /** 1-based line in the file. */
  line: number;
  /** 1-based last line, inclusive; absent means `line`. */
  endLine?: number;
  severity: Severity;
  category: FindingCategory;
  message: string;
  /**
   * Replacement text for the whole lines `line`..`endLine` (without their final line break).
   * The empty string means: delete those lines. See suggestion.ts.
   */
  suggestion?: string;
  source: FindingSource;
  /** Heuristic rule id, e.g. 'nan-comparison'; absent for model findings. */
  rule?: string;
}

export interface FindingsSchemaOptions {
  /** Adds maxItems: a grammar then ends the list instead of letting a small model repeat itself. */
  maxFindings?: number;
  /** Adds maxLength to message: bounds a runaway string. Measured on stories260K, a bound of 300 halved grammar-constrained tokens/s; measure before turning it on. */
  maxMessageChars?: number;
}

/**
 * The model's answer: `{"findings": [...]}`. Every property is listed in `required` and the
 * optional ones are nullable, because node-llama-cpp's grammar makes all properties required
 * anyway and OpenAI's strict json_schema mode demands the same; `validateFindings` turns null
 * into absent. Property order is generation order: the message comes before the suggestion so a
 * small model states the problem before writing the fix. Without options the schema uses only
 * keywords both node-llama-cpp and OpenAI-compatible APIs accept.
 */
export function findingsJsonSchema(options: FindingsSchemaOptions = {}) {
  return {
    type: 'object',
    properties: {
      findings: {
        type: 'array',
        ...(options.maxFindings !== undefined ? { maxItems: options.maxFindings } : {}),
        items: {
          type: 'object',
          properties: {
            line: { type: 'integer' },
            endLine: { type: ['integer', 'null'] },
            severity: { type: 'string', enum: ['error', 'warning', 'info'] },
            category: { type: 'string', enum: ['bug', 'security', 'performance', 'style', 'maintainability'] },
            message: { type: 'string', ...(options.maxMessageChars !== undefined ? { maxLength: options.maxMessageChars } : {}) },
            suggestion: { type: ['string', 'null'] },
          },
          required: ['line', 'endLine', 'severity', 'category', 'message', 'suggestion'],
          additionalProperties: false,
        },
      },
    },
    required: ['findings'],
    additionalProperties: false,
  } as const;
}

export const FINDINGS_JSON_SCHEMA = findingsJsonSchema();

export type DropReason =
  | 'malformed-output'
  | 'not-an-object'
  | 'line-not-integer'
  | 'line-out-of-range'
  | 'end-line-not-integer'
  | 'end-line-before-line'
  | 'end-line-out-of-range'
  | 'bad-severity'
  | 'bad-category'
  | 'empty-message'
  | 'bad-suggestion'
  | 'outside-changed-lines'
  /** More findings for one chunk than the prompt allowed; the first ones are kept. */
  | 'over-limit';

export interface DroppedFinding {
  finding: unknown;
  reason: DropReason;
}

export interface ValidateOptions {
  /** Lines of the text the model saw (the chunk); its line numbers must lie in 1..lineCount. */
  lineCount: number;
  /** Added to every line to map chunk-relative numbers to file lines: `chunk.startLine - 1`. */
  offset?: number;
  /** Diff review: file lines that were added or changed; a finding must touch at least one. */
  changedLines?: ReadonlySet<number>;
  source: FindingSource;
}

export interface ValidationResult {
  valid: Finding[];
  dropped: DroppedFinding[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Accepts the parsed model output (`{findings: [...]}` or a bare array) and keeps the findings that hold. */
export function validateFindings(raw: unknown, options: ValidateOptions): ValidationResult {
  const items = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.findings) ? raw.findings : undefined;
  if (!items) return { valid: [], dropped: [{ finding: raw, reason: 'malformed-output' }] };
  const valid: Finding[] = [];
  const dropped: DroppedFinding[] = [];
  for (const item of items) {
    const checked = checkFinding(item, options);
    if (typeof checked === 'string') dropped.push({ finding: item, reason: checked });
    else valid.push(checked);
  }
  return { valid, dropped };
}

function checkFinding(item: unknown, options: ValidateOptions): Finding | DropReason {
  if (!isRecord(item)) return 'not-an-object';
  const { line, endLine, severity, category, message, suggestion } = item;
  if (typeof line !== 'number' || !Number.isInteger(line)) return 'line-not-integer';
  if (line < 1 || line > options.lineCount) return 'line-out-of-range';
  if (endLine !== undefined && endLine !== null) {
    if (typeof endLine !== 'number' || !Number.isInteger(endLine)) return 'end-line-not-integer';
    if (endLine < line) return 'end-line-before-line';
    if (endLine > options.lineCount) return 'end-line-out-of-range';
  }
  if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) return 'bad-severity';
  if (typeof category !== 'string' || !(FINDING_CATEGORIES as readonly string[]).includes(category)) return 'bad-category';
  if (typeof message !== 'string' || message.trim() === '') return 'empty-message';
  if (suggestion !== undefined && suggestion !== null && typeof suggestion !== 'string') return 'bad-suggestion';

  const offset = options.offset ?? 0;
  const fileLine = line + offset;
  const fileEnd = typeof endLine === 'number' ? endLine + offset : undefined;
  if (options.changedLines && !touchesLines(fileLine, fileEnd ?? fileLine, options.changedLines)) return 'outside-changed-lines';

  const finding: Finding = {
    line: fileLine,
    severity: severity as Severity,
    category: category as FindingCategory,
    message: message.trim(),
    source: options.source,
  };
  if (fileEnd !== undefined && fileEnd !== fileLine) finding.endLine = fileEnd;
  if (typeof suggestion === 'string') finding.suggestion = suggestion;
  return finding;
}

export function touchesLines(line: number, endLine: number, lines: ReadonlySet<number>): boolean {
  if (endLine - line + 1 > lines.size) {
    for (const l of lines) if (l >= line && l <= endLine) return true;
    return false;
  }
  for (let l = line; l <= endLine; l++) if (lines.has(l)) return true;
  return false;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Whether `severity` is `floor` or worse: the minimum-severity setting's test. */
export function isAtLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[floor];
}

/** File order, then the worse severity first: the order a summary and the Problems panel read best in. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.message.localeCompare(b.message);
}

/** Counts per severity, for the summary line and the CLI exit code. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
