// A deliberately small lexer: it does not tokenise code, it only finds strings, comments and
// regular-expression literals so the heuristics and the chunker can search the remaining code with
// plain regular expressions without matching `debugger` inside a string or `{` inside a comment.
// The masked text has the same length and the same line breaks as the input, so every offset and
// line number found in it is valid in the original.

import type { LanguageFamily } from './language';

export type LexTokenKind = 'comment' | 'string' | 'regex';

export interface LexToken {
  kind: LexTokenKind;
  /** Offset of the first character (the opening quote or comment marker). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface LexedCode {
  text: string;
  /**
   * The text with comment bodies and markers, string contents and regex bodies replaced by spaces.
   * String quotes stay so `catch (e) { "" }` still reads as a non-empty block; `${` and its closing
   * `}` in template literals become spaces while the interpolated expression stays code.
   */
  masked: string;
  tokens: LexToken[];
  /**
   * Whole template literals, interpolations included (outermost only). Tokens cover just their
   * text parts; code inside `${}` spanning lines is still inside the literal.
   */
  templates: { start: number; end: number }[];
}

interface Syntax {
  lineComment: string[];
  blockComment: boolean;
  nestedBlockComments: boolean;
  doubleQuote: boolean;
  singleQuote: 'string' | 'char' | 'none';
  /** Python's ''' and """, Java/Kotlin/C# text blocks. */
  tripleQuotes: boolean;
  backtick: 'template' | 'raw' | 'none';
  regexLiterals: boolean;
  /** Strings may run over line ends without a backslash (Rust, shell). */
  multilineStrings: boolean;
  cppRawStrings: boolean;
  rustRawStrings: boolean;
  csharpVerbatim: boolean;
  cppDigitSeparators: boolean;
  rustLifetimes: boolean;
}

const BASE: Syntax = {
  lineComment: ['//'],
  blockComment: true,
  nestedBlockComments: false,
  doubleQuote: true,
  singleQuote: 'char',
  tripleQuotes: false,
  backtick: 'none',
  regexLiterals: false,
  multilineStrings: false,
  cppRawStrings: false,
  rustRawStrings: false,
  csharpVerbatim: false,
  cppDigitSeparators: false,
  rustLifetimes: false,
};

function syntaxFor(family: LanguageFamily): Syntax {
  switch (family) {
    case 'javascript':
      return { ...BASE, singleQuote: 'string', backtick: 'template', regexLiterals: true };
    case 'java':
      return { ...BASE, tripleQuotes: true };
    case 'csharp':
      return { ...BASE, tripleQuotes: true, csharpVerbatim: true };
    case 'c':
      return { ...BASE };
    case 'cpp':
      return { ...BASE, cppRawStrings: true, cppDigitSeparators: true };
    case 'go':
      return { ...BASE, backtick: 'raw' };
    case 'rust':
      return { ...BASE, nestedBlockComments: true, multilineStrings: true, rustRawStrings: true, rustLifetimes: true };
    case 'python':
      return { ...BASE, lineComment: ['#'], blockComment: false, singleQuote: 'string', tripleQuotes: true };
    case 'json':
      return { ...BASE, singleQuote: 'none' };
    case 'hash':
      return { ...BASE, lineComment: ['#'], blockComment: false, singleQuote: 'string', multilineStrings: true };
    case 'other':
      return { ...BASE, singleQuote: 'none' };
  }
}

const REGEX_PRECEDING_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

