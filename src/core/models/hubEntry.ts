// A Hub file as a catalog entry: the files pinned to the commit the listing described, each with
// the size and sha256 the Hub published, so its download is checked exactly as a built-in model's.
// The entry remembers its repository and commit (`hub`), from which the catalog reads its trust
// badge again on every listing (userCatalog.ts), never from a field a catalog file could set.
import { LocalFocusError } from '../errors';
import { validateCatalogEntry } from './catalogSchema';
import type { CatalogEntry, ModelRole } from './catalogTypes';
import { hubResolveUrl } from './hubAddress';
import type { HubCandidate } from './hubFiles';
import type { HubRepoFacts } from './hubListing';
import { hubOwnerOf, hubTrustOf } from './hubTrust';
import { parametersInName, slug } from './userCatalog';

/** Until the GGUF header is read: the context the memory estimate plans for. */
const GGUF_CONTEXT_UNTIL_HEADER = 4096;
/** all-MiniLM-style embedding models read at most 512 tokens. */
const ONNX_CONTEXT = 512;

export interface HubEntryInput {
  base: string;
  facts: HubRepoFacts;
  /** The commit the files were listed at; "main" only when the Hub gave none. */
  revision: string;
  candidate: HubCandidate;
  role: ModelRole;
}

/** The catalog id of a Hub file: owner and file base, so adding it again replaces the entry. */
export function hubEntryId(repo: string, candidate: Pick<HubCandidate, 'name'>, role: ModelRole): string {
  const file = candidate.name.slice(candidate.name.lastIndexOf('/') + 1).replace(/(-\d{5}-of-\d{5})?\.gguf$/i, '');
  const base = role === 'embeddings' ? repo.replace('/', '-') : `${hubOwnerOf(repo)}-${file}`;
  return slug(base) || 'hub-model';
}

export function hubCatalogEntry(input: HubEntryInput): CatalogEntry {
  const { facts, candidate, role, revision } = input;
  if (candidate.refused) throw new LocalFocusError('bad-input', `${candidate.name} from ${facts.repo} cannot be added: ${candidate.refused}.`, { reason: 'hub-refused' });
  const onnx = role === 'embeddings';
  const id = hubEntryId(facts.repo, candidate, role);
  // A single GGUF file goes directly into the models folder; a split model's parts and an ONNX
  // model's files go into a folder of their own, where llama.cpp finds the parts beside each other.
  const folder = !onnx && candidate.files.length === 1 ? '' : id;
  const files = candidate.files.map((f) => ({
    name: onnx ? f.path : f.path.slice(f.path.lastIndexOf('/') + 1),
    url: hubResolveUrl(input.base, facts.repo, revision, f.path),
    size: f.size,
    sha256: f.sha256,
  }));
  const repoName = facts.repo.slice(facts.repo.indexOf('/') + 1);
  const issues: string[] = [];
  const entry = validateCatalogEntry(
    {
      id,
      name: onnx ? repoName : `${repoName.replace(/-GGUF$/i, '')} ${candidate.quantization}`,
      roles: [role],
      publisher: facts.author,
      trust: hubTrustOf(hubOwnerOf(facts.repo)),
      format: onnx ? 'onnx' : 'gguf',
      quantization: candidate.quantization,
      parameters: parametersInName(repoName),
      contextLength: onnx ? ONNX_CONTEXT : GGUF_CONTEXT_UNTIL_HEADER,
      license: facts.license,
      folder,
      files,
      hub: { repo: facts.repo, revision },
    },
    `${facts.repo}/${candidate.name}`,
    issues,
  );
  if (!entry) throw new LocalFocusError('bad-input', `${candidate.name} from ${facts.repo} cannot be added: ${issues.join('; ')}.`, { reason: 'hub-refused' });
  return { ...entry, origin: 'hub' };
}
