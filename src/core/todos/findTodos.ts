// One pass over a file's text that finds TODO-style tags inside comments and only there.
// It runs on every file of a workspace, so it is built for files without TODOs: the tags are
// searched first with indexOf (no tag standing as a word, no lexing), the lexer then jumps from
// one possible comment or string opener to the next with a precompiled character class, skips
// whole comments that hold no tag, counts lines only up to the TODOs it reports and stops after
// the last tag. It compares with startsWith and allocates only for the matches it returns.
// Known blind spots, all rare in practice: a JavaScript regex literal holding a quote, and an
// apostrophe in JSX text, hide a comment later on that same line.

import type { CommentSyntax } from '../lexing/commentSyntax';
import { commentSyntaxFor } from '../lexing/syntaxLookup';

export const DEFAULT_TODO_TAGS: readonly string[] = ['TODO', 'FIXME', 'HACK', 'BUG', 'XXX'];

export interface TodoMatch {
  /** 0-based line of the tag. */
  line: number;
  /** 0-based UTF-16 column of the tag, as VS Code positions count. */
  column: number;
  /** 0-based UTF-16 offset of the tag in the text. */
  offset: number;
  /** Last line the TODO's text spans (equals `line` unless it continues on following comment lines). */
  endLine: number;
  /** The configured tag, in its configured spelling, even when the source wrote `todo:`. */
  tag: string;
  /** The rest of the comment after the tag, owner and separator; continuation lines joined by one space. */
  text: string;
  /** `TODO(ana)` → `ana`. */
  owner?: string;
}

export interface FindTodosOptions {
  /** Tags to find; default TODO, FIXME, HACK, BUG, XXX. Matched case-sensitively as whole words,
   *  as ripgrep -w and Todo Tree do: add `todo` to the list to find `// todo: ...` as well. */
  tags?: readonly string[];
}

const enum Kind {
  Line,
  Block,
  String,
  Char,
  Escape,
  Heredoc,
}

interface Opener {
  token: string;
  kind: Kind;
  close: string;
  nested: boolean;
  atLineStart: boolean;
  needsSpaceBefore: boolean;
  word: boolean;
  /** Escape char code inside a string, -1 for none. */
  escape: number;
  multiline: boolean;
}

interface CompiledSyntax {
  syntax: CommentSyntax;
  /** Openers by first char code (ASCII only), longest token first. */
  byFirst: (Opener[] | undefined)[];
  /** 1 for char codes that may start an opener: the main loop skips everything else. */
  stops: Uint8Array;
  stopRe: RegExp;
  quoteNeedsBoundary: boolean;
  /** Char codes skipped at the start of block comment continuation lines (` * `). */
  decoration: string;
  heredoc: RegExp | undefined;
}

interface TagForm {
  text: string;
  tag: string;
}

interface CompiledTags {
  byFirst: Map<number, TagForm[]>;
  /** The tags, longest first, for the candidate search. */
  probes: string[];
}

const compiledSyntaxes = new Map<CommentSyntax, CompiledSyntax>();
const compiledTagSets = new Map<string, CompiledTags>();

