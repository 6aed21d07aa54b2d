// The folders whose notes are indexed and searched in this window: the workspace folders, then the
// notes folders of localFocus.notes.folders (a vault, ~/notes) that are not inside one of them (a
// notes folder inside the workspace is already indexed and searched as part of it; listing it
// twice would show each of its notes twice).
// A notes folder's scope comes from that machine setting alone, never from the workspace's
// files.exclude or search settings: every window then indexes it the same way, so the one index
// under ~/.local-focus/indexes serves them all and no window undoes another's work.
import * as vscode from 'vscode';
import { isWithin } from '../../core/notes/folderHolding';
import type { NotesFolder } from '../../core/notes/notesFolders';
import { DEFAULT_NOTE_EXCLUDE, DEFAULT_NOTE_INCLUDE, type NoteFileScope } from '../../core/notesProtocol';
import { notesFoldersSetting } from '../config';
import { noteScope } from './noteSettings';

export interface IndexedFolder {
  /** Absolute path: what the worker's index is keyed by. */
  path: string;
  /** What results from it are labelled with: the workspace folder's name, or the notes folder's label. */
  label: string;
  /** Whether it is a notes folder outside the workspace. */
  outside: boolean;
  scope: Required<NoteFileScope>;
}

export function outsideFolderScope(folder: NotesFolder): Required<NoteFileScope> {
  return { include: folder.include ?? [...DEFAULT_NOTE_INCLUDE], exclude: [...DEFAULT_NOTE_EXCLUDE], respectGitignore: true };
}

export function indexedFolders(): IndexedFolder[] {
  const workspace: IndexedFolder[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ path: f.uri.fsPath, label: f.name, outside: false, scope: noteScope(f) }));
  const outside: IndexedFolder[] = notesFoldersSetting()
    .folders.filter((f) => !workspace.some((w) => isWithin(w.path, f.path)))
    .map((f) => ({ path: f.path, label: f.label, outside: true, scope: outsideFolderScope(f) }));
  return [...workspace, ...outside];
}
