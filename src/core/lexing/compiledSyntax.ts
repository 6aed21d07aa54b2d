// A syntax from the table compiled for walking: every opener as one record, indexed by its first
// character, and a character class of those first characters so a walk can jump from one possible
// opener to the next. Compiled once per syntax and kept.

import { type CommentSyntax } from './commentSyntax';

/** What an opener starts: a comment, a string, a character literal, an escaped character outside
 *  strings, or a here-document. */
type OpenerKind = 'line' | 'block' | 'string' | 'char' | 'escape' | 'heredoc';

export interface Opener {
  token: string;
  kind: OpenerKind;
  /** Closing token of a block comment or a string; empty for the others. */
  close: string;
  nested: boolean;
  atLineStart: boolean;
  needsSpaceBefore: boolean;
  /** Matched case-insensitively and as a whole word (REM). */
  word: boolean;
  /** Quotes open a string only after a non-word character (the syntax's quoteNeedsBoundary). */
  needsBoundary: boolean;
  /** `'` between two hexadecimal digits is a digit separator, not an opener (the syntax's digitSeparators). */
  notBetweenHexDigits: boolean;
  /** Escape char code inside a string, -1 for none. */
  escape: number;
  multiline: boolean;
  doubledCloseEscapes: boolean;
  /** A `"` that may be the quote of a raw string, when the prefix before it says so. */
  raw: 'rust' | 'cpp' | undefined;
  template: boolean;
  /** A string's body up to its closer, as a sticky pattern, where the closer is one character
   *  that doubling does not escape; stringEnd then finds the end with one call into the
   *  regular-expression engine, which in a process that has not warmed up is several times
   *  faster than a loop over the characters. */
  body: RegExp | undefined;
}

export interface CompiledSyntax {
  syntax: CommentSyntax;
  /** Openers by first char code (ASCII only), longest token first. */
  byFirst: (Opener[] | undefined)[];
  /** Matches any character that may start an opener; global, for jumping with lastIndex. */
  stopRe: RegExp;
  /** Characters skipped at the start of block comment continuation lines (` * `). */
  decoration: string;
  /** Sticky pattern of a here-document opener and its identifier, when the syntax has them. */
  heredoc: RegExp | undefined;
}

const compiledSyntaxes = new Map<CommentSyntax, CompiledSyntax>();

const OPENER_DEFAULTS: Omit<Opener, 'token' | 'kind'> = {
  close: '',
  nested: false,
  atLineStart: false,
  needsSpaceBefore: false,
  word: false,
  needsBoundary: false,
  notBetweenHexDigits: false,
  escape: -1,
  multiline: false,
  doubledCloseEscapes: false,
  raw: undefined,
  template: false,
  body: undefined,
};

const HEREDOC_PATTERNS = {
  shell: /<<-?[ \t]*(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Z_][A-Z0-9_]*))/y,
  ruby: /<<[~-]?(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Z_][A-Z0-9_]*))/y,
  php: /<<<[ \t]*(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Za-z_][A-Za-z0-9_]*))/y,
};

export function compileSyntax(syntax: CommentSyntax): CompiledSyntax {
  const cached = compiledSyntaxes.get(syntax);
  if (cached) return cached;
  const byFirst = indexByFirstChar(openersOf(syntax));
  const compiled: CompiledSyntax = {
    syntax,
    byFirst,
    stopRe: stopPattern(byFirst),
    decoration: syntax.blockDecoration ?? '',
    heredoc: syntax.heredoc ? HEREDOC_PATTERNS[syntax.heredoc] : undefined,
  };
  compiledSyntaxes.set(syntax, compiled);
  return compiled;
}

function openersOf(syntax: CommentSyntax): Opener[] {
  const openers: Opener[] = [];
  for (const l of syntax.line ?? []) {
    openers.push({ ...OPENER_DEFAULTS, token: l.open, kind: 'line', atLineStart: !!l.atLineStart, needsSpaceBefore: !!l.needsSpaceBefore, word: !!l.word });
  }
  for (const b of syntax.block ?? []) {
    openers.push({ ...OPENER_DEFAULTS, token: b.open, kind: 'block', close: b.close, nested: !!b.nested, atLineStart: !!b.atLineStart });
  }
  for (const s of syntax.strings ?? []) {
    // A strict syntax reads `'` through the character-literal rule below instead.
    if (syntax.strictCharLiteral && s.open === "'") continue;
    openers.push({
      ...OPENER_DEFAULTS,
      token: s.open,
      kind: 'string',
      close: s.close,
      needsBoundary: !!syntax.quoteNeedsBoundary,
      notBetweenHexDigits: !!syntax.digitSeparators && s.open === "'",
      escape: s.escape ? s.escape.charCodeAt(0) : -1,
      multiline: !!s.multiline,
      doubledCloseEscapes: !!s.doubledCloseEscapes,
      raw: s.open === '"' ? syntax.rawStrings : undefined,
      template: !!s.template,
      body: stringBodyPattern(s.close, s.escape, !!s.multiline, !!s.doubledCloseEscapes),
    });
  }
  if (syntax.strictCharLiteral) openers.push({ ...OPENER_DEFAULTS, token: "'", kind: 'char', close: "'", escape: 92 });
  if (syntax.escapeOutsideStrings) openers.push({ ...OPENER_DEFAULTS, token: syntax.escapeOutsideStrings, kind: 'escape' });
  if (syntax.heredoc) openers.push({ ...OPENER_DEFAULTS, token: '<<', kind: 'heredoc' });
  return openers;
}

/** Openers by the code of their first character; a word opener (REM) under both cases. Longest
 *  token first, so that `"""` is tried before `"` and `--[[` before `--`. */
function indexByFirstChar(openers: readonly Opener[]): (Opener[] | undefined)[] {
  const byFirst: (Opener[] | undefined)[] = new Array(128).fill(undefined);
  const add = (code: number, op: Opener): void => {
    if (code >= 128) return;
    const list = (byFirst[code] ??= []);
    if (!list.includes(op)) list.push(op);
  };
  for (const op of openers) {
    add(op.token.charCodeAt(0), op);
    if (op.word) {
      add(op.token.toLowerCase().charCodeAt(0), op);
      add(op.token.toUpperCase().charCodeAt(0), op);
    }
  }
  for (const list of byFirst) list?.sort((a, b) => b.token.length - a.token.length);
  return byFirst;
}

function stopPattern(byFirst: readonly (Opener[] | undefined)[]): RegExp {
  const chars = byFirst.map((ops, c) => (ops ? classChar(c) : '')).join('');
  return new RegExp(`[${chars}]`, 'g');
}

/** A character by its code, escaped for a character class whatever it is. */
function classChar(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

/**
 * The sticky pattern of a string's body (see Opener.body): characters other than the closer, the
 * escape and, for a single-line string, the line feed; an escape takes the character after it, or
 * CR LF whole. It stops before the closer, before the line feed that ends a single-line string, or
 * at the end of the text. Undefined where stringEnd's loop decides instead.
 */
function stringBodyPattern(close: string, escape: string | undefined, multiline: boolean, doubledCloseEscapes: boolean): RegExp | undefined {
  if (close.length !== 1 || doubledCloseEscapes || (escape !== undefined && (escape.length !== 1 || escape === close || escape === '\n'))) return undefined;
  const plain = `[^${classChar(close.charCodeAt(0))}${escape ? classChar(escape.charCodeAt(0)) : ''}${multiline ? '' : '\\n'}]*`;
  const source = escape ? `${plain}(?:${classChar(escape.charCodeAt(0))}(?:\\r\\n|[^])${plain})*` : plain;
  return new RegExp(source, 'y');
}
