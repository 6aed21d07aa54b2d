// A statement after return/throw/break/continue in the same block never runs. Brace languages:
// find the jump at the start of a statement, find where that statement ends, and report the next
// statement unless the block closes first or a case label (or a goto label) makes it reachable
// again. Python: the next logical line at the same indentation. Left alone as deliberate: a
// defensive `break;` after a jump (a switch case's habit), a jump inside a C `#define` (its
// backslash-continued lines included: what follows a macro is not its next statement), a C macro
// invocation after the jump (it may expand to a label or to nothing), Python's `return` or `raise`
// then `yield`, which makes a function a generator, a Python statement that does nothing (a lone
// name, `pass`, `...`: nothing meant to run is lost), and code whose author silenced the linters'
// same warning: `pylint: disable=unreachable`, or Go's `//nolint` (bare, `all`, `govet` or
// `unreachable`) on the line or, as golangci-lint reads it, on the line above the function.
// Python code after a `return` (or after a jump at module level) is reported at info: in real code
// (bench/review-heuristics-precision.ts) it was mostly a block switched off on purpose, while code
// after a `raise` inside a function was a real dead statement. So is code after a jump that carries
// a comment on its own line (`raise AssertionError(x)  # TODO: can this happen?`): the jump was put
// there knowingly, in front of code kept on purpose. Python's defensive `break` after a jump is
// left alone, as in the brace languages. A C file holding template directives on lines of their own
// (`{{if …}}`, as Cython's Tempita writes them) is a template of C, not C: each jump may sit in a
// branch of the template's, which the check cannot see, so it is left alone. In C and C++ every
// finding is at info: the preprocessor hides control flow the check cannot see without expanding
// macros (`UNREACHABLE;` compiler hints after a return, `case_GETOPT_HELP_CHAR;` expanding to a case
// label, `(void)x;` kept to silence a warning), and in real code (bench/review-heuristics-precision.ts)
// 3 of 105 labelled C findings were real dead code.

import { pythonLogicalLines } from '../outline';
import {
  hasCommentOnLine,
  hasNewlineBetween,
  inPreprocessorDirective,
  isIdentChar,
  lineOf,
  matchOpen,
  maskedMatches,
  nextSignificant,
  prevSignificant,
  tokenAt,
  wordEndingAt,
  type HeuristicRule,
  type RuleContext,
  type RuleHit,
} from './scan';

const CONTROL_HEADS = new Set(['if', 'while', 'for', 'foreach', 'switch', 'catch', 'with', 'lock', 'using', 'synchronized', 'fixed']);

function message(keyword: string, line: number): string {
  return `Unreachable code: this statement follows the \`${keyword}\` on line ${line} in the same block and never runs.`;
}

/** The jump at `at` begins a statement of its own block (not the body of a brace-less if/else). */
function startsStatement(ctx: RuleContext, at: number, asi: boolean): boolean {
  const { masked } = ctx;
  const p = prevSignificant(masked, at);
  if (p < 0) return true;
  const c = masked[p];
  if (c === ';' || c === '{' || c === '}') return true;
  if (c === ':') {
    // After `case x:` / `default:` / `label:` but not after a ternary's ':' or a type annotation.
    const from = Math.max(masked.lastIndexOf(';', p), masked.lastIndexOf('{', p), masked.lastIndexOf('}', p)) + 1;
    return /^\s*(?:case\b[^?]*|default\s*|[A-Za-z_$][\w$]*\s*):$/.test(masked.slice(from, p + 1));
  }
  if (c === ')') {
    const open = matchOpen(masked, p);
    if (open < 0) return false;
    const head = wordEndingAt(masked, prevSignificant(masked, open));
    if (CONTROL_HEADS.has(head)) return false; // `if (x) return;` — the jump is the if's body
    return asi && hasNewlineBetween(masked, p, at);
  }
  if (isIdentChar(c)) {
    const word = wordEndingAt(masked, p);
    if (word === 'else' || word === 'do') return false;
    return asi && hasNewlineBetween(masked, p, at);
  }
  return false;
}

function insideStringOrTemplate(ctx: RuleContext, offset: number): boolean {
  return tokenAt(ctx.outline.lexed.tokens, offset) !== undefined || ctx.outline.lexed.templates.some((t) => offset > t.start && offset < t.end);
}

