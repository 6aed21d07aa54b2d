// `x is "a"` and `x is 1` ask whether two objects are the same one, which for strings and numbers
// depends on interning and caching: it can be true in a test and false in production. Python 3.8
// warns about it (SyntaxWarning). `==` compares the values; `is` stays right for None, True, False.

import { lineOf, maskedMatches, nextSignificant, prevSignificant, tokenAt, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

// What may stand right before a left operand or right after a right one: the literal is then the
// whole operand, not the end of `oo/0` or the start of `2 * x` (`is` binds looser than arithmetic).
const BEFORE_OPERAND = /(?:^|[(,[{=:]|\b(?:if|elif|while|and|or|not|assert|return|lambda))\s*$/;
const AFTER_OPERAND = /^\s*(?:$|[)\],:}]|(?:and|or|if|else)\b)/m;

/** Whether a string or number literal starts at `pos` (a string's prefix letters included) and is the whole right operand. */
function literalStartsAt(ctx: RuleContext, pos: number): boolean {
  if (pos < 0) return false;
  const end = literalEnd(ctx, pos);
  return end >= 0 && AFTER_OPERAND.test(ctx.masked.slice(end, end + 40));
}

/** Offset just past the literal starting at `pos`, or -1 when none starts there. */
function literalEnd(ctx: RuleContext, pos: number): number {
  const number = /^-?\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?j?(?![\w.])/.exec(ctx.masked.slice(pos, pos + 40));
  if (number) return pos + number[0].length;
  const quote = /^[rRbBuUfF]{0,2}(?=["'])/.exec(ctx.masked.slice(pos, pos + 3));
  const token = quote ? tokenAt(ctx.outline.lexed.tokens, pos + quote[0].length) : undefined;
  return token?.kind === 'string' ? token.end : -1;
}

/** Whether a string or number literal ends at `pos` and is the whole left operand. */
function literalEndsAt(ctx: RuleContext, pos: number): boolean {
  if (pos < 0) return false;
  const c = ctx.masked[pos];
  let start = -1;
  if (c === '"' || c === "'") {
    const token = tokenAt(ctx.outline.lexed.tokens, pos);
    if (token?.kind === 'string') start = token.start - (/[rRbBuUfF]{0,2}$/.exec(ctx.masked.slice(Math.max(0, token.start - 2), token.start))?.[0].length ?? 0);
  } else {
    // A number, not the end of a name like x1: the digits must not follow a letter or underscore.
    const number = /(?<![\w.])-?\d[\d_]*(?:\.\d*)?$/.exec(ctx.masked.slice(Math.max(0, pos - 30), pos + 1));
    if (number) start = pos + 1 - number[0].length;
  }
  return start >= 0 && BEFORE_OPERAND.test(ctx.masked.slice(Math.max(0, start - 40), start));
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
