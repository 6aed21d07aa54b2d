// Code review in the editor: Review Selection / File / Uncommitted Changes / Branch Changes send the
// text, with the project's review settings and rules, to the worker's review/run (a diff review with
// the lines changed since HEAD or the branch's merge-base); findings the project's baseline
// has not dismissed appear in Problems as each part is reviewed, a notification with a Cancel
// button shows progress, and a summary plus the status bar say which tier ran.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../../core/errors';
import { worstTier, type Tier } from '../../core/protocol';
import type { Finding } from '../../core/review/findings';
import { runHeuristics } from '../../core/review/heuristics';
import { applyReviewSettings, enabledChecks } from '../../core/review/reviewSettings';
import { changedLinesSince } from '../../core/review/changedLinesSince';
import { isReviewFindingsPartial, type ReviewLineRange, type ReviewRunParams, type ReviewRunResult } from '../../core/reviewProtocol';
import type { Feature, LocalFocusApi } from '../featureApi';
import { showDismissedFindings } from './dismissedFindingsPick';
import { sameFinding } from './findingEdits';
import { pickBranchChanges, type BranchChangesToReview } from './branchChangesPick';
import { uncommittedChanges, type ChangedFile } from './gitChanges';
import { DISMISS_FINDING_COMMAND, ReviewCodeActions } from './reviewCodeActions';
import { goModuleVersion } from '../../core/review/goModuleVersion';
import { isTestCodePath } from '../../core/review/testCode';
import { reviewConfigFor, showConfigProblems, type ReviewConfig } from './reviewConfig';
import { ReviewDiagnostics, type ReviewScope } from './reviewDiagnostics';
import { baselinePlace, ReviewDismissals, showBaselineError } from './reviewDismissals';
import { ReviewStatus } from './reviewStatus';
import { summaryMessage, type ReviewOutcome } from './reviewSummary';

export const REVIEW_COMMANDS = {
  selection: 'localFocus.review.selection',
  file: 'localFocus.review.file',
  uncommitted: 'localFocus.review.uncommitted',
  branch: 'localFocus.review.branch',
  clear: 'localFocus.review.clear',
  dismiss: DISMISS_FINDING_COMMAND,
  showDismissed: 'localFocus.review.showDismissed',
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
  config: ReviewConfig;
}

/** A review's result as shown: the findings the baseline did not cover, and how many it did. */
interface ShownReview extends ReviewRunResult {
  dismissed: number;
}

let requestCounter = 0;

class ReviewController implements vscode.Disposable {
  readonly diagnostics = new ReviewDiagnostics();
  readonly dismissals = new ReviewDismissals(showBaselineError);
  readonly status: ReviewStatus;

  constructor(private readonly api: LocalFocusApi) {
    this.status = new ReviewStatus((key, activity) => api.showActivity(key, activity));
  }