/** Offset just past the jump statement starting at `from`. */
function statementEnd(ctx: RuleContext, from: number, keyword: string, asi: boolean): number {
  const { masked } = ctx;
  let depth = 0;
  for (let k = from + keyword.length; k < masked.length; k++) {
    const c = masked[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return k; // the enclosing block closes
      depth--;
    } else if (c === ';' && depth === 0) return k + 1;
    else if (c === '\n' && depth === 0 && asi && !insideStringOrTemplate(ctx, k)) {
      const soFar = masked.slice(from + keyword.length, k).trim();
      if (soFar === '' || keyword === 'break' || keyword === 'continue') return k;
      if (/(?:[,([=+\-*/%&|^!?:.<>]|=>)$/.test(soFar)) continue;
      const next = nextSignificant(masked, k);
      // JavaScript inserts no semicolon before a line that starts with ( [ or `; Go always does.
      const continuing = ctx.family === 'javascript' ? /[.?:)\],+\-*/%&|=<>([`]/ : /[.?:)\],+\-*/%&|=<>]/;
      if (next >= 0 && continuing.test(masked[next])) continue;
      return k;
    }
  }
  return masked.length;
}

const GO_NOLINT = /\/\/\s*nolint\b(?!:)|\/\/\s*nolint:[\w,]*\b(?:all|govet|unreachable)\b/;

/** Go code at `line` whose own line, or the line just above its top-level `func`, carries a //nolint that covers it. */
function goNolint(ctx: RuleContext, line: number): boolean {
  const lines = ctx.outline.lines;
  const textOf = (l: number): string => ctx.text.slice(lines.lineStart(l), lines.lineEnd(l));
  if (GO_NOLINT.test(textOf(line))) return true;
  for (let l = line - 1; l >= 1; l--) {
    if (/^func\b/.test(textOf(l))) return l > 1 && GO_NOLINT.test(textOf(l - 1));
  }
  return false;
}

/** A line that is only a template directive, `{{if x}}` or `{{endif}}`: no C or C++ line reads so. */
const TEMPLATE_DIRECTIVE = /^[ \t]*\{\{[^{}\n]*\}\}[ \t]*$/m;

function braceUnreachable(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const { masked } = ctx;
  const preprocessed = ctx.family === 'c' || ctx.family === 'cpp';
  if (preprocessed && TEMPLATE_DIRECTIVE.test(masked)) return hits;
  // Languages whose statements may end at a line break
  const asi = ctx.family === 'javascript' || ctx.family === 'go';
  for (const m of maskedMatches(ctx, /(?<![\w$.])(return|throw|break|continue)(?![\w$])/)) {
    const keyword = m[1];
    if (keyword === 'throw' && ctx.family === 'go') continue;
    if (!startsStatement(ctx, m.index, asi)) continue;
    if (inPreprocessorDirective(ctx, m.index)) continue;
    const end = statementEnd(ctx, m.index, keyword, asi);
    const next = nextSignificant(masked, end);
    if (next < 0 || masked[next] === '}' || masked[next] === ';' || masked[next] === '#') continue;
    const rest = masked.slice(next, next + 80);
    if (/^(?:case\b|default\b|function\b|else\b)/.test(rest)) continue; // labels; hoisted declarations
    if (/^[A-Za-z_$][\w$]*\s*:(?!:)/.test(rest)) continue; // a goto or loop label
    if (/^break\s*;/.test(rest)) continue;
    if ((ctx.family === 'c' || ctx.family === 'cpp') && /^[A-Z][A-Z0-9_]*\b(?!\s*[=;])/.test(rest)) continue;
    const line = lineOf(ctx, next);
    if (ctx.family === 'go' && goNolint(ctx, line)) continue;
    const commented = hasCommentOnLine(ctx, lineOf(ctx, Math.max(m.index, end - 1)));
    hits.push({ line, severity: commented || preprocessed ? 'info' : 'warning', category: 'bug', message: message(keyword, lineOf(ctx, m.index)) });
  }
  return hits;
}

function pythonUnreachable(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const statements = pythonLogicalLines(ctx.outline.lexed, ctx.outline.lines);
  for (let i = 0; i + 1 < statements.length; i++) {
    const jump = /^(return|raise|break|continue)\b/.exec(statements[i].code);
    if (!jump) continue;
    const next = statements[i + 1];
    if (next.indent !== statements[i].indent) continue;
    if ((jump[1] === 'return' || jump[1] === 'raise') && /^yield\b/.test(next.code)) continue;
    if (/^(?:pass|\.\.\.|break|(?!(?:continue|return|raise)$)[A-Za-z_]\w*)$/.test(next.code)) continue;
    const lines = ctx.outline.lines;
    const around = ctx.text.slice(lines.lineStart(Math.max(1, next.startLine - 1)), lines.lineEnd(next.startLine));
    if (/disable=unreachable/.test(around)) continue;
    // Code after a return, or after a jump at module level, is mostly a block switched off on purpose in Python.
    const deliberate = jump[1] === 'return' || statements[i].indent === 0 || hasCommentOnLine(ctx, statements[i].endLine);
    hits.push({ line: next.startLine, severity: deliberate ? 'info' : 'warning', category: 'bug', message: message(jump[1], statements[i].startLine) });
  }
  return hits;
}

export const unreachableCodeRule: HeuristicRule = {
  id: 'unreachable-code',
  summary: 'Code after a return, throw, break or continue.',
  families: ['javascript', 'java', 'csharp', 'c', 'cpp', 'go', 'rust', 'python'],
  deliberateInTestCode: true,
  check: (ctx) => (ctx.family === 'python' ? pythonUnreachable(ctx) : braceUnreachable(ctx)),
};
