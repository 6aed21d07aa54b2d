// The walk of a TODO scan: folders in a stable order (sorted names, depth first), skipped the way
// the editor's search skips them (.gitignore files, files.exclude / search.exclude globs,
// version-control folders), and in them the files whose language has comments to scan, or that
// may be scripts saying their language in a `#!` line. With the scan's record (recordedFolders.ts)
// a folder whose entries and ignore files are unchanged is not listed again: its recorded listing
// is used, and the .gitignore files above it are read only if a folder below must be listed.

// Named imports: in the bundles a namespace import of a Node module is read through a getter on
// every call, and these run once per folder or file.
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import { namedSyntax, type NamedSyntax } from '../core/lexing/fileSyntax';
import type { FileStamp, RecordedFile } from '../core/todos/scanRecord';
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
  /** Its stamp, when the scan took it before reading (TodoScanOptions.tagged). */
  stamp?: FileStamp;
  /** ripgrep found no tag in its bytes (TodoScanOptions.tagged): a stamped scan does not read it. */
  untagged?: boolean;
}

export interface WalkRules {
  /** Whether a root-relative path matches an exclude glob. */
  excluded: (rel: string) => boolean;
  respectGitignore: boolean;
  overrides?: ReadonlyMap<string, string>;
}

/** What the walk takes from one folder, in order, and what it passes over. */
export interface FolderListing {
  files: string[];
  folders: string[];
  ignored: number;
  unknown: number;
}

export interface WalkFolder {
  rel: string;
  absDir: string;
  /** The ignore files that apply in the folder, its own .gitignore not yet among them; read on first use. */
  ignores: () => IgnoreStack;
  /** An ignore file above the folder changed since the record: its recorded listing may not hold. */
  rulesChanged: boolean;
}

/** A folder's listing, with what its subfolders inherit. */
export interface ListedFolder {
  listing: FolderListing;
  /** The syntax each of `listing.files` has by its name, when the listing was just made: the walk
   *  then asks the name tables once per file (a recorded listing asks them again). */
  syntaxes?: NamedSyntax[];
  /** The ignore files that apply in its subfolders. */
  ignores: () => IgnoreStack;
  rulesChanged: boolean;
}

/** The scan's record of folders (recordedFolders.ts). */
export interface FolderRecords {
  /** The recorded listing when the folder and its ignore files are unchanged; undefined otherwise. */
  reuse(folder: WalkFolder, ownIgnores: (hasGitignore: boolean) => () => IgnoreStack): ListedFolder | undefined;
  /** Keeps a fresh listing for the next record; true when its ignore files changed since the record. */
  remember(folder: WalkFolder, stamp: FileStamp | undefined, rules: (FileStamp | null)[], listing: FolderListing): boolean;
}

export class FolderWalk {
  constructor(
    private readonly absRoot: string,
    private readonly rules: WalkRules,
    /** Counts what the walk passes over: unknown languages, ignored files and folders. */
    private readonly stats: TodoScanStats,
    private readonly records?: FolderRecords,
  ) {}

  /** Every file to scan, in order. Throws LocalFocusError('cancelled') between folders once the signal aborts. */
  *files(signal: AbortSignal | undefined): Generator<PendingFile> {
    const rootIgnoreStack = lazy(() => rootIgnores(this.absRoot, this.rules.respectGitignore));
    // Explicit stack instead of recursion: deep trees and a generator do not mix well with recursion.
    const stack: WalkFolder[] = [{ rel: '', absDir: this.absRoot, ignores: rootIgnoreStack, rulesChanged: false }];
    while (stack.length > 0) {
      throwIfAborted(signal);
      const folder = stack.pop()!;
      const listed = this.records?.reuse(folder, (has) => this.ownIgnores(folder, has)) ?? this.list(folder);
      if (!listed) continue; // vanished or unreadable folder: the scan goes on with the rest
      const { listing, syntaxes, ignores, rulesChanged } = listed;
      this.stats.ignored += listing.ignored;
      this.stats.skippedUnknown += listing.unknown;
      for (let k = 0; k < listing.files.length; k++) {
        const name = listing.files[k]!;
        yield this.pendingFile(folder, name, syntaxes?.[k] ?? namedSyntax(name)!);
      }
      // Reverse so that popping visits folders in sorted order.
      for (let k = listing.folders.length - 1; k >= 0; k--) {
        const name = listing.folders[k]!;
        stack.push({ rel: folder.rel === '' ? name : `${folder.rel}/${name}`, absDir: folder.absDir + sep + name, ignores, rulesChanged });
      }
    }
  }

