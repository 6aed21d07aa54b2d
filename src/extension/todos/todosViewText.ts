// The words around the TODOs view's tree: the description beside its title (the scope and the
// filter in force) and the message above the tree, which says why it is empty or narrowed and,
// when git could not answer, what to do. Plain code, so every case is tested without an editor.
import { GIT_SCOPE_LABELS } from '../../core/todos/gitScope';

export type ViewScope = 'all' | keyof typeof GIT_SCOPE_LABELS;

export interface FolderScopeText {
  name: string;
  /** The folder's git scope state; undefined under All. */
  state?: { state: 'reading' | 'ready' | 'failed'; reason?: string | undefined; summary?: string | undefined } | undefined;
}

export interface ViewFacts {
  scope: ViewScope;
  filter: string;
  /** TODOs in the workspace, in the scope, and shown after the filter. */
  total: number;
  inScope: number;
  shown: number;
  /** Every folder's first full scan has reported. */
  scanned: boolean;
  /** Some folder shows the TODOs of its scan record while its first full scan runs. */
  fromRecord?: boolean;
  folders: readonly FolderScopeText[];
  tags: readonly string[];
}

export interface ViewText {
  description: string;
  message: string | undefined;
}

export function describeView(f: ViewFacts): ViewText {
  const scopeLabel = f.scope === 'all' ? '' : GIT_SCOPE_LABELS[f.scope];
  const description = [scopeLabel, f.filter ? `filter: ${f.filter}` : ''].filter(Boolean).join(' · ');
  return { description, message: message(f) };
}

/** Above TODOs taken from the record: they may be out of date for a moment, and the user should know. */
const FROM_RECORD = 'As at the last scan; checking the workspace for changes…';

function message(f: ViewFacts): string | undefined {
  if (f.folders.length === 0) return 'Open a folder to list its TODO comments.';
  if (!f.scanned && f.total === 0) return 'Looking for TODO comments in the workspace…';
  const gitNotes = f.scope === 'all' ? [] : scopeNotes(f);
  const failed = f.folders.some((x) => x.state?.state === 'failed');
  const reading = f.folders.some((x) => x.state?.state === 'reading');
  if (f.total === 0) return `No TODO comments in the workspace. Tags looked for: ${f.tags.join(', ')} (setting localFocus.todo.tags).`;
  if (reading && f.inScope === 0) return `Reading ${f.scope === 'mine' ? 'git blame' : 'git diff'}…`;
  if (failed && f.inScope === 0) return gitNotes.join(' ');
  const parts: string[] = [];
  if (f.fromRecord) parts.push(FROM_RECORD);
  if (f.scope !== 'all') {
    parts.push(f.inScope === 0 ? `None of the ${f.total} TODOs is ${f.scope === 'mine' ? 'on your lines' : 'on lines added on this branch'}.` : `${GIT_SCOPE_LABELS[f.scope]}: ${f.inScope} of ${f.total} TODOs.`);
    parts.push(...gitNotes);
  }
  if (f.filter) parts.push(f.shown === 0 ? `No TODO matches the filter "${f.filter}".` : `Filter "${f.filter}": ${f.shown} shown.`);
  return parts.length ? parts.join(' ') : undefined;
}

/** Per folder: what the scope compared (`yours (ana@example.org)`) or why it could not. */
function scopeNotes(f: ViewFacts): string[] {
  const named = f.folders.length > 1;
  return f.folders.flatMap(({ name, state }) => {
    if (!state || state.state === 'reading') return [];
    const text = state.state === 'failed' ? state.reason : state.summary;
    return text ? [named ? `${name}: ${text}` : text] : [];
  });
}
