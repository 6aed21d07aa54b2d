// When the workspace's TODOs are read and matched to tasks. A full scan runs in the worker
// (streamed batch by batch, open editors' unsaved text included) shortly after start, when a
// setting or an ignore file that decides the scope changes, and when the worker comes back
// after a crash. After a save only that file is read again, from its buffer; files changed on
// disk by something else (git, a formatter) are read again in small batches, or with a full scan
// when there are many. Each round ends in reconcileTodos → TaskStore.applyUpdates: a TODO that
// moved keeps its task, and a task whose TODO is gone becomes "resolved in code". Every round also
// hands the TODOs it read to the WorkspaceTodoStore (the TODOs view): a whole folder after a full
// scan, only the files read otherwise. Before a folder's first scan ends, the view shows the TODOs
// of its scan record, which the worker sends first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { reconcileTodos, type TodoRef } from '../../core/tasks/taskIdentity';
import { isTodoFilesPartial, isTodoRecordedPartial, type TodoRecordedPartial } from '../../core/tasksProtocol';
import type { TodoMatch } from '../../core/todos/findTodos';
import { scanFile } from '../../inference/todoScanner';
import type { LocalFocusApi } from '../featureApi';
import type { WorkspaceTodoStore } from '../todos/workspaceTodoStore';
import { toRefs, type DocumentTodoCache } from './documentTodos';
import { excludeGlobs, RESCAN_SETTINGS, respectGitignore, todoTags } from './taskSettings';
import type { FolderTasks, TaskWorkspace } from './taskWorkspace';

const FIRST_SCAN_DELAY_MS = 800;
const DISK_CHANGE_QUIET_MS = 1_500;
/** More changed files than this at once (a branch switch) are cheaper to cover with one full scan. */
const MAX_FILES_PER_BATCH = 50;

export interface ScanReport {
  folder: string;
  files: number;
  todos: number;
  updates: number;
  ms: number;
}