  /**
   * One file through review/run. Streamed findings replace the scope's earlier findings at the
   * first part of each tier, so a fallback mid-review does not mix two tiers' findings.
   */
  async reviewOne(target: ReviewTarget, token: vscode.CancellationToken, onMessage: (message: string, fraction?: number) => void): Promise<ShownReview> {
    const requestId = `review-${process.pid}-${++requestCounter}`;
    const scope: ReviewScope = target.range ?? 'file';
    const baseline = await this.dismissals.filterFor(target.uri, target.text);
    let streamingTier: Tier | undefined;
    const sub = this.api.onProgress((p) => {
      if (p.requestId !== requestId) return;
      if (p.message) onMessage(p.message, p.total ? (p.done ?? 0) / p.total : undefined);
      if (!isReviewFindingsPartial(p.partial)) return;
      const partial = p.partial;
      const { shown } = baseline(partial.findings);
      if (partial.tier !== streamingTier || partial.chunk === 0) {
        streamingTier = partial.tier;
        this.diagnostics.replace(target.uri, scope, partial.tier, shown);
      } else {
        this.diagnostics.add(target.uri, partial.tier, shown);
      }
    });
    const params: ReviewRunParams = {
      requestId,
      path: target.path,
      languageId: target.languageId,
      text: target.text,
      contextTokens: contextTokensSetting(),
      settings: target.config.settings,
      ...(target.config.projectRules ? { projectRules: target.config.projectRules } : {}),
      ...(target.range ? { range: target.range } : {}),
      ...(target.changedLines ? { changedLines: target.changedLines } : {}),
      ...fileFacts(target),
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
      const { shown, dismissed } = baseline(result.findings);
      this.diagnostics.replace(target.uri, scope, result.tier, shown);
      return { ...result, findings: shown, dismissed };
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
    const config = await reviewConfigFor(document.uri);
    showConfigProblems(config.problems);
    await this.withProgress(subject, async (token, report) => {
      const t0 = Date.now();
      try {
        const target = { uri: document.uri, text: document.getText(), languageId: document.languageId, path: name, config, ...(range ? { range } : {}) };
        const result = await this.reviewOne(target, token, report);
        return outcomeOf(subject, result, Date.now() - t0);
      } catch (err) {
        if (toLocalFocusError(err).code !== 'cancelled') throw err;
        return cancelledOutcome(subject, this.diagnostics.findings(document.uri), Date.now() - t0);
      }
    });
  }

  async reviewUncommitted(folderArg?: vscode.Uri): Promise<void> {
    const folder = reviewedFolder(folderArg);
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
    await this.reviewChangedFiles(`${changes.files.length} changed file${changes.files.length === 1 ? '' : 's'}`, changes.files);
  }

  /** Review Branch Changes…: the base picked, then every file changed since the merge-base with it. */
  async reviewBranch(folderArg?: vscode.Uri): Promise<void> {
    const folder = reviewedFolder(folderArg);
    if (!folder) {
      void vscode.window.showInformationMessage('Local Focus: open a folder under git to review its branch.');
      return;
    }
    let changes: BranchChangesToReview | undefined;
    try {
      changes = await pickBranchChanges(folder);
    } catch (err) {
      // A refusal (Restricted Mode, no repository, an unknown ref) says what to do; anything else is a failure to log.
      const e = toLocalFocusError(err);
      if (e.code === 'bad-input') void vscode.window.showWarningMessage(`Local Focus: ${e.message}`);
      else this.api.reportError('Review of branch changes failed', err);
      return;
    }
    if (!changes) return;
    const since = `${changes.base} (merge-base ${changes.mergeBase.slice(0, 8)})`;
    if (changes.files.length === 0) {
      void vscode.window.showInformationMessage(`Local Focus: no file changed since ${since}.`);
      return;
    }
    this.api.log.write('info', `review: ${changes.files.length} files changed since ${since}, the working tree included; reviewing their changed lines`);
    await this.reviewChangedFiles(`${changes.files.length} file${changes.files.length === 1 ? '' : 's'} changed since ${changes.base}`, changes.files);
  }

  /**
   * A diff review of many files, one after another: each on the lines changed since its base text,
   * its findings in Problems as soon as it is done (streamed part by part while it runs).
   */
  private async reviewChangedFiles(subject: string, files: readonly ChangedFile[]): Promise<void> {
    await this.withProgress(subject, async (token, report) => {
      const t0 = Date.now();
      const findings: Finding[] = [];
      const tiers: Tier[] = [];
      let dropped = 0;
      let dismissed = 0;
      let fallbackReason: string | undefined;
      const configs = new Map<string, ReviewConfig>();
      for (const [i, file] of files.entries()) {
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
        const changedLines = changedLinesSince(await file.baseText(), text);
        const prefix = `file ${i + 1} of ${files.length}: ${name}`;
        report(prefix, i / files.length);
        try {
          const config = await this.configOnce(configs, file.uri);
          const result = await this.reviewOne({ uri: file.uri, text, languageId: document.languageId, path: name, changedLines, config }, token, (m) => report(`${prefix} · ${m}`));
          findings.push(...result.findings);
          tiers.push(result.tier);
          dropped += result.dropped;
          dismissed += result.dismissed;
          fallbackReason ??= result.fallbackReason;
        } catch (err) {
          if (toLocalFocusError(err).code === 'cancelled') return cancelledOutcome(subject, findings, Date.now() - t0, tiers);
          throw err;
        }
      }
      return { subject, tier: tiers.length ? worstTier(tiers) : 'degraded', findings, dropped, dismissed, ms: Date.now() - t0, ...(fallbackReason ? { fallbackReason } : {}) };
    });
  }

  /** One configuration per workspace folder in a review of many files, its problems shown once. */
  private async configOnce(configs: Map<string, ReviewConfig>, uri: vscode.Uri): Promise<ReviewConfig> {
    const key = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
    let config = configs.get(key);
    if (!config) {
      config = await reviewConfigFor(uri);
      configs.set(key, config);
      showConfigProblems(config.problems);
    }
    return config;
  }

  /**
   * Dismiss finding: recorded in the folder's baseline, so it stays dismissed across edits
   * elsewhere and restarts; a file outside every folder has no baseline, and there the
   * dismissal lasts until the window closes.
   */
  async dismiss(uri: vscode.Uri, ref: { line: number; message: string }): Promise<void> {
    const finding = this.diagnostics.findings(uri).find((f) => sameFinding(f, ref));
    if (!finding) return;
    const document = await vscode.workspace.openTextDocument(uri);
    let recorded: boolean;
    try {
      recorded = await this.dismissals.dismiss(uri, document.getText(), finding);
    } catch (err) {
      const place = baselinePlace(uri);
      showBaselineError('The finding was not dismissed', err, place ? vscode.Uri.file(place.baselineFile) : undefined);
      return;
    }
    this.diagnostics.dismiss(uri, ref);
    const name = vscode.workspace.asRelativePath(uri);
    this.api.log.write('info', `review: dismissed the ${finding.rule ?? finding.category} finding on line ${finding.line} of ${name}${recorded ? ' in its baseline' : ' for this session'}`);
    if (!recorded) void vscode.window.showInformationMessage(`Local Focus: ${name} is in no workspace folder, so this dismissal lasts until the window closes.`);
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.status.hide();
  }
}

/** The folder a repository-wide review starts from: the one given (Source Control's), the active editor's, else the first. */
function reviewedFolder(folderArg?: vscode.Uri): vscode.Uri | undefined {
  return (
    folderArg ??
    (vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)?.uri : undefined) ??
    vscode.workspace.workspaceFolders?.[0]?.uri
  );
}

