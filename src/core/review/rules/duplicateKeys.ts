// The same key twice in one object or dict literal: the later value silently replaces the
// earlier one. Keys are compared by value where the language does ('a', "a" and a are one key in
// JavaScript), and only keys whose value is certain count: computed keys and calls are skipped.

import type { LanguageFamily } from '../language';
import {
  lineOf,
  matchClose,
  prevSignificant,
  tokenAt,
  wordEndingAt,
  type HeuristicRule,
  type RuleContext,
  type RuleHit,
} from './scan';

interface Member {
  start: number;
  end: number;
}

/**
 * Splits the inside of a literal at its top-level commas. In Python the commas between a lambda's
 * parameters (`'+': lambda a, b: a + b`) are not member separators: they belong to the lambda
 * until its ':'.
 */
function members(masked: string, open: number, close: number, python: boolean): Member[] {
  const list: Member[] = [];
  let depth = 0;
  let lambdasAwaitingColon = 0;
  let start = open + 1;
  for (let k = open + 1; k < close; k++) {
    const c = masked[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && python && c === 'l' && /^lambda\b/.test(masked.slice(k, k + 7)) && !/[\w.]/.test(masked[k - 1])) {
      lambdasAwaitingColon++;
      k += 5;
    } else if (depth === 0 && c === ':' && lambdasAwaitingColon > 0) lambdasAwaitingColon--;
    else if (c === ',' && depth === 0 && lambdasAwaitingColon === 0) {
      list.push({ start, end: k });
      start = k + 1;
    }
  }
  list.push({ start, end: close });
  return list.filter((m) => masked.slice(m.start, m.end).trim() !== '');
}

function firstCode(masked: string, m: Member): number {
  let k = m.start;
  while (k < m.end && /\s/.test(masked[k])) k++;
  return k;
}

/** JavaScript, TypeScript and JSON: `{` in expression position opens an object literal. */
function isObjectLiteral(ctx: RuleContext, open: number): boolean {
  if (ctx.family === 'json') return true;
  const { masked } = ctx;
  const p = prevSignificant(masked, open);
  if (p < 0) return false;
  const c = masked[p];
  if ('(,[?'.includes(c)) return true;
  if (c === '=') return masked[p - 1] !== '=' && masked[p - 1] !== '!' ? true : false;
  if (c === ':') {
    // `case x: {` and `label: {` open blocks
    const from = Math.max(masked.lastIndexOf(';', p), masked.lastIndexOf('{', p), masked.lastIndexOf('}', p)) + 1;
    return !/^\s*(?:case\b.*|default\s*|[A-Za-z_$][\w$]*\s*):$/.test(masked.slice(from, p + 1));
  }
  if ((c === '&' && masked[p - 1] === '&') || (c === '|' && masked[p - 1] === '|') || (c === '?' && masked[p - 1] === '?')) return true;
  return ['return', 'yield', 'await'].includes(wordEndingAt(masked, p));
}

function jsKey(ctx: RuleContext, m: Member): { key: string; display: string; at: number } | undefined {
  const { masked, text } = ctx;
  let at = firstCode(masked, m);
  let rest = masked.slice(at, m.end);
  if (rest.startsWith('...') || rest.startsWith('[')) return undefined;
  let accessor = '';
  const modifier = /^(?:(async)\s+|(get|set)\s+(?=[\w$'"[])|\*\s*)/.exec(rest);
  if (modifier) {
    if (modifier[2]) accessor = modifier[2] + ' ';
    at += modifier[0].length;
    rest = masked.slice(at, m.end);
  }
  let name: string | undefined;
  let length = 0;
  if (rest[0] === '"' || rest[0] === "'" || rest[0] === '`') {
    const token = tokenAt(ctx.outline.lexed.tokens, at);
    if (!token || rest[0] === '`') return undefined;
    name = text.slice(token.start + 1, token.end - 1);
    length = token.end - token.start;
  } else {
    const word = /^(?:[A-Za-z_$][\w$]*|\d[\w.]*)/.exec(rest);
    if (!word) return undefined;
    name = /^\d/.test(word[0]) ? String(Number(word[0])) : word[0];
    length = word[0].length;
  }
  const after = masked.slice(at + length, m.end).trimStart();
  if (!(after === '' || after[0] === ':' || after[0] === '(' || after[0] === '=' || after[0] === '<' || after[0] === '?')) return undefined;
  // A getter and a setter may share a name; each only clashes with its own kind or a plain key.
  return { key: accessor + name, display: `'${name}'`, at };
}

function pythonKey(ctx: RuleContext, m: Member): { key: string; display: string; at: number } | undefined {
  const { masked, text } = ctx;
  let depth = 0;
  let colon = -1;
  for (let k = m.start; k < m.end; k++) {
    const c = masked[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) {
      colon = k;
      break;
    }
  }
  if (colon < 0) return undefined;
  const at = firstCode(masked, m);
  const keyText = text.slice(at, colon).trim();
  if (keyText.startsWith('**')) return undefined;
  const literal = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(keyText);
  if (literal) {
    if (literal[3].includes(literal[2])) return undefined; // adjacent literals: 'a' 'b'
    return { key: (/b/i.test(literal[1]) ? 'b:' : 's:') + literal[3], display: keyText, at };
  }
  if (/^\d[\d_]*(?:\.[\d_]*)?$/.test(keyText)) return { key: 'n:' + Number(keyText.replace(/_/g, '')), display: keyText, at };
  if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*$/.test(keyText)) return { key: 'id:' + keyText, display: keyText, at };
  return undefined;
}

function check(ctx: RuleContext): RuleHit[] {
  const hits: RuleHit[] = [];
  const { masked } = ctx;
  const family: LanguageFamily = ctx.family;
  for (let open = masked.indexOf('{'); open >= 0; open = masked.indexOf('{', open + 1)) {
    if (family !== 'python' && !isObjectLiteral(ctx, open)) continue;
    const close = matchClose(masked, open);
    if (close < 0) continue;
    const list = members(masked, open, close, family === 'python');
    if (family === 'python' && list.some((m) => /(?<![\w.])for\b/.test(masked.slice(m.start, m.end)))) continue; // comprehension
    const seen = new Map<string, number>();
    for (const member of list) {
      const key = family === 'python' ? pythonKey(ctx, member) : jsKey(ctx, member);
      if (!key) continue;
      // A getter clashes with an earlier plain key of the same name, and the reverse.
      const plain = key.key.replace(/^(?:get|set) /, '');
      const clash = seen.get(key.key) ?? (key.key === plain ? (seen.get('get ' + plain) ?? seen.get('set ' + plain)) : seen.get(plain));
      const line = lineOf(ctx, key.at);
      if (clash !== undefined) {
        hits.push({
          line,
          severity: 'warning',
          category: 'bug',
          message: `Duplicate key ${key.display} in this ${family === 'python' ? 'dict' : 'object'} literal (first on line ${clash}): the later value silently replaces the earlier one.`,
        });
      } else seen.set(key.key, line);
    }
  }
  return hits;
}

export const duplicateKeysRule: HeuristicRule = {
  id: 'duplicate-key',
  summary: 'An object or dictionary literal that names the same key twice.',
  families: ['javascript', 'json', 'python'],
  check,
};
