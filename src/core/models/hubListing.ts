// The Hub's JSON answers read as bad input until proven otherwise: the model search
// (GET /api/models: a list of repositories), one repository (GET /api/models/{repo}) and its file
// tree (GET /api/models/{repo}/tree/{revision}?recursive=true: entries with type, path, size and,
// for LFS files, lfs: { oid, size, pointerSize } where oid is the file's sha256). A field of the
// wrong type is dropped or its item skipped with a sentence that says so; an answer that is not a
// list or an object at all is refused as a whole.
import { LocalFocusError } from '../errors';
import { isHubRepo, isHubRevision } from './hubNames';
import { hubOwnerOf } from './hubTrust';

/** What the search list says about one repository, checked. */
export interface HubRepoFacts {
  repo: string;
  author: string;
  downloads: number;
  likes: number;
  /** ISO time of the last commit, null when the Hub did not say. */
  lastModified: string | null;
  /** From the "license:…" tag (or the card's licence); "unknown" when absent. */
  license: string;
  gated: false | 'auto' | 'manual';
  /** The commit the listing describes; null when the Hub did not give one. */
  revision: string | null;
}

/** A file of a repository's tree, checked. */
export interface HubTreeFile {
  path: string;
  size: number;
  /** The LFS object's sha256 (the file's hash); null for a file kept in git itself. */
  sha256: string | null;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** The longest text kept from a Hub field: anything longer is a listing gone wrong. */
const MAX_FIELD = 200;

export function malformedHubAnswer(what: string, why: string): LocalFocusError {
  return new LocalFocusError('hub', `The Hub's answer for ${what} is not what its API returns (${why}); nothing was changed. Try again later, or check localFocus.hub.url.`, { reason: 'malformed' });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

function shortText(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() && v.length <= MAX_FIELD ? v.trim() : undefined;
}

function isoTime(v: unknown): string | null {
  const text = shortText(v);
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : null;
}

function licenseOf(item: Record<string, unknown>): string {
  const tags = Array.isArray(item.tags) ? item.tags : [];
  const tag = tags.find((t): t is string => typeof t === 'string' && t.startsWith('license:'));
  const fromTag = tag ? shortText(tag.slice('license:'.length)) : undefined;
  const card = isObject(item.cardData) ? shortText(item.cardData.license) : undefined;
  return fromTag ?? card ?? 'unknown';
}

function gatedOf(v: unknown): HubRepoFacts['gated'] {
  if (v === 'auto' || v === 'manual') return v;
  return v === true ? 'manual' : false;
}

/** One repository object (a search item, or the answer of /api/models/{repo}); undefined when unusable. */
export function readRepoFacts(item: unknown): HubRepoFacts | undefined {
  if (!isObject(item)) return undefined;
  const repo = typeof item.id === 'string' ? item.id : typeof item.modelId === 'string' ? item.modelId : undefined;
  if (!isHubRepo(repo)) return undefined;
  return {
    repo,
    author: shortText(item.author) ?? hubOwnerOf(repo),
    downloads: count(item.downloads),
    likes: count(item.likes),
    lastModified: isoTime(item.lastModified),
    license: licenseOf(item),
    gated: gatedOf(item.gated),
    revision: isHubRevision(item.sha) ? item.sha : null,
  };
}

/** A search page: the repositories it names, and a sentence for each item that was skipped. */
export function readRepoList(json: unknown, what: string): { repos: HubRepoFacts[]; skipped: string[] } {
  if (!Array.isArray(json)) throw malformedHubAnswer(what, 'not a list of repositories');
  const repos: HubRepoFacts[] = [];
  const skipped: string[] = [];
  for (const item of json) {
    const facts = readRepoFacts(item);
    if (facts) repos.push(facts);
    else skipped.push(`A search result without a valid "owner/name" id was skipped (${describe(item)}).`);
  }
  return { repos, skipped };
}

/** A tree page: its files, and a sentence for each entry that was skipped. Folders are left out. */
export function readTreePage(json: unknown, what: string): { files: HubTreeFile[]; skipped: string[] } {
  if (!Array.isArray(json)) throw malformedHubAnswer(what, 'not a list of files');
  const files: HubTreeFile[] = [];
  const skipped: string[] = [];
  for (const entry of json) {
    if (!isObject(entry) || typeof entry.path !== 'string') {
      skipped.push(`A file entry without a path was skipped (${describe(entry)}).`);
      continue;
    }
    if (entry.type === 'directory') continue;
    const read = readTreeFile(entry, entry.path);
    if (typeof read === 'string') skipped.push(read);
    else files.push(read);
  }
  return { files, skipped };
}

function readTreeFile(entry: Record<string, unknown>, path: string): HubTreeFile | string {
  const shown = JSON.stringify(path.slice(0, 120));
  if (entry.type !== 'file') return `${shown} was skipped: its type is ${JSON.stringify(entry.type)}, not "file".`;
  const size = entry.size;
  if (!(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) return `${shown} was skipped: its size is not a whole number of bytes.`;
  const lfs = entry.lfs;
  if (lfs === undefined || lfs === null) return { path, size, sha256: null };
  if (!isObject(lfs)) return `${shown} was skipped: its LFS record is not an object.`;
  const oid = typeof lfs.oid === 'string' ? lfs.oid.toLowerCase().replace(/^sha256:/, '') : '';
  // An LFS record without a usable hash leaves the file without one: it is shown, and refused when added.
  const sha256 = SHA256_PATTERN.test(oid) ? oid : null;
  if (lfs.size !== undefined && lfs.size !== size) return `${shown} was skipped: the Hub gives it two sizes (${size} and ${String(lfs.size)} bytes).`;
  return { path, size, sha256 };
}

function describe(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
