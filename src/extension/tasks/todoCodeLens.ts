// A CodeLens above each TODO: "Add as task", or once it has a task "Task: <title> · due … ·
// priority", which opens that task. Which task a TODO has is decided by the same identity
// matching as the scans (id marker, then text, nearest line), on the buffer as it is now.
import * as vscode from 'vscode';
import { reconcileTodos } from '../../core/tasks/taskIdentity';
import { civilInZone } from '../../core/tasks/timeZone';
import type { DocumentTodoCache } from './documentTodos';
import { codeLensTitle } from './taskLabels';
import { codeLensEnabled, userTimeZone } from './taskSettings';
import type { TaskWorkspace } from './taskWorkspace';

export const CAPTURE_TODO_COMMAND = 'localFocus.tasks.captureTodo';
export const OPEN_TASK_COMMAND = 'localFocus.tasks.openTask';
export const ADD_AS_TASK_LABEL = 'Add as task';

/** For each TODO of the document (by index), the id of its task, if it has one. */
export function taskIdsOf(documents: DocumentTodoCache, doc: vscode.TextDocument): { todos: ReturnType<DocumentTodoCache['get']>; ids: Map<number, string> } {
  const found = documents.get(doc);
  if (!found) return { todos: undefined, ids: new Map() };
  const ids = reconcileTodos(new Map([[found.relPath, found.refs]]), found.folder.tasks).matches.get(found.relPath) ?? new Map<number, string>();
  return { todos: found, ids };
}

export class TodoCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    workspace: TaskWorkspace,
    private readonly documents: DocumentTodoCache,
  ) {
    this.disposables.push(
      this.emitter,
      workspace.onDidChange(() => this.emitter.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('localFocus.todo') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) this.emitter.fire();
      }),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!codeLensEnabled()) return [];
    const { todos, ids } = taskIdsOf(this.documents, doc);
    if (!todos || todos.todos.length === 0) return [];
    const now = civilInZone(new Date(), userTimeZone());
    return todos.todos.map((todo, i) => {
      const range = new vscode.Range(todo.line, todo.column, todo.line, todo.column);
      const id = ids.get(i);
      const task = id ? todos.folder.tasks.find((t) => t.id === id) : undefined;
      if (task) {
        return new vscode.CodeLens(range, { title: codeLensTitle(task, now), tooltip: 'Open this task', command: OPEN_TASK_COMMAND, arguments: [task.id] });
      }
      return new vscode.CodeLens(range, {
        title: ADD_AS_TASK_LABEL,
        tooltip: `Parse "${todo.text.slice(0, 80)}" into a task and add it to ${todos.folder.taskFileRel}`,
        command: CAPTURE_TODO_COMMAND,
        arguments: [doc.uri, todo.line],
      });
    });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
