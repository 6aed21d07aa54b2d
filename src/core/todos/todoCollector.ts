// What the TODO finder does with each comment the walk hands it: reads the comment line by line,
// finds the tags that stand there as TODO tags, and collects each TODO's text, owner and the
// comment lines that continue it. Allocates only for the matches it returns.

import { type CommentVisitor } from '../lexing/commentWalk';
import { type CompiledSyntax, type Opener } from '../lexing/compiledSyntax';
import { blockCommentEnd, isBlankCode, lineEnd, onlyBlankBefore } from '../lexing/delimiters';
import { LineCounter } from './lineCounter';
import { type TagCursor } from './tagCursor';
import { type TagForm } from './todoTags';

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

// Under tsx (tests, benches) every use of an imported binding is a getter call; the per-character
// loops below call a local alias instead.
const isBlank = isBlankCode;

const CH_CR = 13;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_COLON = 58;
const CH_AT = 64;

interface Pending {
  match: TodoMatch;
  /** Column of the TODO's tag relative to its comment opener, for the indentation continuation rule. */
  relColumn: number;
  /** Last char code of `match.text` (-1 while empty): reading it from the text, a string grown
   *  piece by piece, would flatten it on every line and make long continued comments quadratic. */
  lastCode: number;
}

export class TodoCollector implements CommentVisitor {
  readonly matches: TodoMatch[] = [];
  private readonly lines: LineCounter;
  private readonly n: number;

  constructor(
    private readonly text: string,
    private readonly lex: CompiledSyntax,
    private readonly cursor: TagCursor,
  ) {
    this.n = text.length;
    this.lines = new LineCounter(text);
  }

  /** Handles a line comment and, while a TODO in it stays open, the whole-line comments that continue it. */
  lineComment(i: number, op: Opener): number {
    const { text } = this;
    let end = lineEnd(text, i);
    if (!this.cursor.hasIn(i, end)) return end;
    let pending = this.segment(i + op.token.length, end, op.token, i, undefined, false);
    if (!pending || !onlyBlankBefore(text, i, false)) return end;
    const openerColumn = i - this.lineStartOf(i);
    while (pending && end < this.n) {
      // Peek at the next line: same opener in the same column, nothing else before it.
      const nextStart = end + 1;
      let p = nextStart;
      while (p < this.n && isBlank(text.charCodeAt(p)) && text.charCodeAt(p) !== CH_CR) p++;
      if (p - nextStart !== openerColumn || !text.startsWith(op.token, p)) break;
      const nextEnd = lineEnd(text, p);
      const contentStart = this.skipMarker(p + op.token.length, nextEnd, op.token);
      if (!this.continues(pending, contentStart, nextEnd, p, false)) break;
      end = nextEnd;
      pending = this.segment(p + op.token.length, end, op.token, p, pending, false);
    }
    return end;
  }

  /** Handles a block comment line by line: a TODO's text goes on over the lines that continue it. */
  blockComment(i: number, op: Opener): number {
    const { text, n } = this;
    const bodyStart = i + op.token.length;
    const bodyEnd = blockCommentEnd(text, bodyStart, op);
    const after = bodyEnd >= n ? n : bodyEnd + op.close.length;
    if (!this.cursor.hasIn(bodyStart, bodyEnd)) return after;
    let pending: Pending | undefined;
    let segStart = bodyStart;
    let first = true;
    for (;;) {
      const nl = text.indexOf('\n', segStart);
      const segEnd = nl < 0 || nl > bodyEnd ? bodyEnd : nl;
      if (!first) {
        const contentStart = this.skipDecoration(segStart, segEnd);
        if (pending && !this.continues(pending, contentStart, segEnd, i, true)) pending = undefined;
      }
      pending = this.segment(segStart, segEnd, op.token, i, pending, !first);
      first = false;
      if (segEnd >= bodyEnd) break;
      segStart = segEnd + 1;
    }
    return after;
  }

