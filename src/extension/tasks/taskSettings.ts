// Typed getters for the settings the tasks feature reads: its own (localFocus.todo.*,
// localFocus.tasks.*) and the editor's that decide what a workspace search sees (files.exclude,
// search.exclude, search.useIgnoreFiles), so a TODO scan covers what a search would.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_TODO_TAGS } from '../../core/todos/findTodos';

export const DEFAULT_TASK_FILE = 'TASKS.md';

/** A change to any of these means the workspace must be scanned again. */
export const RESCAN_SETTINGS = ['localFocus.todo.tags', 'localFocus.todo.exclude', 'localFocus.tasks.file', 'files.exclude', 'search.exclude', 'search.useIgnoreFiles'];

export function todoTags(): string[] {
  const raw = vscode.workspace.getConfiguration('localFocus').get<unknown>('todo.tags');
  const tags = Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string' && /^[\p{L}\p{N}_-]+$/u.test(t.trim())).map((t) => t.trim()) : [];
  return tags.length > 0 ? tags : [...DEFAULT_TODO_TAGS];
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('localFocus').get<boolean>('todo.codeLens', true);
}

/** The task file's path relative to the folder, forward slashes; an absolute or escaping value falls back to TASKS.md. */
export function taskFileSetting(folder: vscode.WorkspaceFolder): string {
  const raw = vscode.workspace.getConfiguration('localFocus', folder.uri).get<string>('tasks.file', DEFAULT_TASK_FILE).trim();
  const rel = path.posix.normalize(raw.replace(/\\/g, '/'));
  if (!raw || path.isAbsolute(raw) || rel.startsWith('..') || rel === '.') return DEFAULT_TASK_FILE;
  return rel;
}

function trueKeys(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  // `{ "when": "$(basename).ts" }` entries depend on sibling files; a scan cannot honour them cheaply, so they do not exclude.
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
}

/** Globs a scan of the folder skips: files.exclude, search.exclude, localFocus.todo.exclude and the task file itself. */
export function excludeGlobs(folder: vscode.WorkspaceFolder): string[] {
  const files = vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude');
  const search = vscode.workspace.getConfiguration('search', folder.uri).get<unknown>('exclude');
  const own = vscode.workspace.getConfiguration('localFocus', folder.uri).get<unknown>('todo.exclude');
  const ownGlobs = Array.isArray(own) ? own.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  return [...new Set([...trueKeys(files), ...trueKeys(search), ...ownGlobs, taskFileSetting(folder)])];
}

export function respectGitignore(folder: vscode.WorkspaceFolder): boolean {
  return vscode.workspace.getConfiguration('search', folder.uri).get<boolean>('useIgnoreFiles', true);
}

export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
