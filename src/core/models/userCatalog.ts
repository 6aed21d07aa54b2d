// How a user extends the catalog: a catalog file of their own, and "Add Model from URL…". Both
// produce ordinary catalog entries, but neither can borrow the built-in trust badges: only the
// built-in list (checked by us) says "Official" or "Verified".
import { LocalFocusError } from '../errors';
import { CatalogEntry, CatalogFile, ModelRole, MODEL_ROLES } from './catalogTypes';
import { checkCatalog, insecureUrlReason, validateCatalogEntry } from './catalogSchema';
import type { GgufModelInfo } from './gguf';
import { DEFAULT_HUB_URL, hubResolveUrl } from './hubAddress';
import { hubOwnerOf, hubTrustOf } from './hubTrust';

export interface MergedCatalog {
  entries: CatalogEntry[];
  /** One sentence per entry that was skipped or changed, for the log and the model manager. */
  warnings: string[];
}

function sameFiles(a: readonly CatalogFile[], b: readonly CatalogFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.url === b[i].url && f.sha256 === b[i].sha256 && f.size === b[i].size);
}

/**
 * The badge of an entry added from a Hub search: its repository owner's (hubTrust.ts), but only
 * while every file is that repository's file at the recorded commit on a Hub the user named (the
 * public Hub or localFocus.hub.url). Anything else in a catalog file stays Community.
 */
function hubTrust(entry: CatalogEntry, hubBases: readonly string[]): CatalogEntry['trust'] | undefined {
  const hub = entry.hub;
  if (!hub) return undefined;
  const fromHub = hubBases.some((base) => entry.files.every((f) => f.url.startsWith(hubResolveUrl(base, hub.repo, hub.revision, ''))));
  return fromHub ? hubTrustOf(hubOwnerOf(hub.repo)) : undefined;
}

/**
 * The built-in catalog plus a user's catalog file (already parsed JSON). Invalid user entries are
 * skipped with a warning so one typo does not hide every other model. A user entry with a built-in
 * id replaces it; if it changes the files, it loses the built-in trust badge. An entry added from a
 * Hub search takes its badge from its repository (hubTrust above); `hubBases` are the Hubs counted.
 */
export function mergeUserCatalog(builtin: readonly CatalogEntry[], user: unknown, hubBases: readonly string[] = [DEFAULT_HUB_URL]): MergedCatalog {
  const warnings: string[] = [];
  const { entries: userEntries, issues } = checkCatalog(user);
  for (const issue of issues) warnings.push(`User catalog: ${issue}; that entry is skipped.`);
  const result: CatalogEntry[] = builtin.map((e) => ({ ...e }));
  for (const entry of userEntries) {
    const index = result.findIndex((e) => e.id === entry.id);
    const original = index >= 0 ? result[index] : undefined;
    let trust = entry.trust;
    const fromHub = hubTrust(entry, hubBases);
    if (original && sameFiles(original.files, entry.files)) trust = original.trust;
    else if (fromHub) trust = fromHub;
    else if (trust !== 'community') {
      warnings.push(`User catalog: "${entry.id}" is shown as Community: trust "${trust}" is reserved for the built-in catalog's own files.`);
      trust = 'community';
    }
    const merged: CatalogEntry = { ...entry, trust, origin: fromHub ? 'hub' : 'user' };
    if (original) {
      warnings.push(`User catalog: "${entry.id}" replaces the built-in entry of the same id.`);
      result[index] = merged;
    } else {
      result.push(merged);
    }
  }
  return { entries: result, warnings };
}

export interface EntryForUrlOptions {
  role: ModelRole;
  /** The SHA-256 the user vouches for; without it the model is added as unverified. */
  sha256?: string;
  /** Exact size when known (e.g. from a HEAD request); null otherwise. */
  size?: number | null;
  /** Display name; defaults to the file name. */
  name?: string;
}

/** A catalog id made of a text: lowercase letters, digits, ".", "_" and "-", at most 80 long. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-._]+$/, '')
    .slice(0, 80);
}

const QUANT_PATTERN = /(?:^|[-_.])(IQ\d_[A-Z]{1,3}|Q\d_K_[SMLX]{1,2}|Q\d_K|Q\d_\d|BF16|F16|F32|FP16)(?=$|[-_.])/i;
const PARAMS_PATTERN = /(?:^|[-_.])(\d+(?:\.\d+)?)([BM])(?=$|[-_.])/i;

/** The quantisation a GGUF file name states ("Llama-3.2-1B-Instruct-Q4_K_M" → "Q4_K_M"), else "unknown". */
export function quantizationInName(base: string): string {
  return QUANT_PATTERN.exec(base)?.[1]?.toUpperCase() ?? 'unknown';
}

