// Who publishes a repository on the Hub, as a trust badge. The badge is read from the repository's
// owner (the part of "owner/name" before the slash), never from anything the repository says about
// itself, so a model card cannot claim a badge. The lists are short on purpose: a name goes on them
// only when it is the organisation behind a model family, or a quantiser whose GGUF conversions are
// widely used and published with their hashes. Owners compare case-insensitively, as the Hub does.
import type { ModelTrust } from './catalogTypes';

/**
 * "Official": the organisations that train the models they publish, so their GGUF or ONNX files
 * come from the model's own makers.
 */
export const OFFICIAL_HUB_OWNERS: readonly string[] = [
  'meta-llama',
  'qwen',
  'google',
  'microsoft',
  'mistralai',
  'deepseek-ai',
  'ibm-granite',
  'huggingfacetb',
  'nvidia',
  'allenai',
  'tinyllama',
  'sentence-transformers',
  'baai',
  'thenlper',
  'nomic-ai',
];

/**
 * "Verified quantiser": converters whose quantisations are the ones most people run (bartowski,
 * unsloth, LM Studio's community account, llama.cpp's own ggml-org, TheBloke's archive, and Xenova,
 * whose ONNX conversions transformers.js documents).
 */
export const VERIFIED_HUB_QUANTISERS: readonly string[] = ['bartowski', 'unsloth', 'lmstudio-community', 'ggml-org', 'thebloke', 'xenova', 'onnx-community'];

/** The owner of "owner/name" (the whole text when it has no slash). */
export function hubOwnerOf(repo: string): string {
  const slash = repo.indexOf('/');
  return slash < 0 ? repo : repo.slice(0, slash);
}

export function hubTrustOf(owner: string): ModelTrust {
  const key = owner.toLowerCase();
  if (OFFICIAL_HUB_OWNERS.includes(key)) return 'official';
  if (VERIFIED_HUB_QUANTISERS.includes(key)) return 'verified';
  return 'community';
}
