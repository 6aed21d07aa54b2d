// The store of the task file for a CLI command, with the record of the open tasks this machine
// last saw in it (the same one the editor keeps), so a task ticked by hand between two runs, or
// while the editor was closed, is stamped done (core/tasks/handTicks.ts).
import { seenTasksRecordFile } from '../core/paths';
import { TaskStore } from '../core/tasks/taskStore';
import type { CliContext } from './command';

export function taskStoreOf(ctx: CliContext, taskFile: { filePath: string; linkBase: string }): TaskStore {
  const { filePath, linkBase } = taskFile;
  return new TaskStore({ filePath, linkBase, seenRecordPath: seenTasksRecordFile(filePath, ctx.io.env) });
}
