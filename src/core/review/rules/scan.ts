// Small scanning helpers over masked code (strings and comments blanked by src/core/lexing/lexCode.ts),
// shared by the heuristic rules. Offsets are into the original text; masked and original have equal length.

import type { Finding } from '../findings';
import type { LanguageFamily } from '../language';
import type { LexToken } from '../../lexing/lexCode';
import type { CodeOutline } from '../outline';

export interface RuleContext {
  outline: CodeOutline;
  text: string;
  masked: string;
  family: LanguageFamily;
  /** The VS Code language id, lower-cased: tells shell from Ruby within the 'hash' family. */
  languageId: string;
  changedLines?: ReadonlySet<number>;
  maxFunctionLines: number;
  /** The `go` directive of the file's go.mod ("1.21"); absent when unknown. */
  goVersion?: string;
}

/** A rule's finding before the runner adds source and rule id. */
export interface RuleHit extends Omit<Finding, 'source' | 'rule'> {
  /** Lines that must touch a changed line in a diff review; defaults to line..endLine. */
  touches?: { from: number; to: number };
}

export interface HeuristicRule {
  id: string;
  /** One sentence naming what the rule finds: the settings' documentation and SARIF's rule description. */
  summary: string;
  /** Families the rule applies to; the lexer and outline must be right for each of them. */
  families: readonly LanguageFamily[];
  /** Narrows the families to these language ids, where a family holds languages the rule does not know. */
  languageIds?: readonly string[];
  /** Test code does on purpose what this rule looks for: in a test file its findings are reported at info (testCode.ts). */
  deliberateInTestCode?: boolean;
  check(ctx: RuleContext): RuleHit[];
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Offset of the bracket closing the one at `open`, or -1. Other bracket kinds are tracked too. */
export function matchClose(masked: string, open: number): number {
  const stack: string[] = [];
  for (let k = open; k < masked.length; k++) {
    const c = masked[k];
    if (OPENERS[c]) stack.push(OPENERS[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return k;
    }
  }
  return -1;
}

/** Offset of the bracket opening the one closing at `close`, or -1. */
export function matchOpen(masked: string, close: number): number {
  const closers: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (let k = close; k >= 0; k--) {
    const c = masked[k];
    if (closers[c]) stack.push(closers[c]);
    else if (c === '(' || c === '[' || c === '{') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return k;
    }
  }
  return -1;
}

export function prevSignificant(masked: string, pos: number): number {
  let k = pos - 1;
  while (k >= 0 && /\s/.test(masked[k])) k--;
  return k;
}

export function nextSignificant(masked: string, pos: number): number {
  let k = pos;
  while (k < masked.length && /\s/.test(masked[k])) k++;
  return k < masked.length ? k : -1;
}

export function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/** The identifier ending at `end` (inclusive), or ''. */
export function wordEndingAt(masked: string, end: number): string {
  let k = end;
  while (k >= 0 && isIdentChar(masked[k])) k--;
  return masked.slice(k + 1, end + 1);
}

export function hasNewlineBetween(text: string, from: number, to: number): boolean {
  return text.slice(from, to).includes('\n');
}

/** The token (string, comment, regex) containing `offset`, found by binary search. */
export function tokenAt(tokens: readonly LexToken[], offset: number): LexToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (offset < t.start) hi = mid - 1;
    else if (offset >= t.end) lo = mid + 1;
    else return t;
  }
  return undefined;
}

/** Regex matches in the original text whose first character is code, not inside a string or comment. */
export function* codeMatches(ctx: RuleContext, pattern: RegExp): Generator<RegExpExecArray> {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) {
    if (m[0] === '') re.lastIndex++;
    if (!tokenAt(ctx.outline.lexed.tokens, m.index)) yield m;
  }
}

/** Matches in the masked text (strings and comments blanked), so only code can match. */
export function* maskedMatches(ctx: RuleContext, pattern: RegExp): Generator<RegExpExecArray> {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (let m = re.exec(ctx.masked); m; m = re.exec(ctx.masked)) {
    if (m[0] === '') re.lastIndex++;
    yield m;
  }
}

/** True when only whitespace separates `from` and `to` in the masked text. */
function onlySpaceBetween(masked: string, from: number, to: number): boolean {
  return masked.slice(from, to).trim() === '';
}

export function lineOf(ctx: RuleContext, offset: number): number {
  return ctx.outline.lines.lineAt(offset);
}

/** The original text of a 1-based line, comments and strings included. */
export function lineText(ctx: RuleContext, line: number): string {
  return ctx.text.slice(ctx.outline.lines.lineStart(line), ctx.outline.lines.lineEnd(line));
}

/** Whether a comment starts on the 1-based line. */
export function hasCommentOnLine(ctx: RuleContext, line: number): boolean {
  const start = ctx.outline.lines.lineStart(line);
  const end = ctx.outline.lines.lineEnd(line);
  return ctx.outline.lexed.tokens.some((t) => t.kind === 'comment' && t.start >= start && t.start < end);
}

/** The original line text with [from, to) (offsets into the text) replaced; both offsets on that line. */
export function replaceOnLine(ctx: RuleContext, from: number, to: number, replacement: string): string {
  const line = lineOf(ctx, from);
  const start = ctx.outline.lines.lineStart(line);
  const end = ctx.outline.lines.lineEnd(line);
  return ctx.text.slice(start, from) + replacement + ctx.text.slice(to, end);
}

/** Whether the statement spanning [from, to) fills its lines alone, so deleting the lines deletes just it. */
export function fillsWholeLines(ctx: RuleContext, from: number, to: number): boolean {
  const lines = ctx.outline.lines;
  const first = lines.lineAt(from);
  const last = lines.lineAt(Math.max(from, to - 1));
  return onlySpaceBetween(ctx.masked, lines.lineStart(first), from) && onlySpaceBetween(ctx.masked, to, lines.lineEnd(last));
}

/**
 * Whether `offset` lies in a C preprocessor directive: on a line starting with `#`, or on a line
 * that a trailing backslash joins to one (a multi-line `#define` body is macro text, not statements).
 */
export function inPreprocessorDirective(ctx: RuleContext, offset: number): boolean {
  const { lines } = ctx.outline;
  const lineCode = (line: number): string => ctx.masked.slice(lines.lineStart(line), lines.lineEnd(line));
  for (let line = lineOf(ctx, offset); ; line--) {
    if (/^\s*#/.test(lineCode(line))) return true;
    if (line === 1 || !/\\\s*$/.test(lineCode(line - 1))) return false;
  }
}
