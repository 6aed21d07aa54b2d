// The refs a user may pick as the base of a branch review: the default branch first (the usual
// answer, so it is one keystroke away), then local branches, remote-tracking branches and tags,
// each group most recent first as git sorts them. The current branch is left out (its merge-base
// with itself is HEAD, which would leave only uncommitted edits), and so are `origin/HEAD`-style
// symbolic refs, which only repeat a branch already listed.
import { git, type GitRepository } from './gitRepository';
import { GitCommandError } from './runGit';

export type BaseRefKind = 'default' | 'branch' | 'remote' | 'tag';

export interface BaseRefChoice {
  /** The name to hand git: `main`, `origin/release`, `v1.2`. */
  ref: string;
  kind: BaseRefKind;
}

const KIND_ORDER: readonly BaseRefKind[] = ['default', 'branch', 'remote', 'tag'];

/** Full ref names (`refs/heads/main`) → the choices, given the current branch's and the default branch's short names. */
export function baseRefChoices(refNames: readonly string[], currentBranch: string | undefined, defaultBase: string | undefined): BaseRefChoice[] {
  const choices: BaseRefChoice[] = defaultBase !== undefined && defaultBase !== currentBranch ? [{ ref: defaultBase, kind: 'default' }] : [];
  for (const full of refNames) {
    const choice = choiceOf(full);
    if (!choice || choice.ref === defaultBase || (choice.kind === 'branch' && choice.ref === currentBranch)) continue;
    choices.push(choice);
  }
  // Array.prototype.sort is stable: within a kind, git's order (most recent first) stays.
  return choices.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

function choiceOf(full: string): BaseRefChoice | undefined {
  if (full.startsWith('refs/heads/')) return { ref: full.slice('refs/heads/'.length), kind: 'branch' };
  if (full.startsWith('refs/tags/')) return { ref: full.slice('refs/tags/'.length), kind: 'tag' };
  if (full.startsWith('refs/remotes/') && !full.endsWith('/HEAD')) return { ref: full.slice('refs/remotes/'.length), kind: 'remote' };
  return undefined;
}

/** Branches, remote-tracking branches and tags of the repository, most recent commit first. */
export async function listBaseRefs(repo: GitRepository): Promise<string[]> {
  const out = await git(repo, ['for-each-ref', '--sort=-committerdate', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags']);
  return out.split('\n').filter(Boolean);
}

/** The current branch's short name; undefined on a detached HEAD. */
export async function currentBranch(repo: GitRepository): Promise<string | undefined> {
  const name = await git(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch((err: unknown) => {
    if (err instanceof GitCommandError) return '';
    throw err;
  });
  return name.trim() || undefined;
}
