// Which files of a workspace folder are notes: those matching the include globs, minus the exclude
// globs (files.exclude, search.exclude, localFocus.notes.exclude) and what .gitignore files and
// .git/info/exclude ignore, as the editor's own search would see them. A full walk lists them all;
// a file event asks about one path, with its parent folders' ignore files read on the way.

import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError } from '../../../core/errors';
import { DEFAULT_NOTE_EXCLUDE, DEFAULT_NOTE_INCLUDE, type NoteFileScope } from '../../../core/notesProtocol';
import { compileGlobs } from '../../../core/todos/glob';
import { GitIgnore, IgnoreStack } from '../../../core/todos/ignore';

/** Folders of version control: never notes, whatever the excludes say. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn']);
/** Folders read between two turns of the event loop, so the worker keeps answering searches. */
const DIRS_PER_SLICE = 64;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export class NoteScope {
  readonly root: string;
  private readonly included: (relPath: string) => boolean;
  private readonly excluded: (relPath: string) => boolean;
  private readonly respectGitignore: boolean;

  constructor(root: string, scope: NoteFileScope = {}) {
    this.root = path.resolve(root);
    const include = scope.include?.filter((g) => typeof g === 'string' && g.trim()) ?? [];
    this.included = compileGlobs(include.length > 0 ? include : DEFAULT_NOTE_INCLUDE);
    const exclude = compileGlobs((scope.exclude ?? [...DEFAULT_NOTE_EXCLUDE]).filter((g) => typeof g === 'string'));
    // "**/node_modules/**" names what is inside a folder; the folder itself matches with a trailing slash.
    this.excluded = (relPath) => exclude(relPath) || exclude(`${relPath}/`);
    this.respectGitignore = scope.respectGitignore ?? true;
  }

  /** The folder-relative, '/'-separated path of an absolute or relative path; undefined outside the folder. */
  relative(file: string): string | undefined {
    const rel = path.relative(this.root, path.resolve(this.root, file));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  /** Every note of the folder, sorted, relative with '/'. */
  async list(signal?: AbortSignal): Promise<string[]> {
    let rootStat;
    try {
      rootStat = await fs.stat(this.root);
    } catch {
      throw new LocalFocusError('bad-input', `${this.root} does not exist.`);
    }
    if (!rootStat.isDirectory()) throw new LocalFocusError('bad-input', `${this.root} is not a folder.`);

    let rootIgnores = new IgnoreStack();
    if (this.respectGitignore) {
      const infoExclude = await readTextIfExists(path.join(this.root, '.git', 'info', 'exclude'));
      if (infoExclude) rootIgnores = rootIgnores.with('', GitIgnore.parse(infoExclude));
    }
    const notes: string[] = [];
    const stack: { rel: string; ignores: IgnoreStack }[] = [{ rel: '', ignores: rootIgnores }];
    let dirs = 0;
    while (stack.length > 0) {
      if (++dirs % DIRS_PER_SLICE === 0) await yieldToEventLoop();
      if (signal?.aborted) throw new LocalFocusError('cancelled', 'Listing notes was stopped.');
      const { rel, ignores: parentIgnores } = stack.pop()!;
      const absDir = rel === '' ? this.root : path.join(this.root, rel);
      let entries: Dirent[];
      try {
        entries = await fs.readdir(absDir, { withFileTypes: true });
      } catch {
        continue; // vanished or unreadable: the rest of the folder is still listed
      }
      let ignores = parentIgnores;
      if (this.respectGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const content = await readTextIfExists(path.join(absDir, '.gitignore'));
        if (content) ignores = ignores.with(rel, GitIgnore.parse(content));
      }
      for (const entry of entries) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!ALWAYS_SKIPPED_DIRS.has(entry.name) && !this.excluded(childRel) && !ignores.ignores(childRel, true)) stack.push({ rel: childRel, ignores });
        } else if (entry.isFile() && this.included(childRel) && !this.excluded(childRel) && !ignores.ignores(childRel, false)) {
          // Symbolic links are not followed (as ripgrep and the editor's search do by default): no loops, no notes twice.
          notes.push(childRel);
        }
      }
    }
    return notes.sort();
  }

  /** Whether a path (absolute or relative; it need not exist any more) is a note of this folder. */
  async contains(file: string): Promise<boolean> {
    const rel = this.relative(file);
    if (rel === undefined || !this.included(rel)) return false;
    const parts = rel.split('/');
    for (let k = 1; k <= parts.length; k++) {
      const prefix = parts.slice(0, k).join('/');
      if (this.excluded(prefix)) return false;
      if (k < parts.length && ALWAYS_SKIPPED_DIRS.has(parts[k - 1]!)) return false;
    }
    if (!this.respectGitignore) return true;
    let ignores = new IgnoreStack();
    const infoExclude = await readTextIfExists(path.join(this.root, '.git', 'info', 'exclude'));
    if (infoExclude) ignores = ignores.with('', GitIgnore.parse(infoExclude));
    for (let k = 0; k < parts.length; k++) {
      const base = parts.slice(0, k).join('/');
      const content = await readTextIfExists(path.join(this.root, base, '.gitignore'));
      if (content) ignores = ignores.with(base, GitIgnore.parse(content));
    }
    return !ignores.ignoresWithParents(rel, false);
  }
}
