// `x == None` calls x.__eq__, which a class may override (numpy arrays compare element-wise);
// `is None` asks the one question meant. PEP 8 says so too.

import { lineOf, maskedMatches, replaceOnLine, type HeuristicRule, type RuleHit } from './scan';

export const noneComparisonRule: HeuristicRule = {
  id: 'none-comparison',
  summary: 'A comparison with None by == or != instead of is.',
  families: ['python'],
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const m of maskedMatches(ctx, /(==|!=)(\s*)None\b/)) {
      const replacement = (m[1] === '==' ? 'is' : 'is not') + (m[2] === '' ? ' ' : m[2]) + 'None';
      // The operator's own leading space is kept; `x==None` becomes `x is None`.
      const needsSpace = /\S/.test(ctx.masked[m.index - 1] ?? ' ');
      hits.push({
        line: lineOf(ctx, m.index),
        severity: 'info',
        category: 'style',
        message: `Compare with None using '${m[1] === '==' ? 'is' : 'is not'}', not '${m[1]}': '${m[1]}' calls __eq__, which classes may override.`,
        suggestion: replaceOnLine(ctx, m.index, m.index + m[0].length, (needsSpace ? ' ' : '') + replacement),
      });
    }
    return hits;
  },
};
