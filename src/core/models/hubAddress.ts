// Where the Hub is and how its addresses are built: the public Hugging Face Hub by default, or a
// mirror or an enterprise hub (localFocus.hub.url, the CLI's --hub or LOCAL_FOCUS_HUB_URL) that
// answers the same API under its own origin and path. Names from the Hub (repositories, file
// paths) are percent-encoded segment by segment, so a name can never add a path segment, a query
// or a host to a URL.
import { LocalFocusError } from '../errors';
import { insecureUrlReason } from './catalogSchema';

export const DEFAULT_HUB_URL = 'https://huggingface.co';

/**
 * The Hub's base URL without a trailing slash, or a bad-input error that says what to set. Only
 * https, or http to this machine; no user name or password in it (a token goes in HF_TOKEN, so it
 * never shows in a setting or a log line), no query and no fragment.
 */
export function hubBaseUrl(raw: string | undefined, where = 'localFocus.hub.url'): string {
  const text = (raw ?? '').trim() || DEFAULT_HUB_URL;
  const fix = `Set ${where} to the Hub's address, such as ${DEFAULT_HUB_URL}, or leave it empty for the public Hub.`;
  const insecure = insecureUrlReason(text);
  if (insecure) throw new LocalFocusError('bad-input', `The Hub address "${text}" ${insecure}. ${fix}`, { reason: 'hub-url' });
  const url = new URL(text);
  if (url.username || url.password) throw new LocalFocusError('bad-input', `The Hub address must not carry a user name or password; give a token in HF_TOKEN instead. ${fix}`, { reason: 'hub-url' });
  if (url.search || url.hash) throw new LocalFocusError('bad-input', `The Hub address "${text}" has a query or a fragment. ${fix}`, { reason: 'hub-url' });
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** The model search: repositories of one library format, most downloaded first. */
export function hubSearchUrl(base: string, query: string, format: string, limit: number): string {
  const params = new URLSearchParams({ search: query, filter: format, sort: 'downloads', direction: '-1', limit: String(limit) });
  for (const field of ['author', 'downloads', 'likes', 'lastModified', 'tags', 'gated', 'sha']) params.append('expand[]', field);
  return `${base}/api/models?${params.toString()}`;
}

/** One repository's facts (owner, counts, licence tags, commit). */
export function hubRepoUrl(base: string, repo: string): string {
  return `${base}/api/models/${encodePath(repo)}`;
}

/** Every file of the repository at a commit, with sizes and LFS hashes. */
export function hubTreeUrl(base: string, repo: string, revision: string): string {
  return `${base}/api/models/${encodePath(repo)}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

/** The file itself at a commit, so a later upload cannot change the bytes behind a pinned hash. */
export function hubResolveUrl(base: string, repo: string, revision: string, file: string): string {
  return `${base}/${encodePath(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`;
}
