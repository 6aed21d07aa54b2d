// Every `local-focus` subcommand by name. One entry per command; feature modules add theirs here.
import { askCommand } from './askCommand';
import type { CliCommand } from './command';
import { indexCommand } from './indexCommand';
import { reviewCommand } from './reviewCommand';
import { searchCommand } from './searchCommand';
import { statusCommand } from './statusCommand';
import { modelsCommand } from './modelsCommand';
import { todosCommand } from './todosCommand';
import { tasksCommand } from './tasksCommand';

export const COMMANDS: Record<string, CliCommand> = {
  status: statusCommand,
  review: reviewCommand,
  models: modelsCommand,
  todos: todosCommand,
  tasks: tasksCommand,
  index: indexCommand,
  search: searchCommand,
  ask: askCommand,
};
