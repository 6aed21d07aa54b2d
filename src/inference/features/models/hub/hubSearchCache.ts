// The last Hub searches on disk (<LOCAL_FOCUS_HOME>/hub-searches.json), newest first, each with the
// time the Hub answered: so the last search can be browsed offline and in Local only (marked
// stale), and a result can be added to the catalog without asking the Hub again. Beside what the
// user sees, each search keeps the checked files of its repositories (paths, sizes, sha256 at the
// listed commit) that an add pins. Written atomically; a file that cannot be read or has the wrong
// shape counts as no search (and is replaced by the next one), never as an error for the user.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { writeJsonAtomic } from '../../../../core/atomicWrite';
import type { HubRepoFacts, HubTreeFile } from '../../../../core/models/hubListing';
import type { HubSearchResult } from '../../../../core/modelsHubProtocol';
import { localFocusHome } from '../../../../core/paths';

/** A repository as the search listed it: what an add needs to pin its files. */
export interface ListedRepo {
  facts: HubRepoFacts;
  revision: string;
  files: HubTreeFile[];
}

export interface CachedSearch {
  result: HubSearchResult;
  repos: ListedRepo[];
}

/** Searches kept; older ones are dropped. */
export const MAX_CACHED_SEARCHES = 10;

export class HubSearchCache {
  file(): string {
    return path.join(localFocusHome(), 'hub-searches.json');
  }

  async all(): Promise<CachedSearch[]> {
    let json: unknown;
    try {
      json = JSON.parse(await fsp.readFile(this.file(), 'utf8'));
    } catch {
      return [];
    }
    const searches = (json as { searches?: unknown })?.searches;
    return Array.isArray(searches) ? searches.filter(isCachedSearch) : [];
  }

  /** The same search (query, role, Hub) answered earlier, newest first. */
  async find(query: string, role: string, hubUrl: string): Promise<CachedSearch | undefined> {
    const key = searchKey(query, role, hubUrl);
    return (await this.all()).find((s) => searchKey(s.result.query, s.result.role, s.result.hubUrl) === key);
  }

  /** A repository as the newest search on this Hub listed it. */
  async listedRepo(repo: string, hubUrl: string): Promise<ListedRepo | undefined> {
    for (const search of await this.all()) {
      if (search.result.hubUrl !== hubUrl) continue;
      const found = search.repos.find((r) => r.facts.repo.toLowerCase() === repo.toLowerCase());
      if (found) return found;
    }
    return undefined;
  }

  async save(search: CachedSearch): Promise<void> {
    const key = searchKey(search.result.query, search.result.role, search.result.hubUrl);
    const others = (await this.all()).filter((s) => searchKey(s.result.query, s.result.role, s.result.hubUrl) !== key);
    await fsp.mkdir(path.dirname(this.file()), { recursive: true });
    await writeJsonAtomic(this.file(), { version: 1, searches: [search, ...others].slice(0, MAX_CACHED_SEARCHES) });
  }
}

function searchKey(query: string, role: string, hubUrl: string): string {
  return `${hubUrl}\n${role}\n${query.trim().toLowerCase()}`;
}

function isCachedSearch(v: unknown): v is CachedSearch {
  const s = v as CachedSearch;
  return (
    typeof s?.result?.query === 'string' &&
    typeof s.result.role === 'string' &&
    typeof s.result.hubUrl === 'string' &&
    typeof s.result.fetchedAt === 'string' &&
    Array.isArray(s.result.repos) &&
    Array.isArray(s.repos) &&
    s.repos.every((r) => typeof r?.facts?.repo === 'string' && typeof r.revision === 'string' && Array.isArray(r.files))
  );
}
