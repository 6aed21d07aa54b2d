// The forms of the Hub's names that Local Focus accepts: a repository "owner/name" and a commit.
// Checked wherever such a name arrives (a Hub answer, a catalog file, a CLI argument, a message
// from the Model Manager view), before it is put in a URL or a file.

/** "owner/name" as the Hub allows them: letters, digits, "-", "_", "." (not first), at most 96 each. */
const REPO_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
/** A commit of the repository, as the Hub gives it in `sha`. */
const REVISION_PATTERN = /^[0-9a-f]{40}$/;

export function isHubRepo(repo: unknown): repo is string {
  return typeof repo === 'string' && REPO_PATTERN.test(repo) && !repo.includes('..');
}

export function isHubRevision(revision: unknown): revision is string {
  return typeof revision === 'string' && REVISION_PATTERN.test(revision);
}
