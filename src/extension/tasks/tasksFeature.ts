// Tasks from TODO comments, as an extension feature: the task files of the workspace folders,
// the TODO scans that keep tasks matched to their comments, the CodeLens, the Tasks view, the
// TODOs view (fed by the same scans), the Next suggestions and the commands. Everything registered here goes into the
// returned disposables.
import * as vscode from 'vscode';
import type { Feature } from '../featureApi';
import { registerTodosView } from '../todos/todosView';
import { WorkspaceTodoStore } from '../todos/workspaceTodoStore';
import { DocumentTodoCache } from './documentTodos';
import { NextSuggestions } from './next/nextSuggestions';
import { TaskCommands } from './taskCommands';
import { TasksTreeProvider } from './tasksTree';
import { TaskWorkspace } from './taskWorkspace';
import { TodoCodeLensProvider } from './todoCodeLens';
import { TodoScanScheduler } from './todoScanScheduler';

export const tasksFeature: Feature = (api) => {
  const workspace = new TaskWorkspace(api);
  const documents = new DocumentTodoCache(workspace);
  const store = new WorkspaceTodoStore();
  const scheduler = new TodoScanScheduler(api, workspace, documents, store);
  const next = new NextSuggestions(api, workspace);
  const tree = new TasksTreeProvider(workspace, next);
  const codeLens = new TodoCodeLensProvider(workspace, documents);
  const commands = new TaskCommands(api, workspace, documents, tree, scheduler, next);
  scheduler.start();
  return [
    workspace,
    next,
    scheduler,
    tree,
    codeLens,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, codeLens),
    ...commands.register(),
    ...registerTodosView(api, { workspace, documents, store, tasksTree: tree }),
  ];
};
