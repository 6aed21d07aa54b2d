// The tasks feature's commands: capture a TODO (CodeLens, at the cursor, all in a file), add a
// task typed by hand, and the Tasks view's complete / reopen / edit / delete / open source; Next's
// snooze and the week's and day's summaries register beside them.
// Every write goes through the folder's TaskStore; a conflict with an edit made outside is
// shown as such, and the view re-reads the file.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import type { Task, TaskPatch } from '../../core/tasks/task';
import { tasksOf, upsertTask } from '../../core/tasks/taskFile';
import { captureTodo, newTaskId } from '../../core/tasks/taskIdentity';
import { TaskFileConflictError } from '../../core/tasks/taskStore';
import { civilInZone } from '../../core/tasks/timeZone';
import { todoTextForParsing, type TaskParseResult } from '../../core/tasksProtocol';
import { commandRegistrar } from '../commandRegistration';
import type { LocalFocusApi } from '../featureApi';
import type { DocumentTodoCache } from './documentTodos';
import { registerNextCommands } from './next/nextCommands';
import type { NextSuggestions } from './next/nextSuggestions';
import { registerSummaryCommands } from './summary/summaryCommands';
import { parseTaskText } from './taskParsing';
import { suggestionsFor } from './taskSuggestions';
import { fieldsOf, previewTask } from './taskPreview';
import { fieldsSummary } from './taskLabels';
import { userTimeZone } from './taskSettings';
import { taskIdsOf } from './todoCodeLens';
import type { TaskNode, TasksTreeProvider } from './tasksTree';
import type { TodoScanScheduler } from './todoScanScheduler';
import type { FolderTasks, LocatedTask, TaskWorkspace } from './taskWorkspace';

export class TaskCommands {
  constructor(
    private readonly api: LocalFocusApi,
    private readonly workspace: TaskWorkspace,
    private readonly documents: DocumentTodoCache,
    private readonly tree: TasksTreeProvider,
    private readonly scheduler: TodoScanScheduler,
    private readonly next: NextSuggestions,
  ) {}

  register(): vscode.Disposable[] {
    const cmd = commandRegistrar((err) => this.fail(err));
    return [
      cmd('localFocus.tasks.captureTodo', (uri?: vscode.Uri, line?: number) => this.captureAt(uri, line)),
      cmd('localFocus.tasks.addTodoAtCursor', () => this.captureAtCursor()),
      cmd('localFocus.tasks.captureAllInFile', (uri?: vscode.Uri) => this.captureAllInFile(uri)),
      cmd('localFocus.tasks.addTask', () => this.addTask()),
      cmd('localFocus.tasks.complete', (node?: TaskNode) => this.setStatus(node, 'done')),
      cmd('localFocus.tasks.reopen', (node?: TaskNode) => this.setStatus(node, 'open')),
      cmd('localFocus.tasks.edit', (node?: TaskNode) => this.edit(node)),
      cmd('localFocus.tasks.delete', (node?: TaskNode) => this.delete(node)),
      cmd('localFocus.tasks.openSource', (node?: TaskNode | string) => this.openSource(node)),
      cmd('localFocus.tasks.openTask', (id?: string) => this.openTask(id)),
      cmd('localFocus.tasks.openTaskFile', () => this.openTaskFile()),
      cmd('localFocus.tasks.rescan', () => this.rescan()),
      cmd('localFocus.tasks.start', (node?: TaskNode) => this.start(node)),
      ...registerNextCommands(this.api, this.next, cmd),
      ...registerSummaryCommands(this.api, this.workspace, cmd),
    ];
  }

  private fail(err: unknown): void {
    if (err instanceof TaskFileConflictError) {
      void vscode.window.showWarningMessage(`Local Focus: ${err.message} The Tasks view now shows the file as it is on disk.`, 'Open Task File').then((c) => c && this.openTaskFile());
      return;
    }
    if (toLocalFocusError(err).code === 'cancelled') return;
    this.api.reportError('The task command failed', err);
  }

