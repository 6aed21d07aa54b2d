// Code review in the editor: Review Selection / File / Uncommitted Changes send the text to the
// worker's review/run, findings appear in Problems as each part is reviewed, a notification with a
// Cancel button shows progress, and a summary plus the status bar say which tier ran.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { worstTier, type Tier } from '../../core/protocol';
import type { Finding } from '../../core/review/findings';
import { runHeuristics } from '../../core/review/heuristics';
import { changedLinesBetween } from '../../core/review/lineDiff';
import { isReviewFindingsPartial, type ReviewLineRange, type ReviewRunParams, type ReviewRunResult } from '../../core/reviewProtocol';
import type { Feature, LocalFocusApi } from '../featureApi';
import { uncommittedChanges } from './gitChanges';
import { DISMISS_FINDING_COMMAND, ReviewCodeActions } from './reviewCodeActions';
import { ReviewDiagnostics, type ReviewScope } from './reviewDiagnostics';
import { ReviewStatus } from './reviewStatus';
import { summaryMessage, type ReviewOutcome } from './reviewSummary';

export const REVIEW_COMMANDS = {
  selection: 'localFocus.review.selection',
  file: 'localFocus.review.file',
  uncommitted: 'localFocus.review.uncommitted',
  clear: 'localFocus.review.clear',
  dismiss: DISMISS_FINDING_COMMAND,
} as const;

const DEFAULT_CONTEXT_TOKENS = 8192;

function contextTokensSetting(): number {
  const v = vscode.workspace.getConfiguration('localFocus').get<number>('review.contextTokens', DEFAULT_CONTEXT_TOKENS);
  return Number.isInteger(v) && v >= 1024 ? v : DEFAULT_CONTEXT_TOKENS;
}

interface ReviewTarget {
  uri: vscode.Uri;
  text: string;
  languageId: string;
  /** Shown to the model and in the summary. */
  path: string;
  range?: ReviewLineRange;
  changedLines?: number[];
}

let requestCounter = 0;

class ReviewController implements vscode.Disposable {
  readonly diagnostics = new ReviewDiagnostics();
  readonly status: ReviewStatus;

  constructor(private readonly api: LocalFocusApi) {
    this.status = new ReviewStatus((key, activity) => api.showActivity(key, activity));
  }

  /**
   * One file through review/run. Streamed findings replace the scope's earlier findings at the
   * first part of each tier, so a fallback mid-review does not mix two tiers' findings.
   */
  async reviewOne(target: ReviewTarget, token: vscode.CancellationToken, onMessage: (message: string, fraction?: number) => void): Promise<ReviewRunResult> {
    const requestId = `review-${process.pid}-${++requestCounter}`;
    const scope: ReviewScope = target.range ?? 'file';
    let streamingTier: Tier | undefined;
    const sub = this.api.onProgress((p) => {
      if (p.requestId !== requestId) return;
      if (p.message) onMessage(p.message, p.total ? (p.done ?? 0) / p.total : undefined);
      if (!isReviewFindingsPartial(p.partial)) return;
      const partial = p.partial;
      if (partial.tier !== streamingTier || partial.chunk === 0) {
        streamingTier = partial.tier;
        this.diagnostics.replace(target.uri, scope, partial.tier, partial.findings);
      } else {
        this.diagnostics.add(target.uri, partial.tier, partial.findings);
      }
    });
    const params: ReviewRunParams = {
      requestId,
      path: target.path,
      languageId: target.languageId,
      text: target.text,
      contextTokens: contextTokensSetting(),
      ...(target.range ? { range: target.range } : {}),
      ...(target.changedLines ? { changedLines: target.changedLines } : {}),
    };
    try {
      let result: ReviewRunResult;
      try {
        result = await this.api.request('review/run', params, token);
      } catch (err) {
        if (toLocalFocusError(err).code !== 'worker-exited') throw err;
        // The heuristics are plain code: while the worker restarts they run here instead.
        result = heuristicsInHost(target, toLocalFocusError(err).message);
      }
      this.diagnostics.replace(target.uri, scope, result.tier, result.findings);
      return result;
    } finally {
      sub.dispose();
    }
  }

