// "This branch": the lines added since the current branch left the default branch. The base is
// the merge-base of HEAD and that branch (origin/HEAD's target, else main, else master, or the ref
// the user names), and the diff runs from it to the working tree, so commits of this branch,
// staged and unstaged edits all count; files git does not track yet are added whole. Renamed
// files keep their old lines (a move adds nothing), changed lines count as added.
import { addedLinesOfDiff } from '../git/diffAddedLines';
import { branchBase, git, type GitRepository } from '../git/gitRepository';
import type { ScopeLines } from './gitScope';

export interface BranchScopeOptions {
  /** The ref to compare with; default the repository's default branch. */
  base?: string | undefined;
  /** How the caller's user names a base, for the refusal when no default branch exists. */
  howToChooseBase: string;
  /** Only these repository-relative paths (one saved file); default the whole tree. */
  paths?: readonly string[] | undefined;
}

export interface BranchResult {
  /** The ref compared with, as named (`origin/main`, or the user's). */
  base: string;
  mergeBase: string;
  lines: ScopeLines;
}

/** Added lines per file between the merge-base with the base branch and the working tree. */
export async function branchLines(repo: GitRepository, opts: BranchScopeOptions): Promise<BranchResult> {
  const { base, mergeBase } = await branchBase(repo, opts.base, opts.howToChooseBase);
  const pathArgs = ['--', ...(opts.paths ?? [])];
  const diff = await git(repo, [
    // Paths are file names, not patterns (a file may be called `a[1].ts`).
    '--literal-pathspecs', '-c', 'core.quotePath=false', 'diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames',
    '--src-prefix=a/', '--dst-prefix=b/', mergeBase, ...pathArgs,
  ]);
  const lines: ScopeLines = addedLinesOfDiff(diff);
  const untracked = await git(repo, ['--literal-pathspecs', 'ls-files', '-z', '--others', '--exclude-standard', ...pathArgs]);
  for (const file of untracked.split('\0')) if (file) lines.set(file, 'all');
  return { base, mergeBase, lines };
}