  /** Lists the folder from the disk: its entries, filtered by the excludes and ignore files. */
  private list(folder: WalkFolder): ListedFolder | undefined {
    // Stamps come before the listing, so a change during it leaves an older stamp in the record.
    const stamp = this.records ? stampOf(folder.absDir) : undefined;
    const entries = sortedEntries(folder.absDir);
    if (!entries) return undefined;
    const hasGitignore = this.rules.respectGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile());
    const ruleStamps = this.records ? this.ignoreFileStamps(folder, hasGitignore) : [];
    const ignores = this.ownIgnores(folder, hasGitignore)();
    const listing: FolderListing = { files: [], folders: [], ignored: 0, unknown: 0 };
    const syntaxes: NamedSyntax[] = [];
    for (const entry of entries) {
      const childRel = folder.rel === '' ? entry.name : `${folder.rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entersFolder(this.rules.excluded, ignores, childRel, entry.name)) listing.folders.push(entry.name);
        else listing.ignored++;
      } else if (entry.isFile()) {
        // Symlinks, sockets and the like are not followed, as ripgrep does by default.
        const syntax = namedSyntax(entry.name);
        if (!syntax) listing.unknown++;
        else if (skipsFile(this.rules.excluded, ignores, childRel)) listing.ignored++;
        else {
          listing.files.push(entry.name);
          syntaxes.push(syntax);
        }
      }
    }
    const rulesChanged = this.records ? this.records.remember(folder, stamp, ruleStamps, listing) : false;
    return { listing, syntaxes, ignores: () => ignores, rulesChanged };
  }

  /** The ignores that apply in the folder's subfolders: the folder's, and its own .gitignore. */
  private ownIgnores(folder: WalkFolder, hasGitignore: boolean): () => IgnoreStack {
    if (!hasGitignore) return folder.ignores;
    return lazy(() => withOwnGitignore(folder.ignores(), folder.rel, folder.absDir));
  }

  /** The stamps of the ignore files that shape the folder's listing, in the record's order: the
   *  root's .git/info/exclude, then the folder's .gitignore. */
  private ignoreFileStamps(folder: WalkFolder, hasGitignore: boolean): (FileStamp | null)[] {
    if (!this.rules.respectGitignore) return [];
    const own = hasGitignore ? (stampOf(join(folder.absDir, '.gitignore')) ?? null) : null;
    return folder.rel === '' ? [stampOf(join(this.absRoot, '.git', 'info', 'exclude')) ?? null, own] : [own];
  }

  private pendingFile(folder: WalkFolder, name: string, syntax: NamedSyntax): PendingFile {
    const absPath = folder.absDir + sep + name;
    const file: PendingFile = { rel: folder.rel === '' ? name : `${folder.rel}/${name}`, absPath, name, syntax };
    const override = this.rules.overrides?.get(absPath);
    if (override !== undefined) file.override = override;
    return file;
  }
}

// The walk's verdicts on a folder or a file, shared with ScannablePaths, which judges paths that
// come from elsewhere. `excluded` is WalkRules.excluded; `ignores` holds the ignore files that apply
// in the folder the path is in.

/** Whether the walk enters the folder `rel`, named `name`. */
export function entersFolder(excluded: (rel: string) => boolean, ignores: IgnoreStack, rel: string, name: string): boolean {
  return !ALWAYS_SKIPPED_DIRS.has(name) && !excluded(rel) && !ignores.ignores(rel, true);
}

/** Whether the walk passes over the file `rel`, whose name has a syntax, as excluded or ignored. */
export function skipsFile(excluded: (rel: string) => boolean, ignores: IgnoreStack, rel: string): boolean {
  return excluded(rel) || ignores.ignores(rel, false);
}

/** The ignores inside the folder `rel`: those around it, and its own .gitignore when it has one. */
export function withOwnGitignore(around: IgnoreStack, rel: string, absDir: string): IgnoreStack {
  const content = readTextIfExists(join(absDir, '.gitignore'));
  return content ? around.with(rel, GitIgnore.parse(content)) : around;
}

/** The ignores of the root: .git/info/exclude when .gitignore files count. */
export function rootIgnores(absRoot: string, respectGitignore: boolean): IgnoreStack {
  const ignores = new IgnoreStack();
  if (!respectGitignore) return ignores;
  const infoExclude = readTextIfExists(join(absRoot, '.git', 'info', 'exclude'));
  return infoExclude ? ignores.with('', GitIgnore.parse(infoExclude)) : ignores;
}

/** A file's or folder's stamp; undefined when it is not there. */
export function stampOf(absPath: string): FileStamp | undefined {
  const stats = statSync(absPath, { throwIfNoEntry: false });
  return stats && { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/** The value `make` gives, made on the first call and kept. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
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

/** The text of a file, undefined when there is none. Most folders have no .gitignore: asking
 *  first costs a third of a failed read, which builds an error with its stack. */
export function readTextIfExists(p: string): string | undefined {
  try {
    if (!statSync(p, { throwIfNoEntry: false })?.isFile()) return undefined;
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
