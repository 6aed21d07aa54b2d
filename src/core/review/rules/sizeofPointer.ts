// `memset(p, 0, sizeof(p))` where p is a pointer clears the size of a pointer (8 bytes), not the
// object: the classic slip for sizeof(*p). The rule fires only when p is declared as a pointer in
// the same function, as a parameter or a local, so arrays (whose sizeof is the whole array) and
// names it cannot see are left alone, and so is a name declared both ways (#ifdef branches). So is a call that also passes &p: it copies the pointer
// itself (`memcpy(&next, child, sizeof(next))`), and the pointer's size is the right one.

import { flattenBlocks } from '../outline';
import { lineOf, maskedMatches, matchClose, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const MEMORY_CALLS = /(?<![\w.>])(memset|memcpy|memmove|memcmp|bzero|strncpy|strncat|snprintf|memset_s|explicit_bzero|read|write|fread|fwrite)\s*\(/;

/** The function body around `offset`: the code from its header line to its last line. */
function functionText(ctx: RuleContext, offset: number): { from: number; to: number } | undefined {
  const line = lineOf(ctx, offset);
  const fns = flattenBlocks(ctx.outline.blocks).filter((b) => b.kind === 'function' && b.startLine <= line && b.endLine >= line);
  const fn = fns[fns.length - 1];
  if (!fn) return undefined;
  const lines = ctx.outline.lines;
  return { from: lines.lineStart(Math.min(fn.startLine, fn.headerLine)), to: lines.lineEnd(fn.endLine) };
}

/** Whether `name` is declared as a pointer (not an array of pointers) in the code. */
function declaredAsPointer(code: string, name: string): boolean {
  // A type name, stars, the name, then what may follow a declarator: `,` `;` `=` `)`. Keywords that
  // look like a type before a `*` (return a * b) are excluded.
  const re = new RegExp(`(?:^|[(,;{])\\s*(?:(?:const|volatile|struct|union|enum|unsigned|signed|static|register)\\s+)*([A-Za-z_]\\w*)\\s*\\*+\\s*(?:const\\s+)?${name}\\s*[,;=)]`, 'gm');
  for (let m = re.exec(code); m; m = re.exec(code)) {
    if (!/^(?:return|sizeof|case|goto|else|do)$/.test(m[1])) return true;
  }
  return false;
}

export const sizeofPointerRule: HeuristicRule = {
  id: 'sizeof-pointer',
  summary: 'sizeof of a pointer given as the size to memset, memcpy and the like, where the pointed-to size was meant.',
  families: ['c', 'cpp'],
  check(ctx) {
    const hits: RuleHit[] = [];
    const { masked } = ctx;
    for (const m of maskedMatches(ctx, MEMORY_CALLS)) {
      const open = m.index + m[0].length - 1;
      const close = matchClose(masked, open);
      if (close < 0) continue;
      const sizeofs = /\bsizeof\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|\s([A-Za-z_]\w*)\b(?!\s*[[.(-]))/g;
      const args = masked.slice(open + 1, close);
      for (let s = sizeofs.exec(args); s; s = sizeofs.exec(args)) {
        const name = s[1] ?? s[2];
        if (new RegExp(`&\\s*${name}\\b(?!\\s*(?:->|\\.|\\[))`).test(args)) continue;
        const fn = functionText(ctx, m.index);
        const code = fn ? masked.slice(fn.from, fn.to) : '';
        if (!fn || !declaredAsPointer(code, name) || new RegExp(`\\b${name}\\s*\\[[^\\]]*\\]\\s*[;=]`).test(code)) continue;
        hits.push({
          line: lineOf(ctx, open + 1 + s.index),
          severity: 'warning',
          category: 'bug',
          message: `sizeof(${name}) is the size of the pointer, not of what it points to. Did you mean sizeof(*${name}), or the buffer's length?`,
        });
        break;
      }
    }
    return hits;
  },
};
