// An empty catch block hides the error it caught. A comment inside the block marks the silence as
// deliberate (as ESLint's no-empty allows), so only blocks with neither code nor comment count.
// In Python `except KeyError: pass` is the ordinary ask-forgiveness idiom; only a catch-all
// (`except:`, `except Exception:`) followed by nothing but `pass` hides errors nobody expected.
// On real code (bench/review-heuristics-precision.ts) `except Exception: pass` was nearly always
// a deliberate best-effort step (cleanup, optional probes), and so was a bare `except: pass`,
// so in Python the finding is only a note.

import { pythonLogicalLines } from '../outline';
import { lineOf, matchClose, maskedMatches, nextSignificant, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const MESSAGE = 'Empty catch block: the error is silently ignored. Handle or log it, or add a comment saying why ignoring it is safe.';

function braceEmptyCatches(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const { masked } = ctx;
  for (const m of maskedMatches(ctx, /\bcatch\b/)) {
    if (masked[m.index - 1] === '.') continue; // promise.catch(...) is a call, not a block
    let p = nextSignificant(masked, m.index + m[0].length);
    if (p >= 0 && masked[p] === '(') {
      const close = matchClose(masked, p);
      if (close < 0) continue;
      // Naming the exception `ignored` (or `_`) is the Java/Kotlin way of saying "on purpose".
      if (/\b(?:ignored?|expected|_)\s*$/.test(masked.slice(p + 1, close))) continue;
      p = nextSignificant(masked, close + 1);
    }
    if (p < 0 || masked[p] !== '{') continue;
    const close = matchClose(masked, p);
    if (close < 0 || masked.slice(p + 1, close).trim() !== '') continue;
    if (ctx.outline.lexed.tokens.some((t) => t.kind === 'comment' && t.start > p && t.start < close)) continue;
    const line = lineOf(ctx, m.index);
    const endLine = lineOf(ctx, close);
    hits.push({ line, ...(endLine > line ? { endLine } : {}), severity: 'warning', category: 'bug', message: MESSAGE });
  }
  return hits;
}

const CATCH_ALL = /^except\s*(?:\(?\s*(?:builtins\.)?(?:Base)?Exception\s*\)?\s*(?:as\s+\w+\s*)?)?:/;
const PYTHON_MESSAGE = 'Catch-all except with only pass: every error, even a typo, is silently ignored. Catch the specific exception, or log it.';

function pythonEmptyExcepts(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const { lexed, lines } = ctx.outline;
  const statements = pythonLogicalLines(lexed, lines);
  const hasComment = (fromLine: number, toLine: number): boolean => {
    const from = lines.lineStart(fromLine);
    const to = lines.lineEnd(toLine);
    return lexed.tokens.some((t) => t.kind === 'comment' && t.start >= from && t.start <= to);
  };
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i];
    if (!CATCH_ALL.test(stmt.code)) continue;
    const inline = /:\s*(?:pass|\.\.\.)$/.test(stmt.code);
    const severity = 'info' as const;
    if (inline) {
      if (!hasComment(stmt.startLine, stmt.endLine)) hits.push({ line: stmt.startLine, severity, category: 'bug', message: PYTHON_MESSAGE });
      continue;
    }
    if (!/:$/.test(stmt.code)) continue;
    const body = [];
    for (let j = i + 1; j < statements.length && statements[j].indent > stmt.indent; j++) body.push(statements[j]);
    if (body.length !== 1 || !/^(?:pass|\.\.\.)$/.test(body[0].code)) continue;
    if (hasComment(stmt.startLine, body[0].endLine)) continue;
    hits.push({ line: stmt.startLine, endLine: body[0].endLine, severity, category: 'bug', message: PYTHON_MESSAGE });
  }
  return hits;
}

export const emptyCatchRule: HeuristicRule = {
  id: 'empty-catch',
  summary: 'An empty catch or except block that swallows errors.',
  families: ['javascript', 'java', 'csharp', 'cpp', 'python'],
  deliberateInTestCode: true,
  check: (ctx) => (ctx.family === 'python' ? pythonEmptyExcepts(ctx) : braceEmptyCatches(ctx)),
};
