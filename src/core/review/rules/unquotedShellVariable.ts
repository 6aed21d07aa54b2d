// An unquoted $var in an rm, cp or mv command is split at spaces and expanded as a glob: a path
// with a space names two files, and an empty variable can turn `rm -rf $dir/` into `rm -rf /`.
// Quoting it ("$dir") passes it as one word. zsh does not split unquoted variables, so zsh
// scripts are left alone.

import { SHELL_LANGUAGE_IDS, isZsh, shellCommands } from './shellCommands';
import { lineOf, type HeuristicRule, type RuleHit } from './scan';

const FILE_COMMANDS = new Set(['rm', 'cp', 'mv']);

// $name, ${name…} or $1: outside quotes in the masked text. $@, $*, $? and $(…) are other matters.
const UNQUOTED = /(?<!\\)\$(?:\{[A-Za-z_][\w]*[^}]*\}|[A-Za-z_]\w*|[1-9])/;

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
        if (!m || arg.text[m.index - 1] === '"') continue;
        hits.push({
          line: lineOf(ctx, arg.start + m.index),
          severity: 'warning',
          category: 'bug',
          message: `Unquoted ${m[0]} in ${command.name}: a value with spaces or glob characters becomes several paths, and an empty one vanishes. Quote it: "${m[0]}".`,
        });
        break;
      }
    }
    return hits;
  },
};
