// A Python default value is evaluated once, when `def` runs, and shared by every call: a list,
// dict or set default that the function appends to keeps growing across calls. The usual fix is
// a None default and a fresh value inside the function.

import { lineOf, matchClose, maskedMatches, type HeuristicRule, type RuleHit } from './scan';

// The default's value: a literal list/dict/set (a lone `{}` too), or a call that builds an empty one.
const MUTABLE_DEFAULT = /^(?:\[|\{|(?:list|dict|set|bytearray|collections\.(?:defaultdict|OrderedDict|deque)|defaultdict|OrderedDict|deque)\s*\()/;

/** The parameters of the list between [from, to), split at top-level commas, with their offsets. */
function splitParameters(masked: string, from: number, to: number): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k <= to; k++) {
    const c = masked[k];
    if (k === to || (c === ',' && depth === 0)) {
      parts.push({ text: masked.slice(start, k), start });
      start = k + 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return parts;
}

export const mutableDefaultRule: HeuristicRule = {
  id: 'mutable-default-argument',
  summary: 'A Python parameter whose default is a list, dict or set, shared by every call.',
  families: ['python'],
  check(ctx) {
    const hits: RuleHit[] = [];
    const { masked } = ctx;
    for (const m of maskedMatches(ctx, /(?<![\w.])def\s+\w+\s*(?:\[[^\]]*\]\s*)?\(/)) {
      const open = m.index + m[0].length - 1;
      const close = matchClose(masked, open);
      if (close < 0) continue;
      for (const param of splitParameters(masked, open + 1, close)) {
        // The default follows the last top-level '=' (an annotation may hold none).
        const eq = /=(?!=)\s*(.*)$/s.exec(param.text.replace(/\s+$/, ''));
        if (!eq || !MUTABLE_DEFAULT.test(eq[1])) continue;
        const name = /^\s*\**\s*(\w+)/.exec(param.text)?.[1] ?? 'parameter';
        hits.push({
          line: lineOf(ctx, param.start + eq.index),
          severity: 'warning',
          category: 'bug',
          message: `Mutable default for ${name}: the default is created once and shared by every call, so changes to it persist. Default to None and create the value inside the function.`,
        });
      }
    }
    return hits;
  },
};
