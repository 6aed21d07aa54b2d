// The task file of each workspace folder, kept in step with the disk: read at start, re-read
// whenever it changes (a hand edit, a git checkout, another window), and written only through
// TaskStore, which re-reads before every write and refuses to overwrite an edit it did not see.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seenTasksRecordFile } from '../../core/paths';
import type { Task } from '../../core/tasks/task';
import { TaskFileConflictError, TaskStore } from '../../core/tasks/taskStore';
import type { LocalFocusApi } from '../featureApi';
import { taskFileSetting } from './taskSettings';

export class FolderTasks implements vscode.Disposable {
  readonly store: TaskStore;
  /** The task file relative to the folder, forward slashes. */
  readonly taskFileRel: string;
  tasks: Task[] = [];
  private readonly watcher: vscode.FileSystemWatcher;
  private reloadTimer: NodeJS.Timeout | undefined;
  readonly ready: Promise<void>;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly api: LocalFocusApi,
    private readonly changed: () => void,
  ) {
    this.taskFileRel = taskFileSetting(folder);
    const linkBase = path.posix.dirname(this.taskFileRel);
    const filePath = path.join(folder.uri.fsPath, ...this.taskFileRel.split('/'));
    // The record of the open tasks seen last lets a task ticked by hand while the editor was closed
    // be stamped done at the first read (core/tasks/handTicks.ts).
    this.store = new TaskStore({ filePath, linkBase: linkBase === '.' ? '' : linkBase, seenRecordPath: seenTasksRecordFile(filePath) });
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, this.taskFileRel));
    const schedule = () => this.scheduleReload();
    this.watcher.onDidChange(schedule);
    this.watcher.onDidCreate(schedule);
    this.watcher.onDidDelete(schedule);
    this.ready = this.reload();
  }

  get taskFileUri(): vscode.Uri {
    return vscode.Uri.file(this.store.filePath);
  }

  /** Workspace-relative path of a file in this folder (forward slashes), or undefined outside it. */
  relPath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const rel = path.relative(this.folder.uri.fsPath, uri.fsPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  uriOf(relPath: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...relPath.split('/'));
  }

  isTaskFile(uri: vscode.Uri): boolean {
    return this.relPath(uri) === this.taskFileRel;
  }

  async reload(): Promise<void> {
    try {
      const { tasks, changed } = await this.store.read();
      this.tasks = tasks;
      if (changed) {
        this.api.log.write('info', `tasks: read ${tasks.length} tasks from ${this.store.filePath}`);
        this.changed();
      }
    } catch (err) {
      this.api.log.write('error', `tasks: could not read ${this.store.filePath}: ${(err as Error).message}; the Tasks view keeps what it showed`);
    }
  }

  /**
   * Runs a change through the store (which applies it to the file as it is on disk now). On a
   * conflict the file is re-read so the view shows what is there, and the error goes to the caller.
   */
  async mutate<T>(change: (store: TaskStore) => Promise<T>): Promise<T> {
    try {
      const result = await change(this.store);
      this.tasks = this.store.tasks;
      this.changed();
      return result;
    } catch (err) {
      if (err instanceof TaskFileConflictError) await this.reload();
      throw err;
    }
  }

  private scheduleReload(): void {
    // Our own atomic rename and an editor's save both arrive as a burst of events.
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(), 75);
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.watcher.dispose();
  }
}

export interface LocatedTask {
  folder: FolderTasks;
  task: Task;
}

/** Every folder's task file; fires onDidChange when any of them changes. */
export class TaskWorkspace implements vscode.Disposable {
  private readonly folders = new Map<string, FolderTasks>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private fireTimer: NodeJS.Timeout | undefined;

  constructor(private readonly api: LocalFocusApi) {
    this.sync();
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('localFocus.tasks.file')) this.sync(true);
      }),
    );
  }

  /** Resolves once every folder's task file has been read once. */
  async ready(): Promise<void> {
    await Promise.all([...this.folders.values()].map((f) => f.ready));
  }

  all(): FolderTasks[] {
    return [...this.folders.values()];
  }

  folderFor(uri: vscode.Uri): FolderTasks | undefined {
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    return wf ? this.folders.get(wf.uri.toString()) : undefined;
  }

  allTasks(): LocatedTask[] {
    return this.all().flatMap((folder) => folder.tasks.map((task) => ({ folder, task })));
  }

  find(id: string): LocatedTask | undefined {
    return this.allTasks().find((t) => t.task.id === id);
  }

  private sync(recreate = false): void {
    const wanted = new Map((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => [f.uri.toString(), f]));
    for (const [key, folder] of this.folders) {
      if (recreate || !wanted.has(key)) {
        folder.dispose();
        this.folders.delete(key);
      }
    }
    for (const [key, wf] of wanted) {
      if (!this.folders.has(key)) this.folders.set(key, new FolderTasks(wf, this.api, () => this.fire()));
    }
    this.fire();
  }

  private fire(): void {
    // Coalesced: a scan that updates many tasks redraws the view and the CodeLenses once.
    if (this.fireTimer) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.emitter.fire();
    }, 30);
  }

  dispose(): void {
    if (this.fireTimer) clearTimeout(this.fireTimer);
    this.disposables.forEach((d) => d.dispose());
    this.folders.forEach((f) => f.dispose());
    this.emitter.dispose();
  }
}
