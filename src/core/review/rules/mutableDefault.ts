// A Python default value is evaluated once, when `def` runs, and shared by every call: a list,
// dict or set default that the function appends to keeps growing across calls. The usual fix is
// a None default and a fresh value inside the function. A default that is only read is harmless,
// and on real code most were, so the rule reports one only when the function body changes it in
// place (append, item assignment, +=, …). One that merely escapes (stored on self, returned) was
// never changed afterwards in the labelled sample, and is left alone. Even changed in place, most
// were deliberate (a cache, a counter, a closure's cell), so the finding is a note.

import { lineOf, matchClose, maskedMatches, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const MUTATING_METHODS = 'append|extend|insert|update|add|pop|popitem|setdefault|clear|remove|discard|sort|reverse';

/** Whether the body changes the parameter in place. */
function changedInPlace(body: string, name: string): boolean {
  const n = `(?<![\\w.])${name}`;
  return new RegExp(
    `${n}\\s*\\.(?:${MUTATING_METHODS})\\s*\\(|${n}\\s*\\[[^\\]\\n]*\\]\\s*[-+*/|&]?=(?!=)|${n}\\s*[-+|&]=|\\bdel\\s+${name}\\s*\\[`,
    'm',
  ).test(body);
}

/** The masked body of the def whose parameter list closes at `close`: the lines indented deeper than the def. */
function functionBody(ctx: RuleContext, defAt: number, close: number): string {
  const lines = ctx.outline.lines;
  const defLine = lineOf(ctx, defAt);
  const indent = /^\s*/.exec(ctx.masked.slice(lines.lineStart(defLine), lines.lineEnd(defLine)))?.[0].length ?? 0;
  let end = lineOf(ctx, close) + 1;
  for (; end <= lines.lineCount; end++) {
    const raw = ctx.masked.slice(lines.lineStart(end), lines.lineEnd(end));
    if (raw.trim() !== '' && (/^\s*/.exec(raw)?.[0].length ?? 0) <= indent) break;
  }
  return ctx.masked.slice(close + 1, end > lines.lineCount ? undefined : lines.lineStart(end));
}

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
      const body = functionBody(ctx, m.index, close);
      for (const param of splitParameters(masked, open + 1, close)) {
        // The default follows the last top-level '=' (an annotation may hold none).
        const eq = /=(?!=)\s*(.*)$/s.exec(param.text.replace(/\s+$/, ''));
        if (!eq || !MUTABLE_DEFAULT.test(eq[1])) continue;
        const name = /^\s*\**\s*(\w+)/.exec(param.text)?.[1] ?? 'parameter';
        if (!changedInPlace(body, name)) continue;
        hits.push({
          line: lineOf(ctx, param.start + eq.index),
          severity: 'info',
          category: 'bug',
          message: `Mutable default for ${name}: the default is created once and shared by every call, so changes to it persist. Default to None and create the value inside the function.`,
        });
      }
    }
    return hits;
  },
};
