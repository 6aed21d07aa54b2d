// The words the notes UI shows: a search result as a quick pick row, the tier in use, indexing
// progress with counts and an ETA. Plain functions without `vscode`, so unit tests read them.
import type { NoteSearchResult, NoteSearchTier } from '../../core/notes/searchTypes';
import { markSnippet } from '../../core/notes/snippet';
import { formatEta, type NotesIndexPartial } from '../../core/notesProtocol';

export interface ResultRowText {
  /** The note's title. */
  label: string;
  /** Heading path inside the note, then where it is: `Steps · notes/key-rotation.md:5`. */
  description: string;
  /** The snippet, matched words in **bold** marks (a quick pick row cannot style text). */
  detail: string;
}

/** Headings below the title: the note's own "# Title" heading repeats its title, so it is left out. */
export function sectionPath(result: Pick<NoteSearchResult, 'title' | 'headingPath'>): string[] {
  const path = [...result.headingPath];
  if (path[0] === result.title) path.shift();
  return path;
}

/**
 * `marks`: wrap the matched words; right for a typed query, noise for "Find Related Notes", whose
 * query is a whole note and matches common words everywhere.
 */
export function resultRowText(result: NoteSearchResult, options: { folderName?: string; marks?: boolean } = {}): ResultRowText {
  const section = sectionPath(result).join(' › ');
  const where = `${options.folderName ? `${options.folderName}/` : ''}${result.file}:${result.startLine + 1}`;
  return {
    label: result.title,
    description: section ? `${section} · ${where}` : where,
    detail: options.marks === false ? result.snippet.text : markSnippet(result.snippet, '**', '**'),
  };
}

export const TIER_TITLES: Record<NoteSearchTier, string> = {
  hybrid: 'Hybrid: meaning + keywords',
  dense: 'Meaning only',
  keyword: 'Keyword only',
};

/** The quick pick title: what it searches and on which tier, e.g. "Search Notes · Keyword only (no embedding model)". */
export function searchTitle(base: string, tier: NoteSearchTier | undefined, reason?: string): string {
  if (!tier) return base;
  const why = tier === 'keyword' && reason ? ` (${shortReason(reason)})` : '';
  return `${base} · ${TIER_TITLES[tier]}${why}`;
}

/** A fallback reason short enough for a title bar: "embedding model not found at /long/path" → "embedding model not found". */
export function shortReason(reason: string): string {
  const cut = reason.replace(/ (at|in) \/.*$/, '').replace(/ (at|in) [A-Za-z]:\\.*$/, '');
  return cut.length > 60 ? `${cut.slice(0, 57)}…` : cut;
}

/** Status bar text of a run: "Notes 120/480 · 1 min left". */
export function progressText(p: Pick<NotesIndexPartial, 'phase' | 'done' | 'total' | 'etaMs'>): string {
  if (p.phase === 'waiting') return 'Notes: waiting for another Local Focus process';
  if (p.phase === 'scanning') return `Notes: reading ${p.done}/${p.total}`;
  if (p.phase === 'saving') return 'Notes: saving';
  const eta = p.etaMs !== undefined && p.done < p.total ? ` · ${formatEta(p.etaMs)} left` : '';
  return `Notes ${p.done}/${p.total}${eta}`;
}

/** The text "Find Related Notes" searches with: the selection, or the start of the file. */
export function relatedQuery(text: string, maxChars = 2_000): string {
  const flat = text.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/\s+/g, ' ').trim();
  return flat.length > maxChars ? flat.slice(0, maxChars) : flat;
}
