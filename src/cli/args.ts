// A small argument parser: global options anywhere on the line, then a subcommand and its own
// options. Unknown options are usage errors (exit code 2), never silently ignored.

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string[];
  /** Each option's value; for a repeatable one, the last given. */
  options: Record<string, string | boolean>;
  /** Every value of each repeatable option, in the order given (`--path a --path b`). */
  repeated: Record<string, string[]>;
}

export interface OptionSpec {
  /** Takes a value (`--models-dir <path>`) rather than being a flag. */
  value: boolean;
  /** May be given more than once, each value kept in `repeated`; otherwise the last one wins. */
  repeatable?: boolean;
}

export function parseArgs(argv: string[], specs: Record<string, OptionSpec>): ParsedArgs {
  const command: string[] = [];
  const options: Record<string, string | boolean> = {};
  const repeated: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      command.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') || (arg.startsWith('-') && arg.length === 2)) {
      const [rawName, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const name = rawName === '-h' ? 'help' : rawName === '-v' ? 'version' : rawName.replace(/^--?/, '');
      const spec = specs[name];
      if (!spec) throw new UsageError(`unknown option ${rawName}`);
      if (spec.value) {
        const value = inline ?? argv[++i];
        if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${rawName} needs a value`);
        options[name] = value;
        if (spec.repeatable) (repeated[name] ??= []).push(value);
      } else {
        if (inline !== undefined) throw new UsageError(`${rawName} takes no value`);
        options[name] = true;
      }
    } else {
      command.push(arg);
    }
  }
  return { command, options, repeated };
}
