// A Go call whose only result is an error, written as a statement, throws that error away: the
// file that was not removed, the config that was not parsed, go on as if they had been. Without
// type information the rule knows only two kinds of such calls, to stay precise: standard-library
// functions from a fixed list, and functions declared in the same file as returning just `error`.
// The list leaves out calls whose failure is routinely harmless: os.Remove and os.RemoveAll of
// temporary files on a path that already failed, os.Setenv. Deferred calls are cleanup by
// convention, and a comment on the line (`//nolint:errcheck`, "ok if it fails") marks the choice
// as made; both are left alone, and so is an explicit `_ = f()`. Test files are left out: there
// the ignored error was nearly always setup that cannot fail (MkdirAll of t.TempDir()), and a
// real failure shows up in the test's own checks. Even so, in the labelled sample of real code
// about half were errors not worth checking (closing in an error path, unmarshalling a constant),
// so the finding is a note, not a warning.

import { importsTesting } from './goBlocks';
import { lineOf, matchClose, maskedMatches, nextSignificant, prevSignificant, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

/** Package functions whose only result is an error. */
const ERROR_ONLY_FUNCTIONS = new Set([
  'os.Mkdir', 'os.MkdirAll', 'os.Rename', 'os.Chdir', 'os.Chmod', 'os.Chown', 'os.Lchown', 'os.Link', 'os.Symlink',
  'os.Truncate', 'os.WriteFile', 'ioutil.WriteFile', 'json.Unmarshal', 'xml.Unmarshal', 'yaml.Unmarshal',
  'toml.Unmarshal', 'proto.Unmarshal',
]);

/** Names of the plain functions (not methods) this file declares with `error` as their only result. */
function errorOnlyFunctions(ctx: RuleContext): Set<string> {
  const names = new Set<string>();
  for (const m of maskedMatches(ctx, /^func\s+(\w+)\s*(?:\[[^\]]*\]\s*)?\(/m)) {
    const close = matchClose(ctx.masked, m.index + m[0].length - 1);
    if (close >= 0 && /^\s*error\s*\{/.test(ctx.masked.slice(close + 1, close + 40))) names.add(m[1]);
  }
  return names;
}

function hasCommentOnLine(ctx: RuleContext, offset: number): boolean {
  const line = lineOf(ctx, offset);
  const from = ctx.outline.lines.lineStart(line);
  const to = ctx.outline.lines.lineEnd(line);
  return ctx.outline.lexed.tokens.some((t) => t.kind === 'comment' && t.start >= from && t.start < to);
}

// A statement begins after one of these, or after a line that ends a statement (any other character but these).
const CONTINUES_EXPRESSION = ',([=+-*/%&|!<>:.^';

export const uncheckedErrorRule: HeuristicRule = {
  id: 'unchecked-error',
  summary: 'A Go call whose only result is an error, called as a statement so the error is lost.',
  families: ['go'],
  deliberateInTestCode: true,
  check(ctx) {
    const hits: RuleHit[] = [];
    const { masked } = ctx;
    if (importsTesting(ctx)) return hits;
    const local = errorOnlyFunctions(ctx);
    for (const m of maskedMatches(ctx, /(?<![\w.])((?:[a-z]\w*\.)?[A-Za-z_]\w*)\s*\(/)) {
      const name = m[1];
      if (!ERROR_ONLY_FUNCTIONS.has(name) && !local.has(name)) continue;
      const before = prevSignificant(masked, m.index);
      if (before >= 0 && CONTINUES_EXPRESSION.includes(masked[before])) continue;
      const lineStart = ctx.outline.lines.lineStart(lineOf(ctx, m.index));
      if (masked.slice(lineStart, m.index).trim() !== '' && masked[before] !== ';' && masked[before] !== '{') continue;
      const close = matchClose(masked, m.index + m[0].length - 1);
      if (close < 0) continue;
      const after = nextSignificant(masked, close + 1);
      const rest = after < 0 ? '' : masked[after];
      if (after >= 0 && rest !== ';' && rest !== '}' && !/\n/.test(masked.slice(close + 1, after))) continue;
      if (hasCommentOnLine(ctx, close)) continue;
      hits.push({
        line: lineOf(ctx, m.index),
        severity: 'info',
        category: 'bug',
        message: `The error returned by ${name} is ignored. Check it (if err := ${name}(…); err != nil { … }), or write _ = ${name}(…) if ignoring it is deliberate.`,
      });
    }
    return hits;
  },
};