export function lexCode(text: string, family: LanguageFamily): LexedCode {
  const syntax = syntaxFor(family);
  const out = text.split('');
  const tokens: LexToken[] = [];
  const templates: { start: number; end: number }[] = [];
  const templateStarts: number[] = [];
  const n = text.length;

  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  /** Masks a string's contents, leaving `openLen` and `closeLen` quote characters visible. */
  const addString = (start: number, end: number, openLen: number, closeLen: number): void => {
    tokens.push({ kind: 'string', start, end });
    blank(start + openLen, Math.max(start + openLen, end - closeLen));
  };

  /** How many characters of `quote` close the string [start, end), 0 when it ran unterminated. */
  const closingLength = (start: number, end: number, openLen: number, quote: string): number =>
    end - quote.length >= start + openLen && text.startsWith(quote, end - quote.length) ? quote.length : 0;

  /** Scans a quoted string body from `from` (just past the opening quote); returns the end offset. */
  const scanQuoted = (from: number, quote: string, multiline: boolean, escapes = true): number => {
    let k = from;
    while (k < n) {
      const ch = text[k];
      if (escapes && ch === '\\') {
        k += 2;
        continue;
      }
      if (text.startsWith(quote, k)) return k + quote.length;
      if (ch === '\n' && !multiline) return k; // unterminated: stop at the line end to limit damage
      k++;
    }
    return n;
  };

  // Template literal nesting: each entry counts the braces opened inside one `${ ... }`.
  const templateStack: number[] = [];
  let lastSig = -1; // offset of the last significant code character

  const previousWord = (): string => {
    let k = lastSig;
    while (k >= 0 && isIdentChar(out[k])) k--;
    return out.slice(k + 1, lastSig + 1).join('');
  };

  const regexAllowedHere = (): boolean => {
    if (lastSig < 0) return true;
    const ch = out[lastSig];
    if ('(,=:[!&|?{};+-*%<>~^'.includes(ch)) return true;
    if (isIdentChar(ch)) return REGEX_PRECEDING_WORDS.has(previousWord());
    return false;
  };

  /** Scans template text from `from`; returns where it stopped and whether at `${` or the closing backtick. */
  const scanTemplate = (from: number): { end: number; interpolation: boolean } => {
    let k = from;
    while (k < n) {
      if (text[k] === '\\') {
        k += 2;
        continue;
      }
      if (text[k] === '`') return { end: k + 1, interpolation: false };
      if (text[k] === '$' && text[k + 1] === '{') return { end: k, interpolation: true };
      k++;
    }
    return { end: n, interpolation: false };
  };

  const continueTemplate = (from: number, tokenStart: number, openLen: number): number => {
    const part = scanTemplate(from);
    if (part.interpolation) {
      addString(tokenStart, part.end, openLen, 0);
      blank(part.end, part.end + 2);
      templateStack.push(0);
      lastSig = -1; // an interpolation starts an expression: a following `/` is a regex
      return part.end + 2;
    }
    addString(tokenStart, part.end, openLen, closingLength(tokenStart, part.end, openLen, '`'));
    const start = templateStarts.pop();
    if (start !== undefined && templateStarts.length === 0) templates.push({ start, end: part.end });
    lastSig = part.end - 1;
    return part.end;
  };

  let i = 0;
  while (i < n) {
    const ch = text[i];

    if (ch === '\n' || ch === '\r' || ch === ' ' || ch === '\t') {
      i++;
      continue;
    }

    // Comments
    const lineMarker = syntax.lineComment.find((m) => text.startsWith(m, i));
    if (lineMarker) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      if (text[end - 1] === '\r') end--;
      tokens.push({ kind: 'comment', start: i, end });
      blank(i, end);
      i = end;
      continue;
    }
    if (syntax.blockComment && text.startsWith('/*', i)) {
      let depth = 1;
      let k = i + 2;
      while (k < n && depth > 0) {
        if (text.startsWith('*/', k)) {
          depth--;
          k += 2;
        } else if (syntax.nestedBlockComments && text.startsWith('/*', k)) {
          depth++;
          k += 2;
        } else k++;
      }
      tokens.push({ kind: 'comment', start: i, end: k });
      blank(i, k);
      i = k;
      continue;
    }

    // Raw and special strings
    if (syntax.rustRawStrings && (ch === 'r' || (ch === 'b' && text[i + 1] === 'r')) && !isIdentChar(text[i - 1])) {
      const m = /^b?r(#*)"/.exec(text.slice(i, i + 260));
      if (m) {
        const closing = '"' + m[1];
        const bodyStart = i + m[0].length;
        const close = text.indexOf(closing, bodyStart);
        const end = close < 0 ? n : close + closing.length;
        addString(i, end, m[0].length, closing.length);
        lastSig = end - 1;
        i = end;
        continue;
      }
    }
    if (syntax.cppRawStrings && ch === 'R' && text[i + 1] === '"' && /(?:^|[^A-Za-z0-9_])(?:u8|u|U|L)?$/.test(text.slice(Math.max(0, i - 3), i))) {
      const m = /^R"([^()\\\s]{0,16})\(/.exec(text.slice(i, i + 20));
      if (m) {
        const closing = ')' + m[1] + '"';
        const close = text.indexOf(closing, i + m[0].length);
        const end = close < 0 ? n : close + closing.length;
        addString(i, end, 2, 1);
        lastSig = end - 1;
        i = end;
        continue;
      }
    }
    if (syntax.csharpVerbatim && ch === '@' && text[i + 1] === '"') {
      let k = i + 2;
      while (k < n) {
        if (text[k] === '"' && text[k + 1] === '"') k += 2;
        else if (text[k] === '"') break;
        else k++;
      }
      const end = Math.min(n, k + 1);
      addString(i, end, 2, 1);
      lastSig = end - 1;
      i = end;
      continue;
    }

    // Quoted strings
    if (syntax.tripleQuotes && (text.startsWith('"""', i) || (syntax.singleQuote === 'string' && text.startsWith("'''", i)))) {
      const quote = text.slice(i, i + 3);
      const end = scanQuoted(i + 3, quote, true);
      addString(i, end, 3, closingLength(i, end, 3, quote));
      lastSig = end - 1;
      i = end;
      continue;
    }
    if ((ch === '"' && syntax.doubleQuote) || (ch === "'" && syntax.singleQuote === 'string')) {
      const end = scanQuoted(i + 1, ch, syntax.multilineStrings);
      addString(i, end, 1, closingLength(i, end, 1, ch));
      lastSig = end - 1;
      i = end;
      continue;
    }
    if (ch === "'" && syntax.singleQuote === 'char') {
      const isDigitSeparator = syntax.cppDigitSeparators && /[0-9A-Fa-f]/.test(text[i - 1] ?? '') && /[0-9A-Fa-f]/.test(text[i + 1] ?? '');
      // 'a' and '\n' are characters; 'a without a closing quote two characters on is a Rust lifetime
      const isLifetime =
        syntax.rustLifetimes && text[i + 1] !== '\\' && text[i + 2] !== "'" && !(text.codePointAt(i + 1)! > 0xffff && text[i + 3] === "'");
      if (!isDigitSeparator && !isLifetime) {
        const end = scanQuoted(i + 1, "'", false);
        addString(i, end, 1, closingLength(i, end, 1, "'"));
        lastSig = end - 1;
        i = end;
        continue;
      }
    }
    if (ch === '`' && syntax.backtick === 'raw') {
      const end = scanQuoted(i + 1, '`', true, false);
      addString(i, end, 1, closingLength(i, end, 1, '`'));
      lastSig = end - 1;
      i = end;
      continue;
    }
    if (ch === '`' && syntax.backtick === 'template') {
      templateStarts.push(i);
      i = continueTemplate(i + 1, i, 1);
      continue;
    }

    // Regular-expression literals (JavaScript family only)
    if (syntax.regexLiterals && ch === '/' && text[i + 1] !== '/' && text[i + 1] !== '*' && regexAllowedHere()) {
      let k = i + 1;
      let inClass = false;
      let closed = false;
      while (k < n && text[k] !== '\n') {
        const c = text[k];
        if (c === '\\') {
          k += 2;
          continue;
        }
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) {
          closed = true;
          break;
        }
        k++;
      }
      if (closed) {
        let end = k + 1;
        while (end < n && /[a-z]/i.test(text[end])) end++;
        tokens.push({ kind: 'regex', start: i, end });
        blank(i + 1, k);
        lastSig = end - 1;
        i = end;
        continue;
      }
    }

    // Plain code
    if (templateStack.length > 0) {
      if (ch === '{') templateStack[templateStack.length - 1]++;
      else if (ch === '}') {
        if (templateStack[templateStack.length - 1] === 0) {
          templateStack.pop();
          out[i] = ' ';
          i = continueTemplate(i + 1, i + 1, 0);
          continue;
        }
        templateStack[templateStack.length - 1]--;
      }
    }
    lastSig = i;
    i++;
  }

  return { text, masked: out.join(''), tokens, templates };
}

/** Offsets of line starts, for offset ↔ 1-based line/0-based column conversion. */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = [0];
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') this.starts.push(k + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line of an offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1];
  }

  /** Offset of the line break ending a 1-based line (or the text length), excluding a '\r'. */
  lineEnd(line: number): number {
    let end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    if (end > this.starts[line - 1] && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** Splits text into lines the way editors count them: '\n' or '\r\n' ends a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}
