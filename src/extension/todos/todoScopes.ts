// The TODOs view's scope: All, Mine (the lines git blame gives to the user's e-mail) or This
// branch (lines added since the merge-base with the default branch, or a base the user picked).
// The git answers are kept per workspace folder and refreshed file by file when the store reports
// changed files, whole when a full scan replaced a folder, the scope changed, or HEAD moved. An
// editor's unsaved text is what blame reads for that file (--contents), so its lines match. git
// does not run in Restricted Mode, as VS Code's own git extension does not: the scopes then say
// they need a trusted workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LocalFocusError, toLocalFocusError } from '../../core/errors';
import { openRepository, type GitRepository } from '../../core/git/gitRepository';
import { branchLines } from '../../core/todos/branchScope';
import { GIT_SCOPE_LABELS, inLineSet, type GitScopeKind, type ScopeLines } from '../../core/todos/gitScope';
import { mineLines } from '../../core/todos/mineScope';
import type { LocalFocusApi } from '../featureApi';
import { watchGitHeads } from '../gitHeadWatcher';
import type { WorkspaceTodoStore } from './workspaceTodoStore';

export type TodoScope = 'all' | GitScopeKind;

export const SCOPE_LABELS: Record<TodoScope, string> = { all: 'All', ...GIT_SCOPE_LABELS };

/** How the view's user names a base when the repository has no default branch. */
const HOW_TO_CHOOSE_BASE = 'choose one with "Choose TODO Scope…" → "This branch, compared with…"';
const HEAD_MOVE_QUIET_MS = 1_000;

export interface FolderScope {
  state: 'reading' | 'ready' | 'failed';
  /** Why the scope has no answer for this folder (not a repository, no default branch …). */
  reason?: string;
  /** The folder's path inside its repository, forward slashes ('' at the top). */
  prefix: string;
  /** In-scope lines by repository-relative path. */
  lines: ScopeLines;
  /** What the lines are, as a sentence: `Lines git blame gives to ana@example.org, …`. */
  summary?: string;
}

