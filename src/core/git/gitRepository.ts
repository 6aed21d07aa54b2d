// The questions the git scopes ask of a repository before they blame or diff anything: where its
// top folder is, who the user is (user.email), which branch is the default one, where a branch
// left it (the merge-base). Each refusal says what to do, since the user meets it as the reason
// a scope shows nothing.
import { LocalFocusError } from '../errors';
import { GitCommandError, runGit } from './runGit';

export interface GitRepository {
  /** The working tree's top folder, as git prints it (symbolic links resolved). */
  top: string;
  signal?: AbortSignal | undefined;
}

/** The repository holding `dir`; refuses with what to do when there is none. */
export async function openRepository(dir: string, signal?: AbortSignal): Promise<GitRepository> {
  try {
    const top = (await runGit(['rev-parse', '--show-toplevel'], { cwd: dir, ...(signal ? { signal } : {}) })).trim();
    if (!top) throw new LocalFocusError('bad-input', `${dir} is inside a bare git repository, which has no files to read; open a clone's working folder.`);
    return { top, signal };
  } catch (err) {
    if (!(err instanceof GitCommandError)) throw err;
    throw new LocalFocusError('bad-input', `${dir} is not in a git repository, so there is no history to tell whose lines or which branch's they are; run git init or open a folder inside a clone.`);
  }
}

export function git(repo: GitRepository, args: readonly string[], input?: string): Promise<string> {
  return runGit(args, { cwd: repo.top, ...(repo.signal ? { signal: repo.signal } : {}), ...(input !== undefined ? { input } : {}) });
}

/** `git config user.email`, lower case: the e-mail blame must show for a line to be the user's. */
export async function userEmail(repo: GitRepository): Promise<string> {
  const mail = await git(repo, ['config', '--get', 'user.email']).catch((err: unknown) => {
    if (err instanceof GitCommandError) return '';
    throw err;
  });
  if (!mail.trim()) throw new LocalFocusError('bad-input', 'git has no user.email here, so no line can be told as yours; set it with git config user.email you@example.com.');
  return mail.trim().toLowerCase();
}

/** The commit `ref` names; refuses an unknown ref by name. */
export async function resolveCommit(repo: GitRepository, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new LocalFocusError('bad-input', `"${ref}" is not a ref name; give a branch, tag or commit such as main.`);
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch (err) {
    if (!(err instanceof GitCommandError)) throw err;
    throw new LocalFocusError('bad-input', `git knows no commit named "${ref}"; give a branch, tag or commit that exists (git branch -a lists the branches).`);
  }
}

/** Where a default branch may be, in order after origin/HEAD: name shown → full ref. */
const DEFAULT_BRANCH_CANDIDATES: readonly [string, string][] = [
  ['main', 'refs/heads/main'],
  ['master', 'refs/heads/master'],
  ['origin/main', 'refs/remotes/origin/main'],
  ['origin/master', 'refs/remotes/origin/master'],
];

async function exists(repo: GitRepository, ref: string): Promise<boolean> {
  return git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).then(
    () => true,
    (err: unknown) => {
      if (err instanceof GitCommandError) return false;
      throw err;
    },
  );
}

/**
 * The branch new work is measured against: origin/HEAD's target when the clone has one, else
 * main, else master (local, then origin's). `howToChoose` ends the refusal: how this caller's
 * user names a base instead (a CLI option, a picker).
 */
export async function defaultBranch(repo: GitRepository, howToChoose: string): Promise<string> {
  const remoteHead = await git(repo, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch((err: unknown) => {
    if (err instanceof GitCommandError) return '';
    throw err;
  });
  if (remoteHead.trim() && (await exists(repo, remoteHead.trim()))) return remoteHead.trim();
  for (const [name, ref] of DEFAULT_BRANCH_CANDIDATES) if (await exists(repo, ref)) return name;
  throw new LocalFocusError('bad-input', `no default branch found in ${repo.top} (no origin/HEAD, main or master); ${howToChoose}.`);
}

/** Where HEAD's history meets `baseCommit`'s; refuses when HEAD has no commit or they share none. */
export async function mergeBaseWithHead(repo: GitRepository, baseCommit: string, baseName: string): Promise<string> {
  if (!(await exists(repo, 'HEAD'))) throw new LocalFocusError('bad-input', `${repo.top} has no commit yet, so no line is older than this branch; commit once, then compare with ${baseName}.`);
  try {
    return (await git(repo, ['merge-base', 'HEAD', baseCommit])).trim();
  } catch (err) {
    if (!(err instanceof GitCommandError)) throw err;
    throw new LocalFocusError('bad-input', `HEAD and ${baseName} share no history (git merge-base found none); compare with a branch this one was made from.`);
  }
}

/** The base (the one named, else the default branch) and where HEAD's history left it: what every branch comparison measures from. */
export async function branchBase(repo: GitRepository, base: string | undefined, howToChoose: string): Promise<{ base: string; mergeBase: string }> {
  const named = base ?? (await defaultBranch(repo, howToChoose));
  return { base: named, mergeBase: await mergeBaseWithHead(repo, await resolveCommit(repo, named), named) };
}
