// The entry of dist/cliTodos.js: `local-focus todos` without the rest of the CLI. The full
// bundle (dist/cli.js) carries the worker's service and the model libraries' glue, and loading
// it costs more than a whole scan; this one holds only the scan, the comment finder, the rules
// parser and the printing. It runs a command line only when it is sure to answer it as the full
// CLI would: a plain `todos` with the global options it knows. Anything else — help, version, a
// usage error, an option it does not know — goes to the full CLI, so there is one wording of
// every message, the full CLI's.
import { ERROR_INFO, toLocalFocusError } from '../core/errors';
import { MODES } from '../core/protocol';
import { parseArgs, UsageError, type OptionSpec } from './args';
import type { CliIo } from './command';
import { processIo, reportInternalError } from './processIo';
import { runTodos, TODOS_OPTIONS } from './todosCommand';

/** The global options of src/cli/main.ts that this path accepts; any other declines it. */
const KNOWN_GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { value: false },
  verbose: { value: false },
  mode: { value: true },
  'models-dir': { value: true },
};

const DECLINED = undefined;

/** The first word that is neither an option nor a known global option's value. */
function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-')) return a;
    if (KNOWN_GLOBAL_OPTIONS[a.slice(2)]?.value) i++;
  }
  return undefined;
}

/** Runs `argv` when it is a `todos` command line this path answers; undefined when it declines. */
export async function runTodosFast(argv: string[], io: CliIo): Promise<number | undefined> {
  if (commandName(argv) !== 'todos') return DECLINED;
  let parsed;
  try {
    parsed = parseArgs(argv, { ...KNOWN_GLOBAL_OPTIONS, ...TODOS_OPTIONS });
  } catch {
    return DECLINED;
  }
  const { options } = parsed;
  // The mode is checked, not used: the listing reaches no model.
  const mode = options.mode ?? io.env.LOCAL_FOCUS_MODE ?? 'auto';
  if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) return DECLINED;
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runTodos({ args: parsed.command.slice(1), options, json: Boolean(options.json), io, cwd: io.cwd ?? process.cwd(), signal: controller.signal });
  } catch (err) {
    if (err instanceof UsageError) return DECLINED;
    const e = toLocalFocusError(err);
    if (options.json) io.out(JSON.stringify({ error: e.toWire() }) + '\n');
    io.err(`local-focus: ${e.message}${e.message.includes(ERROR_INFO[e.code].sentence) ? '' : `\n${ERROR_INFO[e.code].sentence}`}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** For bin/local-focus.js: runs this process's command line, or calls `fullCli` when it declines. */
export function main(fullCli: () => void): void {
  runTodosFast(process.argv.slice(2), processIo()).then((code) => {
    if (code === DECLINED) fullCli();
    else process.exitCode = code;
  }, reportInternalError);
}
