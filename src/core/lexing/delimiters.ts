// The delimiter rules: where an opener of the syntax table counts, and where the comment, string,
// character literal or here-document it opens ends. Both walks over the table (the comment walk of
// the TODO finder and the code masker of review) decide with these functions and nothing else.
// Every search is bounded or resumable so that no input makes a walk quadratic.
// The character tests live here, beside their hottest callers: under tsx (tests, benches) every
// use of an imported binding is a getter call, which in these loops would cost a third of the walk.

import { type Opener } from './compiledSyntax';

const CH_NL = 10;
const CH_CR = 13;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_QUOTE = 39;
const CH_RPAREN = 41;
const CH_AT = 64;
const CH_R_UPPER = 82;
const CH_BACKSLASH = 92;
const CH_B = 98;
const CH_R = 114;

/** ASCII letters, digits and `_`: what a tag or a keyword must not touch to stand as a word. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isHexDigitCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Blanks other than the line feed: space, tab, CR, form feed, vertical tab, no-break space, BOM. */
export function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** Whether `op` opens at `i`: its token stands there and its placement rules hold. */
export function opensAt(text: string, i: number, op: Opener): boolean {
  if (op.token.length > 1 && !tokenAt(text, i, op)) return false;
  if (op.atLineStart && !onlyBlankBefore(text, i, op.word)) return false;
  if (op.needsSpaceBefore && i > 0 && text.charCodeAt(i - 1) !== CH_NL && !isBlankCode(text.charCodeAt(i - 1))) return false;
  if (op.word && i + op.token.length < text.length && isWordCode(text.charCodeAt(i + op.token.length))) return false;
  if (op.needsBoundary && i > 0 && breaksQuoteBoundary(text.charCodeAt(i - 1))) return false;
  if (op.notBetweenHexDigits && isHexDigitCode(text.charCodeAt(i - 1)) && isHexDigitCode(text.charCodeAt(i + 1))) return false;
  return true;
}

function tokenAt(text: string, i: number, op: Opener): boolean {
  if (!op.word) return text.startsWith(op.token, i);
  const t = op.token;
  for (let k = 0; k < t.length; k++) {
    if ((text.charCodeAt(i + k) | 0x20) !== (t.charCodeAt(k) | 0x20)) return false;
  }
  return true;
}

/** Whether only blanks (and `@` for batch's `@REM`) stand between the line start and `i`; walks
 *  back only as far as the first other char, which keeps minified one-line files linear. */
export function onlyBlankBefore(text: string, i: number, allowAt: boolean): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === CH_NL) return true;
    if (!isBlankCode(c) && !(allowAt && c === CH_AT)) return false;
  }
  return true;
}

/** A quote right after a word char or a closing bracket is an apostrophe or a transpose, not a string. */
function breaksQuoteBoundary(c: number): boolean {
  return isWordCode(c) || c === CH_RPAREN || c === 93 || c === 125 || c === 46 || c === CH_QUOTE || c >= 128;
}

/** End of the line holding `from`: the offset of its line feed, or the text length. */
export function lineEnd(text: string, from: number): number {
  const e = text.indexOf('\n', from);
  return e < 0 ? text.length : e;
}

/** Offset of the closer of the block comment whose body starts at `bodyStart` (the text length when
 *  it never closes). Nested comments balance openers and closers. */
export function blockCommentEnd(text: string, bodyStart: number, op: Opener): number {
  if (!op.nested) {
    const cl = text.indexOf(op.close, bodyStart);
    return cl < 0 ? text.length : cl;
  }
  const n = text.length;
  let depth = 1;
  let p = bodyStart;
  // The next opener and closer are searched again only once the scan has passed them: searching
  // both afresh after every step makes `/* /* /* … */ */ */` quadratic.
  let o = text.indexOf(op.token, p);
  let cl = text.indexOf(op.close, p);
  while (p < n && cl >= 0) {
    if (o >= 0 && o < cl) {
      depth++;
      p = o + op.token.length;
    } else {
      depth--;
      p = cl + op.close.length;
      if (depth === 0) return cl;
    }
    if (o >= 0 && o < p) o = text.indexOf(op.token, p);
    if (cl < p) cl = text.indexOf(op.close, p);
  }
  return n;
}

/** Offset just past the string whose body starts at `from`. An unterminated single-line string
 *  ends at its line feed, which limits the damage of a misread quote; otherwise at the text end. */
export function stringEnd(text: string, from: number, op: Opener): number {
  const n = text.length;
  const close = op.close;
  const c0 = close.charCodeAt(0);
  const body = op.body;
  if (body) {
    body.lastIndex = from;
    body.test(text);
    const p = body.lastIndex;
    // The body stops before the closer, a line feed that ends it, or an escape with nothing after.
    if (p >= n) return n;
    const c = text.charCodeAt(p);
    return c === c0 ? p + 1 : c === CH_NL ? p : n;
  }
  const single = close.length === 1;
  const esc = op.escape;
  let p = from;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === esc) {
      // An escaped line break is one character whether it is LF or CRLF, so a file reads the same
      // with either line ending.
      p += text.charCodeAt(p + 1) === CH_CR && text.charCodeAt(p + 2) === CH_NL ? 3 : 2;
      continue;
    }
    if (c === c0 && (single || text.startsWith(close, p))) {
      if (!op.doubledCloseEscapes || !text.startsWith(close, p + close.length)) return p + close.length;
      p += 2 * close.length;
      continue;
    }
    if (c === CH_NL && !op.multiline) return p;
    p++;
  }
  return n;
}

/** End of the string literal whose opener `op` stands at `i`: a raw string when the quote carries
 *  the prefix of one, else a string that ends at its closer. */
