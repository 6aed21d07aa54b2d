// The manifest says what the index holds: per file its content hash and chunk ids, and which
// embedding model made the vectors. It is written last in every save, so whatever it lists is
// fully saved; comparing it with the files on disk tells an update what to do.

import { createHash } from 'node:crypto';
import { embeddingChangeReason } from './embeddingSourceId';

export const MANIFEST_FORMAT = 'local-focus-note-manifest';
/** 2: entries hold the note's tags and links. A version 1 manifest is read, its entries re-read as changed (see diffManifest). */
export const MANIFEST_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, MANIFEST_VERSION];

export interface ManifestEntry {
  /** sha256 of the file's text. */
  hash: string;
  /** Size and mtime let a start-up skip reading files that did not change. */
  size: number;
  mtimeMs: number;
  chunkIds: string[];
  /** The note's tags and link targets (noteLinks.ts); absent in entries a version 1 manifest wrote. */
  tags?: string[];
  links?: string[];
}

export interface NoteManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /**
   * The embedding source whose vectors the index holds (see embeddingSourceId.ts); null while
   * nothing was embedded. Written before sources were named, a bare in-process model name.
   */
  modelId: string | null;
  /** The length of those vectors; absent until the first were made, and in indexes written before it was recorded. */
  dimension?: number;
  chunkerVersion: number;
  /** The workspace folder, for people reading the index folder. */
  folder: string;
  /** Keyed by path relative to the folder, '/' separated. */
  files: Record<string, ManifestEntry>;
}

export interface CurrentFile {
  path: string;
  hash: string;
}

export interface ManifestDiff {
  added: string[];
  changed: string[];
  deleted: string[];
  unchanged: string[];
  /** Set when the old index cannot be reused; then every current file is in `added`. */
  rebuildReason?: string;
}

export interface IndexExpectations {
  /** The model now used for vectors; null (keyword only) never forces a rebuild. */
  modelId: string | null;
  chunkerVersion: number;
}

export function hashContent(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function createManifest(folder: string, modelId: string | null, chunkerVersion: number): NoteManifest {
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, modelId, chunkerVersion, folder, files: {} };
}

/** Why an index written under `old` cannot serve `expect`, or undefined when it can. */
export function rebuildReason(old: Pick<NoteManifest, 'modelId' | 'chunkerVersion'>, expect: IndexExpectations): string | undefined {
  if (old.chunkerVersion !== expect.chunkerVersion) {
    return `the chunking rules changed (version ${old.chunkerVersion} → ${expect.chunkerVersion})`;
  }
  return embeddingChangeReason({ sourceId: old.modelId }, { sourceId: expect.modelId });
}

export function diffManifest(old: NoteManifest | undefined, current: readonly CurrentFile[], expect: IndexExpectations): ManifestDiff {
  const reason = old ? rebuildReason(old, expect) : undefined;
  const base = old && !reason ? old.files : {};
  const diff: ManifestDiff = { added: [], changed: [], deleted: [], unchanged: [] };
  const present = new Set<string>();
  for (const file of current) {
    present.add(file.path);
    const entry = Object.prototype.hasOwnProperty.call(base, file.path) ? base[file.path] : undefined;
    if (!entry) diff.added.push(file.path);
    // An entry written before tags and links were kept counts as changed: the file is read and
    // chunked again, which reuses its chunks' ids and vectors, so nothing is embedded again.
    else if (entry.hash !== file.hash || entry.links === undefined) diff.changed.push(file.path);
    else diff.unchanged.push(file.path);
  }
  for (const path of Object.keys(base)) if (!present.has(path)) diff.deleted.push(path);
  if (reason) diff.rebuildReason = reason;
  return diff;
}

/** Validates parsed JSON as a manifest; throws an Error saying what is wrong. */
export function parseManifest(value: unknown): NoteManifest {
  const m = value as Partial<NoteManifest> | null;
  if (!m || typeof m !== 'object') throw new Error('the manifest is not a JSON object');
  if (m.format !== MANIFEST_FORMAT) throw new Error('the manifest has no local-focus format marker');
  if (!READABLE_VERSIONS.includes(m.version as number)) throw new Error(`the manifest version ${String(m.version)} is not ${MANIFEST_VERSION}`);
  if (typeof m.chunkerVersion !== 'number') throw new Error('the manifest has no chunker version');
  if (m.modelId !== null && typeof m.modelId !== 'string') throw new Error('the manifest model id is neither a string nor null');
  if (m.dimension !== undefined && !(Number.isInteger(m.dimension) && m.dimension > 0)) throw new Error('the manifest dimension is not a positive integer');
  if (!m.files || typeof m.files !== 'object') throw new Error('the manifest has no file table');
  for (const [path, entry] of Object.entries(m.files)) {
    const e = entry as Partial<ManifestEntry> | null;
    if (!e || typeof e.hash !== 'string' || typeof e.size !== 'number' || typeof e.mtimeMs !== 'number' || !Array.isArray(e.chunkIds)) {
      throw new Error(`the manifest entry for ${path} is malformed`);
    }
    if (!e.chunkIds.every((id) => typeof id === 'string')) throw new Error(`the manifest entry for ${path} has a non-string chunk id`);
    if (!isOptionalStrings(e.tags) || !isOptionalStrings(e.links)) throw new Error(`the manifest entry for ${path} has malformed tags or links`);
  }
  // Read as the current version: the next save writes it so, with its entries' tags and links.
  return { ...m, version: MANIFEST_VERSION, folder: typeof m.folder === 'string' ? m.folder : '' } as NoteManifest;
}

function isOptionalStrings(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}