export class TodoScopes implements vscode.Disposable {
  private kind: TodoScope = 'all';
  private baseRef: string | undefined;
  private readonly folders = new Map<string, FolderScope>();
  /** Per folder, one git run after another, so a file's refresh never overtakes the folder's. */
  private readonly queues = new Map<string, Promise<void>>();
  private controller = new AbortController();
  private headTimer: NodeJS.Timeout | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly api: LocalFocusApi,
    private readonly store: WorkspaceTodoStore,
  ) {
    // A commit or a checkout moves HEAD or a branch: whose lines and which are new may change.
    this.disposables.push(
      this.emitter,
      watchGitHeads(() => this.scheduleAfterHeadMove()),
      store.onDidChange((c) => (c.paths ? this.refresh(c.folder, c.paths) : this.refresh(c.folder))),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
    );
  }

  get scope(): TodoScope {
    return this.kind;
  }

  /** The base the user picked for This branch; undefined: the default branch. */
  get base(): string | undefined {
    return this.baseRef;
  }

  set(scope: TodoScope, base?: string): void {
    this.kind = scope;
    this.baseRef = scope === 'branch' ? base : undefined;
    this.refreshAll();
  }

  /** Whether a TODO's line (0-based) is in the scope; nothing is while git has not answered. */
  includes(folderKey: string, relPath: string, line: number): boolean {
    if (this.kind === 'all') return true;
    const folder = this.folders.get(folderKey);
    if (folder?.state !== 'ready') return false;
    return inLineSet(folder.lines.get(folder.prefix ? `${folder.prefix}/${relPath}` : relPath), line + 1);
  }

  /** The folder's state under the current git scope; undefined under All. */
  folderState(folderKey: string): FolderScope | undefined {
    return this.kind === 'all' ? undefined : this.folders.get(folderKey);
  }

  refreshAll(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.folders.clear();
    for (const wf of vscode.workspace.workspaceFolders ?? []) this.refresh(wf.uri.toString());
    this.emitter.fire();
  }

  private scheduleAfterHeadMove(): void {
    if (this.kind === 'all') return;
    if (this.headTimer) clearTimeout(this.headTimer);
    this.headTimer = setTimeout(() => this.refreshAll(), HEAD_MOVE_QUIET_MS);
  }

  /** Reads the scope again for a folder, or only for some of its files. */
  private refresh(folderKey: string, relPaths?: readonly string[]): void {
    if (this.kind === 'all') return;
    const kind = this.kind;
    const signal = this.controller.signal;
    const previous = this.queues.get(folderKey) ?? Promise.resolve();
    const next = previous.then(() => (signal.aborted ? undefined : this.read(folderKey, kind, signal, relPaths)));
    this.queues.set(folderKey, next);
    void next.finally(() => {
      if (this.queues.get(folderKey) === next) this.queues.delete(folderKey);
    });
  }

  private async read(folderKey: string, kind: GitScopeKind, signal: AbortSignal, relPaths?: readonly string[]): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === folderKey);
    if (!folder) return;
    const known = this.folders.get(folderKey);
    // A file's refresh needs the folder's answer to patch; without one, read the whole folder.
    const files = known?.state === 'ready' ? relPaths : undefined;
    if (!files) this.record(folderKey, { state: 'reading', prefix: '', lines: new Map() }, signal);
    const started = performance.now();
    try {
      if (!vscode.workspace.isTrusted) throw new LocalFocusError('bad-input', `${SCOPE_LABELS[kind]} runs git, which Restricted Mode does not allow; trust this workspace to use it.`);
      const repo = await openRepository(folder.uri.fsPath, signal);
      const prefix = path.relative(repo.top, fs.realpathSync(folder.uri.fsPath)).split(path.sep).join('/');
      const toRepo = (rel: string) => (prefix ? `${prefix}/${rel}` : rel);
      const { lines, summary } = kind === 'mine' ? await this.readMine(repo, folderKey, files, toRepo) : await this.readBranch(repo, files?.map(toRepo));
      if (files && known) {
        for (const rel of files) known.lines.delete(toRepo(rel));
        for (const [file, set] of lines) known.lines.set(file, set);
        this.record(folderKey, { ...known, summary }, signal);
      } else {
        this.record(folderKey, { state: 'ready', prefix, lines, summary }, signal);
      }
      this.api.log.write('info', `todos: ${SCOPE_LABELS[kind]} for ${folder.name}${files ? ` (${files.length} file${files.length === 1 ? '' : 's'})` : ''} read in ${(performance.now() - started).toFixed(0)} ms: ${summary}`);
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'cancelled' || signal.aborted) return;
      this.api.log.write('warn', `todos: ${SCOPE_LABELS[kind]} for ${folder.name} has no answer: ${e.message}`);
      this.record(folderKey, { state: 'failed', reason: e.message, prefix: '', lines: new Map() }, signal);
    }
  }

  private async readMine(repo: GitRepository, folderKey: string, relPaths: readonly string[] | undefined, toRepo: (rel: string) => string): Promise<{ lines: ScopeLines; summary: string }> {
    const files = this.store.files(folderKey);
    const wanted = relPaths ?? [...files.keys()];
    const targets = wanted.flatMap((rel) => {
      const todos = files.get(rel);
      if (!todos?.length) return [];
      const abs = path.join(repo.top, ...toRepo(rel).split('/'));
      const open = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === abs);
      return [{ path: toRepo(rel), lines: todos.map((t) => t.line + 1), contents: open?.getText() }];
    });
    const { email, lines } = await mineLines(repo, targets);
    return { lines, summary: `Lines git blame gives to ${email}, and lines not committed yet.` };
  }

  private async readBranch(repo: GitRepository, repoPaths: readonly string[] | undefined): Promise<{ lines: ScopeLines; summary: string }> {
    const { base, mergeBase, lines } = await branchLines(repo, { base: this.baseRef, howToChooseBase: HOW_TO_CHOOSE_BASE, paths: repoPaths });
    return { lines, summary: `Lines added since ${base} (merge-base ${mergeBase.slice(0, 8)}), uncommitted ones included.` };
  }

  /** Records a folder's state unless the scope changed meanwhile, and tells the view. */
  private record(folderKey: string, scope: FolderScope, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.folders.set(folderKey, scope);
    this.emitter.fire();
  }

  dispose(): void {
    if (this.headTimer) clearTimeout(this.headTimer);
    this.controller.abort();
    this.disposables.forEach((d) => d.dispose());
  }
}