export class TodoScanScheduler implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  /** Folders whose last full scan could not run (worker down): scanned again when it is back. */
  private readonly pending = new Set<string>();
  private fullTimer: NodeJS.Timeout | undefined;
  private diskTimer: NodeJS.Timeout | undefined;
  private readonly diskChanged = new Map<string, vscode.Uri>();
  /** Files just saved from the editor: their disk change event is the save itself. */
  private readonly justSaved = new Map<string, number>();
  private seq = 0;
  private readonly scanned = new vscode.EventEmitter<ScanReport>();
  readonly onDidScan = this.scanned.event;

  constructor(
    private readonly api: LocalFocusApi,
    private readonly workspace: TaskWorkspace,
    private readonly documents: DocumentTodoCache,
    private readonly store: WorkspaceTodoStore,
  ) {}

  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onDisk = (uri: vscode.Uri) => this.noteDiskChange(uri);
    this.disposables.push(
      this.scanned,
      watcher,
      watcher.onDidChange(onDisk),
      watcher.onDidCreate(onDisk),
      watcher.onDidDelete(onDisk),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.rescanSaved(doc)),
      vscode.workspace.onDidDeleteFiles((e) => void this.reconcileGone(e.files)),
      vscode.workspace.onDidRenameFiles((e) => void this.onRenamed(e.files)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (RESCAN_SETTINGS.some((s) => e.affectsConfiguration(s))) {
          this.documents.invalidateScope();
          this.scheduleFull(300);
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const gone of e.removed) this.store.removeFolder(gone.uri.toString());
        this.scheduleFull(300);
      }),
      this.api.onStatus(() => {
        if (this.pending.size > 0) this.scheduleFull(200);
      }),
    );
    this.scheduleFull(FIRST_SCAN_DELAY_MS);
  }

  scheduleFull(delayMs: number): void {
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = setTimeout(() => {
      this.fullTimer = undefined;
      void this.scanAll();
    }, delayMs);
  }

  async scanAll(): Promise<ScanReport[]> {
    const reports: ScanReport[] = [];
    for (const folder of this.workspace.all()) {
      const r = await this.fullScan(folder);
      if (r) reports.push(r);
    }
    return reports;
  }

  /** Scans one folder in the worker and reconciles its tasks with everything found. */
  async fullScan(folder: FolderTasks): Promise<ScanReport | undefined> {
    const key = folder.folder.uri.toString();
    this.running.get(key)?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.running.set(key, cts);
    const requestId = `tasks-scan-${process.pid}-${++this.seq}`;
    const files = new Map<string, TodoMatch[]>();
    const started = Date.now();
    // Batches arrive as worker/progress notifications ahead of the request's answer, in order;
    // the record's TODOs, when the worker found the folder's record, before the first batch.
    const sub = this.api.onProgress((p) => {
      if (p.requestId !== requestId) return;
      if (isTodoFilesPartial(p.partial)) for (const f of p.partial.files) files.set(f.path, f.todos);
      else if (isTodoRecordedPartial(p.partial)) this.showRecorded(folder, p.partial, Date.now() - started);
    });
    try {
      const overrides: Record<string, string> = {};
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.isDirty && doc.uri.scheme === 'file' && folder.relPath(doc.uri)) overrides[doc.uri.fsPath] = doc.getText();
      }
      const result = await this.api.request(
        'todos/scan',
        { root: folder.folder.uri.fsPath, requestId, tags: todoTags(), exclude: excludeGlobs(folder.folder), respectGitignore: respectGitignore(folder.folder), overrides },
        cts.token,
      );
      this.pending.delete(key);
      this.store.replaceFolder(key, files);
      await folder.ready;
      await folder.reload();
      const { updates } = reconcileTodos(refsOf(files), folder.tasks, { complete: true });
      const applied = updates.length ? await folder.mutate((store) => store.applyUpdates(updates)) : 0;
      const report: ScanReport = { folder: folder.folder.name, files: result.stats.filesScanned, todos: result.stats.todos, updates: applied, ms: Date.now() - started };
      this.api.log.write(
        'info',
        `tasks: scanned ${folder.folder.name}: ${result.stats.filesScanned} files, ${result.stats.todos} TODOs in ${result.stats.filesWithTodos} files, worker ${result.stats.ms} ms, total ${report.ms} ms; ${applied} task${applied === 1 ? '' : 's'} updated`,
      );
      this.scanned.fire(report);
      return report;
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'cancelled') return undefined;
      if (e.code === 'worker-exited' || e.code === 'timeout') {
        this.pending.add(key);
        this.api.log.write('warn', `tasks: TODO scan of ${folder.folder.name} waits for the inference worker (${e.message}); it runs again when the worker is back`);
      } else {
        this.api.log.write('error', `tasks: TODO scan of ${folder.folder.name} failed: ${e.code}: ${e.message}`);
      }
      return undefined;
    } finally {
      sub.dispose();
      if (this.running.get(key) === cts) this.running.delete(key);
      cts.dispose();
    }
  }

  /**
   * The TODOs the folder's scan record held, shown in the view while the scan checks every file
   * (after a restart, the record is read long before the last file is stat'ed). Tasks are matched
   * only to what the scan finds: a record may be out of date.
   */
  private showRecorded(folder: FolderTasks, recorded: TodoRecordedPartial, afterMs: number): void {
    if (!this.store.showRecorded(folder.folder.uri.toString(), recorded.files.map((f) => [f.path, f.todos] as const))) return;
    const todos = recorded.files.reduce((n, f) => n + f.todos.length, 0);
    this.api.log.write('info', `tasks: ${folder.folder.name}'s ${todos} TODOs in ${recorded.files.length} files shown from the last scan's record ${afterMs} ms after the scan's request; the scan goes on`);
  }

  /** After a save: that file's TODOs, from the buffer the CodeLens already lexed, matched to tasks. */
  async rescanSaved(doc: vscode.TextDocument): Promise<void> {
    this.justSaved.set(doc.uri.toString(), Date.now());
    const folder = this.workspace.folderFor(doc.uri);
    if (!folder || folder.isTaskFile(doc.uri)) return;
    if (path.basename(doc.uri.fsPath) === '.gitignore') {
      this.documents.invalidateScope();
      this.scheduleFull(300);
      return;
    }
    const started = performance.now();
    const found = this.documents.get(doc);
    if (!found) return;
    await this.reconcileFiles(folder, new Map([[found.relPath, found.todos]]), `save of ${found.relPath}`, started);
  }

  /** These files' TODOs as read now (an empty list: the file or folder is gone): into the store, then matched to tasks. */
  private async reconcileFiles(folder: FolderTasks, files: Map<string, TodoMatch[]>, why: string, started = performance.now()): Promise<void> {
    this.store.updateFiles(folder.folder.uri.toString(), files);
    await folder.ready;
    const { updates } = reconcileTodos(refsOf(files), folder.tasks);
    if (updates.length === 0) return;
    try {
      const applied = await folder.mutate((store) => store.applyUpdates(updates));
      this.api.log.write('info', `tasks: ${why}: ${applied} task${applied === 1 ? '' : 's'} updated in ${(performance.now() - started).toFixed(1)} ms`);
    } catch (err) {
      this.api.reportError(`Could not update ${folder.taskFileRel} after the ${why}`, err);
    }
  }

  /** Deleted files and folders: the tasks of TODOs that were in them become resolved in code. */
  private async reconcileGone(uris: readonly vscode.Uri[]): Promise<void> {
    const byFolder = new Map<FolderTasks, Map<string, TodoMatch[]>>();
    for (const uri of uris) {
      const folder = this.workspace.folderFor(uri);
      const rel = folder?.relPath(uri);
      if (!folder || !rel) continue;
      let files = byFolder.get(folder);
      if (!files) byFolder.set(folder, (files = new Map()));
      files.set(rel, []);
      for (const t of folder.tasks) {
        const p = t.source?.path;
        if (p && (p === rel || p.startsWith(`${rel}/`))) files.set(p, []);
      }
    }
    for (const [folder, files] of byFolder) await this.reconcileFiles(folder, files, 'deletion');
  }

  private async onRenamed(renames: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): Promise<void> {
    // A renamed folder moves many files: a full scan finds them all and keeps their tasks (same text).
    for (const r of renames) {
      const stat = await vscode.workspace.fs.stat(r.newUri).then(
        (s) => s,
        () => undefined,
      );
      if (stat?.type === vscode.FileType.Directory) {
        this.scheduleFull(300);
        return;
      }
    }
    const byFolder = new Map<FolderTasks, Map<string, TodoMatch[]>>();
    for (const { oldUri, newUri } of renames) {
      for (const [uri, gone] of [
        [oldUri, true],
        [newUri, false],
      ] as const) {
        const folder = this.workspace.folderFor(uri);
        const rel = folder?.relPath(uri);
        if (!folder || !rel) continue;
        let files = byFolder.get(folder);
        if (!files) byFolder.set(folder, (files = new Map()));
        files.set(rel, gone || !this.documents.isInScope(folder, rel) ? [] : await this.readTodos(uri));
      }
    }
    for (const [folder, files] of byFolder) await this.reconcileFiles(folder, files, 'rename');
  }

  private noteDiskChange(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const name = path.basename(uri.fsPath);
    // Our own temp files of atomic writes, and version control internals.
    if (name.endsWith('.tmp') || uri.fsPath.split(path.sep).some((p) => p === '.git' || p === '.hg' || p === '.svn')) return;
    const saved = this.justSaved.get(uri.toString());
    if (saved !== undefined && Date.now() - saved < 3_000) return;
    this.diskChanged.set(uri.toString(), uri);
    if (this.diskTimer) clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => void this.flushDiskChanges(), DISK_CHANGE_QUIET_MS);
  }

  private async flushDiskChanges(): Promise<void> {
    this.diskTimer = undefined;
    const uris = [...this.diskChanged.values()];
    this.diskChanged.clear();
    const now = Date.now();
    for (const [k, t] of this.justSaved) if (now - t > 10_000) this.justSaved.delete(k);
    // A burst (a branch switch, a build writing an output folder) costs less as one scan in the
    // worker than as thousands of scope checks here.
    if (uris.length > MAX_FILES_PER_BATCH * 4) {
      this.scheduleFull(0);
      return;
    }
    if (uris.some((u) => path.basename(u.fsPath) === '.gitignore')) {
      this.documents.invalidateScope();
      this.scheduleFull(0);
      return;
    }
    const byFolder = new Map<FolderTasks, Map<string, TodoMatch[]>>();
    let count = 0;
    for (const uri of uris) {
      const folder = this.workspace.folderFor(uri);
      const rel = folder?.relPath(uri);
      if (!folder || !rel || folder.isTaskFile(uri) || !this.documents.isInScope(folder, rel)) continue;
      if (++count > MAX_FILES_PER_BATCH) {
        this.scheduleFull(0);
        return;
      }
      let files = byFolder.get(folder);
      if (!files) byFolder.set(folder, (files = new Map()));
      files.set(rel, await this.readTodos(uri));
    }
    for (const [folder, files] of byFolder) await this.reconcileFiles(folder, files, `change on disk of ${files.size} file${files.size === 1 ? '' : 's'}`);
  }

  /** One file's TODOs: its open buffer when there is one, else the worker reads it (or the host when the worker is down). */
  private async readTodos(uri: vscode.Uri): Promise<TodoMatch[]> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.documents.get(open)?.todos ?? [];
    try {
      return (await this.api.request('todos/scanFile', { path: uri.fsPath, tags: todoTags() })).todos;
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code !== 'worker-exited' && e.code !== 'timeout') throw e;
      return scanFile(uri.fsPath, undefined, { tags: todoTags() }).catch(() => []);
    }
  }

  dispose(): void {
    if (this.fullTimer) clearTimeout(this.fullTimer);
    if (this.diskTimer) clearTimeout(this.diskTimer);
    this.running.forEach((c) => c.cancel());
    this.disposables.forEach((d) => d.dispose());
  }
}

/** The same TODOs as identity tracking sees them, per file. */
function refsOf(files: ReadonlyMap<string, readonly TodoMatch[]>): Map<string, TodoRef[]> {
  return new Map([...files].map(([rel, todos]) => [rel, toRefs(rel, todos)]));
}
