// What the Model Manager and `models list` show: one view per model (its state from the disk, the
// download running and the last failure; its size, memory estimate, what it is used for and what
// was measured when it ran, in this worker and on this machine) and the listing with the role assignments and the device.
import * as fs from 'node:fs';
import { toLocalFocusError } from '../../../core/errors';
import { entryDownloadSize } from '../../../core/models/catalog';
import { MODEL_ROLE_LABELS, MODEL_ROLES, ModelRole } from '../../../core/models/catalogTypes';
import type { SpeedRecordFile } from '../../../core/models/modelSpeed';
import type { ModelListResult, ModelView, RoleAssignment } from '../../../core/modelsProtocol';
import type { Capability, LoadedModelInfo, ModelPaths } from '../../../core/protocol';
import { modelRunStats } from '../../llm';
import type { DeviceReport } from './deviceReport';
import type { ListedEntry, ModelCatalog } from './modelCatalog';
import type { ModelDownloads } from './modelDownloads';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelMemory } from './modelMemory';
import type { ModelsFolder } from './modelsFolder';
import { modelStateOf } from './modelState';

const CAPABILITY_OF_ROLE: Record<ModelRole, Capability> = { 'task-parsing': 'taskParsing', review: 'codeReview', embeddings: 'notesSearch' };
const SETTING_OF_ROLE: Record<ModelRole, keyof ModelPaths> = { 'task-parsing': 'taskParsing', review: 'codeReview', embeddings: 'embeddings' };

/** What a listing computes once for all its views. */
interface ListingContext {
  entries: readonly ListedEntry[];
  roles: RoleAssignment[];
  loaded: LoadedModelInfo[];
  speeds: SpeedRecordFile;
}

export class ModelViews {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly catalog: ModelCatalog,
    private readonly memory: ModelMemory,
    private readonly downloads: ModelDownloads,
    private readonly device: DeviceReport,
  ) {}

  async list(): Promise<ModelListResult> {
    const { entries, warnings } = await this.catalog.read();
    const roles = this.roleAssignments(entries);
    const loaded = this.host.status().loadedModels;
    const speeds = await this.host.speedRecords.read();
    const models: ModelView[] = [];
    for (const entry of entries) models.push(await this.view(entry, { entries, roles, loaded, speeds }));
    const device = await this.device.report(false, entries);
    return { models, roles, modelsDir: this.folder.store().modelsDir, catalogFile: this.catalog.file(), warnings, device };
  }

  async view(entry: ListedEntry, ctx?: ListingContext): Promise<ModelView> {
    const entries = ctx?.entries ?? (await this.catalog.read()).entries;
    const roles = ctx?.roles ?? this.roleAssignments(entries);
    const loaded = ctx?.loaded ?? this.host.status().loadedModels;
    const status = await this.folder.store().status(entry);
    const job = this.downloads.snapshotOf(entry.id);
    const failure = this.downloads.failure(entry.id);
    const state = modelStateOf({ store: status, ...(job ? { job } : {}), ...(failure ? { failure } : {}), loaded: this.folder.isLoaded(entry, loaded) });
    const size = entryDownloadSize(entry);
    const modelPath = this.folder.modelPath(entry);
    const stats = entry.format === 'gguf' ? modelRunStats(modelPath) : undefined;
    const measured = entry.format === 'gguf' ? (ctx?.speeds ?? (await this.host.speedRecords.read())).models[modelPath] : undefined;
    return {
      id: entry.id,
      name: entry.name,
      roles: [...entry.roles],
      publisher: entry.publisher,
      trust: entry.trust,
      verified: entry.verified,
      origin: entry.source,
      format: entry.format,
      quantization: entry.quantization,
      parameters: entry.parameters,
      contextLength: entry.contextLength,
      license: entry.license,
      sizeBytes: size.exact ? size.bytes : Math.max(size.bytes, status.bytesOnDisk),
      sizeExact: size.exact,
      ...state,
      memory: await this.memory.viewOf(entry, status, entries),
      path: modelPath,
      usedFor: roles.filter((r) => r.path === modelPath).map((r) => r.role),
      ...(stats ? { stats } : {}),
      ...(measured ? { measured } : {}),
    };
  }

  /** Which file each role uses now: its setting, or the default file in the models folder when that is empty. */
  private roleAssignments(entries: readonly ListedEntry[]): RoleAssignment[] {
    const config = this.host.currentConfig;
    return MODEL_ROLES.map((role) => {
      const configured = Boolean(config.models[SETTING_OF_ROLE[role]]?.trim());
      let p: string;
      try {
        p = this.host.modelPath(CAPABILITY_OF_ROLE[role]);
      } catch (err) {
        return { role, label: MODEL_ROLE_LABELS[role], path: toLocalFocusError(err).message, present: false, configured };
      }
      const entry = entries.find((e) => this.folder.modelPath(e) === p);
      return { role, label: MODEL_ROLE_LABELS[role], path: p, ...(entry ? { modelId: entry.id } : {}), present: fs.existsSync(p), configured };
    });
  }
}