  /** Runs reviews under one cancellable notification, then shows the summary and updates the status bar. */
  async withProgress(subject: string, work: (token: vscode.CancellationToken, report: (m: string, fraction?: number) => void) => Promise<ReviewOutcome>): Promise<void> {
    this.status.running(subject);
    let outcome: ReviewOutcome | undefined;
    try {
      outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Local Focus: reviewing ${subject}`, cancellable: true },
        async (progress, token) => {
          let reported = 0;
          return work(token, (message, fraction) => {
            const increment = fraction !== undefined ? Math.max(0, fraction * 100 - reported) : undefined;
            if (increment !== undefined) reported += increment;
            progress.report({ message, ...(increment ? { increment } : {}) });
          });
        },
      );
    } catch (err) {
      this.status.hide();
      this.api.reportError(`Review of ${subject} failed`, err);
      return;
    }
    this.status.finished(outcome);
    const message = summaryMessage(outcome);
    this.api.log.write('info', message);
    const show = outcome.findings.some((f) => f.severity === 'error') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Local Focus: ${message}`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }

  async reviewEditor(kind: 'file' | 'selection', uri?: vscode.Uri): Promise<void> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Local Focus: open a file to review it.');
      return;
    }
    let range: ReviewLineRange | undefined;
    const editor = vscode.window.activeTextEditor;
    if (kind === 'selection' && editor && editor.document === document && !editor.selection.isEmpty) {
      const s = editor.selection;
      // A selection ending at column 0 ends on the line before: that line was not selected.
      const endLine = s.end.character === 0 && s.end.line > s.start.line ? s.end.line : s.end.line + 1;
      range = { startLine: s.start.line + 1, endLine };
    }
    const name = vscode.workspace.asRelativePath(document.uri, false);
    const subject = range ? `lines ${range.startLine}–${range.endLine} of ${name}` : name;
    await this.withProgress(subject, async (token, report) => {
      const t0 = Date.now();
      try {
        const result = await this.reviewOne({ uri: document.uri, text: document.getText(), languageId: document.languageId, path: name, ...(range ? { range } : {}) }, token, report);
        return outcomeOf(subject, result, Date.now() - t0);
      } catch (err) {
        if (toLocalFocusError(err).code !== 'cancelled') throw err;
        return cancelledOutcome(subject, this.diagnostics.findings(document.uri), Date.now() - t0);
      }
    });
  }

  async reviewUncommitted(folderArg?: vscode.Uri): Promise<void> {
    const folder =
      folderArg ??
      (vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)?.uri : undefined) ??
      vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) {
      void vscode.window.showInformationMessage('Local Focus: open a folder under git to review its uncommitted changes.');
      return;
    }
    const changes = await uncommittedChanges(folder);
    if (!changes) {
      void vscode.window.showInformationMessage(`Local Focus: ${vscode.workspace.asRelativePath(folder)} is not in a git repository.`);
      return;
    }
    if (changes.files.length === 0) {
      void vscode.window.showInformationMessage('Local Focus: no uncommitted changes to review.');
      return;
    }
    this.api.log.write('info', `review: ${changes.files.length} changed files from the ${changes.via}`);
    const subject = `${changes.files.length} changed file${changes.files.length === 1 ? '' : 's'}`;
    await this.withProgress(subject, async (token, report) => {
      const t0 = Date.now();
      const findings: Finding[] = [];
      const tiers: Tier[] = [];
      let dropped = 0;
      let fallbackReason: string | undefined;
      for (const [i, file] of changes.files.entries()) {
        if (token.isCancellationRequested) return cancelledOutcome(subject, findings, Date.now() - t0, tiers);
        const name = vscode.workspace.asRelativePath(file.uri, false);
        let document: vscode.TextDocument;
        try {
          document = await vscode.workspace.openTextDocument(file.uri);
        } catch (err) {
          this.api.log.write('info', `review: skipping ${name}: ${toLocalFocusError(err).message}`);
          continue;
        }
        const text = document.getText();
        const head = await file.headText();
        const changedLines = head === undefined ? document.getText().split('\n').map((_, k) => k + 1) : [...changedLinesBetween(head, text).after];
        const prefix = `file ${i + 1} of ${changes.files.length}: ${name}`;
        report(prefix, i / changes.files.length);
        try {
          const result = await this.reviewOne({ uri: file.uri, text, languageId: document.languageId, path: name, changedLines }, token, (m) => report(`${prefix} · ${m}`));
          findings.push(...result.findings);
          tiers.push(result.tier);
          dropped += result.dropped;
          fallbackReason ??= result.fallbackReason;
        } catch (err) {
          if (toLocalFocusError(err).code === 'cancelled') return cancelledOutcome(subject, findings, Date.now() - t0, tiers);
          throw err;
        }
      }
      return { subject, tier: tiers.length ? worstTier(tiers) : 'degraded', findings, dropped, ms: Date.now() - t0, ...(fallbackReason ? { fallbackReason } : {}) };
    });
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.status.hide();
  }
}

