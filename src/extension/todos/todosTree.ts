// The "TODOs" view beside Tasks: every TODO comment of the workspace, by folder and file or by
// tag, narrowed by the scope (All / Mine / This branch) and a text or tag filter. The badge counts
// the TODOs shown; a TODO that became a task says so and shows which. The tree is rebuilt from the
// store, which the scans keep current, so a save redraws the view without a rescan.
import * as vscode from 'vscode';
import type { LocalFocusApi } from '../featureApi';
import { todoTags } from '../tasks/taskSettings';
import type { TaskWorkspace } from '../tasks/taskWorkspace';
import { buildTodoTree, countTodos, entriesOf, placeOf, todoFilter, type TodoEntry, type TodoGrouping, type TodoNode } from './todoTreeModel';
import type { TodoScopes } from './todoScopes';
import { describeView } from './todosViewText';
import type { WorkspaceTodoStore } from './workspaceTodoStore';

export const TODOS_VIEW_ID = 'localFocus.todos';
export const GO_TO_TODO_COMMAND = 'localFocus.todos.goTo';

const GROUPING_KEY = 'localFocus.todos.grouping';
const FILTER_KEY = 'localFocus.todos.filter';
/** Redraws come in bursts (a scan's folder, then the tasks it updated): one rebuild for them. */
const REDRAW_QUIET_MS = 60;

export class TodosTreeProvider implements vscode.TreeDataProvider<TodoNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TodoNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<TodoNode>;
  private roots: TodoNode[] = [];
  private readonly parents = new Map<string, TodoNode>();
  private redrawTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private groupingValue: TodoGrouping;
  private filterValue: string;

  constructor(
    private readonly api: LocalFocusApi,
    private readonly store: WorkspaceTodoStore,
    private readonly scopes: TodoScopes,
    private readonly workspace: TaskWorkspace,
  ) {
    const memory = api.context.workspaceState;
    this.groupingValue = memory.get<TodoGrouping>(GROUPING_KEY) === 'tag' ? 'tag' : 'folder';
    this.filterValue = memory.get<string>(FILTER_KEY) ?? '';
    this.view = vscode.window.createTreeView(TODOS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    const redraw = () => this.scheduleRedraw();
    this.disposables.push(this.view, this.emitter, store.onDidChange(redraw), scopes.onDidChange(redraw), workspace.onDidChange(redraw));
    this.redraw();
  }

  get grouping(): TodoGrouping {
    return this.groupingValue;
  }

  get filter(): string {
    return this.filterValue;
  }

  setGrouping(grouping: TodoGrouping): void {
    this.groupingValue = grouping;
    void this.api.context.workspaceState.update(GROUPING_KEY, grouping);
    this.redraw();
  }

  setFilter(text: string): void {
    this.filterValue = text.trim();
    void this.api.context.workspaceState.update(FILTER_KEY, this.filterValue);
    this.redraw();
  }

  private scheduleRedraw(): void {
    if (this.redrawTimer) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = undefined;
      this.redraw();
    }, REDRAW_QUIET_MS);
  }

  /** Rebuilds the nodes from the store, then the badge, the description and the message. */
  redraw(): void {
    const all = this.workspace.all().flatMap((f) => entriesOf(f.folder.uri.toString(), f.folder.name, this.store.files(f.folder.uri.toString()), f.tasks));
    const inScope = all.filter((e) => this.scopes.includes(e.folderKey, e.relPath, e.todo.line));
    const shown = inScope.filter(todoFilter(this.filterValue));
    this.roots = buildTodoTree(shown, this.groupingValue, todoTags());
    this.parents.clear();
    const note = (nodes: readonly TodoNode[], parent?: TodoNode) => {
      for (const n of nodes) {
        if (parent) this.parents.set(n.id, parent);
        if (n.kind !== 'todo') note(n.children, n);
      }
    };
    note(this.roots);
    const count = countTodos(this.roots);
    this.view.badge = count > 0 ? { value: count, tooltip: `${count} TODO${count === 1 ? '' : 's'} shown` } : undefined;
    const text = describeView({
      scope: this.scopes.scope,
      filter: this.filterValue,
      total: all.length,
      inScope: inScope.length,
      shown: count,
      scanned: this.workspace.all().every((f) => this.store.hasFolder(f.folder.uri.toString())),
      fromRecord: this.workspace.all().some((f) => this.store.isFromRecord(f.folder.uri.toString())),
      folders: this.workspace.all().map((f) => ({ name: f.folder.name, state: this.scopes.folderState(f.folder.uri.toString()) })),
      tags: todoTags(),
    });
    this.view.description = text.description;
    this.view.message = text.message ?? '';
    void vscode.commands.executeCommand('setContext', GROUPING_KEY, this.groupingValue);
    void vscode.commands.executeCommand('setContext', 'localFocus.todos.filtered', this.filterValue !== '');
    this.emitter.fire(undefined);
  }

  getChildren(node?: TodoNode): TodoNode[] {
    if (!node) return this.roots;
    return node.kind === 'todo' ? [] : node.children;
  }

  getParent(node: TodoNode): TodoNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: TodoNode): vscode.TreeItem {
    if (node.kind === 'todo') return this.todoItem(node.entry);
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = String(node.count);
    item.tooltip = `${node.count} TODO${node.count === 1 ? '' : 's'}`;
    if (node.kind === 'workspace') item.iconPath = new vscode.ThemeIcon('root-folder');
    else if (node.kind === 'dir') item.iconPath = vscode.ThemeIcon.Folder;
    else if (node.kind === 'tag') item.iconPath = new vscode.ThemeIcon('tag');
    else {
      // The file's own icon from the icon theme, and its folder when the view is not arranged by folder.
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = this.uriOf(node.folderKey, node.relPath);
      item.contextValue = 'todoFile';
    }
    return item;
  }

  private todoItem(entry: TodoEntry): vscode.TreeItem {
    const { todo, task } = entry;
    const head = `${todo.tag}${todo.owner ? `(${todo.owner})` : ''}`;
    const item = new vscode.TreeItem({ label: `${head} ${todo.text}`, highlights: [[0, todo.tag.length]] }, vscode.TreeItemCollapsibleState.None);
    item.id = `${entry.folderKey}|${entry.relPath}|${todo.line}|${todo.column}`;
    const multiRoot = this.workspace.all().length > 1;
    const place = this.groupingValue === 'tag' ? placeOf(entry, multiRoot) : `line ${todo.line + 1}`;
    item.description = task ? `${place} · task: ${task.title}` : place;
    item.iconPath = !task
      ? new vscode.ThemeIcon('comment')
      : task.status === 'open'
        ? new vscode.ThemeIcon('tasklist', new vscode.ThemeColor('charts.green'))
        : new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    item.contextValue = task ? 'todo.captured' : 'todo';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMd(head)}** ${escapeMd(todo.text)}\n\n`);
    tooltip.appendMarkdown(`\`${placeOf(entry, multiRoot)}\`\n\n`);
    tooltip.appendMarkdown(task ? `Task: ${escapeMd(task.title)}${task.status === 'open' ? '' : ` (${task.status === 'done' ? 'done' : 'resolved in code'})`}` : 'Not a task yet: right-click → Add as Task');
    item.tooltip = tooltip;
    item.command = { command: GO_TO_TODO_COMMAND, title: 'Go to TODO', arguments: [entry] };
    return item;
  }

  uriOf(folderKey: string, relPath: string): vscode.Uri {
    return vscode.Uri.joinPath(vscode.Uri.parse(folderKey), ...relPath.split('/'));
  }

  dispose(): void {
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