const CH_NL = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_TAB = 9;
const CH_AT = 64;
const CH_COLON = 58;
const CH_LPAREN = 40;
const CH_RPAREN = 41;

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isBlankCode(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_CR || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

function compileSyntax(syntax: CommentSyntax): CompiledSyntax {
  const cached = compiledSyntaxes.get(syntax);
  if (cached) return cached;
  const openers: Opener[] = [];
  const base = { close: '', nested: false, atLineStart: false, needsSpaceBefore: false, word: false, escape: -1, multiline: false };
  for (const l of syntax.line ?? []) {
    openers.push({ ...base, token: l.open, kind: Kind.Line, atLineStart: !!l.atLineStart, needsSpaceBefore: !!l.needsSpaceBefore, word: !!l.word });
  }
  for (const b of syntax.block ?? []) {
    openers.push({ ...base, token: b.open, kind: Kind.Block, close: b.close, nested: !!b.nested, atLineStart: !!b.atLineStart });
  }
  for (const s of syntax.strings ?? []) {
    const escape = s.escape ? s.escape.charCodeAt(0) : -1;
    if (syntax.strictCharLiteral && s.open === "'") continue;
    openers.push({ ...base, token: s.open, kind: Kind.String, close: s.close, escape, multiline: !!s.multiline });
  }
  if (syntax.strictCharLiteral) openers.push({ ...base, token: "'", kind: Kind.Char, close: "'", escape: 92 });
  if (syntax.escapeOutsideStrings) openers.push({ ...base, token: syntax.escapeOutsideStrings, kind: Kind.Escape });
  if (syntax.heredoc) openers.push({ ...base, token: '<<', kind: Kind.Heredoc });

  const byFirst: (Opener[] | undefined)[] = new Array(128).fill(undefined);
  const add = (code: number, op: Opener): void => {
    if (code >= 128) return;
    (byFirst[code] ??= []).push(op);
  };
  for (const op of openers) {
    const c = op.token.charCodeAt(0);
    add(c, op);
    if (op.word) {
      add(op.token.toLowerCase().charCodeAt(0), op);
      add(op.token.toUpperCase().charCodeAt(0), op);
    }
  }
  for (const list of byFirst) list?.sort((a, b) => b.token.length - a.token.length);
  for (let c = 0; c < 128; c++) {
    const list = byFirst[c];
    if (list) byFirst[c] = list.filter((op, i) => list.indexOf(op) === i);
  }

  const heredoc =
    syntax.heredoc === 'shell'
      ? /<<-?[ \t]*(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Z_][A-Z0-9_]*))/y
      : syntax.heredoc === 'ruby'
        ? /<<[~-]?(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Z_][A-Z0-9_]*))/y
        : syntax.heredoc === 'php'
          ? /<<<[ \t]*(?:(['"])([A-Za-z_][A-Za-z0-9_]*)\1|([A-Za-z_][A-Za-z0-9_]*))/y
          : undefined;

  const stops = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (byFirst[c]) stops[c] = 1;
  const compiled: CompiledSyntax = {
    syntax,
    byFirst,
    stops,
    stopRe: new RegExp(`[${[...stops].map((v, c) => (v ? '\\x' + c.toString(16).padStart(2, '0') : '')).join('')}]`, 'g'),
    quoteNeedsBoundary: !!syntax.quoteNeedsBoundary,
    decoration: syntax.blockDecoration ?? '',
    heredoc,
  };
  compiledSyntaxes.set(syntax, compiled);
  return compiled;
}

function compileTags(tags: readonly string[]): CompiledTags {
  const key = tags.join('\u0000');
  const cached = compiledTagSets.get(key);
  if (cached) return cached;
  const byFirst = new Map<number, TagForm[]>();
  const probes: string[] = [];
  for (const tag of tags) {
    if (!tag || probes.includes(tag)) continue;
    probes.push(tag);
    const c = tag.charCodeAt(0);
    const list = byFirst.get(c) ?? [];
    list.push({ text: tag, tag });
    byFirst.set(c, list);
  }
  // Longer tags first so that a tag that prefixes another (BUG, BUGFIX) cannot shadow it.
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  probes.sort((a, b) => b.length - a.length);
  const compiled = { byFirst, probes };
  compiledTagSets.set(key, compiled);
  return compiled;
}

/** Whether a tag found between `prev` and `next` (char or byte codes, -1 at the edges) stands as a
 *  whole word: `DEBUG`, `TODOS`, `TODO_LIST` and `TODO-list` do not. */
export function isTagBoundary(prev: number, next: number, nextNext: number): boolean {
  if (prev >= 0 && isWordCode(prev)) return false;
  if (next >= 0 && isWordCode(next)) return false;
  if (next === 45 && nextNext >= 0 && isWordCode(nextNext)) return false;
  return true;
}

/** Offsets where a tag stands as a word anywhere in the text, sorted; the lexer only looks there. */
function tagCandidates(text: string, probes: readonly string[]): number[] {
  const out: number[] = [];
  const n = text.length;
  for (const probe of probes) {
    let p = text.indexOf(probe);
    while (p >= 0) {
      const e = p + probe.length;
      // Distinct tags cannot both stand as words at one offset, so no duplicates arise here.
      if (isTagBoundary(p > 0 ? text.charCodeAt(p - 1) : -1, e < n ? text.charCodeAt(e) : -1, e + 1 < n ? text.charCodeAt(e + 1) : -1)) out.push(p);
      p = text.indexOf(probe, e);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The strings a file must contain to hold any of these tags; a scanner can test raw bytes with them
 *  (and isTagBoundary) before decoding. */
export function tagProbes(tags: readonly string[] = DEFAULT_TODO_TAGS): readonly string[] {
  return compileTags(tags).probes;
}

/** Finds TODO-style tags inside comments of `text`. `language` is a VS Code language id, an
 *  extension, a file name or a syntax from commentSyntaxFor. Unknown languages return no matches. */
export function findTodos(text: string, language: string | CommentSyntax, opts: FindTodosOptions = {}): TodoMatch[] {
  const syntax = typeof language === 'string' ? commentSyntaxFor(language) : language;
  if (!syntax) return [];
  const tags = compileTags(opts.tags ?? DEFAULT_TODO_TAGS);
  const candidates = tagCandidates(text, tags.probes);
  if (candidates.length === 0) return [];
  return new TodoLexer(text, compileSyntax(syntax), tags, candidates).run();
}

interface Pending {
  match: TodoMatch;
  /** Column of the TODO's tag relative to its comment opener, for the indentation continuation rule. */
  relColumn: number;
  /** Last char code of `match.text` (-1 while empty): reading it from the text, a string grown
   *  piece by piece, flattened it on every line and made long continued comments quadratic. */
  lastCode: number;
}

class TodoLexer {
  /** Lines are counted lazily, only up to the TODOs found: newlines are not stops of the main loop. */
  private countedTo = 0;
  private countedLine = 0;
  private countedLineStart = 0;
  /** First newline at or after `countedTo` (-1: none), so that many TODOs on one long line do not
   *  each search the rest of the text for it; -2 until looked up. */
  private nextNewline = -2;
  private readonly out: TodoMatch[] = [];
  private readonly n: number;
  /** Index of the first candidate not yet behind the lexer. */
  private cand = 0;
  private readonly lastCandidate: number;
  /** Heredoc identifiers whose terminator does not occur from this offset on. */
  private readonly heredocMissingFrom = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly lex: CompiledSyntax,
    private readonly tags: CompiledTags,
    private readonly candidates: readonly number[],
  ) {
    this.n = text.length;
    this.lastCandidate = candidates[candidates.length - 1]!;
  }

  run(): TodoMatch[] {
    const { text, n, lex } = this;
    const byFirst = lex.byFirst;
    const last = this.lastCandidate;
    const stopRe = lex.stopRe;
    let i = 0;
    outer: while (i < n) {
      stopRe.lastIndex = i;
      if (!stopRe.test(text)) break;
      i = stopRe.lastIndex - 1;
      // Nothing after the last candidate can be a TODO, and continuations were read with it.
      if (i > last) break;
      const c = text.charCodeAt(i);
      const ops = byFirst[c]!;
      for (let k = 0; k < ops.length; k++) {
        const op = ops[k]!;
        if (op.token.length > 1 && !this.startsWithAt(op, i)) continue;
        if (op.atLineStart && !this.onlyBlankBefore(i, op.word)) continue;
        if (op.needsSpaceBefore && i > 0 && text.charCodeAt(i - 1) !== CH_NL && !isBlankCode(text.charCodeAt(i - 1))) continue;
        if (op.word && i + op.token.length < n && isWordCode(text.charCodeAt(i + op.token.length))) continue;
        let next: number;
        switch (op.kind) {
          case Kind.Line:
            next = this.lineComment(i, op);
            break;
          case Kind.Block:
            next = this.blockComment(i, op);
            break;
          case Kind.String:
            if (lex.quoteNeedsBoundary && i > 0 && this.isBoundaryBreaker(text.charCodeAt(i - 1))) continue;
            next = this.skipString(i + op.token.length, op);
            break;
          case Kind.Char:
            next = this.skipCharLiteral(i);
            if (next < 0) continue;
            break;
          case Kind.Escape:
            next = i + 2;
            break;
          case Kind.Heredoc:
            next = this.skipHeredoc(i);
            if (next < 0) continue;
            break;
        }
        i = next;
        continue outer;
      }
      i++;
    }
    return this.out;
  }

  private startsWithAt(op: Opener, i: number): boolean {
    if (!op.word) return this.text.startsWith(op.token, i);
    const t = op.token;
    for (let k = 0; k < t.length; k++) {
      const a = this.text.charCodeAt(i + k) | 0x20;
      if (a !== (t.charCodeAt(k) | 0x20)) return false;
    }
    return true;
  }

  /** 0-based line of an offset; offsets are asked for in increasing order, so counting resumes.
   *  Also leaves the start of that line in `countedLineStart`. */
  private lineOf(pos: number): number {
    if (pos < this.countedTo) {
      this.countedTo = 0;
      this.countedLine = 0;
      this.countedLineStart = 0;
      this.nextNewline = -2;
    }
    const { text } = this;
    let p = this.nextNewline === -2 ? text.indexOf('\n', this.countedTo) : this.nextNewline;
    while (p >= 0 && p < pos) {
      this.countedLine++;
      this.countedLineStart = p + 1;
      p = text.indexOf('\n', p + 1);
    }
    this.countedTo = pos;
    this.nextNewline = p;
    return this.countedLine;
  }

  /** Start of the line holding `pos`, walking back (use for short distances only). */
  private lineStartOf(pos: number): number {
    return pos === 0 ? 0 : this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** Whether only blanks (and `@` for batch's `@REM`) stand between the line start and `i`; walks
   *  back only as far as the first other char, which keeps minified one-line files linear. */
  private onlyBlankBefore(i: number, allowAt: boolean): boolean {
    const { text } = this;
    for (let j = i - 1; j >= 0; j--) {
      const c = text.charCodeAt(j);
      if (c === CH_NL) return true;
      if (!isBlankCode(c) && !(allowAt && c === CH_AT)) return false;
    }
    return true;
  }

  /** A quote right after a word char or a closing bracket is an apostrophe or a transpose, not a string. */
  private isBoundaryBreaker(c: number): boolean {
    return isWordCode(c) || c === CH_RPAREN || c === 93 || c === 125 || c === 46 || c === 39 || c >= 128;
  }

  private lineEnd(from: number): number {
    const e = this.text.indexOf('\n', from);
    return e < 0 ? this.n : e;
  }

  /** Handles a line comment and, while a TODO in it stays open, the whole-line comments that continue it. */
  private lineComment(i: number, op: Opener): number {
    const { text } = this;
    let end = this.lineEnd(i);
    if (!this.hasCandidateIn(i, end)) return end;
    let pending = this.segment(i + op.token.length, end, op.token, i, undefined, false);
    if (!pending || !this.onlyBlankBefore(i, false)) return end;
    const openerColumn = i - this.lineStartOf(i);
    while (pending && end < this.n) {
      // Peek at the next line: same opener in the same column, nothing else before it.
      const nextStart = end + 1;
      let p = nextStart;
      while (p < this.n && isBlankCode(text.charCodeAt(p)) && text.charCodeAt(p) !== CH_CR) p++;
      if (p - nextStart !== openerColumn || !text.startsWith(op.token, p)) break;
      const nextEnd = this.lineEnd(p);
      const contentStart = this.skipMarker(p + op.token.length, nextEnd, op.token);
      if (!this.continues(pending, contentStart, nextEnd, p, false)) break;
      end = nextEnd;
      pending = this.segment(p + op.token.length, end, op.token, p, pending, false);
    }
    return end;
  }

  private blockComment(i: number, op: Opener): number {
    const { text, n } = this;
    const bodyStart = i + op.token.length;
    let bodyEnd: number;
    if (op.nested) {
      let depth = 1;
      let p = bodyStart;
      bodyEnd = n;
      // The next opener and closer are searched again only once the scan has passed them: searching
      // both afresh after every step made `/* /* /* … */ */ */` quadratic (seconds for 40 KB).
      let o = text.indexOf(op.token, p);
      let cl = text.indexOf(op.close, p);
      while (p < n) {
        if (cl < 0) break;
        if (o >= 0 && o < cl) {
          depth++;
          p = o + op.token.length;
        } else {
          depth--;
          p = cl + op.close.length;
          if (depth === 0) {
            bodyEnd = cl;
            break;
          }
        }
        if (o >= 0 && o < p) o = text.indexOf(op.token, p);
        if (cl < p) cl = text.indexOf(op.close, p);
      }
    } else {
      const cl = text.indexOf(op.close, bodyStart);
      bodyEnd = cl < 0 ? n : cl;
    }
    const after = bodyEnd >= n ? n : bodyEnd + op.close.length;
    if (!this.hasCandidateIn(bodyStart, bodyEnd)) return after;

    let pending: Pending | undefined;
    let segStart = bodyStart;
    let first = true;
    const openerPos = i;
    for (;;) {
      const nl = text.indexOf('\n', segStart);
      const segEnd = nl < 0 || nl > bodyEnd ? bodyEnd : nl;
      if (!first) {
        const contentStart = this.skipDecoration(segStart, segEnd);
        if (pending && !this.continues(pending, contentStart, segEnd, openerPos, true)) pending = undefined;
      }
      pending = this.segment(segStart, segEnd, op.token, openerPos, pending, !first);
      first = false;
      if (segEnd >= bodyEnd) break;
      segStart = segEnd + 1;
    }
    return after;
  }

  private skipMarker(from: number, end: number, token: string): number {
    const { text } = this;
    let p = from;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (token.indexOf(text.charAt(p)) >= 0 || c === 33 /* ! */) p++;
      else break;
    }
    while (p < end && isBlankCode(text.charCodeAt(p))) p++;
    return p;
  }

  private skipDecoration(from: number, end: number): number {
    const { text } = this;
    let p = from;
    while (p < end && isBlankCode(text.charCodeAt(p))) p++;
    const deco = this.lex.decoration;
    if (deco) {
      while (p < end && deco.indexOf(text.charAt(p)) >= 0) p++;
      while (p < end && isBlankCode(text.charCodeAt(p))) p++;
    }
    return p;
  }

  private trimEnd(from: number, end: number): number {
    let e = end;
    while (e > from && isBlankCode(this.text.charCodeAt(e - 1))) e--;
    return e;
  }

  /** Whether the comment line starting at `contentStart` continues the pending TODO's text. */
  private continues(pending: Pending, contentStart: number, segEnd: number, openerPos: number, inBlock: boolean): boolean {
    const { text } = this;
    const contentEnd = this.trimEnd(contentStart, segEnd);
    if (contentEnd <= contentStart) return false;
    const first = text.charCodeAt(contentStart);
    if (first === CH_AT) return false;
    if (this.tagAt(contentStart, contentEnd, contentStart)) return false;
    if (inBlock || pending.lastCode < 0) return true;
    // Line comments: a following comment line continues the TODO when it is indented under the
    // TODO's text, or when the TODO's sentence is unfinished and this line goes on in lower case.
    const relColumn = contentStart - openerPos;
    if (relColumn > pending.relColumn) return true;
    const last = pending.lastCode;
    const finished = last === 46 || last === 33 || last === 63 || last === CH_COLON;
    const lowerStart = (first >= 97 && first <= 122) || (first >= 48 && first <= 57) || first === CH_LPAREN || first === 96;
    return !finished && lowerStart;
  }

  /** Returns the tag form that starts at `j` if it stands as a TODO tag there: first thing in the
   *  comment line (`@TODO` too), or anywhere when followed by `:` or `(`. */
  private tagAt(j: number, segEnd: number, contentStart: number): TagForm | undefined {
    const { text } = this;
    const forms = this.tags.byFirst.get(text.charCodeAt(j));
    if (!forms) return undefined;
    const prev = j > 0 ? text.charCodeAt(j - 1) : -1;
    for (const form of forms) {
      if (!text.startsWith(form.text, j)) continue;
      const after = j + form.text.length;
      const next = after < segEnd ? text.charCodeAt(after) : -1;
      if (!isTagBoundary(prev, next, after + 1 < segEnd ? text.charCodeAt(after + 1) : -1)) continue;
      const atStart = j === contentStart || (prev === CH_AT && j - 1 === contentStart);
      if (atStart || next === CH_COLON || next === CH_LPAREN) return form;
    }
    return undefined;
  }

  /** Whether a candidate offset lies in [from, to); most comments hold none and are skipped whole. */
  private hasCandidateIn(from: number, to: number): boolean {
    const cands = this.candidates;
    while (this.cand < cands.length && cands[this.cand]! < from) this.cand++;
    return this.cand < cands.length && cands[this.cand]! < to;
  }

  /** The first candidate tag in [from, to) that stands as a TODO tag, moving the candidate cursor. */
  private nextTagIn(from: number, to: number, contentStart: number): { at: number; form: TagForm } | undefined {
    const cands = this.candidates;
    while (this.cand < cands.length && cands[this.cand]! < from) this.cand++;
    for (let k = this.cand; k < cands.length; k++) {
      const at = cands[k]!;
      if (at >= to) break;
      const form = this.tagAt(at, to, contentStart);
      if (form) return { at, form };
    }
    return undefined;
  }

  /**
   * Finds tags on one comment line [segStart, segEnd) and appends what continues `pending`.
   * Returns the TODO still open at the end of the line, if any.
   */
  private segment(
    segStart: number,
    segEnd: number,
    token: string,
    openerPos: number,
    pending: Pending | undefined,
    continuation: boolean,
  ): Pending | undefined {
    const { text } = this;
    const contentStart = continuation ? this.skipDecoration(segStart, segEnd) : this.skipMarker(segStart, segEnd, token);
    const contentEnd = this.trimEnd(contentStart, segEnd);
    const found = this.nextTagIn(contentStart, contentEnd, contentStart);
    const firstTag = found ? found.at : -1;
    let form = found?.form;
    if (pending) {
      const upTo = firstTag < 0 ? contentEnd : this.trimEnd(contentStart, firstTag);
      if (upTo > contentStart) {
        const piece = text.slice(contentStart, upTo);
        pending.match.text = pending.match.text ? `${pending.match.text} ${piece}` : piece;
        pending.lastCode = text.charCodeAt(upTo - 1);
        pending.match.endLine = this.lineOf(contentStart);
      }
      if (firstTag >= 0 || upTo <= contentStart) pending = undefined;
    }
    let j = firstTag;
    while (j >= 0 && form) {
      const tagEnd = j + form.text.length;
      let p = tagEnd;
      let owner: string | undefined;
      if (p < contentEnd && text.charCodeAt(p) === CH_LPAREN) {
        // Only as far as an owner may reach: searching the whole text for a `)` that never comes
        // made a file of `// TODO(` lines quadratic.
        let close = p + 1;
        const limit = Math.min(contentEnd, p + 80);
        while (close < limit && text.charCodeAt(close) !== CH_RPAREN) close++;
        if (close < limit) {
          owner = text.slice(p + 1, close).trim().replace(/^@/, '');
          p = close + 1;
        }
      }
      while (p < contentEnd && isBlankCode(text.charCodeAt(p))) p++;
      if (p < contentEnd) {
        const c = text.charCodeAt(p);
        if (c === CH_COLON || c === 45 || c === 0x2013 || c === 0x2014) {
          p++;
          while (p < contentEnd && isBlankCode(text.charCodeAt(p))) p++;
        }
      }
      // Another tag later on the same line ends this one's text.
      const next = this.nextTagIn(p, contentEnd, contentStart);
      const nextTag = next ? next.at : -1;
      const nextForm = next?.form;
      const textEnd = nextTag < 0 ? contentEnd : this.trimEnd(p, nextTag);
      const line = this.lineOf(j);
      const match: TodoMatch = {
        line,
        column: j - this.countedLineStart,
        offset: j,
        endLine: line,
        tag: form.tag,
        text: textEnd > p ? text.slice(p, textEnd) : '',
      };
      if (owner) match.owner = owner;
      this.out.push(match);
      pending = nextTag < 0 ? { match, relColumn: j - openerPos, lastCode: textEnd > p ? text.charCodeAt(textEnd - 1) : -1 } : undefined;
      j = nextTag;
      form = nextForm;
    }
    return pending;
  }

  private skipString(from: number, op: Opener): number {
    const { text, n } = this;
    const close = op.close;
    const c0 = close.charCodeAt(0);
    const single = close.length === 1;
    const esc = op.escape;
    let p = from;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === esc) {
        p += 2;
        continue;
      }
      if (c === c0 && (single || text.startsWith(close, p))) return p + close.length;
      if (c === CH_NL && !op.multiline) return p;
      p++;
    }
    return n;
  }

  /** 'a', '\n', '\u{1F600}' and a surrogate pair are character literals; anything else is a tick. */
  private skipCharLiteral(i: number): number {
    const { text, n } = this;
    if (i + 2 < n && text.charCodeAt(i + 1) === 92) {
      // The closing quote within 16 chars and on this line; looking up the line's end instead read
      // the rest of a long line for every `'\` on it (quadratic).
      const limit = Math.min(n, i + 16);
      for (let p = i + 2; p < limit; p++) {
        const c = text.charCodeAt(p);
        if (c === CH_NL) return -1;
        if (c === 39 && p > i + 2) return p + 1;
      }
      return -1;
    }
    if (i + 2 < n && text.charCodeAt(i + 2) === 39 && text.charCodeAt(i + 1) !== CH_NL) return i + 3;
    const c1 = text.charCodeAt(i + 1);
    if (c1 >= 0xd800 && c1 <= 0xdbff && text.charCodeAt(i + 3) === 39) return i + 4;
    return -1;
  }

  private skipHeredoc(i: number): number {
    const re = this.lex.heredoc;
    if (!re) return -1;
    re.lastIndex = i;
    const m = re.exec(this.text);
    if (!m) return -1;
    const id = m[2] ?? m[3]!;
    const { text } = this;
    const bodyStart = this.text.indexOf('\n', i + m[0].length);
    if (bodyStart < 0) return -1;
    // A terminator already known to be missing from here on is not searched for again: each
    // unterminated `<<EOF` read the rest of the file, which made many of them quadratic.
    const missingFrom = this.heredocMissingFrom.get(id);
    if (missingFrom !== undefined && bodyStart + 1 >= missingFrom) return -1;
    // The terminator is a line holding the identifier, possibly indented (<<-, <<~) or followed by ; or ).
    let p = bodyStart + 1;
    while (p <= this.n) {
      const e = this.lineEnd(p);
      let s = p;
      while (s < e && isBlankCode(text.charCodeAt(s))) s++;
      if (text.startsWith(id, s) && !isWordCode(text.charCodeAt(s + id.length) || 0)) return s + id.length;
      if (e >= this.n) break;
      p = e + 1;
    }
    this.heredocMissingFrom.set(id, bodyStart + 1);
    return -1;
  }
}
