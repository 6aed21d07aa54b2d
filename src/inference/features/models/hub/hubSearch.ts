// Searching the Hub for models of a role: GGUF repositories for task parsing and code review, ONNX
// ones for notes search. Each repository is listed at the commit the search named, its usable
// files become candidates (hubFiles.ts) with their memory verdict at the context the worker would
// use (one GGUF header per repository, read from the default pick's first bytes: the quantisations
// of one repository share their shape), and the whole result is kept on disk. Local only never
// connects: it answers with the same search from the disk, marked stale, or says why there is none.
// A Hub that cannot be reached falls back to the disk the same way.
import { LocalFocusError, toLocalFocusError } from '../../../../core/errors';
import { MODEL_ROLES, ModelRole } from '../../../../core/models/catalogTypes';
import type { GgufModelInfo } from '../../../../core/models/gguf';
import { hubResolveUrl } from '../../../../core/models/hubAddress';
import { candidatesFor, defaultPick, isModelFile } from '../../../../core/models/hubFiles';
import { hubEntryId } from '../../../../core/models/hubEntry';
import type { HubRepoFacts } from '../../../../core/models/hubListing';
import { hubOwnerOf, hubTrustOf } from '../../../../core/models/hubTrust';
import type { HubFileView, HubRepoView, HubSearchResult } from '../../../../core/modelsHubProtocol';
import type { ModelCatalog } from '../modelCatalog';
import type { ModelManagerHost } from '../modelManagerHost';
import type { ModelMemory } from '../modelMemory';
import type { HubAccess } from './hubAccess';
import type { HubClient } from './hubClient';
import { CachedSearch, HubSearchCache, ListedRepo } from './hubSearchCache';

export const DEFAULT_HUB_RESULTS = 10;
export const MAX_HUB_RESULTS = 30;
const MAX_QUERY_LENGTH = 200;
/** Repositories listed at once: the Hub limits request rates, and a search should not look like a crawl. */
const PARALLEL_REPOS = 3;
/** Models shown per repository: a real GGUF repository has a few dozen quantisations. */
export const MAX_FILES_PER_REPO = 60;

export function formatOfRole(role: ModelRole): 'gguf' | 'onnx' {
  return role === 'embeddings' ? 'onnx' : 'gguf';
}

/** Why the Hub is not asked in Local only, for the error and for the stale mark. */
export function localOnlyReason(hubUrl: string): string {
  return `Searching the Hub is off in Local only mode: it would connect to ${new URL(hubUrl).host}. Switch the mode to Auto to search`;
}