export function quotedEnd(text: string, i: number, op: Opener): number {
  const raw = op.raw ? rawStringAt(text, i, op.raw) : undefined;
  return raw ? raw.end : stringEnd(text, i + op.token.length, op);
}

interface RawString {
  /** Offset of the prefix (`r`, `br`, `R`) that announced the raw string. */
  start: number;
  /** Length of what opens it and stays visible when masked: `r#"`, or `R"` (the C++ delimiter is
   *  masked with the body). */
  openLength: number;
  /** The closer that stays visible when the raw string ends with it: `"#`, or `"`. */
  visibleClose: string;
  end: number;
}

/** The raw string whose quote stands at `quote`, or undefined when no raw-string prefix precedes it. */
export function rawStringAt(text: string, quote: number, style: 'rust' | 'cpp'): RawString | undefined {
  return style === 'rust' ? rustRawString(text, quote) : cppRawString(text, quote);
}

/** `r"…"`, `r#"…"#` (as many `#` on both sides, at most 255), `br"…"`; the prefix stands alone. */
function rustRawString(text: string, quote: number): RawString | undefined {
  let r = quote - 1;
  while (r >= 0 && quote - r <= 256 && text.charCodeAt(r) === CH_HASH) r--;
  if (r < 0 || text.charCodeAt(r) !== CH_R) return undefined;
  const start = r > 0 && text.charCodeAt(r - 1) === CH_B ? r - 1 : r;
  if (start > 0 && isIdentifierCode(text.charCodeAt(start - 1))) return undefined;
  const closer = '"' + '#'.repeat(quote - r - 1);
  const close = text.indexOf(closer, quote + 1);
  return { start, openLength: quote + 1 - start, visibleClose: closer, end: close < 0 ? text.length : close + closer.length };
}

const CPP_RAW_DELIMITER = /"([^()\\\s]{0,16})\(/y;

/** `R"delim(…)delim"`, also after an encoding prefix (`u8R"…"`, `LR"…"`) that stands alone. */
function cppRawString(text: string, quote: number): RawString | undefined {
  const r = quote - 1;
  if (r < 0 || text.charCodeAt(r) !== CH_R_UPPER) return undefined;
  let p = r;
  if (text.startsWith('u8', p - 2)) p -= 2;
  else if (p > 0 && 'uUL'.includes(text.charAt(p - 1))) p--;
  if (p > 0 && isWordCode(text.charCodeAt(p - 1))) return undefined;
  CPP_RAW_DELIMITER.lastIndex = quote;
  const m = CPP_RAW_DELIMITER.exec(text);
  if (!m) return undefined;
  const closer = ')' + m[1] + '"';
  const close = text.indexOf(closer, quote + m[0].length);
  return { start: r, openLength: 2, visibleClose: '"', end: close < 0 ? text.length : close + closer.length };
}

/** Identifier characters of the C family and JavaScript: word characters and `$`. */
function isIdentifierCode(c: number): boolean {
  return isWordCode(c) || c === CH_DOLLAR;
}

/** End of the character literal opened by the quote at `i`, or -1 when the quote is a tick (a
 *  lifetime, a prime, an attribute). 'a', '\n', '\u{1F600}' and a surrogate pair are literals. */
export function charLiteralEnd(text: string, i: number): number {
  const n = text.length;
  if (i + 2 < n && text.charCodeAt(i + 1) === CH_BACKSLASH) {
    // The closing quote within 16 chars and on this line; looking up the line's end instead would
    // read the rest of a long line for every `'\` on it.
    const limit = Math.min(n, i + 16);
    for (let p = i + 2; p < limit; p++) {
      const c = text.charCodeAt(p);
      if (c === CH_NL) return -1;
      if (c === CH_QUOTE && p > i + 2) return p + 1;
    }
    return -1;
  }
  if (i + 2 < n && text.charCodeAt(i + 2) === CH_QUOTE && text.charCodeAt(i + 1) !== CH_NL) return i + 3;
  const c1 = text.charCodeAt(i + 1);
  if (c1 >= 0xd800 && c1 <= 0xdbff && text.charCodeAt(i + 3) === CH_QUOTE) return i + 4;
  return -1;
}

/** Here-documents of one text: `<<EOF` up to the line that holds `EOF`. Remembers terminators known
 *  to be missing, so that many unterminated openers do not each read the rest of the text. */
export class HeredocReader {
  /** Heredoc identifiers whose terminator does not occur from this offset on. */
  private readonly missingFrom = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
  ) {}

  /** End of the here-document whose opener stands at `i` (just past its terminator's identifier),
   *  or -1 when no here-document opens there. */
  end(i: number): number {
    const { text, pattern } = this;
    pattern.lastIndex = i;
    const m = pattern.exec(text);
    if (!m) return -1;
    const id = m[2] ?? m[3]!;
    const bodyStart = text.indexOf('\n', i + m[0].length);
    if (bodyStart < 0) return -1;
    const missingFrom = this.missingFrom.get(id);
    if (missingFrom !== undefined && bodyStart + 1 >= missingFrom) return -1;
    // The terminator is a line holding the identifier, possibly indented (<<-, <<~) or followed by ; or ).
    const n = text.length;
    let p = bodyStart + 1;
    while (p <= n) {
      const e = lineEnd(text, p);
      let s = p;
      while (s < e && isBlankCode(text.charCodeAt(s))) s++;
      if (text.startsWith(id, s) && !isWordCode(text.charCodeAt(s + id.length) || 0)) return s + id.length;
      if (e >= n) break;
      p = e + 1;
    }
    this.missingFrom.set(id, bodyStart + 1);
    return -1;
  }
}
