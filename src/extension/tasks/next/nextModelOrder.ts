// The Next group's model step: when the task model has a tier that is not the rules (the worker's
// status says so), the rules' top 10 go to tasks/nextRerank and the group shows the model's order
// with its short reasons once the answer is in. Until then, and whenever the model fails or its
// answer is refused, the rules' order stands: the view never waits on a model. An answer is kept
// for the shortlist it was asked about (the same tasks in the same order), so a redraw does not
// ask again, and a changed shortlist asks once more, cancelling the question before it.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../../core/errors';
import { rerankCandidatesOf } from '../../../core/tasks/next/rerankCandidates';
import type { NextRerankResult } from '../../../core/tasksProtocol';
import type { NextSuggestion } from '../../../core/tasks/next/rankNextTasks';
import type { Task } from '../../../core/tasks/task';
import type { LocalFocusApi } from '../../featureApi';

/** A suggestion as the Next group holds it (LocatedSuggestion), named by shape to keep the import one way. */
interface Ranked {
  task: Task;
  suggestion: NextSuggestion;
  modelReason?: string;
}

export class NextModelOrder implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when an answer arrives, so the view redraws in the model's order. */
  readonly onDidChange = this.emitter.event;
  private askedKey: string | undefined;
  private answer: { key: string; result: NextRerankResult } | undefined;
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(private readonly api: LocalFocusApi) {}

  /** The first `count` of the rules' shortlist, in the model's order when it has one for this shortlist. */
  apply<T extends Ranked>(shortlist: readonly T[], count: number, now: Date, timeZone: string): T[] {
    const key = shortlist.map((l) => l.task.id).join(' ');
    if (this.modelTierAvailable() && this.askedKey !== key && isUnambiguous(shortlist)) this.ask(shortlist, key, now, timeZone);
    const result = this.answer?.key === key ? this.answer.result : undefined;
    if (!result || result.tier === 'degraded') return shortlist.slice(0, count);
    const byId = new Map(shortlist.map((l) => [l.task.id, l]));
    return result.order.slice(0, count).map((id) => {
      const reason = result.reasons[id];
      return { ...byId.get(id)!, ...(reason ? { modelReason: reason } : {}) };
    });
  }

  /** Whether the task model's capability is served by a model now; the rules need no question. */
  private modelTierAvailable(): boolean {
    const tier = this.api.status()?.capabilities.find((c) => c.capability === 'taskParsing')?.tier;
    return tier !== undefined && tier !== 'degraded';
  }

  private ask(shortlist: readonly Ranked[], key: string, now: Date, timeZone: string): void {
    this.pending?.cancel();
    const pending = new vscode.CancellationTokenSource();
    this.pending = pending;
    this.askedKey = key;
    const candidates = rerankCandidatesOf(shortlist.map((l) => l.suggestion));
    this.api.request('tasks/nextRerank', { candidates, now: now.toISOString(), timeZone }, pending.token).then(
      (result) => {
        if (pending.token.isCancellationRequested) return;
        if (result.fallbackReason && result.tier === 'degraded') this.api.log.write('info', `tasks: Next keeps the rules' order: ${result.fallbackReason}`);
        this.answer = { key, result };
        this.emitter.fire();
      },
      (err: unknown) => {
        if (pending.token.isCancellationRequested) return;
        this.api.log.write('info', `tasks: Next keeps the rules' order; the re-rank failed: ${toLocalFocusError(err).message}`);
      },
    );
  }

  dispose(): void {
    this.pending?.cancel();
    this.emitter.dispose();
  }
}

/** Task ids are per task file: two folders' tasks with one id cannot be told apart by the model. */
function isUnambiguous(shortlist: readonly Ranked[]): boolean {
  return shortlist.length > 1 && new Set(shortlist.map((l) => l.task.id)).size === shortlist.length;
}
