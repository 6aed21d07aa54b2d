// The shape of a `local-focus` subcommand. Each feature's commands live in their own file and are
// listed in src/cli/commands.ts.
import type { ProgressParams, WorkerConfig } from '../core/protocol';
import type { WorkerService } from '../inference/service';
import type { OptionSpec } from './args';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal: progress bars there, plain lines otherwise. */
  isTTY?: boolean;
  cwd?: string;
}

export interface CliContext {
  /** Positional arguments after the command name. */
  args: string[];
  options: Record<string, string | boolean>;
  /** Every value of each repeatable option (ParsedArgs.repeated). */
  repeated: Record<string, string[]>;
  json: boolean;
  service: WorkerService;
  config: WorkerConfig;
  io: CliIo;
  cwd: string;
  signal: AbortSignal;
  /** The worker's progress events (a streamed answer's partials); returns the unsubscribe. */
  onProgress(listener: (p: ProgressParams) => void): () => void;
}

export interface CliCommand {
  /** One line for the help listing, e.g. `todos [path] [--json]   list every TODO comment`. */
  synopsis: string;
  options?: Record<string, OptionSpec>;
  /** Returns the exit code: 0 success, 1 findings or a failure to act on, 2 bad usage. */
  run(ctx: CliContext): Promise<number>;
}
