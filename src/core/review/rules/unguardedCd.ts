// When `cd dir` fails the script carries on in the directory it was in, and the commands meant for
// dir run elsewhere — `cd build; rm -rf *` is the classic. `cd dir || exit` (or return), `cd dir &&
// …`, `if cd dir`, and a script under `set -e` all stop there. A cd that is the last command of
// its block has nothing after it to misdirect and is left alone, and so are the cds that cannot
// realistically fail: `cd /`, `cd ..` (and `../..`), `cd -`, the script's own directory
// (`cd "$(dirname "$0")"`), and a return to a directory saved by `dir=$(pwd)` or $PWD.

import { SHELL_LANGUAGE_IDS, exitsOnError, shellAssignments, shellCommands } from './shellCommands';
import { lineOf, nextSignificant, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const SAVED_DIRECTORY = /^["']?(?:\$\(pwd\)|`pwd`|\$\{?PWD\}?)["']?$/;

/** Whether cd's one argument is `..`, `-`, or a variable the script only ever sets to the current directory. */
function cannotRealisticallyFail(ctx: RuleContext, target: string): boolean {
  if (/^(?:\/|(?:\.\.\/?)+|-)$/.test(target) || /^["']?\$\(dirname\s+["']?\$0["']?\)["']?$/.test(target)) return true;
  const name = /^["']?\$\{?([A-Za-z_]\w*)\}?["']?$/.exec(target)?.[1];
  if (!name) return false;
  const values = shellAssignments(ctx, name);
  return values.length > 0 && values.every((v) => SAVED_DIRECTORY.test(v));
}

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
      const target = ctx.text.slice(command.args[0].start, command.args[0].start + command.args[0].text.length);
      if (command.args.length === 1 && cannotRealisticallyFail(ctx, target)) continue;
      if (command.then === '||' || command.then === '&&' || command.then === '|') continue;
      if (['if', 'while', 'until', '!', '&&', '||'].includes(command.after)) continue;
      // Something must run after it in the same block: not a closing `}`, `)`, `fi`, `done`, or the end.
      const next = nextSignificant(ctx.masked, command.then === ';' ? command.end + 1 : ctx.outline.lines.lineEnd(lineOf(ctx, command.start)));
      if (next < 0 || /^(?:\}|\)|fi\b|done\b|esac\b|;;|else\b|elif\b)/.test(ctx.masked.slice(next, next + 5))) continue;
      // The next command checks the status itself (`[ $? -ne 0 ]`, `rc=$?`), or `|| exit` continues on the next line.
      if (/^(?:\|\||&&)/.test(ctx.masked.slice(next, next + 2)) || /\$\?/.test(ctx.text.slice(next, ctx.outline.lines.lineEnd(lineOf(ctx, next))))) continue;
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
