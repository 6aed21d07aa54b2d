// Keeps review findings on their code while the file is edited: findings below an edit move with
// their lines, findings whose own lines the edit rewrote are dropped (what they said may no longer
// hold, and applying a quick fix is such an edit). No vscode here, so plain Node tests cover it.
import type { Finding } from '../../core/review/findings';

/** One content change; lines 1-based, columns 0-based, end exclusive (VS Code's range, shifted by one line). */
export interface LineChange {
  fromLine: number;
  fromColumn: number;
  toLine: number;
  toColumn: number;
  text: string;
}

/** Lines whose text the change modifies; undefined when it only moves lines (whole lines inserted). */
export function modifiedLines(change: LineChange): { from: number; to: number } | undefined {
  const pureInsert = change.fromLine === change.toLine && change.fromColumn === change.toColumn;
  if (pureInsert && change.fromColumn === 0 && change.text.endsWith('\n')) return undefined;
  // A range that ends at column 0 of a line takes the line break before it, not the line itself.
  const to = change.toColumn === 0 && change.toLine > change.fromLine ? change.toLine - 1 : change.toLine;
  return { from: change.fromLine, to };
}

export function lineDelta(change: LineChange): number {
  const inserted = (change.text.match(/\n/g) ?? []).length;
  return inserted - (change.toLine - change.fromLine);
}

/** The findings after one change; the same array when none moved or went, so callers can skip a redraw. */
export function adjustFindingsForChange(findings: readonly Finding[], change: LineChange): Finding[] {
  const modified = modifiedLines(change);
  const delta = lineDelta(change);
  // Lines at or after this one sit below the change and move by delta.
  const firstMoved = modified ? modified.to + 1 : change.fromLine;
  const out: Finding[] = [];
  let changed = false;
  for (const f of findings) {
    const end = f.endLine ?? f.line;
    if (modified && f.line <= modified.to && end >= modified.from) {
      changed = true;
    } else if (f.line >= firstMoved && delta !== 0) {
      out.push({ ...f, line: f.line + delta, ...(f.endLine !== undefined ? { endLine: f.endLine + delta } : {}) });
      changed = true;
    } else if (end >= firstMoved && delta !== 0) {
      // Starts above an insertion and ends below it: the span grows with it.
      out.push({ ...f, endLine: end + delta });
      changed = true;
    } else {
      out.push(f);
    }
  }
  return changed ? out : (findings as Finding[]);
}

/** Same finding, as the quick fix and "Dismiss finding" name it across processes. */
export function sameFinding(a: Pick<Finding, 'line' | 'message'>, b: Pick<Finding, 'line' | 'message'>): boolean {
  return a.line === b.line && a.message === b.message;
}
