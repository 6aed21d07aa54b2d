// Worker requests of the review feature: method name → { params; result }, shared by host, worker and CLI.
import type { Tier } from './protocol';
import type { DropReason, Finding } from './review/findings';
import type { ReviewSettings } from './review/reviewSettings';

export interface ReviewLineRange {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export interface ReviewRunParams {
  /** Ties the streamed findings (worker/progress with `partial`) to this request. */
  requestId: string;
  /** The file's path (workspace-relative or absolute): a hint in the prompt and the key of a diff. */
  path: string;
  /** VS Code language id; default from the path's extension. */
  languageId?: string;
  /** The whole file as the editor has it, unsaved edits included. */
  text: string;
  /**
   * Diff review: unified diff text (`git diff HEAD -- <file>`), matched to `path`; only findings
   * touching lines it adds or changes are kept. A diff that does not mention the file means no change.
   */
  diff?: string;
  /** Diff review with the changed lines already known (1-based lines of `text`); wins over `diff`. */
  changedLines?: number[];
  /** Review only these lines (Review Selection); the rest of the text is context for the checks. */
  range?: ReviewLineRange;
  /** Run exactly this tier (CLI --tier); the mode policy still refuses cloud in Local only. */
  tier?: Tier;
  /** Overrides the review model (tests, benchmarks); implies the local tier unless `tier` is set. */
  modelPath?: string;
  /** Plain completion instead of a chat template, for base models. */
  completion?: boolean;
  /** Context window to plan chunks for (localFocus.review.contextTokens); capped by the model's. Default 8192. */
  contextTokens?: number;
  /** Tokens kept for the model's answer per chunk. Default 1024. */
  answerTokens?: number;
  /** Findings per chunk the model may report (the grammar's maxItems). Default 10. */
  maxFindingsPerChunk?: number;
  /** Bounds each message (grammar maxLength) for small models that do not stop by themselves. */
  maxMessageChars?: number;
  /** The project's review instructions (.localfocus/review.md), at most MAX_PROJECT_RULES_CHARS; models only. */
  projectRules?: string;
  /** Which findings to report: the severity floor, each heuristic check's on/off and severity. */
  settings?: ReviewSettings;
  /** Go files: the module's Go version (core/review/goModuleVersion.ts), for the checks that depend on it. */
  goVersion?: string;
  /** The file is test code (core/review/testCode.ts), judged by the client from the path the user sees. */
  testCode?: boolean;
}

export interface ReviewRunResult {
  /** Sorted by line, then severity. Lines are 1-based lines of the whole text. */
  findings: Finding[];
  /** Findings the model gave that failed validation (bad line, outside the diff, …), not shown. */
  dropped: number;
  droppedByReason: Partial<Record<DropReason, number>>;
  tier: Tier;
  /** Pieces the text was split into, and how many went to a model (0 for the heuristics). */
  chunks: number;
  chunksReviewed: number;
  ms: number;
  /** Tokens the model generated over all chunks (0 for the heuristics). */
  generatedTokens: number;
  /** Why a better tier did not serve this review, e.g. "local: model not found at …". */
  fallbackReason?: string;
  /** Something the user should know about the review's scope, e.g. that the diff has no change to this file. */
  note?: string;
}

/** Findings of one chunk, sent ahead of the result in worker/progress's `partial`. */
export interface ReviewFindingsPartial {
  kind: 'review/findings';
  tier: Tier;
  findings: Finding[];
  /** 0-based chunk index and chunk count of the tier that sent it; a new tier starts again at 0. */
  chunk: number;
  chunks: number;
  dropped: number;
}

export function isReviewFindingsPartial(value: unknown): value is ReviewFindingsPartial {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ReviewFindingsPartial>;
  return v.kind === 'review/findings' && typeof v.tier === 'string' && Array.isArray(v.findings) && typeof v.chunk === 'number';
}

export const TIER_SOURCES: Record<Tier, string> = { cloud: 'cloud model', server: 'local model server', local: 'local model', degraded: 'heuristics' };

export interface ReviewRequests {
  'review/run': { params: ReviewRunParams; result: ReviewRunResult };
}
