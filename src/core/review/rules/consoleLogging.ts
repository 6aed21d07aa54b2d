// console.log / console.debug calls are usually debugging leftovers. console.error and warn are
// left alone: they are how many programs report problems on purpose.

import { fillsWholeLines, lineOf, matchClose, maskedMatches, nextSignificant, type HeuristicRule, type RuleHit } from './scan';

export const consoleLoggingRule: HeuristicRule = {
  id: 'console-log',
  summary: 'Leftover console logging.',
  families: ['javascript'],
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const m of maskedMatches(ctx, /(?<![\w$.])console\s*\.\s*(log|debug)\s*\(/)) {
      const open = m.index + m[0].length - 1;
      const close = matchClose(ctx.masked, open);
      if (close < 0) continue;
      let end = close + 1;
      const after = nextSignificant(ctx.masked, end);
      if (after >= 0 && ctx.masked[after] === ';' && !ctx.masked.slice(end, after).includes('\n')) end = after + 1;
      const line = lineOf(ctx, m.index);
      const endLine = lineOf(ctx, close);
      const hit: RuleHit = {
        line,
        ...(endLine > line ? { endLine } : {}),
        severity: 'info',
        category: 'maintainability',
        message: `Leftover console.${m[1]} call; remove it or use the project's logger.`,
      };
      if (fillsWholeLines(ctx, m.index, end)) hit.suggestion = '';
      hits.push(hit);
    }
    return hits;
  },
};
