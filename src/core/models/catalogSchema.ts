// Validates catalog JSON (the built-in list, a user's catalog file) in plain TypeScript, so a typo
// in a hand-written catalog ("sha265", a relative URL, a "../" file name) is reported with its
// location instead of surfacing later as a failed or unsafe download.
import { LocalFocusError } from '../errors';
import {
  CatalogEntry,
  CatalogFile,
  MODEL_FORMATS,
  MODEL_ROLES,
  MODEL_TRUSTS,
  ModelArchitecture,
  ModelFormat,
  ModelRole,
  ModelTrust,
  HubSource,
} from './catalogTypes';
import { isHubRepo, isHubRevision } from './hubNames';
import { unsafeRelativePathReason } from './safePath';

export class CatalogValidationError extends LocalFocusError {
  readonly issues: string[];
  constructor(issues: string[], what = 'The model catalog') {
    const shown = issues.slice(0, 5).join('; ');
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    super('bad-input', `${what} is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${shown}${more}.`, { issues });
    this.name = 'CatalogValidationError';
    this.issues = issues;
  }
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;
const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
const ENTRY_KEYS = new Set([
  'id', 'name', 'roles', 'publisher', 'trust', 'files', 'quantization', 'parameters', 'contextLength',
  'license', 'format', 'verified', 'folder', 'architecture', 'hub',
]);
const FILE_KEYS = new Set(['name', 'url', 'size', 'sha256']);
const ARCH_KEYS = ['layers', 'headCount', 'kvHeads', 'headDim'] as const;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Why a download URL is refused, or undefined when it is https (or http to this machine). */
export function insecureUrlReason(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'uses plain http to another machine (https is required so the bytes cannot be swapped in transit)';
  return `uses the unsupported scheme "${url.protocol}"`;
}

/**
 * Why a redirect from a download that started at `start` to `next` is refused, or undefined.
 * A server elsewhere must not point the downloader at this machine's own services (SSRF):
 * loopback is allowed only when the download started there.
 */
export function insecureRedirectReason(start: string, next: string): string | undefined {
  const from = new URL(start);
  const to = new URL(next);
  if (isLoopbackHost(to.hostname) && !isLoopbackHost(from.hostname)) {
    return `redirects from ${from.host} to this machine (${to.host}); refused so a remote server cannot make Local Focus call local services`;
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function positiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function validateFile(raw: unknown, at: string, format: ModelFormat | undefined, issues: string[]): CatalogFile | undefined {
  if (!isPlainObject(raw)) {
    issues.push(`${at} must be an object`);
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!FILE_KEYS.has(key)) issues.push(`${at} has an unknown field "${key}"`);
  const before = issues.length;
  const { name, url, size, sha256 } = raw;
  if (typeof name !== 'string') issues.push(`${at}.name must be a string`);
  else {
    const reason = unsafeRelativePathReason(name);
    if (reason) issues.push(`${at}.name "${name}" ${reason}`);
    else if (format === 'gguf' && !name.toLowerCase().endsWith('.gguf')) issues.push(`${at}.name "${name}" must end in .gguf for a gguf model`);
  }
  if (typeof url !== 'string') issues.push(`${at}.url must be a string`);
  else {
    const reason = insecureUrlReason(url);
    if (reason) issues.push(`${at}.url "${url}" ${reason}`);
  }
  if (size !== null && !(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) {
    issues.push(`${at}.size must be a whole number of bytes or null`);
  }
  if (sha256 !== null && !(typeof sha256 === 'string' && SHA256_PATTERN.test(sha256))) {
    issues.push(`${at}.sha256 must be 64 hexadecimal characters or null`);
  }
  if (issues.length > before) return undefined;
  return { name: name as string, url: url as string, size: size as number | null, sha256: sha256 === null ? null : (sha256 as string).toLowerCase() };
}

function validateArchitecture(raw: unknown, at: string, issues: string[]): ModelArchitecture | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    issues.push(`${at} must be an object`);
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(raw)) if (!(ARCH_KEYS as readonly string[]).includes(key)) issues.push(`${at} has an unknown field "${key}"`);
  for (const key of ARCH_KEYS) if (!positiveInteger(raw[key])) issues.push(`${at}.${key} must be a positive whole number`);
  if (issues.length > before) return undefined;
  return { layers: raw.layers as number, headCount: raw.headCount as number, kvHeads: raw.kvHeads as number, headDim: raw.headDim as number };
}

/** A repository name and a commit (or "main"), as a Hub-added entry records them. */
function validateHubSource(raw: unknown, at: string, issues: string[]): HubSource | undefined {
  if (raw === undefined) return undefined;
  const ok =
    isPlainObject(raw) &&
    Object.keys(raw).every((k) => k === 'repo' || k === 'revision') &&
    isHubRepo(raw.repo) &&
    (isHubRevision(raw.revision) || raw.revision === 'main');
  if (!ok) {
    issues.push(`${at} must be { "repo": "owner/name", "revision": a 40-digit commit or "main" }`);
    return undefined;
  }
  return { repo: raw.repo as string, revision: raw.revision as string };
}

/** Validates one entry; pushes located problems onto issues and returns the entry when it has none. */
export function validateCatalogEntry(raw: unknown, at: string, issues: string[]): CatalogEntry | undefined {
  if (!isPlainObject(raw)) {
    issues.push(`${at} must be an object`);
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(raw)) if (!ENTRY_KEYS.has(key)) issues.push(`${at} has an unknown field "${key}"`);
  const r = raw;
  const label = typeof r.id === 'string' ? `${at} ("${r.id}")` : at;
  if (typeof r.id !== 'string' || !ID_PATTERN.test(r.id)) issues.push(`${label}.id must be lowercase letters, digits, ".", "_" or "-" (at most 80)`);
  if (!nonEmptyString(r.name)) issues.push(`${label}.name must be a non-empty string`);
  if (!Array.isArray(r.roles) || r.roles.length === 0) issues.push(`${label}.roles must be a non-empty list`);
  else {
    for (const role of r.roles) if (!MODEL_ROLES.includes(role as ModelRole)) issues.push(`${label}.roles has "${String(role)}"; expected one of ${MODEL_ROLES.join(', ')}`);
    if (new Set(r.roles).size !== r.roles.length) issues.push(`${label}.roles lists a role twice`);
  }
  if (!nonEmptyString(r.publisher)) issues.push(`${label}.publisher must be a non-empty string`);
  if (!MODEL_TRUSTS.includes(r.trust as ModelTrust)) issues.push(`${label}.trust must be one of ${MODEL_TRUSTS.join(', ')}`);
  const formatOk = MODEL_FORMATS.includes(r.format as ModelFormat);
  if (!formatOk) issues.push(`${label}.format must be one of ${MODEL_FORMATS.join(', ')}`);
  const format = formatOk ? (r.format as ModelFormat) : undefined;
  for (const key of ['quantization', 'parameters', 'license'] as const) {
    if (!nonEmptyString(r[key])) issues.push(`${label}.${key} must be a non-empty string`);
  }
  if (!positiveInteger(r.contextLength)) issues.push(`${label}.contextLength must be a positive whole number of tokens`);
  if (r.verified !== undefined && typeof r.verified !== 'boolean') issues.push(`${label}.verified must be true or false`);
  if (r.folder !== undefined) {
    if (typeof r.folder !== 'string') issues.push(`${label}.folder must be a string`);
    else if (r.folder !== '') {
      const reason = unsafeRelativePathReason(r.folder);
      if (reason) issues.push(`${label}.folder "${r.folder}" ${reason}`);
    }
  }

  const files: CatalogFile[] = [];
  if (!Array.isArray(r.files) || r.files.length === 0) issues.push(`${label}.files must be a non-empty list`);
  else {
    r.files.forEach((f, i) => {
      const file = validateFile(f, `${label}.files[${i}]`, format, issues);
      if (file) files.push(file);
    });
    const names = files.map((f) => f.name.toLowerCase());
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) issues.push(`${label}.files lists "${dup}" twice`);
    if (format === 'onnx' && files.length === r.files.length && !files.some((f) => f.name.toLowerCase().endsWith('.onnx'))) {
      issues.push(`${label}.files has no .onnx file for an onnx model`);
    }
  }
  const architecture = validateArchitecture(r.architecture, `${label}.architecture`, issues);
  const hub = validateHubSource(r.hub, `${label}.hub`, issues);

  const allHashed = files.length > 0 && files.every((f) => f.sha256 !== null);
  if (r.verified === true && files.length === (Array.isArray(r.files) ? r.files.length : -1) && !allHashed) {
    issues.push(`${label}.verified is true but a file has no sha256; an entry is verified only when every file has one`);
  }
  if (issues.length > before) return undefined;

  // A single GGUF file lives directly in the models folder (where src/core/paths.ts looks);
  // anything with several files gets a folder of its own named after the entry.
  const folder = typeof r.folder === 'string' ? r.folder : format === 'gguf' && files.length === 1 ? '' : (r.id as string);
  return {
    id: r.id as string,
    name: (r.name as string).trim(),
    roles: [...(r.roles as ModelRole[])],
    publisher: (r.publisher as string).trim(),
    trust: r.trust as ModelTrust,
    files,
    quantization: r.quantization as string,
    parameters: r.parameters as string,
    contextLength: r.contextLength as number,
    license: r.license as string,
    format: format as ModelFormat,
    verified: allHashed,
    folder,
    ...(architecture ? { architecture } : {}),
    ...(hub ? { hub } : {}),
  };
}

/** Problems and the valid entries, without throwing: for showing a user every problem at once. */
export function checkCatalog(json: unknown): { entries: CatalogEntry[]; issues: string[] } {
  const issues: string[] = [];
  let list: unknown[];
  if (Array.isArray(json)) list = json;
  else if (isPlainObject(json) && Array.isArray(json.models)) {
    if (json.version !== undefined && json.version !== 1) issues.push(`version ${String(json.version)} is not supported (expected 1)`);
    list = json.models;
  } else {
    return { entries: [], issues: ['the catalog must be a list of models or an object with a "models" list'] };
  }
  const entries: CatalogEntry[] = [];
  list.forEach((raw, i) => {
    const entry = validateCatalogEntry(raw, `models[${i}]`, issues);
    if (entry) entries.push(entry);
  });
  const ids = new Map<string, number>();
  list.forEach((raw, i) => {
    const id = isPlainObject(raw) ? raw.id : undefined;
    if (typeof id !== 'string') return;
    if (ids.has(id)) issues.push(`models[${i}].id "${id}" is already used by models[${ids.get(id)}]`);
    else ids.set(id, i);
  });
  return { entries, issues };
}

/** Validated entries, or a CatalogValidationError listing every problem with its location. */
export function validateCatalog(json: unknown, what?: string): CatalogEntry[] {
  const { entries, issues } = checkCatalog(json);
  if (issues.length > 0) throw new CatalogValidationError(issues, what);
  return entries;
}
