// When `cd dir` fails the script carries on in the directory it was in, and the commands meant for
// dir run elsewhere — `cd build; rm -rf *` is the classic. `cd dir || exit` (or return), `cd dir &&
// …`, `if cd dir`, and a script under `set -e` all stop there. A cd that is the last command of
// its block has nothing after it to misdirect and is left alone.

import { SHELL_LANGUAGE_IDS, exitsOnError, shellCommands } from './shellCommands';
import { lineOf, nextSignificant, type HeuristicRule, type RuleHit } from './scan';

export const unguardedCdRule: HeuristicRule = {
  id: 'unguarded-cd',
  summary: 'A shell cd whose failure is not checked, so the following commands run in the wrong directory.',
  families: ['hash'],
  languageIds: SHELL_LANGUAGE_IDS,
  check(ctx) {
    const hits: RuleHit[] = [];
    if (exitsOnError(ctx)) return hits;
    for (const command of shellCommands(ctx)) {
      if (command.name !== 'cd' || command.args.length === 0) continue;
      if (command.then === '||' || command.then === '&&' || command.then === '|') continue;
      if (['if', 'while', 'until', '!', '&&', '||'].includes(command.after)) continue;
      // Something must run after it in the same block: not a closing `}`, `)`, `fi`, `done`, or the end.
      const next = nextSignificant(ctx.masked, command.end + (command.then === ';' ? 1 : 0));
      if (next < 0 || /^(?:\}|\)|fi\b|done\b|esac\b|;;|else\b|elif\b)/.test(ctx.masked.slice(next, next + 5))) continue;
      // The next command checks the status itself: `[ $? -ne 0 ]`, `|| exit` on its own line.
      if (/^(?:\[\s*\$\?|if\s+\[\s*\$\?|\|\||test\s+\$\?)/.test(ctx.masked.slice(next, next + 20))) continue;
      hits.push({
        line: lineOf(ctx, command.start),
        severity: 'warning',
        category: 'bug',
        message: 'cd without a failure check: if it fails, the commands after it run in the wrong directory. Write cd … || exit (or return in a function).',
      });
    }
    return hits;
  },
};
