// The "Next" suggestions of the Tasks view: every folder's open tasks ranked by the rules tier's
// score (src/core/tasks/next/), the first three across the workspace. It keeps what the score
// needs besides the tasks: each folder's files changed on the current branch (asked of git at
// start, after HEAD moves and after saves, never in Restricted Mode, as the TODOs view's branch
// scope) and the suggestions the user hid, read from and written to the Local Focus home so they
// survive a restart. A hidden suggestion comes back by itself when its time ends.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../../core/errors';
import { folderKey, hiddenSuggestionsFile } from '../../../core/paths';
import { branchChangedFiles } from '../../../core/tasks/next/branchChangedFiles';
import { hiddenUntil, isHiddenAt, stillHidden, type HiddenSuggestion, type HideKind } from '../../../core/tasks/next/hiddenSuggestions';
import { HiddenSuggestionsFile } from '../../../core/tasks/next/hiddenSuggestionsFile';
import { DEFAULT_NEXT_COUNT, mergeRankings, rankNextTasks, type NextSuggestion } from '../../../core/tasks/next/rankNextTasks';
import { RERANK_CANDIDATES } from '../../../core/tasks/next/rerankCandidates';
import type { LocalFocusApi } from '../../featureApi';
import { watchGitHeads } from '../../gitHeadWatcher';
import { userTimeZone } from '../taskSettings';
import type { FolderTasks, LocatedTask, TaskWorkspace } from '../taskWorkspace';
import { NextModelOrder } from './nextModelOrder';

export interface LocatedSuggestion extends LocatedTask {
  suggestion: NextSuggestion;
  /** A model's one short reason, when a model tier reordered the rules' top 10. */
  modelReason?: string;
}

/** Saves and HEAD moves come in bursts (a save-all, a rebase): git runs once they settle. */
const BRANCH_QUIET_MS = 1_500;

export class NextSuggestions implements vscode.Disposable {
  private readonly hiddenFile = new HiddenSuggestionsFile(hiddenSuggestionsFile());
  private hidden: HiddenSuggestion[] = [];
  /** Per folder URI: its files changed on the current branch, relative to the folder. */
  private branchFiles = new Map<string, Set<string>>();
  /** Per folder URI: why its branch is left out, logged when it first happens or changes. */
  private readonly branchSkipped = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private branchTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly modelOrder: NextModelOrder;

  constructor(
    private readonly api: LocalFocusApi,
    private readonly workspace: TaskWorkspace,
  ) {
    const later = () => this.scheduleBranchRead();
    this.modelOrder = new NextModelOrder(api);
    this.disposables.push(
      this.emitter,
      this.modelOrder,
      this.modelOrder.onDidChange(() => this.emitter.fire()),
      watchGitHeads(later),
      vscode.workspace.onDidSaveTextDocument(later),
      vscode.workspace.onDidChangeWorkspaceFolders(later),
      vscode.workspace.onDidGrantWorkspaceTrust(later),
    );
    void this.loadHidden();
    this.scheduleBranchRead();
  }

  /** The first suggestions across the workspace folders, best first: the rules' top 10, reordered by a model when one has answered. */
  top(now = new Date(), count = DEFAULT_NEXT_COUNT): LocatedSuggestion[] {
    const timeZone = userTimeZone();
    const shortlistLength = Math.max(count, RERANK_CANDIDATES);
    const shortlist = mergeRankings(
      this.workspace.all().map((folder) => this.rankFolder(folder, now, timeZone, shortlistLength)),
      shortlistLength,
    );
    return this.modelOrder.apply(shortlist, count, now, timeZone);
  }

  /** Hides a suggestion (Snooze: two hours; Not Today: until midnight) and remembers it on disk. */
  async hide(located: LocatedTask, kind: HideKind): Promise<Date> {
    const now = new Date();
    const until = hiddenUntil(kind, now, userTimeZone());
    const entry: HiddenSuggestion = { folder: folderKey(located.folder.folder.uri.fsPath), taskId: located.task.id, kind, until: until.toISOString() };
    this.hidden = await this.hiddenFile.hide(entry, now);
    this.changed();
    return until;
  }

  private rankFolder(folder: FolderTasks, now: Date, timeZone: string, count: number): LocatedSuggestion[] {
    const key = folderKey(folder.folder.uri.fsPath);
    const changedFiles = this.branchFiles.get(folder.folder.uri.toString());
    const ranked = rankNextTasks(folder.tasks, {
      now,
      timeZone,
      count,
      ...(changedFiles ? { changedFiles } : {}),
      isHidden: (task) => isHiddenAt(this.hidden, key, task.id, now),
    });
    return ranked.map((suggestion) => ({ folder, task: suggestion.task, suggestion }));
  }

  private async loadHidden(): Promise<void> {
    this.hidden = await this.hiddenFile.read(new Date());
    this.changed();
  }

  private scheduleBranchRead(): void {
    if (this.branchTimer) clearTimeout(this.branchTimer);
    this.branchTimer = setTimeout(() => void this.readBranches(), BRANCH_QUIET_MS);
  }

  private async readBranches(): Promise<void> {
    const read = new Map<string, Set<string>>();
    // git does not run in Restricted Mode: the branch factor waits for trust.
    if (vscode.workspace.isTrusted) {
      for (const folder of this.workspace.all()) {
        const uri = folder.folder.uri.toString();
        try {
          read.set(uri, (await branchChangedFiles(folder.folder.uri.fsPath, { howToChooseBase: 'Next leaves the branch out until the repository has main, master or origin/HEAD' })).files);
          this.branchSkipped.delete(uri);
        } catch (err) {
          const reason = toLocalFocusError(err).message;
          if (this.branchSkipped.get(uri) !== reason) this.api.log.write('info', `tasks: Next ranks ${folder.folder.name} without its branch's files: ${reason}`);
          this.branchSkipped.set(uri, reason);
        }
      }
    }
    this.branchFiles = read;
    this.changed();
  }

  /** Redraws, and wakes again when the first hidden suggestion is due back. */
  private changed(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.hidden = stillHidden(this.hidden, new Date());
    const soonest = Math.min(...this.hidden.map((h) => Date.parse(h.until)));
    // setTimeout holds at most about 24.8 days; a hide never lasts longer than a day.
    if (Number.isFinite(soonest)) this.expiryTimer = setTimeout(() => this.changed(), Math.max(0, soonest - Date.now()) + 1_000);
    this.emitter.fire();
  }

  dispose(): void {
    if (this.branchTimer) clearTimeout(this.branchTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}
