// The files the current branch has changed, the same ones a branch review looks at
// (review/branchChanges.ts): everything that differs from the merge-base with the default branch
// (or the base the user names) to the working tree, plus the files git does not track yet. A task
// whose TODO sits in one of them is likely part of the work at hand. Paths come back relative to
// the workspace folder (the task file's frame); files of the repository outside it are left out.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { openRepository } from '../../git/gitRepository';
import { branchChanges } from '../../review/branchChanges';

export interface BranchChangedFiles {
  /** The ref compared with, as named. */
  base: string;
  mergeBase: string;
  /** Relative to the workspace folder, forward slashes. */
  files: Set<string>;
}

export interface BranchChangedFilesOptions {
  /** The ref to compare with; default the repository's default branch. */
  base?: string | undefined;
  /** How this caller's user names a base, for the refusal when no default branch exists. */
  howToChooseBase: string;
  signal?: AbortSignal;
}

/** Throws a `bad-input` LocalFocusError that says what to do when `folder` is not in a repository or has no base. */
export async function branchChangedFiles(folder: string, opts: BranchChangedFilesOptions): Promise<BranchChangedFiles> {
  const repo = await openRepository(folder, opts.signal);
  // git prints the top with symbolic links resolved: compare with the folder's real path.
  const prefix = path.relative(repo.top, await fsp.realpath(folder)).split(path.sep).join('/');
  const changes = await branchChanges(repo, { base: opts.base, howToChooseBase: opts.howToChooseBase, ...(prefix ? { paths: [prefix] } : {}) });
  const files = new Set(changes.files.map((f) => (prefix ? f.path.slice(prefix.length + 1) : f.path)));
  return { base: changes.base, mergeBase: changes.mergeBase, files };
}
