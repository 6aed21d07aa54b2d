// Keeps the notes index of each workspace folder and each notes folder outside it current, in the worker, without getting in the way:
// a full pass a little after start-up (a stat per file when nothing changed), then only the files
// that file events name, batched after a quiet moment and never while the user is typing; a full
// pass again when the scope settings change, the worker comes back after a crash, or the embedding
// model arrives. Runs are background runs (the worker rests between embedding batches), can be
// paused and resumed, and show their counts and ETA in the Local Focus status item, whose tooltip
// links to Pause and Resume.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { isNotesIndexPartial, skippedNotes, type NotesIndexPartial, type NotesIndexResult } from '../../core/notesProtocol';
import type { StatusReport } from '../../core/protocol';
import { compileGlobs } from '../../core/todos/glob';
import type { LocalFocusApi } from '../featureApi';
import { escape } from '../statusText';
import { progressText } from './noteResultText';
import { folderHolding } from '../../core/notes/folderHolding';
import { indexedFolders, type IndexedFolder } from './indexedFolders';
import { REINDEX_SETTINGS } from './noteSettings';

export const PAUSE_COMMAND = 'localFocus.notes.pauseIndexing';
export const RESUME_COMMAND = 'localFocus.notes.resumeIndexing';
const ACTIVITY_KEY = 'notes';

const FIRST_RUN_DELAY_MS = 1_500;
const EVENTS_QUIET_MS = 1_500;
/** Typing in the editor this recently postpones a run. */
const TYPING_QUIET_MS = 2_000;
/** More changed files than this at once (a branch switch) are listed with one full pass instead. */
const MAX_LISTED_FILES = 200;

interface Pending {
  full: boolean;
  files: Set<string>;
}

export interface IndexerState {
  running: boolean;
  paused: boolean;
  progress?: NotesIndexPartial;
}

