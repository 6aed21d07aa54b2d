// `x is "a"` and `x is 1` ask whether two objects are the same one, which for strings and numbers
// depends on interning and caching: it can be true in a test and false in production. Python 3.8
// warns about it (SyntaxWarning). `==` compares the values; `is` stays right for None, True, False.

import { lineOf, maskedMatches, nextSignificant, prevSignificant, tokenAt, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

/** Whether a string or number literal starts at `pos` (a string's prefix letters included). */
function literalStartsAt(ctx: RuleContext, pos: number): boolean {
  if (pos < 0) return false;
  if (/[0-9]/.test(ctx.masked[pos]) || (ctx.masked[pos] === '-' && /[0-9]/.test(ctx.masked[pos + 1] ?? ''))) return true;
  const quote = /^[rRbBuUfF]{0,2}(?=["'])/.exec(ctx.masked.slice(pos, pos + 3));
  return quote !== null && tokenAt(ctx.outline.lexed.tokens, pos + quote[0].length)?.kind === 'string';
}

/** Whether a string or number literal ends at `pos`. */
function literalEndsAt(ctx: RuleContext, pos: number): boolean {
  if (pos < 0) return false;
  const c = ctx.masked[pos];
  if (c === '"' || c === "'") return tokenAt(ctx.outline.lexed.tokens, pos)?.kind === 'string';
  // A number, not the end of a name like x1: the digits must not follow a letter or underscore.
  return /(?<![\w.])\d[\d_]*(?:\.\d*)?$/.test(ctx.masked.slice(Math.max(0, pos - 30), pos + 1));
}

export const isLiteralRule: HeuristicRule = {
  id: 'is-literal',
  summary: 'A Python `is` / `is not` comparison with a string or number literal.',
  families: ['python'],
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const m of maskedMatches(ctx, /(?<![\w.])is(\s+not)?(?![\w])/)) {
      const after = nextSignificant(ctx.masked, m.index + m[0].length);
      const before = prevSignificant(ctx.masked, m.index);
      if (!literalStartsAt(ctx, after) && !literalEndsAt(ctx, before)) continue;
      const op = m[1] ? 'is not' : 'is';
      hits.push({
        line: lineOf(ctx, m.index),
        severity: 'warning',
        category: 'bug',
        message: `'${op}' with a literal compares identity, which for strings and numbers depends on interning. Use '${op === 'is' ? '==' : '!='}' to compare values.`,
      });
    }
    return hits;
  },
};
