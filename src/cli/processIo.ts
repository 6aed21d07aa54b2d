// This process's terminal for a command line: the CliIo both bundles run with (dist/cli.js and
// the fast dist/cliTodos.js), and what a throw that escaped every command becomes.
import type { CliIo } from './command';

export function processIo(): CliIo {
  endQuietlyWhenOutputCloses();
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * A reader that stops early (`local-focus todos | head`) closes the pipe: the rest of the output has
 * nowhere to go, and the command ends there without a word, as other command-line tools do
 * (exit code 141, a shell's code for a command ended by SIGPIPE). Any other write error is a
 * failure of its own.
 */
function endQuietlyWhenOutputCloses(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(141);
  });
}

/** A bug, not a failure a command reports: printed with its stack, exit code 1. */
export function reportInternalError(err: unknown): void {
  process.stderr.write(`local-focus: internal error: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
}
