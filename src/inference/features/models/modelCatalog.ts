// The models the model manager knows: the built-in catalog, the user's catalog file
// (<LOCAL_FOCUS_HOME>/catalog.json, models added by URL or from a Hub search) merged over it, the models imported into the models folder and
// the models used in place (found in Ollama's or LM Studio's folders). Read again on every look, so an edit of the file by hand shows without a restart.
import * as path from 'node:path';
import { LocalFocusError } from '../../../core/errors';
import { BUILTIN_CATALOG } from '../../../core/models/catalog';
import type { CatalogEntry } from '../../../core/models/catalogTypes';
import { DEFAULT_HUB_URL } from '../../../core/models/hubAddress';
import { mergeUserCatalog } from '../../../core/models/userCatalog';
import type { ModelView } from '../../../core/modelsProtocol';
import { localFocusHome } from '../../../core/paths';
import type { ModelsFolder } from './modelsFolder';
import { readUserCatalog } from './userCatalogFile';

/** A catalog entry and where the listing found it (imported models come from the models folder). */
export type ListedEntry = CatalogEntry & { source: ModelView['origin'] };

export class ModelCatalog {
  /** `hubBases`: the Hubs whose files keep their repository's trust badge (the public Hub and localFocus.hub.url). */
  constructor(
    private readonly folder: ModelsFolder,
    private readonly hubBases: () => string[] = () => [DEFAULT_HUB_URL],
  ) {}

  /** The user's catalog file, under the Local Focus home as the environment names it now. */
  file(): string {
    return path.join(localFocusHome(), 'catalog.json');
  }

  /** Every model, and what in the user's file could not be used. */
  async read(): Promise<{ entries: ListedEntry[]; warnings: string[] }> {
    const { json, warning } = await readUserCatalog(this.file());
    const warnings: string[] = warning ? [warning] : [];
    const merged = json === undefined ? { entries: BUILTIN_CATALOG.map((e) => ({ ...e })), warnings: [] } : mergeUserCatalog(BUILTIN_CATALOG, json, this.hubBases());
    warnings.push(...merged.warnings);
    const entries: ListedEntry[] = merged.entries.map((e) => ({ ...e, source: e.origin ?? 'builtin' }));
    for (const imported of await this.folder.store().imported()) {
      if (entries.some((e) => e.id === imported.id)) continue;
      entries.push({ ...imported, source: 'imported' });
    }
    for (const inPlace of await this.folder.store().inPlace()) {
      if (entries.some((e) => e.id === inPlace.id)) continue;
      entries.push({ ...inPlace, source: 'in-place' });
    }
    return { entries, warnings };
  }

  /** The model with this id; a bad-input error that says how to find the ids otherwise. */
  async entry(id: string): Promise<ListedEntry> {
    if (typeof id !== 'string' || !id) throw new LocalFocusError('bad-input', 'Name a model by its id (see `local-focus models list`).');
    const found = (await this.read()).entries.find((e) => e.id === id);
    if (!found) throw new LocalFocusError('bad-input', `There is no model "${id}" in the catalog; \`local-focus models list\` shows the ids.`);
    return found;
  }
}
