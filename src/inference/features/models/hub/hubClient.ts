// The three Hub API calls the search needs, each a bounded walk over the Hub's pages (Link:
// rel="next"): the repositories matching a search, one repository's facts, and its file tree at a
// commit. A Hub that keeps sending pages, or pages longer than asked, is cut at the caps below and
// the result says so; it can never make the worker read or keep an unbounded listing.
import { hubRepoUrl, hubSearchUrl, hubTreeUrl } from '../../../../core/models/hubAddress';
import { HubRepoFacts, HubTreeFile, malformedHubAnswer, readRepoFacts, readRepoList, readTreePage } from '../../../../core/models/hubListing';
import type { HubHttp } from './hubHttp';

/** Pages of search results followed at most. */
export const MAX_SEARCH_PAGES = 5;
/** Tree pages followed at most, and files kept at most: a GGUF repository has tens of files. */
export const MAX_TREE_PAGES = 20;
export const MAX_TREE_FILES = 10_000;

export interface Listed<T> {
  items: T[];
  /** Caps reached and entries skipped, one sentence each. */
  notes: string[];
}

export class HubClient {
  constructor(private readonly http: HubHttp) {}

  get base(): string {
    return this.http.base;
  }

  /** Up to `limit` repositories of one library format (gguf, onnx) matching `query`, most downloaded first. */
  async search(query: string, format: 'gguf' | 'onnx', limit: number, signal?: AbortSignal): Promise<Listed<HubRepoFacts>> {
    const items: HubRepoFacts[] = [];
    const notes: string[] = [];
    let url: string | undefined = hubSearchUrl(this.http.base, query, format, limit);
    for (let page = 0; url && items.length < limit; page++) {
      if (page === MAX_SEARCH_PAGES) {
        notes.push(`The Hub kept sending pages; the results stop after ${MAX_SEARCH_PAGES}.`);
        break;
      }
      const { json, next } = await this.http.getJson(url, `the search "${query}"`, signal);
      const { repos, skipped } = readRepoList(json, `the search "${query}"`);
      notes.push(...skipped);
      for (const r of repos) if (!items.some((i) => i.repo === r.repo)) items.push(r);
      url = next;
    }
    if (items.length > limit) {
      notes.push(`The Hub sent ${items.length} repositories for ${limit} asked; the first ${limit} are shown.`);
      items.length = limit;
    }
    return { items, notes };
  }

  /** One repository's facts (owner, counts, licence, the commit of its main branch). */
  async repo(repo: string, signal?: AbortSignal): Promise<HubRepoFacts> {
    const { json } = await this.http.getJson(hubRepoUrl(this.http.base, repo), `the repository ${repo}`, signal);
    const facts = readRepoFacts(json);
    if (!facts) throw malformedHubAnswer(`the repository ${repo}`, 'it names no repository');
    if (facts.repo.toLowerCase() !== repo.toLowerCase()) throw malformedHubAnswer(`the repository ${repo}`, `it describes ${facts.repo} instead`);
    return facts;
  }

  /** Every file of the repository at `revision`, with sizes and LFS sha256. */
  async tree(repo: string, revision: string, signal?: AbortSignal): Promise<Listed<HubTreeFile>> {
    const items: HubTreeFile[] = [];
    const notes: string[] = [];
    const what = `the file list of ${repo}`;
    let url: string | undefined = hubTreeUrl(this.http.base, repo, revision);
    for (let page = 0; url; page++) {
      if (page === MAX_TREE_PAGES || items.length >= MAX_TREE_FILES) {
        notes.push(`Its file list is longer than the ${items.length} files read; the rest is left out.`);
        break;
      }
      const { json, next } = await this.http.getJson(url, what, signal);
      const { files, skipped } = readTreePage(json, what);
      notes.push(...skipped);
      items.push(...files.slice(0, MAX_TREE_FILES - items.length));
      url = next;
    }
    return { items, notes };
  }
}
