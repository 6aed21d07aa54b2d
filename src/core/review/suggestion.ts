// One meaning for `suggestion`, shared by the quick fix, the CLI and the tests: it replaces the
// whole lines line..endLine; the empty string deletes those lines, line breaks included, so that
// removing a `debugger;` line leaves no blank line behind.

import type { Finding } from './findings';
import { LineIndex } from './lines';

export interface TextEdit {
  /** Offsets into the original text; `end` is exclusive. */
  start: number;
  end: number;
  newText: string;
}

/** The edit that applies a finding's suggestion, or undefined when it has none or its lines are gone. */
export function suggestionEdit(text: string, finding: Pick<Finding, 'line' | 'endLine' | 'suggestion'>): TextEdit | undefined {
  if (finding.suggestion === undefined) return undefined;
  const index = new LineIndex(text);
  const first = finding.line;
  const last = finding.endLine ?? finding.line;
  if (first < 1 || last < first || last > index.lineCount) return undefined;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';

  if (finding.suggestion === '') {
    if (last < index.lineCount) return { start: index.lineStart(first), end: index.lineStart(last + 1), newText: '' };
    // The last line has no break after it: take the break before the deleted lines instead.
    const start = first > 1 ? index.lineEnd(first - 1) : 0;
    return { start, end: text.length, newText: '' };
  }
  // Models often end a replacement with a line break; the lines it replaces exclude theirs.
  const replacement = finding.suggestion.replace(/\r?\n$/, '').replace(/\r?\n/g, eol);
  return { start: index.lineStart(first), end: index.lineEnd(last), newText: replacement };
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

export function applySuggestion(text: string, finding: Pick<Finding, 'line' | 'endLine' | 'suggestion'>): string {
  const edit = suggestionEdit(text, finding);
  return edit ? applyEdit(text, edit) : text;
}
