// Every `local-focus` subcommand by name. One entry per command; feature modules add theirs here.
import type { CliCommand } from './command';
import { statusCommand } from './statusCommand';

export const COMMANDS: Record<string, CliCommand> = {
  status: statusCommand,
};
