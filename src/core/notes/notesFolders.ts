// The setting localFocus.notes.folders, read: notes folders outside the workspace (a vault,
// ~/notes), each an absolute path, optionally with include-only globs. A bad entry is skipped with a
// sentence that says what to fix, so one typo never stops the other folders (or the workspace's
// notes) from being indexed. The disk is asked through `kindOf` (kindOnDisk below), so tests pass a fake.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { folderLabels } from './folderLabels';

export const NOTES_FOLDERS_SETTING = 'localFocus.notes.folders';

/** A notes folder as the indexer and the search use it. */
export interface NotesFolder {
  /** Absolute and normalised: the index's key, the same in every window. */
  path: string;
  /** What results from it are labelled with: its name, with parents added when two share one. */
  label: string;
  /** Include-only globs relative to the folder; absent: the default note types. */
  include?: string[];
}

export interface NotesFoldersReading {
  folders: NotesFolder[];
  /** One sentence per skipped entry, starting with the setting's name (the warning's Open Settings finds it there). */
  warnings: string[];
}

export interface NotesFoldersEnvironment {
  /** The user's home folder, for a leading ~. */
  homedir: string;
  /** 'folder', 'file' or 'missing'. */
  kindOf(p: string): 'folder' | 'file' | 'missing';
}

/** `~` and `~/…` (or `~\…`) are the home folder; `~user` is left alone, as it names another user's. */
export function expandTilde(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homedir, p.slice(2));
  return p;
}

interface Entry {
  path: string;
  include?: string[];
}

/** An entry's path and globs, or the sentence that says what is wrong with it. */
function entryOf(raw: unknown): Entry | string {
  if (typeof raw === 'string') return { path: raw };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return `an entry must be a folder path or { "path": …, "include": [globs] }, not ${JSON.stringify(raw)}`;
  const { path: p, include } = raw as { path?: unknown; include?: unknown };
  if (typeof p !== 'string') return `the entry ${JSON.stringify(raw)} has no "path"; add the folder's absolute path`;
  if (include === undefined) return { path: p };
  if (!Array.isArray(include) || include.some((g) => typeof g !== 'string' || g.trim() === '')) {
    return `"include" of ${p} must be a list of globs such as ["**/*.md"]`;
  }
  const globs = include.map((g: string) => g.trim());
  return globs.length > 0 ? { path: p, include: globs } : { path: p };
}

/** The entry's folder, absolute and normalised, or the sentence that says what to fix. */
function folderOf(entry: Entry, env: NotesFoldersEnvironment): { folder: string } | { problem: string } {
  const typed = entry.path.trim();
  if (!typed) return { problem: 'an entry has an empty path; remove it or write the folder\'s absolute path' };
  const expanded = expandTilde(typed, env.homedir);
  if (!path.isAbsolute(expanded)) return { problem: `"${typed}" is not an absolute path; write it in full, e.g. ${path.join(env.homedir, typed)} or ~/${typed}` };
  const folder = path.resolve(expanded);
  const kind = env.kindOf(folder);
  if (kind === 'missing') return { problem: `there is no folder at ${folder}; create it or correct the path` };
  if (kind === 'file') return { problem: `${folder} is a file; give the folder that holds the notes` };
  return { folder };
}

export function readNotesFolders(value: unknown, env: NotesFoldersEnvironment): NotesFoldersReading {
  const warnings: string[] = [];
  const skip = (why: string): void => void warnings.push(`${NOTES_FOLDERS_SETTING}: ${why}; that entry is skipped.`);
  if (value === undefined || value === null) return { folders: [], warnings };
  if (!Array.isArray(value)) {
    skip(`must be a list of folders, e.g. ["~/notes"], not ${JSON.stringify(value)}`);
    return { folders: [], warnings };
  }
  const entries: Entry[] = [];
  for (const raw of value) {
    const entry = entryOf(raw);
    if (typeof entry === 'string') {
      skip(entry);
      continue;
    }
    const checked = folderOf(entry, env);
    if ('problem' in checked) {
      skip(checked.problem);
      continue;
    }
    const { folder } = checked;
    // Two entries for one folder would index it twice with different globs, each undoing the other.
    if (entries.some((e) => e.path === folder)) {
      skip(`${folder} is listed twice; keep one entry`);
      continue;
    }
    entries.push({ ...entry, path: folder });
  }
  const labels = folderLabels(entries.map((e) => e.path));
  return { folders: entries.map((e, i) => ({ ...e, label: labels[i]! })), warnings };
}

/** What is at `p` on this machine's disk, for NotesFoldersEnvironment.kindOf. */
export function kindOnDisk(p: string): 'folder' | 'file' | 'missing' {
  try {
    return fs.statSync(p).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
