// The code masker: a walk over the syntax table that finds every comment, string, character
// literal, here-document and regular-expression literal, so that review's heuristics and chunker
// can search the remaining code with plain regular expressions without matching `debugger` inside
// a string or `{` inside a comment. It is not a tokenizer. The masked text has the same length and
// the same line breaks as the input, so every offset and line number found in it is valid in the
// original. Where a literal ends is decided by delimiters.ts, as for the TODO finder's walk.

import { type CommentSyntax } from './commentSyntax';
import { compileSyntax, type CompiledSyntax, type Opener } from './compiledSyntax';
import { blockCommentEnd, charLiteralEnd, HeredocReader, lineEnd, opensAt, rawStringAt, stringEnd } from './delimiters';
import { regexLiteralEnd, startsOperand } from './regexLiteral';

export interface LexToken {
  kind: 'comment' | 'string' | 'regex';
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

export function lexCode(text: string, syntax: CommentSyntax): LexedCode {
  return new CodeMasker(text, compileSyntax(syntax)).run();
}

class CodeMasker {
  private readonly out: string[];
  private readonly n: number;
  private readonly tokens: LexToken[] = [];
  private readonly templates: { start: number; end: number }[] = [];
  /** Starts of the template literals we are inside, outermost first. */
  private readonly templateStarts: number[] = [];
  /** For each `${ … }` we are inside, innermost last: the braces opened in it and not yet closed. */
  private readonly interpolations: number[] = [];
  /** Offset of the last significant code character, -1 where an expression starts. */
  private lastSig = -1;
  private readonly heredocs: HeredocReader | undefined;

  constructor(
    private readonly text: string,
    private readonly lex: CompiledSyntax,
  ) {
    this.out = text.split('');
    this.n = text.length;
    this.heredocs = lex.heredoc ? new HeredocReader(text, lex.heredoc) : undefined;
  }

  run(): LexedCode {
    const { text, n } = this;
    let i = 0;
    while (i < n) {
      const ch = text[i];
      if (ch === '\n' || ch === '\r' || ch === ' ' || ch === '\t') {
        i++;
        continue;
      }
      const literalEnd = this.commentOrLiteral(i);
      if (literalEnd >= 0) {
        i = literalEnd;
        continue;
      }
      const regexEnd = ch === '/' && this.lex.syntax.regexLiterals ? this.regex(i) : -1;
      if (regexEnd >= 0) {
        i = regexEnd;
        continue;
      }
      if (this.interpolations.length > 0 && this.closesInterpolation(ch)) {
        this.out[i] = ' ';
        i = this.templateText(i + 1, i + 1, 0);
        continue;
      }
      this.lastSig = i;
      i++;
    }
    return { text, masked: this.out.join(''), tokens: this.tokens, templates: this.templates };
  }

  /** Masks the comment or literal that opens at `i`; returns its end, or -1 when none opens there. */
  private commentOrLiteral(i: number): number {
    const c = this.text.charCodeAt(i);
    const ops = c < 128 ? this.lex.byFirst[c] : undefined;
    if (!ops) return -1;
    for (const op of ops) {
      if (!opensAt(this.text, i, op)) continue;
      const end = this.take(i, op);
      if (end >= 0) return end;
    }
    return -1;
  }

  private take(i: number, op: Opener): number {
    switch (op.kind) {
      case 'line':
        return this.lineComment(i);
      case 'block':
        return this.blockComment(i, op);
      case 'string':
        return op.template ? this.template(i) : this.string(i, op);
      case 'char':
        return this.charLiteral(i);
      case 'escape':
        this.lastSig = i + 1;
        return Math.min(this.n, i + 2);
      case 'heredoc':
        return this.heredoc(i);
    }
  }

  private lineComment(i: number): number {
    let end = lineEnd(this.text, i);
    if (this.text[end - 1] === '\r') end--;
    this.comment(i, end);
    return end;
  }

  private blockComment(i: number, op: Opener): number {
    const bodyEnd = blockCommentEnd(this.text, i + op.token.length, op);
    const end = bodyEnd >= this.n ? this.n : bodyEnd + op.close.length;
    this.comment(i, end);
    return end;
  }

