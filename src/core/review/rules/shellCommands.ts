// Simple commands in a shell script, read from masked code (quoted strings, comments and
// here-documents blanked): each with its name and the offsets of its words, so that shell rules
// can ask "which commands run `rm`" without a shell parser. Only the plain cases are found: a
// command at the start of a line or after `;`, `&&`, `||`, `|`, `(`, `{`, `then`, `do`, `else`.

import type { RuleContext } from './scan';

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

const COMMAND = /(^|;|&&|\|\||\||\(|\{|\bthen\b|\bdo\b|\belse\b|\bif\b|\bwhile\b|\buntil\b|!)[ \t]*(?:(?:sudo|command|builtin|exec)[ \t]+)?([A-Za-z_][\w.-]*)(?=[ \t]|$|;)/gm;

/** The commands of the script in order. */
export function shellCommands(ctx: RuleContext): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const { masked } = ctx;
  COMMAND.lastIndex = 0;
  for (let m = COMMAND.exec(masked); m; m = COMMAND.exec(masked)) {
    const start = m.index + m[0].length - m[2].length;
    let k = start + m[2].length;
    const args: { text: string; start: number }[] = [];
    // Words up to the end of the line or a command separator; a `\` line continuation joins lines.
    for (;;) {
      while (k < masked.length && (masked[k] === ' ' || masked[k] === '\t' || (masked[k] === '\\' && masked[k + 1] === '\n'))) k += masked[k] === '\\' ? 2 : 1;
      if (k >= masked.length || /[\n;&|)}#<>]/.test(masked[k])) break;
      const wordStart = k;
      while (k < masked.length && !/[\s;&|)<>]/.test(masked[k])) k++;
      args.push({ text: masked.slice(wordStart, k), start: wordStart });
    }
    const then = /^[ \t]*(\|\||&&|;|\|)?/.exec(masked.slice(k))?.[1] ?? '';
    commands.push({ name: m[2], start, end: k, args, then, after: m[1].trim() });
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