export class NotesIndexer implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The folders indexed now: read again with every full pass, so a settings change is followed. */
  private folders: IndexedFolder[] = [];
  /** Watchers of the notes folders outside the workspace, which the workspace's watcher does not see. */
  private outsideWatchers: vscode.Disposable[] = [];
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private running: { folder: string; cts: vscode.CancellationTokenSource } | undefined;
  private progress: NotesIndexPartial | undefined;
  private paused = false;
  private lastTyping = 0;
  private workerPid: number | undefined;
  private notesTier: string | undefined;
  private seq = 0;
  private readonly changed = new vscode.EventEmitter<IndexerState>();
  /** Fires when a run starts, progresses, ends, pauses or resumes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly api: LocalFocusApi) {}

  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onDisk = (uri: vscode.Uri): void => this.noteChanged(uri);
    this.disposables.push(
      { dispose: () => this.api.showActivity(ACTIVITY_KEY, undefined) },
      { dispose: () => this.outsideWatchers.forEach((d) => d.dispose()) },
      this.changed,
      watcher,
      watcher.onDidChange(onDisk),
      watcher.onDidCreate(onDisk),
      watcher.onDidDelete((uri) => this.noteChanged(uri, true)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.scheme === 'file') this.lastTyping = Date.now();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (REINDEX_SETTINGS.some((s) => e.affectsConfiguration(s))) this.scheduleFull(500);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleFull(500)),
      this.api.onStatus((report) => this.statusChanged(report)),
    );
    this.scheduleFull(FIRST_RUN_DELAY_MS);
  }

  get state(): IndexerState {
    return { running: this.running !== undefined, paused: this.paused, ...(this.progress ? { progress: this.progress } : {}) };
  }

  /** Indexes every folder again (a stat per unchanged file). */
  scheduleFull(delayMs = 0): void {
    this.followFolders();
    for (const folder of this.folders) this.pendingFor(folder.path).full = true;
    this.schedule(delayMs);
  }

  /** Reads the folders again and watches the notes folders outside the workspace. */
  private followFolders(): void {
    const before = this.folders.filter((f) => f.outside).map((f) => f.path).join('\n');
    this.folders = indexedFolders();
    const outside = this.folders.filter((f) => f.outside);
    if (outside.map((f) => f.path).join('\n') === before && this.outsideWatchers.length > 0) return;
    this.outsideWatchers.forEach((d) => d.dispose());
    this.outsideWatchers = outside.flatMap((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder.path), '**/*'));
      return [watcher, watcher.onDidChange((uri) => this.noteChanged(uri)), watcher.onDidCreate((uri) => this.noteChanged(uri)), watcher.onDidDelete((uri) => this.noteChanged(uri, true))];
    });
  }

  async pause(): Promise<void> {
    if (this.paused) return;
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.api.request('notes/pause', {});
    } catch (err) {
      this.api.log.write('warn', `notes: pause request failed (${toLocalFocusError(err).message}); no run is started while paused`);
    }
    this.api.log.write('info', 'notes: indexing paused; Resume Notes Indexing continues where it stopped');
    this.render();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.api.log.write('info', 'notes: indexing resumed');
    this.render();
    this.schedule(0);
  }

  private pendingFor(folder: string): Pending {
    let p = this.pending.get(folder);
    if (!p) this.pending.set(folder, (p = { full: false, files: new Set() }));
    return p;
  }

  private statusChanged(report: StatusReport): void {
    const tier = report.capabilities.find((c) => c.capability === 'notesSearch')?.tier;
    const restarted = this.workerPid !== undefined && report.workerPid !== this.workerPid;
    // The model arrived (or went): the next pass embeds every chunk that has no vector yet.
    const modelChanged = this.notesTier !== undefined && tier !== this.notesTier;
    this.workerPid = report.workerPid;
    this.notesTier = tier;
    if (restarted || modelChanged) {
      this.api.log.write('info', `notes: ${restarted ? 'the inference worker restarted' : `notes search is now ${tier}`}; indexing every folder again`);
      this.scheduleFull(restarted ? 1_000 : 300);
    }
  }

  private noteChanged(uri: vscode.Uri, deleted = false): void {
    if (uri.scheme !== 'file') return;
    const folder = folderHolding(this.folders, uri.fsPath);
    if (!folder) return;
    const rel = path.relative(folder.path, uri.fsPath).split(path.sep).join('/');
    const base = path.posix.basename(rel);
    const pending = this.pendingFor(folder.path);
    if (base === '.gitignore') {
      pending.full = true;
    } else if (compileGlobs(folder.scope.include)(rel)) {
      // The worker applies the excludes and .gitignore, with the same rules as a full pass.
      pending.files.add(uri.fsPath);
      if (pending.files.size > MAX_LISTED_FILES) pending.full = true;
    } else if (deleted && !path.posix.extname(base)) {
      // A deleted folder comes as one event for the folder: only a full pass finds its notes gone.
      pending.full = true;
    } else {
      if (!pending.full && pending.files.size === 0) this.pending.delete(folder.path);
      return;
    }
    this.schedule(EVENTS_QUIET_MS);
  }

  private schedule(delayMs: number): void {
    if (this.paused) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Yield to the editor: while the user types, the run waits for a pause in typing.
      const sinceTyping = Date.now() - this.lastTyping;
      if (sinceTyping < TYPING_QUIET_MS) return this.schedule(TYPING_QUIET_MS - sinceTyping);
      void this.runPending();
    }, delayMs);
  }

  private async runPending(): Promise<void> {
    if (this.running || this.paused) return;
    for (const [folder, pending] of [...this.pending]) {
      if (this.paused) break;
      this.pending.delete(folder);
      const ok = await this.runFolder(folder, pending);
      if (!ok) {
        const again = this.pendingFor(folder);
        again.full ||= pending.full;
        for (const f of pending.files) again.files.add(f);
      }
    }
    // Events that came during the run.
    if (this.pending.size > 0 && !this.paused) this.schedule(EVENTS_QUIET_MS);
  }

  /** Runs notes/index for one folder; false when it must run again (paused, worker gone). */
  private async runFolder(folderPath: string, pending: Pending): Promise<boolean> {
    const folder = this.folders.find((f) => f.path === folderPath);
    if (!folder) return true;
    const cts = new vscode.CancellationTokenSource();
    this.running = { folder: folderPath, cts };
    const requestId = `notes-index-${process.pid}-${++this.seq}`;
    const sub = this.api.onProgress((p) => {
      if (p.requestId !== requestId || !isNotesIndexPartial(p.partial)) return;
      this.progress = p.partial;
      this.render();
    });
    this.render();
    const started = Date.now();
    try {
      const result = await this.api.request(
        'notes/index',
        { folder: folderPath, ...folder.scope, ...(pending.full ? {} : { files: [...pending.files] }), requestId, background: true },
        cts.token,
      );
      this.logResult(folder.label, result, Date.now() - started, pending.full);
      return !result.paused;
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'cancelled') return false;
      if (e.code === 'worker-exited') {
        this.api.log.write('warn', `notes: indexing ${folder.label} stopped with the inference worker (${e.message}); it continues when the worker is back`);
        return false;
      }
      this.api.reportError(`Could not index the notes of ${folder.label}`, e);
      return true;
    } finally {
      sub.dispose();
      cts.dispose();
      this.running = undefined;
      this.progress = undefined;
      this.render();
    }
  }

  private logResult(name: string, r: NotesIndexResult, ms: number, full: boolean): void {
    const changed = r.filesAdded + r.filesChanged + r.filesDeleted;
    if (!full && changed === 0 && !r.paused) return;
    this.api.log.write(
      'info',
      `notes: ${r.paused ? 'paused indexing' : 'indexed'} ${name}: ${r.filesInScope} notes in scope, ${r.filesAdded} added, ${r.filesChanged} changed, ${r.filesDeleted} deleted; ` +
        `${r.chunksEmbedded} chunks embedded, ${r.stats.chunks} chunks / ${r.stats.vectors} vectors in the index; ${r.tier} search; ${ms} ms` +
        (r.filesSkipped ? `; not indexed: ${skippedText(r)}` : '') +
        (r.rebuildReason ? `; rebuilt: ${r.rebuildReason}` : '') +
        (r.paused ? `; ${r.pendingChunks ?? 0} chunks left` : ''),
    );
  }

  private render(): void {
    if (this.paused) {
      this.api.showActivity(ACTIVITY_KEY, {
        badge: '$(debug-pause)',
        tooltip: `$(debug-pause) Notes indexing is paused. [Resume](command:${RESUME_COMMAND})`,
        commands: [RESUME_COMMAND],
      });
    } else if (this.running) {
      const running = this.running.folder;
      const name = this.folders.find((f) => f.path === running)?.label ?? path.basename(running);
      this.api.showActivity(ACTIVITY_KEY, {
        badge: '$(sync~spin)',
        tooltip: `$(sync~spin) ${escape(this.progress ? progressText(this.progress) : 'Notes: indexing')}: the notes of ${escape(name)}, for search. [Pause](command:${PAUSE_COMMAND})`,
        commands: [PAUSE_COMMAND],
      });
    } else {
      this.api.showActivity(ACTIVITY_KEY, undefined);
    }
    this.changed.fire(this.state);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.running?.cts.cancel();
    this.disposables.forEach((d) => d.dispose());
  }
}

function skippedText(r: NotesIndexResult): string {
  const { listed, more } = skippedNotes(r);
  return `${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