/** The parameter count a name states ("Llama-3.2-1B-Instruct" → "1B"), else "unknown". */
export function parametersInName(base: string): string {
  const params = PARAMS_PATTERN.exec(base);
  return params ? `${params[1]}${params[2]!.toUpperCase()}` : 'unknown';
}

/** A catalog entry for "Add Model from URL…" (a Hugging Face resolve/blob link to a .gguf file). */
export function entryForUrl(rawUrl: string, options: EntryForUrlOptions): CatalogEntry {
  const insecure = insecureUrlReason(rawUrl);
  if (insecure) throw new LocalFocusError('bad-input', `The model URL ${insecure}.`, { reason: 'insecure-url' });
  if (!MODEL_ROLES.includes(options.role)) throw new LocalFocusError('bad-input', `Unknown role "${String(options.role)}"; use one of ${MODEL_ROLES.join(', ')}.`);
  if (options.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(options.sha256)) {
    throw new LocalFocusError('bad-input', 'The SHA-256 must be 64 hexadecimal characters (as shown on the model page under "SHA256").');
  }
  const url = new URL(rawUrl);
  // A "blob" link is the page that shows the file; "resolve" is the file itself.
  // Malformed percent-encoding ("%E0%A4%A") makes decodeURIComponent throw a bare URIError; the
  // user gets a bad-input sentence instead. Decoded names are still checked by the catalog schema
  // below, so "..%2F" or "%00" cannot leave the models folder.
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new LocalFocusError('bad-input', `The model URL ${rawUrl} has a malformed %-escape in its path.`, { reason: 'bad-url' });
  }
  const isHuggingFace = /(^|\.)huggingface\.co$/i.test(url.hostname) || /(^|\.)hf\.co$/i.test(url.hostname);
  if (isHuggingFace && segments[2] === 'blob') {
    segments[2] = 'resolve';
    url.pathname = '/' + segments.map(encodeURIComponent).join('/');
  }
  const fileName = segments[segments.length - 1] ?? '';
  if (!fileName.toLowerCase().endsWith('.gguf')) {
    throw new LocalFocusError(
      'bad-input',
      `"${fileName || rawUrl}" is not a .gguf file. Add a GGUF model by its file URL; an ONNX model needs its tokenizer and config too, so add it with a catalog file.`,
      { reason: 'unsupported-format' },
    );
  }
  const base = fileName.replace(/\.gguf$/i, '');
  const owner = isHuggingFace && segments.length >= 2 ? segments[0] : url.hostname;
  const id = slug(`${owner}-${base}`) || 'model';
  const quant = quantizationInName(base);
  const issues: string[] = [];
  const entry = validateCatalogEntry(
    {
      id,
      name: options.name?.trim() || base,
      roles: [options.role],
      publisher: owner,
      trust: 'community',
      format: 'gguf',
      quantization: quant,
      parameters: parametersInName(base),
      // Replaced by the GGUF header's value (applyGgufInfo) once its first bytes are read.
      contextLength: 4096,
      license: 'unknown (see the model page)',
      folder: '',
      files: [{ name: fileName, url: url.toString(), size: options.size ?? null, sha256: options.sha256?.toLowerCase() ?? null }],
    },
    'url',
    issues,
  );
  if (!entry) throw new LocalFocusError('bad-input', `The model URL cannot be added: ${issues.join('; ')}.`);
  return { ...entry, origin: 'url' };
}

/** Fills in what only the GGUF header knows: context length, shape for the memory estimate, quantisation. */
export function applyGgufInfo(entry: CatalogEntry, info: GgufModelInfo): CatalogEntry {
  const headDim = info.keyLength ?? (info.headCount > 0 ? Math.floor(info.embeddingLength / info.headCount) : 0);
  const architecture =
    info.blockCount > 0 && info.headCount > 0 && headDim > 0
      ? { layers: info.blockCount, headCount: info.headCount, kvHeads: info.headCountKv, headDim }
      : entry.architecture;
  return {
    ...entry,
    contextLength: info.contextLength > 0 ? info.contextLength : entry.contextLength,
    quantization: entry.quantization === 'unknown' && info.quantization ? info.quantization : entry.quantization,
    ...(architecture ? { architecture } : {}),
  };
}
