// Go runs deferred calls when the function returns, not when the loop iteration ends: a
// `defer f.Close()` in a loop holds every file open until the whole loop is done, and a deferred
// Unlock deadlocks the next iteration. A defer inside a function literal in the loop runs per call
// and is fine, and so is one followed by return or break before the loop body ends: the loop ends
// there. Real code (bench/review-heuristics-precision.ts) showed the cases where holding until
// return is the intent, which are left alone: the resource is kept past the loop (appended to a
// slice), the loop closes what it ranges over, a deferred func literal (usually a guarded
// safety net), and test files, where everything ends with the test anyway.

import { enclosingBlocks, importsTesting, isFunctionHeader, isLoopHeader, type EnclosingBlock } from './goBlocks';
import { lineOf, matchClose, maskedMatches, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

/** Whether a return, break, goto or panic between `from` and the loop body's `}` at `close` runs unconditionally once reached: it sits in the defer's block or in one enclosing it, not in a block opened after the defer. */
function leavesLoop(masked: string, from: number, close: number): boolean {
  const exit = /(?<!\w)(?:return|break|goto|panic)\b/y;
  let depth = 0;
  for (let k = from; k < close; k++) {
    const c = masked[k];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (depth <= 0) {
      exit.lastIndex = k;
      if (exit.test(masked)) return true;
    }
  }
  return false;
}

/** Whether the loop ends after the defer, so that it defers only once. */
function loopEndsAfter(ctx: RuleContext, at: number, loop: EnclosingBlock): boolean {
  const close = matchClose(ctx.masked, loop.open);
  return close < 0 || leavesLoop(ctx.masked, at, close);
}

/** The variable whose method is deferred, `f` in `defer f.Close()`, or the function in `defer cancel()`; undefined for a func literal. */
function deferredReceiver(ctx: RuleContext, at: number): string | undefined {
  const name = /^defer\s+([A-Za-z_]\w*)(?:\.\w+)?\s*\(/.exec(ctx.masked.slice(at, at + 200))?.[1];
  return name === 'func' ? undefined : name;
}

/** Whether the receiver lives past the loop: it is the loop's own variable, or the body keeps it (append, assignment). */
function outlivesIteration(ctx: RuleContext, receiver: string, loop: EnclosingBlock): boolean {
  if (new RegExp(`^(?:\\w+:\\s*)?for\\b[^{]*\\b${receiver}\\b[^{]*:=\\s*range\\b`).test(loop.header)) return true;
  const close = matchClose(ctx.masked, loop.open);
  const body = ctx.masked.slice(loop.open, close < 0 ? undefined : close);
  return new RegExp(`append\\([^)]*\\b${receiver}\\b|[\\]\\w.]\\s*=\\s*${receiver}\\s*$`, 'm').test(body);
}

export const deferInLoopRule: HeuristicRule = {
  id: 'defer-in-loop',
  summary: 'A Go defer inside a loop, which runs only when the function returns.',
  families: ['go'],
  check(ctx) {
    const hits: RuleHit[] = [];
    if (importsTesting(ctx)) return hits;
    for (const m of maskedMatches(ctx, /(?<![\w.])defer\b/)) {
      const receiver = deferredReceiver(ctx, m.index);
      if (!receiver) continue;
      const blocks = enclosingBlocks(ctx, m.index);
      const fn = blocks.findIndex((b) => isFunctionHeader(b.header));
      const loop = blocks.findIndex((b) => isLoopHeader(b.header));
      if (loop < 0 || (fn >= 0 && fn < loop)) continue;
      if (loopEndsAfter(ctx, m.index, blocks[loop]) || outlivesIteration(ctx, receiver, blocks[loop])) continue;
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