export class HubSearch {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly catalog: ModelCatalog,
    private readonly memory: ModelMemory,
    private readonly access: HubAccess,
    private readonly cache: HubSearchCache,
  ) {}

  async search(params: { query: string; role: ModelRole; limit?: number }, signal?: AbortSignal): Promise<HubSearchResult> {
    const { query, role, limit } = checkSearch(params);
    const hubUrl = this.access.base();
    if (this.host.currentConfig.mode === 'localOnly') {
      const cached = await this.cache.find(query, role, hubUrl);
      if (cached) return stale(cached.result, `${localOnlyReason(hubUrl)}; these are the results from ${cached.result.fetchedAt}.`);
      throw new LocalFocusError('hub', `${localOnlyReason(hubUrl)}; there are no earlier results for "${query}" to show.`, { reason: 'local-only' });
    }
    try {
      const fresh = await this.fromHub(query, role, limit, hubUrl, signal);
      await this.cache.save(fresh).catch((err) => this.host.log('warn', `Could not keep the Hub search on disk (${toLocalFocusError(err).message}); it works, but will not be there offline.`));
      this.host.log('info', `Hub search "${query}" for ${role} on ${hubUrl}: ${fresh.result.repos.length} repositories.`);
      return fresh.result;
    } catch (err) {
      const e = toLocalFocusError(err);
      const cached = e.code === 'hub' ? await this.cache.find(query, role, hubUrl) : undefined;
      if (!cached) throw e;
      this.host.log('warn', `Hub search "${query}" failed (${e.message}); showing the results from ${cached.result.fetchedAt}.`);
      return stale(cached.result, `${e.message} These are the results from ${cached.result.fetchedAt}.`);
    }
  }

  /** The newest search on disk, marked stale. */
  async last(): Promise<HubSearchResult | null> {
    const newest = (await this.cache.all())[0];
    return newest ? stale(newest.result, `Kept from ${newest.result.fetchedAt}; search again for what the Hub has now.`) : null;
  }

  private async fromHub(query: string, role: ModelRole, limit: number, hubUrl: string, signal: AbortSignal | undefined): Promise<CachedSearch> {
    const client = this.access.client();
    const { items, notes } = await client.search(query, formatOfRole(role), limit, signal);
    const listed: ListedRepo[] = [];
    const views: HubRepoView[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        const { view, repo } = await this.repoView(client, items[i]!, role, hubUrl, signal);
        views[i] = view;
        if (repo) listed.push(repo);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_REPOS, items.length) }, worker));
    const result: HubSearchResult = { query, role, hubUrl, fetchedAt: new Date().toISOString(), stale: false, repos: views, notes };
    return { result, repos: listed };
  }

  /** One repository with its candidates; a repository whose files cannot be listed is shown with the reason. */
  private async repoView(client: HubClient, facts: HubRepoFacts, role: ModelRole, hubUrl: string, signal: AbortSignal | undefined): Promise<{ view: HubRepoView; repo?: ListedRepo }> {
    const base: HubRepoView = {
      repo: facts.repo,
      author: facts.author,
      trust: hubTrustOf(hubOwnerOf(facts.repo)),
      downloads: facts.downloads,
      likes: facts.likes,
      license: facts.license,
      lastModified: facts.lastModified,
      gated: facts.gated,
      revision: facts.revision ?? 'main',
      files: [],
      notes: [],
    };
    try {
      const revision = facts.revision ?? (await client.repo(facts.repo, signal)).revision ?? 'main';
      const tree = await client.tree(facts.repo, revision, signal);
      const repo: ListedRepo = { facts, revision, files: tree.items.filter((f) => isModelFile(f.path)) };
      const { files, notes } = await this.fileViews(repo, role, hubUrl, signal);
      const unpinned = revision === 'main' ? ['The Hub gave no commit for it: its files are pinned to "main", so a later upload would fail their hash check.'] : [];
      return { view: { ...base, revision, files, notes: [...unpinned, ...tree.notes, ...notes] }, repo };
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'cancelled') throw e;
      return { view: { ...base, error: e.message } };
    }
  }

  private async fileViews(repo: ListedRepo, role: ModelRole, hubUrl: string, signal: AbortSignal | undefined): Promise<{ files: HubFileView[]; notes: string[] }> {
    const listed = candidatesFor(role, repo.files);
    const notes = [...listed.notes];
    const candidates = listed.candidates.slice(0, MAX_FILES_PER_REPO);
    if (listed.candidates.length > candidates.length) notes.push(`${listed.candidates.length - candidates.length} more model files are not shown; the ${MAX_FILES_PER_REPO} smallest are.`);
    const pick = defaultPick(candidates);
    const format = formatOfRole(role);
    let header: GgufModelInfo | undefined;
    const probe = candidates[pick] ?? candidates.find((c) => !c.refused);
    if (format === 'gguf' && probe) header = await this.access.header(hubResolveUrl(hubUrl, repo.facts.repo, repo.revision, probe.files[0]!.path), signal);
    const { entries } = await this.catalog.read();
    const files: HubFileView[] = [];
    for (const [i, c] of candidates.entries()) {
      files.push({
        name: c.name,
        quantization: c.quantization,
        sizeBytes: c.sizeBytes,
        parts: format === 'gguf' ? c.files.length : 1,
        verified: c.unhashed.length === 0,
        unhashed: c.unhashed,
        memory: await this.memory.viewOfCandidate(format, c.sizeBytes, header, entries),
        isDefault: i === pick,
        modelId: hubEntryId(repo.facts.repo, c, role),
        ...(c.refused ? { refused: c.refused } : {}),
      });
    }
    return { files, notes };
  }
}

function stale(result: HubSearchResult, reason: string): HubSearchResult {
  return { ...result, stale: true, staleReason: reason };
}

function checkSearch(params: { query: unknown; role: unknown; limit?: unknown }): { query: string; role: ModelRole; limit: number } {
  const query = typeof params.query === 'string' ? params.query.trim() : '';
  if (!query) throw new LocalFocusError('bad-input', 'Type what to search for, such as "qwen2.5 1.5b instruct".');
  if (query.length > MAX_QUERY_LENGTH || /[\u0000-\u001f\u007f]/.test(query)) {
    throw new LocalFocusError('bad-input', `A search is at most ${MAX_QUERY_LENGTH} characters on one line; shorten it.`);
  }
  if (!MODEL_ROLES.includes(params.role as ModelRole)) throw new LocalFocusError('bad-input', `Unknown role "${String(params.role)}"; use one of ${MODEL_ROLES.join(', ')}.`);
  const limit = params.limit === undefined ? DEFAULT_HUB_RESULTS : Number(params.limit);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_HUB_RESULTS) throw new LocalFocusError('bad-input', `Ask for 1 to ${MAX_HUB_RESULTS} results.`);
  return { query, role: params.role as ModelRole, limit };
}