  private async captureAtCursor(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Local Focus: open a file and put the cursor on a TODO comment first.');
      return;
    }
    await this.captureAt(editor.document.uri, editor.selection.active.line);
  }

  /** Captures the TODO at (or spanning) a line: parse, preview, save. A TODO that has a task opens it instead. */
  async captureAt(uri?: vscode.Uri, line?: number): Promise<Task | undefined> {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!doc) return undefined;
    const atLine = line ?? (editor?.document === doc ? editor.selection.active.line : 0);
    const { todos, ids } = taskIdsOf(this.documents, doc);
    if (!todos) {
      void vscode.window.showInformationMessage('Local Focus: this file is outside the workspace folders or excluded from TODO scans (.gitignore, files.exclude, search.exclude).');
      return undefined;
    }
    const index = todos.todos.findIndex((t) => atLine >= t.line && atLine <= t.endLine);
    if (index < 0) {
      void vscode.window.showInformationMessage(`Local Focus: no TODO comment on line ${atLine + 1}. Tags: put TODO, FIXME, HACK, BUG or XXX in a comment (setting localFocus.todo.tags).`);
      return undefined;
    }
    const existingId = ids.get(index);
    if (existingId) {
      void vscode.window.showInformationMessage('Local Focus: this TODO is already a task.', 'Open Task').then((c) => c && this.openTask(existingId));
      return todos.folder.tasks.find((t) => t.id === existingId);
    }
    const todo = todos.todos[index]!;
    const { parsed, suggestions } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Local Focus: parsing the TODO' }, async (_p, token) => {
      const parsed = await parseTaskText(this.api, todoTextForParsing(todo), token);
      return { parsed, suggestions: await suggestionsFor(this.api, fieldsOf(parsed), parsed.tier, todos.folder.tasks, token) };
    });
    const fields = await previewTask(fieldsOf(parsed), { title: 'Add as Task', tier: parsed.tier, ...reasonOf(parsed), target: todos.folder.taskFileRel, suggestions });
    if (!fields) return undefined;
    const folder = todos.folder;
    const saved = await folder.mutate((store) =>
      store.update((file) => {
        // Matched against the file as it is on disk now: a capture made meanwhile (another window,
        // a double click) is found and refreshed, never duplicated.
        const { task } = captureTodo(todos.refs[index]!, fields, tasksOf(file), { now: new Date(), tier: parsed.tier, fileTodos: todos.refs });
        upsertTask(file, task);
        return task;
      }),
    );
    this.announce(`Task added to ${folder.taskFileRel}: ${saved.title}`);
    void this.tree.reveal(saved.id);
    return saved;
  }

  private async captureAllInFile(uri?: vscode.Uri): Promise<void> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc) return;
    const { todos, ids } = taskIdsOf(this.documents, doc);
    if (!todos) {
      void vscode.window.showInformationMessage('Local Focus: this file is outside the workspace folders or excluded from TODO scans.');
      return;
    }
    const open = todos.todos.map((todo, i) => ({ todo, i })).filter(({ i }) => !ids.has(i));
    if (open.length === 0) {
      void vscode.window.showInformationMessage(todos.todos.length ? 'Local Focus: every TODO in this file is already a task.' : 'Local Focus: no TODO comments in this file.');
      return;
    }
    const parsed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Local Focus: parsing ${open.length} TODOs`, cancellable: true },
      async (progress, token) => {
        const out: { i: number; parse: TaskParseResult }[] = [];
        for (const { todo, i } of open) {
          if (token.isCancellationRequested) break;
          out.push({ i, parse: await parseTaskText(this.api, todoTextForParsing(todo), token) });
          progress.report({ increment: 100 / open.length, message: `${out.length} of ${open.length}` });
        }
        return out;
      },
    );
    if (parsed.length === 0) return;
    const now = civilInZone(new Date(), userTimeZone());
    const picked = await vscode.window.showQuickPick(
      parsed.map(({ i, parse }) => ({
        label: parse.title,
        description: fieldsSummary(parse, now),
        detail: `line ${todos.todos[i]!.line + 1} · ${parse.tier === 'degraded' ? 'rules' : `${parse.tier} model`}`,
        picked: true,
        i,
        parse,
      })),
      { title: `Capture TODOs of ${todos.relPath} into ${todos.folder.taskFileRel}`, canPickMany: true, ignoreFocusOut: true, placeHolder: 'Untick the TODOs that should not become tasks; Enter saves' },
    );
    if (!picked || picked.length === 0) return;
    const added = await todos.folder.mutate((store) =>
      store.update((file) => {
        // One atomic write for all of them, applied to the file as it is on disk.
        let known = tasksOf(file);
        let count = 0;
        for (const p of picked) {
          const { task, created } = captureTodo(todos.refs[p.i]!, fieldsOf(p.parse), known, { now: new Date(), tier: p.parse.tier, fileTodos: todos.refs });
          upsertTask(file, task);
          known = [...known.filter((t) => t.id !== task.id), task];
          if (created) count++;
        }
        return count;
      }),
    );
    this.announce(`${added} task${added === 1 ? '' : 's'} added to ${todos.folder.taskFileRel}`);
  }

  private async pickFolder(): Promise<FolderTasks | undefined> {
    const folders = this.workspace.all();
    if (folders.length <= 1) return folders[0];
    const active = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = active ? this.workspace.folderFor(active) : undefined;
    if (fromEditor) return fromEditor;
    const wf = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder\'s task file?' });
    return wf ? this.workspace.folderFor(wf.uri) : undefined;
  }

  private async addTask(): Promise<void> {
    const folder = await this.pickFolder();
    if (!folder) {
      void vscode.window.showInformationMessage('Local Focus: open a folder first; tasks are kept in a file inside it.');
      return;
    }
    const text = await vscode.window.showInputBox({
      title: 'Add Task',
      prompt: 'Describe the task; dates, !priority, #tags, @assignee and ~estimates are read from the text',
      placeHolder: 'fix login redirect tomorrow 3pm !high #auth @ana ~2h',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Type what needs doing.'),
    });
    if (!text) return;
    const parsed = await parseTaskText(this.api, text);
    const suggestions = await suggestionsFor(this.api, fieldsOf(parsed), parsed.tier, folder.tasks);
    const fields = await previewTask(fieldsOf(parsed), { title: 'Add Task', tier: parsed.tier, ...reasonOf(parsed), target: folder.taskFileRel, suggestions });
    if (!fields) return;
    const task: Task = { id: newTaskId(), ...fields, status: 'open', tier: parsed.tier, created: new Date().toISOString() };
    await folder.mutate((store) => store.addTask(task));
    this.announce(`Task added to ${folder.taskFileRel}: ${task.title}`);
    void this.tree.reveal(task.id);
  }

  private located(node?: TaskNode | string): LocatedTask | undefined {
    if (typeof node === 'string') return this.workspace.find(node);
    if (node?.kind === 'task' || node?.kind === 'suggestion') return this.workspace.find(node.located.task.id) ?? node.located;
    const selected = this.tree.view.selection[0];
    return selected?.kind === 'task' || selected?.kind === 'suggestion' ? selected.located : undefined;
  }

  private async setStatus(node: TaskNode | undefined, status: 'open' | 'done'): Promise<void> {
    const l = this.located(node);
    if (!l) return;
    await l.folder.mutate((store) => store.setStatus(l.task.id, status));
  }

  /** Records when work on the task began (kept in the task file; the first start counts). */
  private async start(node?: TaskNode): Promise<void> {
    const l = this.located(node);
    if (!l) return;
    const task = await l.folder.mutate((store) => store.startTask(l.task.id));
    this.announce(`Started ${task.title}`);
  }

  private async edit(node?: TaskNode): Promise<void> {
    const l = this.located(node);
    if (!l) return;
    const seen = l.task;
    const fields = await previewTask(fieldsOf(seen), { title: 'Edit Task', tier: seen.tier, target: l.folder.taskFileRel, saveLabel: 'Save Changes' });
    if (!fields) return;
    const patch: TaskPatch = { title: fields.title, tags: fields.tags, due: fields.due, priority: fields.priority, assignee: fields.assignee, estimateMinutes: fields.estimateMinutes };
    // undefined clears a field; `seen` makes the store refuse when the line changed on disk meanwhile.
    await l.folder.mutate((store) => store.editTask(seen.id, patch, seen));
  }

  private async delete(node?: TaskNode): Promise<void> {
    const l = this.located(node);
    if (!l) return;
    const choice = await vscode.window.showWarningMessage(
      `Delete the task "${l.task.title}" from ${l.folder.taskFileRel}?`,
      { modal: true, ...(l.task.source ? { detail: 'The TODO comment stays in the code; its CodeLens offers "Add as task" again.' } : {}) },
      'Delete',
    );
    if (choice !== 'Delete') return;
    await l.folder.mutate((store) => store.deleteTask(l.task.id));
  }

  private async openSource(node?: TaskNode | string): Promise<void> {
    const l = this.located(node);
    if (!l) return;
    if (!l.task.source) {
      await this.openTask(l.task.id);
      return;
    }
    const uri = l.folder.uriOf(l.task.source.path);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = Math.min(l.task.source.line, doc.lineCount - 1);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0), preview: true });
    } catch {
      void vscode.window.showWarningMessage(`Local Focus: ${l.task.source.path} no longer exists; the task's TODO is gone.`);
    }
  }

  /** Opens the task file at the task's line and selects the task in the Tasks view. */
  async openTask(id?: string): Promise<void> {
    const l = id ? this.workspace.find(id) : this.located();
    if (!l) return;
    const doc = await vscode.workspace.openTextDocument(l.folder.taskFileUri);
    const lines = doc.getText().split(/\r?\n/);
    let line = lines.findIndex((s) => s.includes(`lf:id=${l.task.id}`));
    if (line < 0) line = Math.max(0, lines.findIndex((s) => s.includes(l.task.title)));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0), preview: true });
    void this.tree.reveal(l.task.id);
  }

  private async openTaskFile(): Promise<void> {
    const folder = await this.pickFolder();
    if (!folder) return;
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folder.taskFileUri));
    } catch {
      void vscode.window.showInformationMessage(`Local Focus: no ${folder.taskFileRel} yet; capture a TODO or add a task to start it.`);
    }
  }

  private async rescan(): Promise<void> {
    const reports = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Local Focus: scanning TODOs' }, () => this.scheduler.scanAll());
    if (reports.length === 0) {
      void vscode.window.showWarningMessage('Local Focus: the TODO scan did not run; the log says why.', 'Open Log').then((c) => c && this.api.log.show());
      return;
    }
    const todos = reports.reduce((s, r) => s + r.todos, 0);
    const files = reports.reduce((s, r) => s + r.files, 0);
    const updates = reports.reduce((s, r) => s + r.updates, 0);
    this.announce(`${todos} TODOs in ${files} files scanned; ${updates} task${updates === 1 ? '' : 's'} updated`);
  }

  private announce(message: string): void {
    this.api.log.write('info', `tasks: ${message}`);
    vscode.window.setStatusBarMessage(`$(check) ${message}`, 5_000);
  }
}

function reasonOf(p: TaskParseResult): { fallbackReason?: string } {
  return p.fallbackReason ? { fallbackReason: p.fallbackReason } : {};
}
