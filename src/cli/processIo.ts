// This process's terminal for a command line: the CliIo both bundles run with (dist/cli.js and
// the fast dist/cliTodos.js), and what a throw that escaped every command becomes.
import type { CliIo } from './command';

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** A bug, not a failure a command reports: printed with its stack, exit code 1. */
export function reportInternalError(err: unknown): void {
  process.stderr.write(`local-focus: internal error: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
}
