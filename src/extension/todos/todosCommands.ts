// The TODOs view's commands: go to a TODO, capture it as a task (the same "Add as task" the
// CodeLens runs), show the task a captured TODO became, arrange by folder or by tag, choose the
// scope (All / Mine / This branch, or This branch against a ref the user names) and filter.
import * as vscode from 'vscode';
import { commandRegistrar } from '../commandRegistration';
import type { LocalFocusApi } from '../featureApi';
import type { TasksTreeProvider } from '../tasks/tasksTree';
import { CAPTURE_TODO_COMMAND } from '../tasks/todoCodeLens';
import type { TodoEntry, TodoNode } from './todoTreeModel';
import { SCOPE_LABELS, type TodoScope, type TodoScopes } from './todoScopes';
import { GO_TO_TODO_COMMAND, type TodosTreeProvider } from './todosTree';

type ScopeChoice = vscode.QuickPickItem & { scope: TodoScope; askBase?: boolean };

export class TodosCommands {
  constructor(
    private readonly api: LocalFocusApi,
    private readonly tree: TodosTreeProvider,
    private readonly scopes: TodoScopes,
    private readonly tasksTree: TasksTreeProvider,
  ) {}

  register(): vscode.Disposable[] {
    const cmd = commandRegistrar((err) => this.api.reportError('The TODOs view command failed', err));
    return [
      cmd(GO_TO_TODO_COMMAND, (target?: TodoEntry | TodoNode) => this.goTo(target)),
      cmd('localFocus.todos.addAsTask', (target?: TodoEntry | TodoNode) => this.addAsTask(target)),
      cmd('localFocus.todos.showTask', (target?: TodoEntry | TodoNode) => this.showTask(target)),
      cmd('localFocus.todos.groupByTag', () => this.tree.setGrouping('tag')),
      cmd('localFocus.todos.groupByFolder', () => this.tree.setGrouping('folder')),
      cmd('localFocus.todos.chooseScope', () => this.chooseScope()),
      cmd('localFocus.todos.filter', () => this.askFilter()),
      cmd('localFocus.todos.clearFilter', () => this.tree.setFilter('')),
    ];
  }

  /** The TODO a command was given (a tree node or an entry), else the view's selection. */
  private entryOf(target?: TodoEntry | TodoNode): TodoEntry | undefined {
    if (target && 'todo' in target) return target;
    if (target?.kind === 'todo') return target.entry;
    const selected = this.tree.view.selection[0];
    return selected?.kind === 'todo' ? selected.entry : undefined;
  }

  private async goTo(target?: TodoEntry | TodoNode): Promise<void> {
    const entry = this.entryOf(target);
    if (!entry) return;
    const { line, column, tag } = entry.todo;
    const doc = await vscode.workspace.openTextDocument(this.tree.uriOf(entry.folderKey, entry.relPath));
    const at = Math.min(line, doc.lineCount - 1);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, column, at, column + tag.length), preview: true });
  }

  private async addAsTask(target?: TodoEntry | TodoNode): Promise<void> {
    const entry = this.entryOf(target);
    if (!entry) {
      void vscode.window.showInformationMessage('Local Focus: select a TODO in the TODOs view first.');
      return;
    }
    await vscode.commands.executeCommand(CAPTURE_TODO_COMMAND, this.tree.uriOf(entry.folderKey, entry.relPath), entry.todo.line);
  }

  private async showTask(target?: TodoEntry | TodoNode): Promise<void> {
    const task = this.entryOf(target)?.task;
    if (!task) return;
    await vscode.commands.executeCommand('localFocus.tasks.focus');
    await this.tasksTree.reveal(task.id);
  }

  private async chooseScope(): Promise<void> {
    const current = this.scopes.scope;
    const mark = (scope: TodoScope) => (scope === current ? '$(check) ' : '');
    const items: ScopeChoice[] = [
      { scope: 'all', label: `${mark('all')}${SCOPE_LABELS.all}`, description: 'every TODO comment in the workspace' },
      { scope: 'mine', label: `${mark('mine')}${SCOPE_LABELS.mine}`, description: 'lines git blame gives to your user.email; uncommitted lines count as yours' },
      { scope: 'branch', label: `${current === 'branch' && !this.scopes.base ? '$(check) ' : ''}${SCOPE_LABELS.branch}`, description: 'lines added since the merge-base with the default branch (origin/HEAD, main or master)' },
      { scope: 'branch', askBase: true, label: `${current === 'branch' && this.scopes.base ? '$(check) ' : ''}${SCOPE_LABELS.branch}, compared with…`, description: this.scopes.base ? `now ${this.scopes.base}` : 'a branch, tag or commit you name' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'TODOs: choose the scope', placeHolder: 'Which TODOs the view shows' });
    if (!picked) return;
    if (!picked.askBase) {
      this.scopes.set(picked.scope);
      return;
    }
    const base = await vscode.window.showInputBox({
      title: 'This branch, compared with…',
      prompt: 'The branch, tag or commit this branch is measured against; its TODOs on lines added since the merge-base are shown',
      placeHolder: 'main, origin/develop, v1.2.0',
      value: this.scopes.base ?? '',
      validateInput: (v) => (v.trim() === '' ? 'Type a branch, tag or commit.' : v.trim().startsWith('-') ? 'A ref name does not start with "-".' : undefined),
    });
    if (base) this.scopes.set('branch', base.trim());
  }

  private async askFilter(): Promise<void> {
    const text = await vscode.window.showInputBox({
      title: 'Filter TODOs',
      prompt: 'Words each TODO must contain (in its tag, owner, text or path); tag:FIXME keeps one tag. Empty clears the filter.',
      placeHolder: 'login tag:FIXME',
      value: this.tree.filter,
    });
    if (text !== undefined) this.tree.setFilter(text);
  }
}
