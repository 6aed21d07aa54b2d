// The files the current branch has changed: everything `git diff` shows from the merge-base with
// the default branch (or the base the user names) to the working tree, plus the files git does
// not track yet, as in the TODOs view's "This branch" scope. A task whose TODO sits in one of
// them is likely part of the work at hand. Paths come back relative to the workspace folder (the
// task file's frame), and files of the repository outside that folder are left out.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { defaultBranch, git, mergeBaseWithHead, openRepository, resolveCommit } from '../../git/gitRepository';

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
  const base = opts.base ?? (await defaultBranch(repo, opts.howToChooseBase));
  const mergeBase = await mergeBaseWithHead(repo, await resolveCommit(repo, base), base);
  const changed = await git(repo, ['-c', 'core.quotePath=false', 'diff', '--name-only', '-z', '--no-ext-diff', '--find-renames', mergeBase, '--']);
  const untracked = await git(repo, ['ls-files', '-z', '--others', '--exclude-standard']);
  // git prints the top with symbolic links resolved: compare with the folder's real path.
  const prefix = path.relative(repo.top, await fsp.realpath(folder)).split(path.sep).join('/');
  const files = new Set<string>();
  for (const file of [...changed.split('\0'), ...untracked.split('\0')]) {
    const rel = inFolder(file, prefix);
    if (rel) files.add(rel);
  }
  return { base, mergeBase, files };
}

/** A repository path relative to the folder at `prefix` ('' at the top); undefined outside it. */
function inFolder(file: string, prefix: string): string | undefined {
  if (!file) return undefined;
  if (!prefix) return file;
  return file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : undefined;
}
