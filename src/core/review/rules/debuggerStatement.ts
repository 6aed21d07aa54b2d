// A `debugger` statement (or Python's breakpoint()/pdb.set_trace()) left in code stops the program
// whenever a debugger, or in Python any terminal, is attached.

import { fillsWholeLines, lineOf, maskedMatches, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

function jsDebugger(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const m of maskedMatches(ctx, /(?<![\w$.])debugger\b(?!\s*:)[ \t]*;?/)) {
    const line = lineOf(ctx, m.index);
    const hit: RuleHit = { line, severity: 'warning', category: 'bug', message: '`debugger` statement left in the code: it pauses execution whenever developer tools are open.' };
    if (fillsWholeLines(ctx, m.index, m.index + m[0].length)) hit.suggestion = '';
    hits.push(hit);
  }
  return hits;
}

function pythonBreakpoints(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const pattern = /(?:\bimport\s+i?pdb\s*;\s*)?(?<![\w.])(?:breakpoint\s*\(\s*\)|i?pdb\s*\.\s*set_trace\s*\(\s*\))[ \t]*;?/;
  for (const m of maskedMatches(ctx, pattern)) {
    const line = lineOf(ctx, m.index);
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
  check: (ctx) => (ctx.family === 'python' ? pythonBreakpoints(ctx) : jsDebugger(ctx)),
};
