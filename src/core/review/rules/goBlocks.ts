// Go's block structure as the Go rules need it, read from masked code: for an offset, the braces
// that enclose it, innermost first, each with the header that opened it (`for … {`, `func(…) {`).

import { matchOpen, type RuleContext } from './scan';

export interface EnclosingBlock {
  /** Offset of the `{`. */
  open: number;
  /** The code on the `{`'s line before it, trimmed: `for _, x := range xs`, `go func()`. */
  header: string;
}

/** Offset of the innermost `{` still open at `pos`, or -1. Closed groups before `pos` are skipped whole; open `(` and `[` are passed. */
function enclosingOpen(masked: string, pos: number): number {
  for (let k = pos - 1; k >= 0; k--) {
    const c = masked[k];
    if (c === '{') return k;
    if (c === '}' || c === ')' || c === ']') {
      const open = matchOpen(masked, k);
      if (open < 0) return -1;
      k = open;
    }
  }
  return -1;
}

/** The enclosing `{` blocks of `pos`, innermost first. A `(` enclosing `pos` is stepped over. */
export function enclosingBlocks(ctx: RuleContext, pos: number): EnclosingBlock[] {
  const blocks: EnclosingBlock[] = [];
  const lines = ctx.outline.lines;
  for (let open = enclosingOpen(ctx.masked, pos); open >= 0; open = enclosingOpen(ctx.masked, open)) {
    const header = ctx.masked.slice(lines.lineStart(lines.lineAt(open)), open);
    blocks.push({ open, header: header.trim() });
  }
  return blocks;
}

/** Whether a block header starts a loop (a labelled one too). */
export const isLoopHeader = (header: string): boolean => /^(?:\w+:\s*)?for\b/.test(header);

/** Whether a block header opens a function body: a declaration or a literal (`go func() {`, `f := func(x int) {`). */
export const isFunctionHeader = (header: string): boolean => /\bfunc\b/.test(header) && !/^(?:\w+:\s*)?(?:for|if|switch|select)\b/.test(header);

/**
 * Whether the file is test code, whose resources and errors end with the test: it imports "testing"
 * or Ginkgo (whose specs need not import "testing"), or it declares a runnable example
 * (`func ExampleX()`), which `go test` runs without importing it.
 */
export const importsTesting = (ctx: RuleContext): boolean =>
  /^\s*(?:import\s+)?(?:[\w.]+\s+)?"(?:testing|github\.com\/onsi\/ginkgo(?:\/v2)?)"\s*\)?\s*$/m.test(ctx.text) ||
  /^func\s+Example\w*\s*\(\s*\)/m.test(ctx.text);
