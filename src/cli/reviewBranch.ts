// `local-focus review --base <ref>` (or `--branch`): which files a branch review reads and which of
// their lines it may comment on. The files are those changed since the merge-base of HEAD with the
// base (the default branch unless named), the working tree included, narrowed to the paths given
// on the command line; each is read from disk and its changed lines are measured against its text
// at the merge-base, the same way the editor's "Review Branch Changes…" measures them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openRepository } from '../core/git/gitRepository';
import { branchChanges } from '../core/review/branchChanges';
import { changedLinesSince } from '../core/review/changedLinesSince';
import { UsageError } from './args';

export interface BranchReviewFile {
  /** Absolute path on disk. */
  file: string;
  /** Relative to the current folder, '/'-separated: how the output names it. */
  arg: string;
  text: string;
  /** 1-based lines added or changed since the merge-base. */
  changedLines: number[];
}

export interface BranchReview {
  base: string;
  mergeBase: string;
  files: BranchReviewFile[];
}

/** The files of the branch to review and their changed lines; `args` narrows them to those paths. */
export async function branchReviewFiles(cwd: string, base: string | undefined, args: readonly string[], signal?: AbortSignal): Promise<BranchReview> {
  const repo = await openRepository(cwd, signal);
  const here = fs.realpathSync(cwd);
  const paths = args.map((arg) => repositoryPath(repo.top, here, arg));
  const changes = await branchChanges(repo, { base, howToChooseBase: 'pass the branch to compare with as --base <ref>', paths });
  const files: BranchReviewFile[] = [];
  for (const changed of changes.files) {
    const file = path.join(repo.top, changed.path);
    // A path git lists may be a link or a folder (a submodule) in the working tree: no text to review.
    if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    const changedLines = changedLinesSince(await changed.baseText(), text, signal);
    // A file only renamed, or whose mode alone changed, has no line to comment on.
    if (changedLines.length === 0) continue;
    files.push({ file, arg: path.relative(here, file).split(path.sep).join('/'), text, changedLines });
  }
  return { base: changes.base, mergeBase: changes.mergeBase, files };
}

/** A command-line path as git's repository-relative pathspec; a usage error for one outside the repository. */
function repositoryPath(top: string, here: string, arg: string): string {
  const relative = path.relative(top, path.resolve(here, arg));
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new UsageError(`${arg} is outside the git repository ${top}; --base reviews the changes of this repository only`);
  // The top itself: the whole tree.
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
