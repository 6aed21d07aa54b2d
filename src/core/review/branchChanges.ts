// The files a branch review looks at ("Review Branch Changes…", `local-focus review --base`): every
// file that differs between the merge-base of HEAD with the base branch and the working tree, so
// the branch's commits, staged and unstaged edits all count, plus the files git does not track
// yet. The base is the repository's default branch (origin/HEAD, else main, else master) unless
// the user names one. Deleted files have nothing left to review and binary ones nothing to read,
// so both are left out. A renamed file is measured against its text under the old name, so a
// move alone changes no line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNumstatZ } from '../git/diffNumstat';
import { branchBase, git, type GitRepository } from '../git/gitRepository';
import { GitCommandError } from '../git/runGit';

export interface BranchChangedFile {
  /** Repository-relative, '/'-separated. */
  path: string;
  /** The file's text at the merge-base; undefined for a file the merge-base does not have (every line is new). */
  baseText: () => Promise<string | undefined>;
}

export interface BranchChanges {
  /** The ref compared with, as named (`origin/main`, or the user's). */
  base: string;
  mergeBase: string;
  files: BranchChangedFile[];
}

export interface BranchChangesOptions {
  /** The ref to compare with; default the repository's default branch. */
  base?: string | undefined;
  /** How the caller's user names a base, for the refusal when no default branch exists. */
  howToChooseBase: string;
  /** Only these repository-relative paths (files or folders); default the whole tree. */
  paths?: readonly string[] | undefined;
}

/** git's own test for binary content: a NUL byte in the first 8,000 bytes. */
const BINARY_SNIFF_BYTES = 8000;

/** Changed files between the merge-base with the base branch and the working tree. */
export async function branchChanges(repo: GitRepository, opts: BranchChangesOptions): Promise<BranchChanges> {
  const { base, mergeBase } = await branchBase(repo, opts.base, opts.howToChooseBase);
  const pathArgs = ['--', ...(opts.paths ?? [])];
  const numstat = await git(repo, [
    // Paths are file names, not patterns (a file may be called `a[1].ts`).
    '--literal-pathspecs', 'diff', '--numstat', '-z', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--diff-filter=d', mergeBase, ...pathArgs,
  ]);
  const files: BranchChangedFile[] = parseNumstatZ(numstat)
    .filter((f) => !f.binary)
    .map((f) => ({ path: f.path, baseText: () => textAt(repo, mergeBase, f.oldPath) }));
  const untracked = await git(repo, ['--literal-pathspecs', 'ls-files', '-z', '--others', '--exclude-standard', ...pathArgs]);
  for (const file of untracked.split('\0')) {
    if (file && !looksBinary(path.join(repo.top, file))) files.push({ path: file, baseText: () => Promise.resolve(undefined) });
  }
  return { base, mergeBase, files };
}

/** The blob at `commit:file`, without filters or textconv; undefined when the commit has no such file (it was added since). */
async function textAt(repo: GitRepository, commit: string, file: string): Promise<string | undefined> {
  try {
    return await git(repo, ['cat-file', 'blob', `${commit}:${file}`]);
  } catch (err) {
    if (err instanceof GitCommandError) return undefined;
    throw err;
  }
}

function looksBinary(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(BINARY_SNIFF_BYTES);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).includes(0);
  } catch {
    // Unreadable (a socket, a dangling link): nothing to review either.
    return true;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
