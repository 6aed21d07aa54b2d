// The models found on this computer (Ollama's store, LM Studio's models folders) as the Model
// Manager lists them, and their use in place. The folders are read on the first ask and the list
// is kept until a refresh: reading them walks other programs' folders, too slow for every status.
// A model is used in place only after the whole-file GGUF check an import gets (verifyInPlace);
// its file is then recorded where it lies, never copied, changed or deleted.
import * as os from 'node:os';
import { LocalFocusError, type ErrorCode } from '../../../core/errors';
import { MODEL_ROLES, type ModelRole } from '../../../core/models/catalogTypes';
import type { ModelOnDiskView, ModelsOnDiskResult, ModelView } from '../../../core/modelsProtocol';
import { findModelsOnDisk, foldersToSearch } from '../../modelsOnDisk/findModelsOnDisk';
import { inPlaceEntry, inPlaceIdBase } from '../../modelsOnDisk/inPlaceEntry';
import type { DiskModelsWhere } from '../../modelsOnDisk/storeFolders';
import type { DiskScan, ModelOnDisk } from '../../modelsOnDisk/types';
import { verifyInPlace, type InPlaceProblem } from '../../modelsOnDisk/verifyInPlace';
import type { ModelCatalog } from './modelCatalog';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelsFolder } from './modelsFolder';
import type { ModelViews } from './modelViews';

/** A refused check as an error: the file is missing, cannot be read, or is not a model we can load. */
const CODE_OF_PROBLEM: Record<InPlaceProblem, ErrorCode> = {
  missing: 'not-found',
  unreadable: 'bad-input',
  damaged: 'model-corrupt',
  'not-gguf': 'model-corrupt',
  unsupported: 'model-corrupt',
};

interface Found {
  scan: DiskScan;
  folders: string[];
  at: string;
}

/** This process's home folder, environment and platform: where Ollama and LM Studio look too. */
function thisComputer(): DiskModelsWhere {
  return { home: os.homedir(), env: process.env, platform: process.platform };
}

export class FoundModels {
  private found: Promise<Found> | undefined;
  /** Why the last use in place of a file was refused, by its path; cleared when it succeeds. */
  private readonly refusals = new Map<string, string>();

  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly catalog: ModelCatalog,
    private readonly views: ModelViews,
    private readonly where: () => DiskModelsWhere = thisComputer,
  ) {}

  async list(refresh: boolean): Promise<ModelsOnDiskResult> {
    const found = await this.scan(refresh);
    const inPlace = await this.folder.store().inPlace();
    const models: ModelOnDiskView[] = [];
    for (const m of found.scan.models) {
      const entry = inPlace.find((e) => e.inPlace?.paths[0] === m.path);
      const ready = entry ? (await this.folder.store().status(entry)).state === 'ready' : false;
      const refusal = this.refusals.get(m.path);
      const check = ready ? 'verified' : refusal ? 'failed' : 'unchecked';
      models.push({ source: m.source, name: m.name, path: m.path, sizeBytes: m.sizeBytes, check, ...(refusal && !ready ? { reason: refusal } : {}), ...(entry ? { modelId: entry.id } : {}) });
    }
    const { scan } = found;
    return { models, warnings: scan.warnings.map((w) => w.message), notes: scan.notes.map((n) => n.message), folders: found.folders, scannedAt: found.at };
  }

  /** Checks the found model at `path` whole and records it in the catalog for `role`, pointing at its file. */
  async useInPlace(params: { path: string; role: ModelRole; name?: string }, signal?: AbortSignal): Promise<ModelView> {
    if (!MODEL_ROLES.includes(params.role)) throw new LocalFocusError('bad-input', `Unknown role "${String(params.role)}"; use one of ${MODEL_ROLES.join(', ')}.`);
    if (params.role === 'embeddings') throw new LocalFocusError('bad-input', 'Notes search needs an ONNX embedding model; a GGUF model can be used for task parsing or code review.');
    const model = await this.foundAt(params.path);
    const verdict = await verifyInPlace(model, signal);
    if (!verdict.ok) {
      this.refusals.set(model.path, verdict.message);
      this.host.log('warn', `Did not use ${model.path} in place: ${verdict.message}`);
      throw new LocalFocusError(CODE_OF_PROBLEM[verdict.problem], verdict.message, { problem: verdict.problem, path: model.path });
    }
    const existing = (await this.folder.store().inPlace()).find((e) => e.inPlace?.paths[0] === model.path);
    const id = existing?.id ?? (await this.unusedId(inPlaceIdBase(model)));
    const entry = inPlaceEntry(model, verdict.info, { id, role: params.role, ...(params.name ? { name: params.name } : {}) });
    entry.roles = [...new Set([...(existing?.roles ?? []), params.role])];
    await this.folder.queueRecordWrite(() => this.folder.store().recordInPlace(entry, entry.files[0]?.sha256 ?? ''));
    this.refusals.delete(model.path);
    this.host.log('info', `Using ${model.path} in place as ${entry.name} (${entry.id}); it passed the whole-file GGUF check and was not copied.`);
    this.host.statusChanged();
    return this.views.view(await this.catalog.entry(id));
  }

  /**
   * The read of the folders in force, made now when there is none or a refresh is asked for. One
   * read serves every ask that comes while it runs, so no single asker's cancel stops it; it is
   * bounded by the finder's limits on depth and entries.
   */
  private scan(refresh: boolean): Promise<Found> {
    if (refresh || !this.found) {
      const reading = this.read();
      this.found = reading;
      // A failed read is not kept: the next ask reads again.
      reading.catch(() => {
        if (this.found === reading) this.found = undefined;
      });
    }
    return this.found;
  }

  private async read(): Promise<Found> {
    const where = this.where();
    const folders = await foldersToSearch(where);
    const scan = await findModelsOnDisk(where);
    this.host.log('info', `Found ${scan.models.length} GGUF model(s) in Ollama's and LM Studio's folders (${[...folders.ollama, ...folders.lmStudio].join(', ')}).`);
    return { scan, folders: [...folders.ollama, ...folders.lmStudio], at: new Date().toISOString() };
  }

  /** The found model whose file is `path`, reading the folders again once when the list does not have it. */
  private async foundAt(path: string): Promise<ModelOnDisk> {
    if (typeof path !== 'string' || !path) throw new LocalFocusError('bad-input', 'Name the model found on this computer by its path (see `local-focus models on-disk`).');
    const inList = async (refresh: boolean) => (await this.scan(refresh)).scan.models.find((m) => m.path === path);
    const model = (await inList(false)) ?? (await inList(true));
    if (!model) throw new LocalFocusError('bad-input', `${path} is not a model found in Ollama's or LM Studio's folders; to use another GGUF file, import it.`);
    return model;
  }

  private async unusedId(base: string): Promise<string> {
    const taken = new Set((await this.catalog.read()).entries.map((e) => e.id));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }
}
