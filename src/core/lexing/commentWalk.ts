// The fast walk over a text for callers that want comments only (the TODO finder). It jumps from
// one possible opener to the next with the syntax's character class, skips strings, character
// literals and here-documents whole, and hands each comment to a visitor. It does not track what
// only the code masker needs (regular-expression literals, template interpolations), so a regex
// literal holding a quote, or an apostrophe in JSX text, hides a comment later on that same line.

import { type CompiledSyntax, type Opener } from './compiledSyntax';
import { charLiteralEnd, HeredocReader, opensAt, quotedEnd } from './delimiters';

// Under tsx (tests, benches) every use of an imported binding is a getter call; the loop below
// calls local aliases instead.
const opens = opensAt;
const quotedEndAt = quotedEnd;
const charLiteralEndAt = charLiteralEnd;

export interface CommentVisitor {
  /** Handles the line comment whose opener `op` stands at `i`; returns where the walk resumes. */
  lineComment(i: number, op: Opener): number;
  /** Handles the block comment whose opener `op` stands at `i`; returns where the walk resumes. */
  blockComment(i: number, op: Opener): number;
}

/** Walks `text` up to `until` (inclusive: an opener there is still handled) and gives the visitor
 *  every comment that opens on the way. */
export function walkComments(text: string, lex: CompiledSyntax, until: number, visitor: CommentVisitor): void {
  const n = text.length;
  const byFirst = lex.byFirst;
  const stopRe = lex.stopRe;
  const heredocs = lex.heredoc ? new HeredocReader(text, lex.heredoc) : undefined;
  let i = 0;
  outer: while (i < n) {
    stopRe.lastIndex = i;
    if (!stopRe.test(text)) break;
    i = stopRe.lastIndex - 1;
    if (i > until) break;
    const ops = byFirst[text.charCodeAt(i)]!;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k]!;
      if (!opens(text, i, op)) continue;
      let next: number;
      switch (op.kind) {
        case 'line':
          next = visitor.lineComment(i, op);
          break;
        case 'block':
          next = visitor.blockComment(i, op);
          break;
        case 'string':
          next = quotedEndAt(text, i, op);
          break;
        case 'char':
          next = charLiteralEndAt(text, i);
          break;
        case 'escape':
          next = i + 2;
          break;
        case 'heredoc':
          next = heredocs!.end(i);
          break;
      }
      if (next < 0) continue;
      i = next;
      continue outer;
    }
    i++;
  }
}
