// A model found on the disk as the catalog holds it once it is used in place: an entry whose files
// are the ones Ollama or LM Studio keep (absolute paths in `inPlace`), with the shape the memory
// estimate needs from its checked header. Nothing is copied: the entry only points at the files.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalFocusError } from '../../core/errors';
import type { CatalogEntry, CatalogFile, ModelRole } from '../../core/models/catalogTypes';
import type { GgufModelInfo } from '../../core/models/gguf';
import type { ModelOnDisk } from './types';

/** The program that keeps a found model's files, as the user knows it. */
export const OWNER_OF_SOURCE = { ollama: 'Ollama', 'lm-studio': 'LM Studio' } as const;

/** The catalog id a found model gets: readable, and never one of the built-in or imported ids. */
export function inPlaceIdBase(model: ModelOnDisk): string {
  const slug = model.name.toLowerCase().replace(/\.gguf$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/[-._]+$/, '');
  return `${model.source}-${slug.slice(0, 60) || 'model'}`;
}

/**
 * The entry for a model that passed the whole-file check. Ollama names a blob by its SHA-256, so
 * that is its published hash (Verify then hashes the file against it); LM Studio's files have none.
 */
export function inPlaceEntry(model: ModelOnDisk, info: GgufModelInfo, options: { id: string; role: ModelRole; name?: string }): CatalogEntry {
  const paths = model.source === 'lm-studio' ? model.parts : [model.path];
  const sha256 = model.source === 'ollama' ? model.digest.slice('sha256:'.length).toLowerCase() : null;
  const files: CatalogFile[] = paths.map((p, i) => ({
    name: path.basename(p),
    url: pathToFileURL(p).toString(),
    size: paths.length === 1 ? model.sizeBytes : null,
    sha256: i === 0 ? sha256 : null,
  }));
  return {
    id: options.id,
    name: options.name?.trim() || model.name,
    roles: [options.role],
    publisher: `${OWNER_OF_SOURCE[model.source]} (used in place)`,
    trust: 'community',
    files,
    quantization: info.quantization ?? 'unknown',
    parameters: 'unknown',
    contextLength: info.contextLength,
    license: `unknown (from ${OWNER_OF_SOURCE[model.source]})`,
    format: 'gguf',
    verified: false,
    folder: '',
    architecture: { layers: info.blockCount, headCount: info.headCount, kvHeads: info.headCountKv, headDim: info.keyLength ?? Math.floor(info.embeddingLength / info.headCount) },
    inPlace: { source: model.source, paths },
  };
}

/** An in-place record holds one absolute path per file; one edited by hand into another shape is left out. */
export function isWellFormedInPlaceEntry(entry: CatalogEntry): boolean {
  const paths = entry?.inPlace?.paths;
  return Array.isArray(entry.files) && entry.files.length > 0 && Array.isArray(paths) && paths.length === entry.files.length && paths.every((p) => typeof p === 'string' && path.isAbsolute(p));
}

/** The absolute path of one of an in-place model's files: the path at the file's position. */
export function inPlacePathOf(entry: CatalogEntry, file: CatalogFile): string {
  const index = entry.files.findIndex((f) => f.name === file.name);
  const p = entry.inPlace?.paths[index];
  if (p === undefined) throw new LocalFocusError('internal', `${entry.id} has no file ${file.name}.`);
  return p;
}
