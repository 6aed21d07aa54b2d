// A bare `except:` catches everything, KeyboardInterrupt and SystemExit included, so Ctrl-C and
// sys.exit() are swallowed with the bug it meant to catch. Left alone, because that risk is not
// there or was already weighed:
// - a handler that re-raises (cleanup, then `raise`, or through a helper named for it:
//   `with save_and_reraise_exception():`, `six.reraise(...)`) lets them through; one whose body is
//   only `pass` is empty-catch's finding;
// - an earlier clause of the same `try` names KeyboardInterrupt, SystemExit or BaseException, or a
//   tuple the file assigns with one of them in it: the author routed the exits and means the
//   catch-all for the rest;
// - the `try` body is a lone `raise`: the handler catches the exception raised right there (a
//   test's way to get a live exception), nothing else can reach it;
// - the line says a linter's same warning was silenced: `# noqa` (bare, or naming E722 or B001)
//   or `# pylint: disable=bare-except` (W0702);
// - the file is an atheris fuzz target: libFuzzer owns Ctrl-C there, and rejecting any input the
//   harness cannot build is its purpose.
// Reported at info, not as a warning: a handler that shows the exception with its traceback
// (`traceback.print_exc()`, `logger.exception(...)`, `exc_info=True`, `sys.exc_info()`), ends the
// program (`sys.exit`, `os._exit`) or hands the exception on (`greenlet.throw(...)`,
// `handle_error(...)`). A Ctrl-C is then shown or ends the run, not lost without a trace, and such a
// catch-all was most often meant: a worker thread's or a user-code runner's. In real code
// (bench/review-heuristics-precision.ts, outside test code) these were true 54% of the time (38/70)
// against 89% for the rest (157/177).

import { pythonLogicalLines, type LogicalLine } from '../outline';
import { replaceOnLine, type HeuristicRule, type RuleHit } from './scan';

const SILENCED = /#\s*(?:noqa\b(?!\s*:)|noqa\s*:[\w\s,]*\b(?:E722|B001)\b|pylint\s*:\s*disable\s*=[\w\s,-]*\b(?:bare-except|W0702)\b)/i;
const FUZZ_TARGET = /^\s*(?:import\s+atheris\b|from\s+atheris\b)/m;

/** The statements of the handler's body: the inline one after `except:`, or the deeper-indented ones below. */
function handlerBody(statements: readonly LogicalLine[], at: number): string[] {
  const inline = statements[at].code.replace(/^except\s*:\s*/, '');
  if (inline !== '') return [inline];
  const body: string[] = [];
  for (let j = at + 1; j < statements.length && statements[j].indent > statements[at].indent; j++) body.push(statements[j].code);
  return body;
}

/** The `try` statement's index and the clauses between it and the handler at `at`, or undefined when the handler has none above. */
function tryAbove(statements: readonly LogicalLine[], at: number): { tryAt: number; clauses: string[] } | undefined {
  const indent = statements[at].indent;
  const clauses: string[] = [];
  for (let j = at - 1; j >= 0 && statements[j].indent >= indent; j--) {
    if (statements[j].indent > indent) continue;
    if (/^try\s*:/.test(statements[j].code)) return { tryAt: j, clauses };
    if (!/^except\b/.test(statements[j].code)) return undefined;
    clauses.push(statements[j].code);
  }
  return undefined;
}

const EXITS = /\b(?:KeyboardInterrupt|SystemExit|BaseException)\b/;

/** A handler statement that shows the caught exception's traceback, ends the program, or hands the exception on. */
const REPORTS_OR_PASSES_ON =
  /traceback|print_exc|format_exc|print_tb|format_tb|exc_info|\.exception\s*\(|(?<![\w.])(?:sys\.exit|os\._exit|exit|quit)\s*\(|\.throw\s*\(|\bhandle_error\s*\(/i;

/** Whether an earlier clause names an exit exception, directly or through a tuple the file assigns (`_reraised = (KeyboardInterrupt, SystemExit)`). */
function exitsHandledAbove(clauses: readonly string[], masked: string): boolean {
  return clauses.some((code) => {
    const caught = /^except\b([^:]*)/.exec(code)?.[1] ?? '';
    if (EXITS.test(caught)) return true;
    return (caught.match(/[A-Za-z_]\w*/g) ?? []).some((name) => {
      const assigned = new RegExp(`^[ \\t]*${name}\\s*=\\s*\\(([^)]*)\\)`, 'm').exec(masked);
      return assigned !== null && EXITS.test(assigned[1]);
    });
  });
}

function tryBodyIsLoneRaise(statements: readonly LogicalLine[], tryAt: number, handlerAt: number): boolean {
  const inline = statements[tryAt].code.replace(/^try\s*:\s*/, '');
  const body = inline !== '' ? [inline] : statements.slice(tryAt + 1, handlerAt).map((s) => s.code);
  return body.length === 1 && /^raise\b/.test(body[0]);
}

export const bareExceptRule: HeuristicRule = {
  id: 'bare-except',
  summary: 'A Python `except:` with no exception class, which also catches KeyboardInterrupt and SystemExit.',
  families: ['python'],
  deliberateInTestCode: true,
  check(ctx) {
    if (FUZZ_TARGET.test(ctx.masked)) return [];
    const hits: RuleHit[] = [];
    const statements = pythonLogicalLines(ctx.outline.lexed, ctx.outline.lines);
    for (let i = 0; i < statements.length; i++) {
      const stmt = statements[i];
      if (!/^except\s*:/.test(stmt.code)) continue;
      const body = handlerBody(statements, i);
      if (body.every((code) => /^(?:pass|\.\.\.)$/.test(code))) continue;
      if (body.some((code) => /^raise\s*$/.test(code) || /;\s*raise\s*$/.test(code) || /\w*reraise\w*\s*\(/i.test(code))) continue;
      const above = tryAbove(statements, i);
      if (above && (exitsHandledAbove(above.clauses, ctx.masked) || tryBodyIsLoneRaise(statements, above.tryAt, i))) continue;
      const start = ctx.outline.lines.lineStart(stmt.startLine);
      if (SILENCED.test(ctx.text.slice(start, ctx.outline.lines.lineEnd(stmt.startLine)))) continue;
      const at = ctx.masked.indexOf('except', start);
      hits.push({
        line: stmt.startLine,
        severity: body.some((code) => REPORTS_OR_PASSES_ON.test(code)) ? 'info' : 'warning',
        category: 'bug',
        message: "Bare 'except:' also catches KeyboardInterrupt and SystemExit. Catch 'Exception' (or the specific errors expected) instead.",
        suggestion: replaceOnLine(ctx, at, at + 'except'.length, 'except Exception'),
      });
    }
    return hits;
  },
};
