// An f-string with no {placeholder} is an ordinary string with a misleading prefix, and sometimes
// a sign that the placeholder was forgotten. In an implicit concatenation where another part has
// placeholders the f is harmless habit, so such parts are left alone. Style only: info.

import type { LexToken } from '../../lexing/lexCode';
import { lineOf, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

/** The string prefix before a token's opening quote (`f`, `rf`, `b`…), '' when none. */
function prefixOf(ctx: RuleContext, token: LexToken): string {
  return /[A-Za-z]{0,2}$/.exec(ctx.text.slice(Math.max(0, token.start - 2), token.start))?.[0] ?? '';
}

const hasPlaceholder = (ctx: RuleContext, token: LexToken): boolean => /\{(?!\{)/.test(ctx.text.slice(token.start, token.end).replace(/\{\{/g, ''));

export const fStringWithoutPlaceholdersRule: HeuristicRule = {
  id: 'f-string-without-placeholders',
  summary: 'A Python f-string with no placeholders.',
  families: ['python'],
  check(ctx) {
    const hits: RuleHit[] = [];
    const strings = ctx.outline.lexed.tokens.filter((t) => t.kind === 'string');
    const isF = (t: LexToken): boolean => /^[rR]?[fF][rR]?$/.test(prefixOf(ctx, t)) && !/\w/.test(ctx.text[t.start - prefixOf(ctx, t).length - 1] ?? '');
    // Neighbouring strings separated only by space and line breaks (and brackets' insides) form one concatenation.
    const adjacent = (a: LexToken, b: LexToken): boolean => /^[\s\\]*[rRbBuUfF]{0,2}$/.test(ctx.masked.slice(a.end, b.start));
    for (let i = 0; i < strings.length; i++) {
      const token = strings[i];
      if (!isF(token) || hasPlaceholder(ctx, token)) continue;
      let group = [token];
      for (let j = i - 1; j >= 0 && adjacent(strings[j], group[0]); j--) group = [strings[j], ...group];
      for (let j = i + 1; j < strings.length && adjacent(group[group.length - 1], strings[j]); j++) group.push(strings[j]);
      if (group.some((t) => isF(t) && hasPlaceholder(ctx, t))) continue;
      hits.push({
        line: lineOf(ctx, token.start),
        severity: 'info',
        category: 'style',
        message: 'f-string without placeholders: drop the f prefix, or add the {value} that was meant.',
      });
    }
    return hits;
  },
};
