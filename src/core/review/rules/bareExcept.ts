// A bare `except:` catches everything, KeyboardInterrupt and SystemExit included, so Ctrl-C and
// sys.exit() are swallowed with the bug it meant to catch. A handler that re-raises (cleanup, then
// `raise`) lets them through and is fine; one whose body is only `pass` is empty-catch's finding;
// a `# noqa` on the line says a linter's same warning was already weighed and silenced.

import { pythonLogicalLines } from '../outline';
import { replaceOnLine, type HeuristicRule, type RuleHit } from './scan';

export const bareExceptRule: HeuristicRule = {
  id: 'bare-except',
  summary: 'A Python `except:` with no exception class, which also catches KeyboardInterrupt and SystemExit.',
  families: ['python'],
  check(ctx) {
    const hits: RuleHit[] = [];
    const statements = pythonLogicalLines(ctx.outline.lexed, ctx.outline.lines);
    for (let i = 0; i < statements.length; i++) {
      const stmt = statements[i];
      if (!/^except\s*:/.test(stmt.code)) continue;
      const inline = stmt.code.replace(/^except\s*:\s*/, '');
      const body = inline !== '' ? [inline] : [];
      for (let j = i + 1; inline === '' && j < statements.length && statements[j].indent > stmt.indent; j++) body.push(statements[j].code);
      if (body.every((code) => /^(?:pass|\.\.\.)$/.test(code))) continue;
      if (body.some((code) => /^raise\s*$/.test(code) || /;\s*raise\s*$/.test(code))) continue;
      const start = ctx.outline.lines.lineStart(stmt.startLine);
      if (/#\s*noqa\b/.test(ctx.text.slice(start, ctx.outline.lines.lineEnd(stmt.startLine)))) continue;
      const at = ctx.masked.indexOf('except', start);
      hits.push({
        line: stmt.startLine,
        severity: 'warning',
        category: 'bug',
        message: "Bare 'except:' also catches KeyboardInterrupt and SystemExit. Catch 'Exception' (or the specific errors expected) instead.",
        suggestion: replaceOnLine(ctx, at, at + 'except'.length, 'except Exception'),
      });
    }
    return hits;
  },
};
