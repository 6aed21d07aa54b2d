// A `debugger` statement (or Python's breakpoint()/pdb.set_trace()) left in code stops the program
// whenever a debugger, or in Python any terminal, is attached. Left alone: a line where the
// linters' same warning was silenced (`// eslint-disable-line no-debugger` or -next-line above it;
// `# noqa` bare or naming T100, `# pylint: disable=forgotten-debug-statement`/W1515), and in
// Python a breakpoint inside an `if`/`elif` whose condition names a debug setting (`if DEBUG:`,
// `elif config["debug"]:`): entering the debugger on demand is then the feature, not a leftover.

import { pythonLogicalLines, type LogicalLine } from '../outline';
import { fillsWholeLines, lineOf, lineText, maskedMatches, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const JS_SILENCED = /eslint-disable-line\b[^\n]*\bno-debugger\b/;
const JS_SILENCED_ABOVE = /eslint-disable-next-line\b[^\n]*\bno-debugger\b/;
const PYTHON_SILENCED = /#\s*(?:noqa\b(?!\s*:)|noqa\s*:[\w\s,]*\bT100\b|pylint\s*:\s*disable\s*=[\w\s,-]*\b(?:forgotten-debug-statement|W1515)\b)/i;

function jsDebugger(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const m of maskedMatches(ctx, /(?<![\w$.])debugger\b(?!\s*:)[ \t]*;?/)) {
    const line = lineOf(ctx, m.index);
    if (JS_SILENCED.test(lineText(ctx, line)) || (line > 1 && JS_SILENCED_ABOVE.test(lineText(ctx, line - 1)))) continue;
    const hit: RuleHit = { line, severity: 'warning', category: 'bug', message: '`debugger` statement left in the code: it pauses execution whenever developer tools are open.' };
    if (fillsWholeLines(ctx, m.index, m.index + m[0].length)) hit.suggestion = '';
    hits.push(hit);
  }
  return hits;
}

/** Whether an `if`/`elif` around the line tests a debug setting. */
function underDebugSwitch(ctx: RuleContext, statements: readonly LogicalLine[], line: number): boolean {
  let at = statements.findIndex((s) => s.startLine <= line && line <= s.endLine);
  if (at < 0) return false;
  // The statement holding the call (`if DEBUG: breakpoint()`), then each block header around it.
  let indent = statements[at].indent + 1;
  for (; at >= 0 && indent > 0; at--) {
    const stmt = statements[at];
    if (stmt.indent >= indent) continue;
    indent = stmt.indent;
    const header = ctx.text.slice(ctx.outline.lines.lineStart(stmt.startLine), ctx.outline.lines.lineEnd(stmt.endLine));
    if (/^\s*(?:el)?if\b.*debug/is.test(header)) return true;
  }
  return false;
}

function pythonBreakpoints(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const pattern = /(?:\bimport\s+i?pdb\s*;\s*)?(?<![\w.])(?:breakpoint\s*\(\s*\)|i?pdb\s*\.\s*set_trace\s*\(\s*\))[ \t]*;?/;
  const statements = pythonLogicalLines(ctx.outline.lexed, ctx.outline.lines);
  for (const m of maskedMatches(ctx, pattern)) {
    const line = lineOf(ctx, m.index);
    if (PYTHON_SILENCED.test(lineText(ctx, line)) || underDebugSwitch(ctx, statements, line)) continue;
    const hit: RuleHit = {
      line,
      severity: 'warning',
      category: 'bug',
      message: 'Breakpoint left in the code: the program stops here and waits for the debugger.',
    };
    if (fillsWholeLines(ctx, m.index, m.index + m[0].length)) hit.suggestion = '';
    hits.push(hit);
  }
  return hits;
}

export const debuggerRule: HeuristicRule = {
  id: 'debugger',
  summary: 'A debugger statement or breakpoint left in the code.',
  families: ['javascript', 'python'],
  deliberateInTestCode: true,
  check: (ctx) => (ctx.family === 'python' ? pythonBreakpoints(ctx) : jsDebugger(ctx)),
};
