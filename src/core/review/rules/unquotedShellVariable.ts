// An unquoted $var in an rm, cp or mv command is split at spaces and expanded as a glob: a path
// with a space names two files, and an empty variable can turn `rm -rf $dir/` into `rm -rf /`.
// Quoting it ("$dir") passes it as one word. zsh does not split unquoted variables, so zsh
// scripts are left alone. A variable the script itself sets only to fixed text (`packdir=.git/objects/pack`,
// `for kind in add-a add-z`) cannot hold a space, and is left alone too: on real code those were
// most of the findings, and none a risk. Positional parameters, command output, globs and
// variables set elsewhere are reported, as notes: even so, most findings on real code were values
// that cannot hold a space (hex object ids, names built from fixed words by the caller).

import { SHELL_LANGUAGE_IDS, isZsh, shellAssignments, shellCommands } from './shellCommands';
import { lineOf, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const FILE_COMMANDS = new Set(['rm', 'cp', 'mv']);

// $name, ${name…} or $1: outside quotes in the masked text. $@, $*, $? and $(…) are other matters.
const UNQUOTED = /(?<!\\)\$(?:\{[A-Za-z_][\w]*[^}]*\}|[A-Za-z_]\w*|[1-9])/;

// Fixed text: letters, digits, path punctuation, quotes, and ${other} references; no command output, glob or positional parameter.
const FIXED_VALUE = /^(?:[\w./:%+,~@=-]|["']|\$\{?[A-Za-z_]\w*\}?)*$/;

/** Whether every value the script assigns to the variable is fixed text (and it assigns one at all). */
function holdsFixedText(ctx: RuleContext, reference: string): boolean {
  const name = /\$\{?([A-Za-z_]\w*)/.exec(reference)?.[1];
  if (!name) return false;
  const values = shellAssignments(ctx, name);
  return values.length > 0 && values.every((v) => v.split(/\s+/).every((word) => FIXED_VALUE.test(word) && !/[*?[]/.test(word)));
}

export const unquotedShellVariableRule: HeuristicRule = {
  id: 'unquoted-variable',
  summary: 'An unquoted shell variable in the arguments of rm, cp or mv, split at spaces and expanded as a glob.',
  families: ['hash'],
  languageIds: SHELL_LANGUAGE_IDS,
  check(ctx) {
    const hits: RuleHit[] = [];
    if (isZsh(ctx)) return hits;
    for (const command of shellCommands(ctx)) {
      if (!FILE_COMMANDS.has(command.name)) continue;
      for (const arg of command.args) {
        const m = UNQUOTED.exec(arg.text);
        // Right after a quote the lexer may have misread nested quotes, "$(basename "${f}")": not sure, so not reported.
        if (!m || arg.text[m.index - 1] === '"' || holdsFixedText(ctx, m[0])) continue;
        hits.push({
          line: lineOf(ctx, arg.start + m.index),
          severity: 'info',
          category: 'bug',
          message: `Unquoted ${m[0]} in ${command.name}: a value with spaces or glob characters becomes several paths, and an empty one vanishes. Quote it: "${m[0]}".`,
        });
        break;
      }
    }
    return hits;
  },
};
