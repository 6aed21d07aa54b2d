// Simple commands in a shell script, read from masked code (quoted strings, comments and
// here-documents blanked): each with its name and the offsets of its words, so that shell rules
// can ask "which commands run `rm`" without a shell parser. Only the plain cases are found: a
// command at the start of a line or after `;`, `&&`, `||`, `|`, `(`, `{`, `then`, `do`, `else`.

import { tokenAt, type RuleContext } from './scan';

export interface ShellCommand {
  name: string;
  /** Offset of the command name. */
  start: number;
  /** Offset just past the last word. */
  end: number;
  /** The words after the name, as written (quoted parts blanked in masked form), with offsets. */
  args: { text: string; start: number }[];
  /** What follows the command on its line: `||`, `&&`, `;`, `|`, or '' at the end of the line. */
  then: string;
  /** The keyword or operator before the command: 'if', '!', '&&', '(', … or '' at a line start. */
  after: string;
}

const COMMAND = /(^|;|&&|\|\||\||\(|\{)[ \t]*((?:(?:then|do|else|if|elif|while|until|!)[ \t]+)*)(?:(?:sudo|command|builtin|exec)[ \t]+)?([A-Za-z_][\w.-]*)(?=[ \t]|$|;)/gm;

/** The commands of the script in order. */
export function shellCommands(ctx: RuleContext): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const { masked } = ctx;
  COMMAND.lastIndex = 0;
  for (let m = COMMAND.exec(masked); m; m = COMMAND.exec(masked)) {
    const name = m[3];
    const start = m.index + m[0].length - name.length;
    let k = start + name.length;
    const args: { text: string; start: number }[] = [];
    // Words up to the end of the line or a command separator; a `\` line continuation joins lines.
    for (;;) {
      while (k < masked.length && (masked[k] === ' ' || masked[k] === '\t' || (masked[k] === '\\' && masked[k + 1] === '\n'))) k += masked[k] === '\\' ? 2 : 1;
      if (k >= masked.length || /[\n;&|)}#<>]/.test(masked[k])) break;
      const wordStart = k;
      // A quoted part is one piece of the word, whatever its blanked inside holds.
      while (k < masked.length && !/[\s;&|)<>]/.test(masked[k])) k = tokenAt(ctx.outline.lexed.tokens, k)?.end ?? k + 1;
      args.push({ text: masked.slice(wordStart, k), start: wordStart });
    }
    // Redirections (`> /dev/null 2>&1`) may come between the words and the operator.
    const then = /^(?:[ \t]*\d*[<>]+&?[ \t]*[^\s;&|<>]*)*[ \t]*(\|\||&&|;|\|)?/.exec(masked.slice(k))?.[1] ?? '';
    const keywords = m[2].trim().split(/\s+/);
    commands.push({ name, start, end: k, args, then, after: keywords[keywords.length - 1] || m[1] });
    COMMAND.lastIndex = Math.max(k, COMMAND.lastIndex);
  }
  return commands;
}

export const SHELL_LANGUAGE_IDS: readonly string[] = ['shellscript', 'sh', 'bash'];

/** Whether the script stops on the first failing command: `set -e`, `set -o errexit`, or `-e` on the shebang line. */
export function exitsOnError(ctx: RuleContext): boolean {
  return /^\s*set\s+(?:-[a-zA-Z]*e[a-zA-Z]*\b|.*-o\s+errexit\b)/m.test(ctx.masked) || /^#!.*\s-[a-zA-Z]*e[a-zA-Z]*\b/.test(ctx.text);
}

/** Whether the script runs under zsh, where an unquoted $var is not split into words. */
export function isZsh(ctx: RuleContext): boolean {
  return /^#!.*\bzsh\b/.test(ctx.text);
}

/**
 * The values assigned to `name` in the script, as written: `name=value` (with local, export,
 * readonly) and the word lists of `for name in …`; a `for name; do` loop yields "$@".
 */
export function shellAssignments(ctx: RuleContext, name: string): string[] {
  const values: string[] = [];
  const assign = new RegExp(`(?:^|[;&|({]|\\b(?:local|export|readonly|declare)\\s+)\\s*${name}=(\\S*)`, 'gm');
  for (let m = assign.exec(ctx.text); m; m = assign.exec(ctx.text)) values.push(m[1]);
  const loop = new RegExp(`\\bfor\\s+${name}\\b(?:\\s+in\\s+([^;\\n]*?)\\s*(?:;|\\n|\\bdo\\b)|\\s*;|\\s*\\n)`, 'g');
  for (let m = loop.exec(ctx.text); m; m = loop.exec(ctx.text)) values.push(m[1] ?? '"$@"');
  return values;
}
