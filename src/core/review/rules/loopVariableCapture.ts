// Before Go 1.22 a `for` loop has one variable for all its iterations: `go func() { use(v) }()`
// in the loop reads whatever v holds when the goroutine runs, often the last element. Go 1.22 made
// the variable per-iteration, so the rule runs only for modules whose go.mod says an older version,
// and not at all when the version is unknown. Passing the variable as an argument, or shadowing it
// (`v := v`), is the fix and is left alone.

import { enclosingBlocks, isFunctionHeader, isLoopHeader } from './goBlocks';
import { lineOf, matchClose, maskedMatches, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

/** Whether the go.mod version is known and older than 1.22. */
function hasSharedLoopVariables(goVersion: string | undefined): boolean {
  const m = goVersion ? /^(\d+)\.(\d+)/.exec(goVersion) : null;
  return m !== null && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 22));
}

/** The variables a loop header declares: `for i := 0; …`, `for k, v := range …`. */
function loopVariables(header: string): string[] {
  const m = /^(?:\w+:\s*)?for\s+([\w\s,]+?)\s*:=/.exec(header);
  return m ? m[1].split(',').map((v) => v.trim()).filter((v) => v !== '_' && /^\w+$/.test(v)) : [];
}

/** The first of `names` used in the body of the `go func() {…}()` starting at `goAt`. */
function capturedVariable(ctx: RuleContext, goAt: number, names: readonly string[]): string | undefined {
  const { masked } = ctx;
  const lit = /go\s+func\s*\(\s*\)[^{]*\{/y;
  lit.lastIndex = goAt;
  if (!lit.test(masked)) return undefined;
  const open = lit.lastIndex - 1;
  const close = matchClose(masked, open);
  if (close < 0) return undefined;
  const body = masked.slice(open + 1, close);
  return names.find((name) => new RegExp(`(?<![\\w.])${name}\\b`).test(body));
}

export const loopVariableCaptureRule: HeuristicRule = {
  id: 'loop-variable-capture',
  summary: 'A goroutine closure that uses the loop variable, shared across iterations before Go 1.22.',
  families: ['go'],
  check(ctx) {
    const hits: RuleHit[] = [];
    if (!hasSharedLoopVariables(ctx.goVersion)) return hits;
    for (const m of maskedMatches(ctx, /(?<![\w.])go\s+func\s*\(\s*\)/)) {
      const blocks = enclosingBlocks(ctx, m.index);
      const fn = blocks.findIndex((b) => isFunctionHeader(b.header));
      const loop = blocks.findIndex((b) => isLoopHeader(b.header));
      if (loop < 0 || (fn >= 0 && fn < loop)) continue;
      const loopBody = blocks[loop].open;
      const name = capturedVariable(ctx, m.index, loopVariables(blocks[loop].header));
      // Shadowed in the loop body before the goroutine, `v := v`, is the pre-1.22 fix.
      if (!name || new RegExp(`(?<![\\w.])${name}\\s*:=\\s*${name}\\b`).test(ctx.masked.slice(loopBody, m.index))) continue;
      hits.push({
        line: lineOf(ctx, m.index),
        severity: 'warning',
        category: 'bug',
        message: `The goroutine uses the loop variable ${name}, which before Go 1.22 is shared by all iterations: it may see a later value. Pass ${name} as an argument to the func literal, or copy it (${name} := ${name}) first.`,
      });
    }
    return hits;
  },
};