  /** Start of the line holding `pos`, walking back (for short distances only). */
  private lineStartOf(pos: number): number {
    return pos === 0 ? 0 : this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** Skips the rest of a line comment's marker (`///`, `//!`, `##`) and the blanks after it. */
  private skipMarker(from: number, end: number, token: string): number {
    const { text } = this;
    let p = from;
    while (p < end && (token.indexOf(text.charAt(p)) >= 0 || text.charCodeAt(p) === 33)) p++;
    while (p < end && isBlank(text.charCodeAt(p))) p++;
    return p;
  }

  /** Skips the blanks and the decoration (` * `) that start a block comment's continuation line. */
  private skipDecoration(from: number, end: number): number {
    const { text } = this;
    let p = from;
    while (p < end && isBlank(text.charCodeAt(p))) p++;
    const deco = this.lex.decoration;
    if (deco) {
      while (p < end && deco.indexOf(text.charAt(p)) >= 0) p++;
      while (p < end && isBlank(text.charCodeAt(p))) p++;
    }
    return p;
  }

  private trimEnd(from: number, end: number): number {
    let e = end;
    while (e > from && isBlank(this.text.charCodeAt(e - 1))) e--;
    return e;
  }

  /** Whether the comment line starting at `contentStart` continues the pending TODO's text. */
  private continues(pending: Pending, contentStart: number, segEnd: number, openerPos: number, inBlock: boolean): boolean {
    const { text } = this;
    const contentEnd = this.trimEnd(contentStart, segEnd);
    if (contentEnd <= contentStart) return false;
    const first = text.charCodeAt(contentStart);
    if (first === CH_AT) return false;
    if (this.cursor.tagAt(contentStart, contentEnd, contentStart)) return false;
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
    const contentStart = continuation ? this.skipDecoration(segStart, segEnd) : this.skipMarker(segStart, segEnd, token);
    const contentEnd = this.trimEnd(contentStart, segEnd);
    let found = this.cursor.nextIn(contentStart, contentEnd, contentStart);
    if (pending) {
      const upTo = found ? this.trimEnd(contentStart, found.at) : contentEnd;
      if (upTo > contentStart) this.extend(pending, contentStart, upTo);
      if (found || upTo <= contentStart) pending = undefined;
    }
    while (found) {
      const textStart = this.afterTagHead(found.at, found.form, contentEnd);
      // Another tag later on the same line ends this one's text.
      const next = this.cursor.nextIn(textStart.at, contentEnd, contentStart);
      const textEnd = next ? this.trimEnd(textStart.at, next.at) : contentEnd;
      const match = this.record(found.at, found.form, textStart, textEnd);
      pending = next ? undefined : { match, relColumn: found.at - openerPos, lastCode: textEnd > textStart.at ? this.text.charCodeAt(textEnd - 1) : -1 };
      found = next;
    }
    return pending;
  }

  /** Appends [from, upTo) of a continuation line to the pending TODO's text. */
  private extend(pending: Pending, from: number, upTo: number): void {
    const piece = this.text.slice(from, upTo);
    pending.match.text = pending.match.text ? `${pending.match.text} ${piece}` : piece;
    pending.lastCode = this.text.charCodeAt(upTo - 1);
    pending.match.endLine = this.lines.lineOf(from);
  }

  /** Reads the owner (`TODO(ana)`) and the separator (`:`, `-`, a dash) after the tag at `j`;
   *  returns where the TODO's text starts. */
  private afterTagHead(j: number, form: TagForm, contentEnd: number): { at: number; owner?: string } {
    const { text } = this;
    let p = j + form.text.length;
    let owner: string | undefined;
    if (p < contentEnd && text.charCodeAt(p) === CH_LPAREN) {
      // Only as far as an owner may reach: searching the whole text for a `)` that never comes
      // would make a file of `// TODO(` lines quadratic.
      let close = p + 1;
      const limit = Math.min(contentEnd, p + 80);
      while (close < limit && text.charCodeAt(close) !== CH_RPAREN) close++;
      if (close < limit) {
        owner = text.slice(p + 1, close).trim().replace(/^@/, '');
        p = close + 1;
      }
    }
    while (p < contentEnd && isBlank(text.charCodeAt(p))) p++;
    if (p < contentEnd) {
      const c = text.charCodeAt(p);
      if (c === CH_COLON || c === 45 || c === 0x2013 || c === 0x2014) {
        p++;
        while (p < contentEnd && isBlank(text.charCodeAt(p))) p++;
      }
    }
    return owner ? { at: p, owner } : { at: p };
  }

  private record(j: number, form: TagForm, textStart: { at: number; owner?: string }, textEnd: number): TodoMatch {
    const line = this.lines.lineOf(j);
    const match: TodoMatch = {
      line,
      column: j - this.lines.lineStart,
      offset: j,
      endLine: line,
      tag: form.tag,
      text: textEnd > textStart.at ? this.text.slice(textStart.at, textEnd) : '',
    };
    if (textStart.owner) match.owner = textStart.owner;
    this.matches.push(match);
    return match;
  }
}
