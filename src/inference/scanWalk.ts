// The walk of a TODO scan: folders in a stable order (sorted names, depth first), skipped the way
// the editor's search skips them (.gitignore files, files.exclude / search.exclude globs,
// version-control folders), and in them the files whose language has comments to scan, or that
// may be scripts saying their language in a `#!` line.

// Named imports: in the bundles a namespace import of a Node module is read through a getter on
// every call, and these run once per folder or file.
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import { namedSyntax, type NamedSyntax } from '../core/lexing/fileSyntax';
import type { RecordedFile } from '../core/todos/scanRecord';
import { GitIgnore, IgnoreStack } from '../core/todos/ignore';
import { LocalFocusError } from '../core/errors';
import type { TodoScanStats } from '../core/tasksProtocol';

/** Folders of version control that no scan wants, whatever the excludes say. */
export const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn']);

/** A file the walk found to scan. */
export interface PendingFile {
  /** Path relative to the scan root, with forward slashes. */
  rel: string;
  absPath: string;
  name: string;
  /** The syntax its name gives, or that its `#!` line must tell. */
  syntax: NamedSyntax;
  /** The open editor's text, scanned instead of the file on disk. */
  override?: string;
  /** What the scan's record holds for the file (recordedVerdicts.ts): read only if it changed. */
  recorded?: RecordedFile;
}

export interface WalkRules {
  /** Whether a root-relative path matches an exclude glob. */
  excluded: (rel: string) => boolean;
  respectGitignore: boolean;
  overrides?: ReadonlyMap<string, string>;
}

interface Folder {
  rel: string;
  /** The ignore files that apply in the folder, its own .gitignore not yet among them. */
  ignores: IgnoreStack;
}

export class FolderWalk {
  constructor(
    private readonly absRoot: string,
    private readonly rules: WalkRules,
    /** Counts what the walk passes over: unknown languages, ignored files and folders. */
    private readonly stats: TodoScanStats,
  ) {}

  /** Every file to scan, in order. Throws LocalFocusError('cancelled') between folders once the signal aborts. */
  *files(signal: AbortSignal | undefined): Generator<PendingFile> {
    // Explicit stack instead of recursion: deep trees and a generator do not mix well with recursion.
    const stack: Folder[] = [{ rel: '', ignores: rootIgnores(this.absRoot, this.rules.respectGitignore) }];
    while (stack.length > 0) {
      throwIfAborted(signal);
      const { rel, ignores: parentIgnores } = stack.pop()!;
      const absDir = rel === '' ? this.absRoot : join(this.absRoot, rel);
      const entries = sortedEntries(absDir);
      if (!entries) continue; // vanished or unreadable folder: the scan goes on with the rest
      const ignores = this.rules.respectGitignore ? withGitignore(parentIgnores, rel, absDir, entries) : parentIgnores;
      const subdirs: string[] = [];
      for (const entry of entries) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (ALWAYS_SKIPPED_DIRS.has(entry.name) || this.rules.excluded(childRel) || ignores.ignores(childRel, true)) this.stats.ignored++;
          else subdirs.push(childRel);
          continue;
        }
        const file = this.fileToScan(entry, childRel, absDir, ignores);
        if (file) yield file;
      }
      // Reverse so that popping visits folders in sorted order.
      for (let k = subdirs.length - 1; k >= 0; k--) stack.push({ rel: subdirs[k]!, ignores });
    }
  }

  /** The entry as a file to scan, or undefined when it is passed over. */
  private fileToScan(entry: Dirent, rel: string, absDir: string, ignores: IgnoreStack): PendingFile | undefined {
    if (!entry.isFile()) return undefined; // symlinks, sockets: not followed, as ripgrep does by default
    const name = entry.name;
    const syntax = namedSyntax(name);
    if (!syntax) {
      this.stats.skippedUnknown++;
      return undefined;
    }
    if (this.rules.excluded(rel) || ignores.ignores(rel, false)) {
      this.stats.ignored++;
      return undefined;
    }
    const absPath = absDir + sep + name;
    const override = this.rules.overrides?.get(absPath);
    return { rel, absPath, name, syntax, ...(override !== undefined ? { override } : {}) };
  }
}

/** The ignores of the root: .git/info/exclude when .gitignore files count. */
export function rootIgnores(absRoot: string, respectGitignore: boolean): IgnoreStack {
  const ignores = new IgnoreStack();
  if (!respectGitignore) return ignores;
  const infoExclude = readTextIfExists(join(absRoot, '.git', 'info', 'exclude'));
  return infoExclude ? ignores.with('', GitIgnore.parse(infoExclude)) : ignores;
}

/** The folder's ignores: its parent's, and its own .gitignore when it has one. */
function withGitignore(parentIgnores: IgnoreStack, rel: string, absDir: string, entries: readonly Dirent[]): IgnoreStack {
  if (!entries.some((e) => e.name === '.gitignore' && e.isFile())) return parentIgnores;
  const content = readTextIfExists(join(absDir, '.gitignore'));
  return content ? parentIgnores.with(rel, GitIgnore.parse(content)) : parentIgnores;
}

/** The folder's entries sorted by name; undefined when it cannot be read. */
function sortedEntries(absDir: string): Dirent[] | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LocalFocusError('cancelled');
}

export function readTextIfExists(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
