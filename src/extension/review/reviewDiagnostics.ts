// The findings of every reviewed file, shown in the Problems panel through one DiagnosticCollection
// ("Local Focus review"). This class owns them: a new review replaces the findings it covers, an
// edit moves or drops them (findingEdits.ts), "Dismiss finding" removes one.
import * as vscode from 'vscode';
import { TIER_LABELS, type Tier } from '../../core/protocol';
import type { Finding, Severity } from '../../core/review/findings';
import { adjustFindingsForChange, sameFinding } from './findingEdits';

export const REVIEW_COLLECTION_NAME = 'Local Focus review';
export const REVIEW_DIAGNOSTIC_SOURCE = 'Local Focus';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export interface TieredFinding extends Finding {
  tier: Tier;
}

/** Lines a review covered: the whole file, or a selection's lines. */
export type ReviewScope = { startLine: number; endLine: number } | 'file';

export class ReviewDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(REVIEW_COLLECTION_NAME);
  private readonly byFile = new Map<string, { uri: vscode.Uri; findings: TieredFinding[]; diagnostics: vscode.Diagnostic[] }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever the findings shown change (a review, an edit, a dismissal). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
    );
  }

  /** Every file's findings, for the status bar's counts. */
  allFindings(): TieredFinding[] {
    return [...this.byFile.values()].flatMap((e) => e.findings);
  }

  findings(uri: vscode.Uri): readonly TieredFinding[] {
    return this.byFile.get(uri.toString())?.findings ?? [];
  }

  /** Replaces the findings of `scope` (the whole file, or those touching a selection's lines). */
  replace(uri: vscode.Uri, scope: ReviewScope, tier: Tier, findings: readonly Finding[]): void {
    const kept = scope === 'file' ? [] : this.findings(uri).filter((f) => f.line > scope.endLine || (f.endLine ?? f.line) < scope.startLine);
    this.set(uri, [...kept, ...findings.map((f) => ({ ...f, tier }))]);
  }

  /** Adds findings streamed from one part of a running review. */
  add(uri: vscode.Uri, tier: Tier, findings: readonly Finding[]): void {
    if (findings.length === 0) return;
    this.set(uri, [...this.findings(uri), ...findings.map((f) => ({ ...f, tier }))]);
  }

  /**
   * The findings on the lines of `range`, with their diagnostics. By line, not by the editor's
   * diagnostics at the cursor: a quick fix should be offered anywhere on a finding's lines, also
   * left of the code where the diagnostic's range starts.
   */
  findingsOnLines(uri: vscode.Uri, range: vscode.Range): { finding: TieredFinding; diagnostic: vscode.Diagnostic }[] {
    const entry = this.byFile.get(uri.toString());
    if (!entry) return [];
    const first = range.start.line + 1;
    const last = range.end.line + 1;
    return entry.findings.flatMap((finding, i) => (finding.line <= last && (finding.endLine ?? finding.line) >= first ? [{ finding, diagnostic: entry.diagnostics[i]! }] : []));
  }

  dismiss(uri: vscode.Uri, finding: Pick<Finding, 'line' | 'message'>): boolean {
    const before = this.findings(uri);
    const after = before.filter((f) => !sameFinding(f, finding));
    if (after.length === before.length) return false;
    this.set(uri, after);
    return true;
  }

  clear(uri?: vscode.Uri): void {
    if (uri) {
      this.byFile.delete(uri.toString());
      this.collection.delete(uri);
    } else {
      this.byFile.clear();
      this.collection.clear();
    }
    this.changed.fire();
  }

  private set(uri: vscode.Uri, findings: TieredFinding[]): void {
    if (findings.length === 0) {
      this.clear(uri);
      return;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const diagnostics = findings.map((f) => toDiagnostic(f, document));
    this.byFile.set(uri.toString(), { uri, findings, diagnostics });
    this.collection.set(uri, diagnostics);
    this.changed.fire();
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const entry = this.byFile.get(e.document.uri.toString());
    if (!entry || e.contentChanges.length === 0) return;
    let findings: Finding[] = entry.findings;
    // VS Code reports the changes of one event bottom-up against the old text; applying them in
    // that order keeps every later range valid.
    const changes = [...e.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start));
    for (const c of changes) {
      findings = adjustFindingsForChange(findings, {
        fromLine: c.range.start.line + 1,
        fromColumn: c.range.start.character,
        toLine: c.range.end.line + 1,
        toColumn: c.range.end.character,
        text: c.text,
      });
    }
    if (findings !== entry.findings) this.set(e.document.uri, findings as TieredFinding[]);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

function toDiagnostic(f: TieredFinding, document: vscode.TextDocument | undefined): vscode.Diagnostic {
  const first = f.line - 1;
  const last = (f.endLine ?? f.line) - 1;
  let range: vscode.Range;
  if (document && last < document.lineCount) {
    const start = document.lineAt(first);
    range = new vscode.Range(first, start.firstNonWhitespaceCharacterIndex, last, document.lineAt(last).range.end.character);
  } else {
    range = new vscode.Range(first, 0, last, Number.MAX_SAFE_INTEGER);
  }
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = REVIEW_DIAGNOSTIC_SOURCE;
  d.code = `${f.rule ?? f.category} · ${TIER_LABELS[f.tier]}`;
  return d;
}
