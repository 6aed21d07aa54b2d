// Go runs deferred calls when the function returns, not when the loop iteration ends: a
// `defer f.Close()` in a loop holds every file open until the whole loop is done, and a deferred
// Unlock deadlocks the next iteration. A defer inside a function literal in the loop runs per call
// and is fine, and so is one followed by return or break before the loop body ends: the loop ends
// there. Real code (bench/review-heuristics-precision.ts) showed the cases where holding until
// return is the intent, which are left alone: the resource is kept past the loop (appended to a
// slice), the loop closes what it ranges over, a deferred func literal (usually a guarded
// safety net), and test files (Ginkgo specs included), where everything ends with the test anyway.
// Only a deferred release (Close, Unlock, a cancel func …) is a warning: other deferred calls in a
// loop (freeing cgo strings that must live until an exec, deleting a map key set each time round)
// were mostly meant to run at return, so they are reported at info. So is a defer in `func main()`:
// main returns when the program ends, so what its loop defers is held for the program's life, as a
// server's listeners are meant to be. A deferred release that the loop body also makes itself later
// (`defer f.Close()` … `f.Close()`) only covers the iteration's early returns, and is left alone.

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

interface DeferredCall {
  /** The variable whose method is deferred, `resp` in `defer resp.Body.Close()`, or the function in `defer cancel()`. */
  receiver: string;
  /** The function called: `Close`, `cancel`. */
  name: string;
}

/** The call a defer makes; undefined for a func literal or a call of a call's result. */
function deferredCall(ctx: RuleContext, at: number): DeferredCall | undefined {
  const m = /^defer\s+([A-Za-z_]\w*)((?:\.\w+)*)\s*\(/.exec(ctx.masked.slice(at, at + 200));
  if (!m || m[1] === 'func') return undefined;
  return { receiver: m[1], name: m[2] ? m[2].slice(m[2].lastIndexOf('.') + 1) : m[1] };
}

/** Calls that give back what an iteration took: a file, a lock, a context, a transaction, a channel. */
const releases = (name: string): boolean => /^(?:close|unlock|runlock|release|stop|rollback|shutdown|done)$|cancel/i.test(name);

/** Whether the receiver lives past the loop: it is the loop's own variable, or the body (up to its `}` at `close`) keeps it (append, assignment). */
function outlivesIteration(ctx: RuleContext, receiver: string, loop: EnclosingBlock, close: number): boolean {
  if (new RegExp(`^(?:\\w+:\\s*)?for\\b[^{]*\\b${receiver}\\b[^{]*:=\\s*range\\b`).test(loop.header)) return true;
  const body = ctx.masked.slice(loop.open, close);
  return new RegExp(`append\\([^)]*\\b${receiver}\\b|[\\]\\w.]\\s*=\\s*${receiver}\\s*$`, 'm').test(body);
}

/** Whether the loop body, after the defer at `at` and up to its `}` at `close`, makes the same call itself (not deferred): the defer covers early returns only. */
function releasedInIteration(ctx: RuleContext, at: number, call: DeferredCall, close: number): boolean {
  const afterDeferLine = ctx.masked.slice(at, close).replace(/^[^\n]*/, '');
  const callee = call.receiver === call.name ? call.name : `${call.receiver}(?:\\.\\w+)*\\.${call.name}`;
  return new RegExp(`(?<!defer\\s+)(?<![\\w.])${callee}\\s*\\(`).test(afterDeferLine);
}

const MAIN = /^func\s+main\s*\(\s*\)/;

export const deferInLoopRule: HeuristicRule = {
  id: 'defer-in-loop',
  summary: 'A Go defer inside a loop, which runs only when the function returns.',
  families: ['go'],
  deliberateInTestCode: true,
  check(ctx) {
    const hits: RuleHit[] = [];
    if (importsTesting(ctx)) return hits;
    for (const m of maskedMatches(ctx, /(?<![\w.])defer\b/)) {
      const call = deferredCall(ctx, m.index);
      if (!call) continue;
      const blocks = enclosingBlocks(ctx, m.index);
      const fn = blocks.findIndex((b) => isFunctionHeader(b.header));
      const loop = blocks.findIndex((b) => isLoopHeader(b.header));
      if (loop < 0 || (fn >= 0 && fn < loop)) continue;
      // A loop body that does not close, or that the defer's iteration leaves, defers only once.
      const close = matchClose(ctx.masked, blocks[loop].open);
      if (close < 0 || leavesLoop(ctx.masked, m.index, close)) continue;
      if (outlivesIteration(ctx, call.receiver, blocks[loop], close) || releasedInIteration(ctx, m.index, call, close)) continue;
      const release = releases(call.name) && !(fn >= 0 && MAIN.test(blocks[fn].header));
      hits.push({
        line: lineOf(ctx, m.index),
        severity: release ? 'warning' : 'info',
        category: 'bug',
        message: release
          ? 'defer inside a loop runs only when the function returns, so every iteration\'s resource stays held until then. Move the loop body into a function, or release the resource explicitly at the end of each iteration.'
          : 'defer inside a loop runs only when the function returns, not at the end of each iteration: check that every iteration\'s deferred call is meant to wait until then.',
      });
    }
    return hits;
  },
};
