// When `cd dir` fails the script carries on in the directory it was in, and the commands meant for
// dir run elsewhere — `cd build; rm -rf *` is the classic. `cd dir || exit` (or return), `cd dir &&
// …`, `if cd dir`, and a script under `set -e` all stop there. A cd that is the last command of
// its block has nothing after it to misdirect and is left alone, and so are the cds that cannot
// realistically fail: `cd /`, `cd ..` (and `../..`), `cd -`, the script's own directory
// (`cd "$(dirname "$0")"`), and a return to a directory saved by `dir=$(pwd)` or $PWD. Also left
// alone: a cd followed by a script named relative to the new directory (`cd t; ./run.sh`), which
// fails loudly by itself when the cd did, and anything after a top-level `exec prog` (the shell is
// replaced there; Tcl scripts start with `exec wish "$0"` and are not shell after it). And it is
// reported only when a command after it (before its subshell closes or the next cd) can change
// files: that is the harm, and on real code the cds followed only by reads were test inputs.

import { SHELL_LANGUAGE_IDS, exitsOnError, shellAssignments, shellCommands, type ShellCommand } from './shellCommands';
import { lineOf, nextSignificant, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

/** Offset of the first top-level `exec prog …` line, after which the shell runs nothing; Infinity when none. */
function replacedAt(ctx: RuleContext): number {
  const exec = /^exec[ \t]+[^\s<>&\d-]/m.exec(ctx.masked);
  return exec ? exec.index : Infinity;
}

const SAVED_DIRECTORY = /^["']?(?:\$\(pwd\)|`pwd`|\$\{?PWD\}?)["']?$/;

/** Whether cd's one argument is `..`, `-`, or a variable the script only ever sets to the current directory. */
function cannotRealisticallyFail(ctx: RuleContext, target: string): boolean {
  if (/^(?:\/|(?:\.\.\/?)+|-)$/.test(target) || /^["']?\$\(dirname\s+["']?\$0["']?\)["']?$/.test(target)) return true;
  const name = /^["']?\$\{?([A-Za-z_]\w*)\}?["']?$/.exec(target)?.[1];
  if (!name) return false;
  const values = shellAssignments(ctx, name);
  return values.length > 0 && values.every((v) => SAVED_DIRECTORY.test(v));
}

/** Commands that create, change or delete files where they run, so that running them in the wrong directory does harm. */
const CHANGES_FILES = new Set(
  'rm mv cp ln mkdir rmdir touch chmod chown chgrp tar unzip zip gzip gunzip bzip2 xz patch rsync install dd truncate git make cmake ninja meson autoreconf configure npm yarn pnpm pip pip3 cargo go sed perl curl wget cat echo printf tee'.split(' '),
);

/** A redirection into a file (`> out`, `>> log`), not into /dev/null or another descriptor. */
const WRITES_FILE = /(?:^|[^\d&>])>>?[ \t]*(?!&|\/dev\/)[^\s;&|)]/;

/**
 * Whether a command after the cd, before its subshell closes or the next cd, can change files: a
 * cd whose failure only changes what a few reads print (a syntax test's `( cd $1 ; $pwd ) | wc -c`)
 * is not the risk this rule is about. cat, echo, printf and tee count only when they write a file.
 */
function changesFilesAfter(ctx: RuleContext, commands: readonly ShellCommand[], index: number): boolean {
  const { masked } = ctx;
  let depth = 0;
  let k = commands[index].end;
  for (const next of commands.slice(index + 1)) {
    for (; k < next.start; k++) {
      if (masked[k] === '(') depth++;
      else if (masked[k] === ')' && --depth < 0) return false;
    }
    if (next.name === 'cd') return false;
    const line = masked.slice(next.start, ctx.outline.lines.lineEnd(lineOf(ctx, next.start)));
    if (WRITES_FILE.test(line) || /^sed\b.*\s-i/.test(line)) return true;
    if (CHANGES_FILES.has(next.name) && !['cat', 'echo', 'printf', 'tee', 'sed', 'perl'].includes(next.name)) return true;
  }
  return false;
}

export const unguardedCdRule: HeuristicRule = {
  id: 'unguarded-cd',
  summary: 'A shell cd whose failure is not checked, so the following commands run in the wrong directory.',
  families: ['hash'],
  languageIds: SHELL_LANGUAGE_IDS,
  check(ctx) {
    const hits: RuleHit[] = [];
    if (exitsOnError(ctx)) return hits;
    const replaced = replacedAt(ctx);
    const commands = shellCommands(ctx);
    for (const [index, command] of commands.entries()) {
      if (command.name !== 'cd' || command.args.length === 0 || command.start > replaced) continue;
      const target = ctx.text.slice(command.args[0].start, command.args[0].start + command.args[0].text.length);
      if (command.args.length === 1 && cannotRealisticallyFail(ctx, target)) continue;
      if (command.then === '||' || command.then === '&&' || command.then === '|') continue;
      if (['if', 'while', 'until', '!', '&&', '||'].includes(command.after)) continue;
      // Something must run after it in the same block: not a closing `}`, `)`, `fi`, `done`, or the end.
      const next = nextSignificant(ctx.masked, command.then === ';' ? command.end + 1 : ctx.outline.lines.lineEnd(lineOf(ctx, command.start)));
      if (next < 0 || /^(?:\}|\)|fi\b|done\b|esac\b|;;|else\b|elif\b)/.test(ctx.masked.slice(next, next + 5))) continue;
      // The next command checks the status itself (`[ $? -ne 0 ]`, `rc=$?`), `|| exit` continues on the
      // next line, or the next command is a script relative to the new directory, which fails by itself.
      if (/^(?:\|\||&&|\.\.?\/)/.test(ctx.masked.slice(next, next + 3)) || /\$\?/.test(ctx.text.slice(next, ctx.outline.lines.lineEnd(lineOf(ctx, next))))) continue;
      if (!changesFilesAfter(ctx, commands, index)) continue;
      hits.push({
        line: lineOf(ctx, command.start),
        // Info, not a warning: on code nobody here wrote, 1 in 78 held-out findings was a real risk,
        // because most such scripts are run by a caller under `set -e` that this file cannot see.
        severity: 'info',
        category: 'bug',
        message: 'cd without a failure check: if it fails, the commands after it run in the wrong directory. Write cd … || exit (or return in a function).',
      });
    }
    return hits;
  },
};
