// Go runs deferred calls when the function returns, not when the loop iteration ends: a
// `defer f.Close()` in a loop holds every file open until the whole loop is done, and a deferred
// Unlock deadlocks the next iteration. A defer inside a function literal in the loop runs per call
// and is fine, and so is one followed in its block by return or break: the loop ends there.

import { enclosingBlocks, isFunctionHeader, isLoopHeader } from './goBlocks';
import { lineOf, matchClose, maskedMatches, type HeuristicRule, type RuleHit } from './scan';

/** Whether the rest of the block from `from` to its `}` at `close` leaves the loop at its own level. */
function leavesLoop(masked: string, from: number, close: number): boolean {
  const exit = /(?<!\w)(?:return|break|goto|panic)\b/y;
  let depth = 0;
  for (let k = from; k < close; k++) {
    const c = masked[k];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (depth === 0) {
      exit.lastIndex = k;
      if (exit.test(masked)) return true;
    }
  }
  return false;
}

export const deferInLoopRule: HeuristicRule = {
  id: 'defer-in-loop',
  summary: 'A Go defer inside a loop, which runs only when the function returns.',
  families: ['go'],
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const m of maskedMatches(ctx, /(?<![\w.])defer\b/)) {
      const blocks = enclosingBlocks(ctx, m.index);
      const fn = blocks.findIndex((b) => isFunctionHeader(b.header));
      const loop = blocks.findIndex((b) => isLoopHeader(b.header));
      if (loop < 0 || (fn >= 0 && fn < loop)) continue;
      const inner = blocks[0];
      const close = matchClose(ctx.masked, inner.open);
      if (close < 0 || leavesLoop(ctx.masked, m.index, close)) continue;
      hits.push({
        line: lineOf(ctx, m.index),
        severity: 'warning',
        category: 'bug',
        message: 'defer inside a loop runs only when the function returns, so every iteration\'s resource stays held until then. Move the loop body into a function, or release the resource explicitly at the end of each iteration.',
      });
    }
    return hits;
  },
};