  private comment(start: number, end: number): void {
    this.tokens.push({ kind: 'comment', start, end });
    this.blank(start, end);
  }

  private string(i: number, op: Opener): number {
    const raw = op.raw ? rawStringAt(this.text, i, op.raw) : undefined;
    if (raw) return this.literal(raw.start, raw.end, raw.openLength, raw.visibleClose);
    return this.literal(i, stringEnd(this.text, i + op.token.length, op), op.token.length, op.close);
  }

  private charLiteral(i: number): number {
    const end = charLiteralEnd(this.text, i);
    return end < 0 ? -1 : this.literal(i, end, 1, "'");
  }

  /** A here-document's body lines are masked; its opener line and terminator stay. */
  private heredoc(i: number): number {
    const end = this.heredocs!.end(i);
    if (end < 0) return -1;
    const bodyStart = this.text.indexOf('\n', i) + 1;
    const terminatorLine = this.text.lastIndexOf('\n', end - 1) + 1;
    this.tokens.push({ kind: 'string', start: i, end });
    this.blank(bodyStart, terminatorLine);
    this.lastSig = end - 1;
    return end;
  }

  /** Records the literal [start, end) and masks it but for its opener and, when it closed, its closer. */
  private literal(start: number, end: number, openLength: number, close: string): number {
    this.tokens.push({ kind: 'string', start, end });
    this.blank(start + openLength, Math.max(start + openLength, end - this.closingLength(start, end, openLength, close)));
    this.lastSig = end - 1;
    return end;
  }

  /** How many characters of `close` end the literal [start, end): 0 when it ran unterminated. */
  private closingLength(start: number, end: number, openLength: number, close: string): number {
    return end - close.length >= start + openLength && this.text.startsWith(close, end - close.length) ? close.length : 0;
  }

  private regex(i: number): number {
    const { text } = this;
    if (text[i + 1] === '/' || text[i + 1] === '*' || !startsOperand(this.out, this.lastSig)) return -1;
    const literal = regexLiteralEnd(text, i);
    if (!literal) return -1;
    this.tokens.push({ kind: 'regex', start: i, end: literal.end });
    this.blank(i + 1, literal.bodyEnd);
    this.lastSig = literal.end - 1;
    return literal.end;
  }

  private template(i: number): number {
    this.templateStarts.push(i);
    return this.templateText(i + 1, i, 1);
  }

  /**
   * Masks template text from `from` up to `${` or the closing backtick. At `${` the interpolation's
   * code follows; at the backtick the template (or, nested, its innermost part) is over.
   */
  private templateText(from: number, tokenStart: number, openLength: number): number {
    const { text, n } = this;
    let k = from;
    while (k < n && text[k] !== '`' && !(text[k] === '$' && text[k + 1] === '{')) k += text[k] === '\\' ? 2 : 1;
    if (k < n && text[k] === '$') {
      this.tokens.push({ kind: 'string', start: tokenStart, end: k });
      this.blank(tokenStart + openLength, k + 2);
      this.interpolations.push(0);
      this.lastSig = -1; // an interpolation starts an expression: a following `/` is a regex
      return k + 2;
    }
    const end = Math.min(n, k + 1);
    this.literal(tokenStart, end, openLength, '`');
    const start = this.templateStarts.pop();
    if (start !== undefined && this.templateStarts.length === 0) this.templates.push({ start, end });
    return end;
  }

  /** Counts braces inside an interpolation; true for the `}` that closes it. */
  private closesInterpolation(ch: string): boolean {
    const top = this.interpolations.length - 1;
    if (ch === '{') this.interpolations[top]++;
    else if (ch === '}') {
      if (this.interpolations[top] === 0) {
        this.interpolations.pop();
        return true;
      }
      this.interpolations[top]--;
    }
    return false;
  }

  /** Replaces [from, to) by spaces, line breaks excepted. */
  private blank(from: number, to: number): void {
    const { out } = this;
    for (let k = from; k < to && k < this.n; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  }
}
