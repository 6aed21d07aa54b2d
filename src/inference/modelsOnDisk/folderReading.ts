// Reading folders that another program owns (Ollama's store, LM Studio's models folder). A folder
// that is not there is normal: that program is not installed. One that cannot be read becomes a
// sentence for the list, never an exception: one unreadable folder must not hide every other model.
import type { Dirent, Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export type FolderListing = { kind: 'entries'; entries: Dirent[] } | { kind: 'missing' } | { kind: 'unreadable'; why: string };

/** What a folder entry is once symbolic links are followed (people link model files into these folders). */
export type EntryKind = 'file' | 'folder' | 'broken-link' | 'other';

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Says why a file or folder could not be read, in words a user can act on. */
export function fsErrorSentence(err: unknown): string {
  switch (errorCode(err)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: your user may not read it';
    case 'ENOENT':
      return 'it is not there';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'ELOOP':
      return 'its symbolic links point in a circle';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export function isNotThere(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export async function listFolder(dir: string): Promise<FolderListing> {
  try {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { kind: 'entries', entries };
  } catch (err) {
    return isNotThere(err) ? { kind: 'missing' } : { kind: 'unreadable', why: fsErrorSentence(err) };
  }
}

/** The entry's kind, following a symbolic link to what it points at. */
export async function entryKind(dir: string, entry: Dirent): Promise<EntryKind> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = await fsp.stat(path.join(dir, entry.name));
    return target.isFile() ? 'file' : target.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'broken-link';
  }
}

/** The file's stats, or undefined when it is not there; other failures (permissions) throw. */
export async function statIfThere(p: string): Promise<Stats | undefined> {
  try {
    return await fsp.stat(p);
  } catch (err) {
    if (isNotThere(err)) return undefined;
    throw err;
  }
}

/** Hidden entries (".DS_Store", ".git", a download's temporary file) are never models. */
export function isHidden(name: string): boolean {
  return name.startsWith('.');
}
