// Whether a file inside a scanned folder is one the walk (scanWalk.ts) reads, for paths that come
// from elsewhere than the walk: a save in the editor, a file ripgrep listed. The walk's rules, in
// its order: no folder on the way is a version-control folder, excluded by a glob or ignored by
// the .gitignore files above it (the root's .git/info/exclude included), and the file itself has a
// name a scan reads and is neither excluded nor ignored. Each folder's verdict and ignore files are
// read once, so a list of many paths costs one .gitignore read per folder, as the walk does.
import { join } from 'node:path';
import { namedSyntax, type NamedSyntax } from '../core/lexing/fileSyntax';
import { compileGlobs } from '../core/todos/glob';
import { type IgnoreStack } from '../core/todos/ignore';
import { entersFolder, rootIgnores, skipsFile, withOwnGitignore } from './scanWalk';

export interface ScannablePathRules {
  /** Globs relative to the root that are never scanned. */
  exclude?: readonly string[];
  /** Honour .gitignore files (and .git/info/exclude). Default true. */
  respectGitignore?: boolean;
}

/** A folder the walk does not enter. */
const NOT_ENTERED = null;

export class ScannablePaths {
  private readonly excluded: (relPath: string) => boolean;
  private readonly respectGitignore: boolean;
  /** By folder (relative, forward slashes, '' for the root): the ignores inside it, or NOT_ENTERED. */
  private readonly folders = new Map<string, IgnoreStack | typeof NOT_ENTERED>();

  constructor(
    private readonly absRoot: string,
    rules: ScannablePathRules = {},
  ) {
    this.excluded = compileGlobs(rules.exclude ?? []);
    this.respectGitignore = rules.respectGitignore ?? true;
  }

  /** The name's verdict the walk reads the file with; undefined when the walk does not read it.
   *  `relPath` is relative to the root, with forward slashes. */
  syntaxOf(relPath: string): NamedSyntax | undefined {
    const cut = relPath.lastIndexOf('/');
    const named = namedSyntax(relPath.slice(cut + 1));
    if (!named) return undefined;
    const ignores = this.inside(cut < 0 ? '' : relPath.slice(0, cut));
    if (!ignores || skipsFile(this.excluded, ignores, relPath)) return undefined;
    return named;
  }

  private inside(folderRel: string): IgnoreStack | typeof NOT_ENTERED {
    let known = this.folders.get(folderRel);
    if (known === undefined) {
      known = this.enter(folderRel);
      this.folders.set(folderRel, known);
    }
    return known;
  }

  /** The walk's verdict on a folder, then the ignores its own .gitignore adds for what is inside. */
  private enter(folderRel: string): IgnoreStack | typeof NOT_ENTERED {
    let outer: IgnoreStack;
    if (folderRel === '') {
      outer = rootIgnores(this.absRoot, this.respectGitignore);
    } else {
      const cut = folderRel.lastIndexOf('/');
      const parent = this.inside(cut < 0 ? '' : folderRel.slice(0, cut));
      if (!parent) return NOT_ENTERED;
      if (!entersFolder(this.excluded, parent, folderRel, folderRel.slice(cut + 1))) return NOT_ENTERED;
      outer = parent;
    }
    return this.respectGitignore ? withOwnGitignore(outer, folderRel, join(this.absRoot, folderRel)) : outer;
  }
}
