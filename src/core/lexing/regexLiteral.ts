// Regular-expression literals, for syntaxes whose table entry has regexLiterals (JavaScript): a
// `/` starts one where an operand may start, which only the code before it can tell, and the
// literal ends at the next `/` outside a character class on the same line.

/** Keywords after which an expression, so a regex, may follow. */
const REGEX_PRECEDING_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

/** Characters after which an expression, so a regex, may follow. */
const REGEX_PRECEDING_CHARS = '(,=:[!&|?{};+-*%<>~^';

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/**
 * Whether a `/` after the code character at `lastSig` (in `code`, the masked text so far; -1 where
 * an expression starts) begins an operand, that is a regex, rather than a division: after an
 * operator, an opening bracket or a keyword such as `return`, not after a name, a number or `)`.
 */
export function startsOperand(code: readonly string[], lastSig: number): boolean {
  if (lastSig < 0) return true;
  const ch = code[lastSig];
  if (REGEX_PRECEDING_CHARS.includes(ch)) return true;
  if (isIdentChar(ch)) return REGEX_PRECEDING_WORDS.has(wordEndingAt(code, lastSig));
  return false;
}

function wordEndingAt(code: readonly string[], last: number): string {
  let k = last;
  while (k >= 0 && isIdentChar(code[k])) k--;
  return code.slice(k + 1, last + 1).join('');
}

/** The regex literal whose opening `/` stands at `i`: where its body ends (at the closing `/`) and
 *  where the literal ends (after its flags); undefined when the line ends before a closing `/`. */
export function regexLiteralEnd(text: string, i: number): { bodyEnd: number; end: number } | undefined {
  const n = text.length;
  let k = i + 1;
  let inClass = false;
  while (k < n && text[k] !== '\n') {
    const c = text[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = k + 1;
      while (end < n && /[a-z]/i.test(text[end])) end++;
      return { bodyEnd: k, end };
    }
    k++;
  }
  return undefined;
}