/** What the heuristics need to know of the file beyond its text: whether it is test code (by the
 *  workspace-relative path), and a Go file's module version from its go.mod within its workspace folder. */
function fileFacts(target: ReviewTarget): { goVersion?: string; testCode: boolean } {
  const testCode = isTestCodePath(target.path);
  const folder = vscode.workspace.getWorkspaceFolder(target.uri);
  if (target.languageId !== 'go' || target.uri.scheme !== 'file' || !folder) return { testCode };
  const goVersion = goModuleVersion(target.uri.fsPath, folder.uri.fsPath);
  return goVersion ? { goVersion, testCode } : { testCode };
}

function heuristicsInHost(target: ReviewTarget, why: string): ReviewRunResult {
  const t0 = Date.now();
  const range = target.range;
  const { settings } = target.config;
  const findings = runHeuristics(target.text, {
    languageId: target.languageId,
    rules: enabledChecks(settings),
    ...(target.changedLines ? { changedLines: new Set(target.changedLines) } : {}),
    ...fileFacts(target),
  }).filter((f) => !range || (f.line <= range.endLine && (f.endLine ?? f.line) >= range.startLine));
  return {
    findings: applyReviewSettings(findings, settings),
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

function outcomeOf(subject: string, r: ShownReview, ms: number): ReviewOutcome {
  return {
    subject,
    tier: r.tier,
    findings: r.findings,
    dropped: r.dropped,
    dismissed: r.dismissed,
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
    vscode.commands.registerCommand(REVIEW_COMMANDS.branch, (arg?: { rootUri?: vscode.Uri } | vscode.Uri) =>
      controller.reviewBranch(arg instanceof vscode.Uri ? arg : arg?.rootUri),
    ),
    vscode.commands.registerCommand(REVIEW_COMMANDS.dismiss, (uri: vscode.Uri, finding: { line: number; message: string }) => controller.dismiss(uri, finding)),
    vscode.commands.registerCommand(REVIEW_COMMANDS.showDismissed, () => showDismissedFindings(controller.dismissals, REVIEW_COMMANDS.file)),
    vscode.commands.registerCommand(REVIEW_COMMANDS.clear, () => {
      controller.diagnostics.clear();
      controller.status.hide();
    }),
  ];
};
