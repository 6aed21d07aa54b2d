// The user's catalog file (<LOCAL_FOCUS_HOME>/catalog.json): read on every listing, so an edit by
// hand shows up without a restart, and appended to by "Add Model from URL…". Written through a
// temporary file and a rename, so a crash never leaves half a catalog.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { LocalFocusError } from '../../../core/errors';
import type { CatalogEntry } from '../../../core/models/catalogTypes';

export interface UserCatalogRead {
  /** Parsed JSON, or undefined when there is no file (or it is not JSON: see warning). */
  json: unknown;
  warning?: string;
}

export async function readUserCatalog(file: string): Promise<UserCatalogRead> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { json: undefined };
    return { json: undefined, warning: `User catalog ${file} cannot be read (${(err as Error).message}); only the built-in models are listed.` };
  }
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    return { json: undefined, warning: `User catalog ${file} is not valid JSON (${(err as Error).message}); only the built-in models are listed.` };
  }
}

/** The entry as a catalog file holds it: without the fields the catalog functions derive. */
function toFileEntry(entry: CatalogEntry): Record<string, unknown> {
  const { origin: _origin, ...rest } = entry;
  void _origin;
  return rest;
}

/** Adds (or replaces, by id) an entry in the user catalog, keeping every other entry as it was. */
export async function upsertUserCatalogEntry(file: string, entry: CatalogEntry): Promise<void> {
  const { json, warning } = await readUserCatalog(file);
  if (warning) throw new LocalFocusError('bad-input', `${warning} Fix or move it before adding a model from a URL.`);
  let doc: { version?: number; models: unknown[] } & Record<string, unknown>;
  if (json === undefined) doc = { version: 1, models: [] };
  else if (Array.isArray(json)) doc = { version: 1, models: json };
  else if (json && typeof json === 'object' && Array.isArray((json as { models?: unknown }).models)) doc = json as typeof doc;
  else throw new LocalFocusError('bad-input', `User catalog ${file} is not a list of models; fix or move it before adding a model from a URL.`);
  const models = doc.models.filter((m) => !(m && typeof m === 'object' && (m as { id?: unknown }).id === entry.id));
  models.push(toFileEntry(entry));
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify({ ...doc, models }, null, 2) + '\n');
  await fsp.rename(tmp, file);
}