function heuristicsInHost(target: ReviewTarget, why: string): ReviewRunResult {
  const t0 = Date.now();
  const range = target.range;
  const findings = runHeuristics(target.text, {
    languageId: target.languageId,
    ...(target.changedLines ? { changedLines: new Set(target.changedLines) } : {}),
  }).filter((f) => !range || (f.line <= range.endLine && (f.endLine ?? f.line) >= range.startLine));
  return {
    findings,
    dropped: 0,
    droppedByReason: {},
    tier: 'degraded',
    chunks: 1,
    chunksReviewed: 0,
    ms: Date.now() - t0,
    generatedTokens: 0,
    fallbackReason: `the inference process is not running (${why})`,
  };
}

function outcomeOf(subject: string, r: ReviewRunResult, ms: number): ReviewOutcome {
  return {
    subject,
    tier: r.tier,
    findings: r.findings,
    dropped: r.dropped,
    ms,
    ...(r.fallbackReason ? { fallbackReason: r.fallbackReason } : {}),
    ...(r.note ? { note: r.note } : {}),
  };
}

function cancelledOutcome(subject: string, findings: readonly (Finding & { tier?: Tier })[], ms: number, tiers: Tier[] = []): ReviewOutcome {
  const seen = [...tiers, ...findings.flatMap((f) => (f.tier ? [f.tier] : []))];
  return { subject, tier: seen.length ? worstTier(seen) : 'degraded', findings, dropped: 0, ms, cancelled: true };
}

/** The review feature: commands, the diagnostics and their quick fixes, its part of the status item. */
export const reviewFeature: Feature = (api) => {
  const controller = new ReviewController(api);
  const codeActions = new ReviewCodeActions(controller.diagnostics);
  return [
    controller,
    controller.diagnostics.onDidChange(() => controller.status.findingsChanged(controller.diagnostics.allFindings())),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, codeActions, { providedCodeActionKinds: ReviewCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, codeActions, { providedCodeActionKinds: ReviewCodeActions.kinds }),
    vscode.commands.registerCommand(REVIEW_COMMANDS.selection, (uri?: vscode.Uri) => controller.reviewEditor('selection', uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(REVIEW_COMMANDS.file, (uri?: vscode.Uri) => controller.reviewEditor('file', uri instanceof vscode.Uri ? uri : undefined)),
    // From the Source Control title the argument is the SourceControl, whose rootUri names the repository.
    vscode.commands.registerCommand(REVIEW_COMMANDS.uncommitted, (arg?: { rootUri?: vscode.Uri } | vscode.Uri) =>
      controller.reviewUncommitted(arg instanceof vscode.Uri ? arg : arg?.rootUri),
    ),
    vscode.commands.registerCommand(REVIEW_COMMANDS.dismiss, (uri: vscode.Uri, finding: { line: number; message: string }) => {
      if (controller.diagnostics.dismiss(uri, finding)) api.log.write('info', `review: dismissed the finding on line ${finding.line} of ${vscode.workspace.asRelativePath(uri)}`);
    }),
    vscode.commands.registerCommand(REVIEW_COMMANDS.clear, () => {
      controller.diagnostics.clear();
      controller.status.hide();
    }),
  ];
};
