// Typed getters for what decides a folder's notes: localFocus.notes.include / .exclude and the
// editor's own files.exclude, search.exclude and search.useIgnoreFiles, so the index covers what
// a workspace search would.
import * as vscode from 'vscode';
import { DEFAULT_NOTE_EXCLUDE, DEFAULT_NOTE_INCLUDE, type NoteFileScope } from '../../core/notesProtocol';

/** A change to any of these means each folder's notes must be listed again. */
export const REINDEX_SETTINGS = ['localFocus.notes.include', 'localFocus.notes.exclude', 'localFocus.notes.folders', 'files.exclude', 'search.exclude', 'search.useIgnoreFiles'];

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
}

function trueKeys(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  // `{ "when": "$(basename).ts" }` entries depend on sibling files: not cheap to honour, so they do not exclude.
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
}

export function noteScope(folder: vscode.WorkspaceFolder): Required<NoteFileScope> {
  const own = vscode.workspace.getConfiguration('localFocus', folder.uri);
  const include = stringList(own.get<unknown>('notes.include')) ?? [...DEFAULT_NOTE_INCLUDE];
  const ownExclude = stringList(own.get<unknown>('notes.exclude')) ?? [...DEFAULT_NOTE_EXCLUDE];
  const files = vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude');
  const search = vscode.workspace.getConfiguration('search', folder.uri).get<unknown>('exclude');
  return {
    include: include.length > 0 ? include : [...DEFAULT_NOTE_INCLUDE],
    exclude: [...new Set([...trueKeys(files), ...trueKeys(search), ...ownExclude])],
    respectGitignore: vscode.workspace.getConfiguration('search', folder.uri).get<boolean>('useIgnoreFiles', true),
  };
}

