// The TODOs view as part of the tasks feature: it shares that feature's store of scanned TODOs,
// its per-document cache and its "Add as task" command, so it registers from tasksFeature.ts
// rather than as a feature of its own.
import type * as vscode from 'vscode';
import type { LocalFocusApi } from '../featureApi';
import type { DocumentTodoCache } from '../tasks/documentTodos';
import type { TasksTreeProvider } from '../tasks/tasksTree';
import type { TaskWorkspace } from '../tasks/taskWorkspace';
import { TagHighlighter } from './tagHighlighter';
import { TodoScopes } from './todoScopes';
import { TodosCommands } from './todosCommands';
import { TodosTreeProvider } from './todosTree';
import type { WorkspaceTodoStore } from './workspaceTodoStore';

export interface TodosViewParts {
  workspace: TaskWorkspace;
  documents: DocumentTodoCache;
  store: WorkspaceTodoStore;
  tasksTree: TasksTreeProvider;
}

export function registerTodosView(api: LocalFocusApi, parts: TodosViewParts): vscode.Disposable[] {
  const scopes = new TodoScopes(api, parts.store);
  const tree = new TodosTreeProvider(api, parts.store, scopes, parts.workspace);
  const commands = new TodosCommands(api, tree, scopes, parts.tasksTree);
  return [scopes, tree, new TagHighlighter(parts.documents), ...commands.register()];
}
