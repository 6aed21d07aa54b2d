// Adding a Hub search result to the user catalog: the repository's files as the last search on this
// Hub listed them (else as the Hub lists them now; never in Local only), the named file among the
// role's candidates, refused with its reason when it cannot be pinned, and written as an entry whose
// sizes and sha256 are the published ones. A GGUF entry also gets the shape and context its header
// gives, so its memory estimate counts the context cache.
import { LocalFocusError } from '../../../../core/errors';
import { MODEL_ROLES, ModelRole } from '../../../../core/models/catalogTypes';
import { isHubRepo } from '../../../../core/models/hubNames';
import { candidatesFor } from '../../../../core/models/hubFiles';
import { hubCatalogEntry } from '../../../../core/models/hubEntry';
import { applyGgufInfo } from '../../../../core/models/userCatalog';
import type { ModelView } from '../../../../core/modelsProtocol';
import type { GgufHeaders } from '../ggufHeaders';
import type { ModelCatalog } from '../modelCatalog';
import type { ModelManagerHost } from '../modelManagerHost';
import type { ModelViews } from '../modelViews';
import { upsertUserCatalogEntry } from '../userCatalogFile';
import type { HubAccess } from './hubAccess';
import { formatOfRole, localOnlyReason } from './hubSearch';
import type { HubSearchCache, ListedRepo } from './hubSearchCache';

export interface HubAddParams {
  repo: string;
  file: string;
  role: ModelRole;
  unverified?: boolean;
}

export class HubAdd {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly catalog: ModelCatalog,
    private readonly views: ModelViews,
    private readonly headers: GgufHeaders,
    private readonly access: HubAccess,
    private readonly cache: HubSearchCache,
  ) {}

  async add(params: HubAddParams, signal?: AbortSignal): Promise<ModelView> {
    checkAdd(params);
    const base = this.access.base();
    const listed = await this.listing(params.repo, base, signal);
    const { candidates } = candidatesFor(params.role, listed.files);
    const candidate = candidates.find((c) => c.name === params.file);
    if (!candidate) {
      const names = candidates.filter((c) => !c.refused).map((c) => c.name);
      const offer = names.length ? ` It has: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}.` : '';
      throw new LocalFocusError('bad-input', `${params.repo} has no ${formatOfRole(params.role).toUpperCase()} model "${params.file}" for ${params.role}.${offer} \`local-focus models search\` lists them.`, { reason: 'hub-no-file' });
    }
    if (!candidate.refused && candidate.unhashed.length && !params.unverified) {
      throw new LocalFocusError(
        'bad-input',
        `${candidate.unhashed.join(', ')} of ${params.repo} ${candidate.unhashed.length > 1 ? 'have' : 'has'} no published SHA-256 (small files kept in git, not LFS), so the model would be unverified; add it with --unverified (the Model Manager asks) if you trust ${params.repo}.`,
        { reason: 'hub-unhashed' },
      );
    }
    let entry = hubCatalogEntry({ base, facts: listed.facts, revision: listed.revision, candidate, role: params.role });
    if (entry.format === 'gguf' && this.host.currentConfig.mode !== 'localOnly') {
      const info = await this.access.header(entry.files[0]!.url, signal);
      if (info) {
        entry = applyGgufInfo(entry, info);
        this.headers.remember(entry.files[0]!.url, info);
      }
    }
    const file = this.catalog.file();
    await upsertUserCatalogEntry(file, entry);
    this.host.log('info', `Added ${entry.name} (${entry.id}) from ${params.repo} at ${listed.revision} to ${file}${entry.verified ? ', pinned to its published SHA-256' : ', unverified'}.`);
    return this.views.view(await this.catalog.entry(entry.id));
  }

  /** The repository as the last search listed it, else from the Hub (not in Local only). */
  private async listing(repo: string, base: string, signal: AbortSignal | undefined): Promise<ListedRepo> {
    const cached = await this.cache.listedRepo(repo, base);
    if (cached) return cached;
    if (this.host.currentConfig.mode === 'localOnly') {
      throw new LocalFocusError('hub', `${localOnlyReason(base)}; ${repo} is in none of the searches kept on disk.`, { reason: 'local-only' });
    }
    const client = this.access.client();
    const facts = await client.repo(repo, signal);
    const revision = facts.revision ?? 'main';
    const tree = await client.tree(facts.repo, revision, signal);
    return { facts, revision, files: tree.items };
  }
}

function checkAdd(params: HubAddParams): void {
  if (!isHubRepo(params.repo)) throw new LocalFocusError('bad-input', `"${String(params.repo)}" is not a Hub repository; give it as owner/name, e.g. bartowski/Llama-3.2-1B-Instruct-GGUF.`);
  if (typeof params.file !== 'string' || !params.file.trim() || params.file.length > 1024 || params.file.includes('\0')) {
    throw new LocalFocusError('bad-input', 'Name the file to add as the search lists it, e.g. Llama-3.2-1B-Instruct-Q4_K_M.gguf.');
  }
  if (!MODEL_ROLES.includes(params.role)) throw new LocalFocusError('bad-input', `Unknown role "${String(params.role)}"; use one of ${MODEL_ROLES.join(', ')}.`);
}
