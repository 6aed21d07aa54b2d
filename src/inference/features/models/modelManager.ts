// The model manager inside the worker, as the models feature's requests reach it: one method per
// request, each handing the work to the part that owns it. The parts: the catalog (modelCatalog),
// the configured models folder (modelsFolder), what a model looks like to the user (modelViews),
// its memory estimate (modelMemory), downloads (modelDownloads), the user's changes to the catalog
// and the folder (catalogChanges), load and unload (modelRuntime), the device (deviceReport) and
// the models found in Ollama's and LM Studio's folders, used in place (foundModels), and the Hub:
// search and add a result to the catalog (hub/), and benches comparing models' speed (modelBench).
// Progress of every download is also emitted here as 'progress', for the CLI's progress bars.
import { EventEmitter } from 'node:events';
import type { ModelRole } from '../../../core/models/catalogTypes';
import { DEFAULT_HUB_URL } from '../../../core/models/hubAddress';
import type { HubSearchResult } from '../../../core/modelsHubProtocol';
import type { DeviceInfo, ModelBenchRun, ModelDownloadProgress, ModelListResult, ModelsOnDiskResult, ModelVerifyReport, ModelView } from '../../../core/modelsProtocol';
import { CatalogChanges } from './catalogChanges';
import { DeviceReport } from './deviceReport';
import { FoundModels } from './foundModels';
import { GgufHeaders } from './ggufHeaders';
import { HubAccess } from './hub/hubAccess';
import { HubAdd, HubAddParams } from './hub/hubAdd';
import { HubSearch } from './hub/hubSearch';
import { HubSearchCache } from './hub/hubSearchCache';
import { ModelBench } from './modelBench';
import { ModelCatalog } from './modelCatalog';
import { ModelDownloads } from './modelDownloads';
import type { ModelManagerHost } from './modelManagerHost';
import { ModelMemory } from './modelMemory';
import { ModelRuntime } from './modelRuntime';
import { ModelsFolder } from './modelsFolder';
import { ModelViews } from './modelViews';

type ManagerEvents = { progress: [ModelDownloadProgress] };

export class ModelManager extends EventEmitter<ManagerEvents> {
  private readonly catalog: ModelCatalog;
  private readonly downloads: ModelDownloads;
  private readonly deviceReport: DeviceReport;
  private readonly views: ModelViews;
  private readonly runtime: ModelRuntime;
  private readonly changes: CatalogChanges;
  private readonly found: FoundModels;
  private readonly hubSearch: HubSearch;
  private readonly hubAdd: HubAdd;
  private readonly benches: ModelBench;

  constructor(host: ModelManagerHost) {
    super();
    const folder = new ModelsFolder();
    host.onConfigure((config) => folder.configure(config));
    const headers = new GgufHeaders(host);
    const hub = new HubAccess(host);
    this.catalog = new ModelCatalog(folder, () => hubBases(hub));
    const memory = new ModelMemory(host, folder, headers);
    this.downloads = new ModelDownloads(host, folder, this.catalog, memory, headers, (progress) => this.emit('progress', progress), (url) => hub.credentialsFor(url));
    this.deviceReport = new DeviceReport(host, this.catalog, memory);
    this.views = new ModelViews(host, folder, this.catalog, memory, this.downloads, this.deviceReport);
    this.runtime = new ModelRuntime(host, folder, this.catalog, memory, this.views);
    this.changes = new CatalogChanges(host, folder, this.catalog, headers, this.downloads, this.runtime, this.views);
    this.found = new FoundModels(host, folder, this.catalog, this.views);
    const searches = new HubSearchCache();
    this.hubSearch = new HubSearch(host, this.catalog, memory, hub, searches);
    this.hubAdd = new HubAdd(host, this.catalog, this.views, headers, hub, searches);
    this.benches = new ModelBench(host, folder, this.catalog, this.runtime);
  }

  list(): Promise<ModelListResult> {
    return this.views.list();
  }

  async download(id: string, opts: { wait?: boolean; signal?: AbortSignal } = {}): Promise<ModelView> {
    const entry = await this.catalog.entry(id);
    await this.downloads.download(entry, opts);
    return this.views.view(entry);
  }

  async pause(id: string): Promise<ModelView> {
    const entry = await this.catalog.entry(id);
    await this.downloads.pause(entry);
    return this.views.view(entry);
  }

  resume(id: string): Promise<ModelView> {
    return this.download(id);
  }

  async cancel(id: string): Promise<ModelView> {
    const entry = await this.catalog.entry(id);
    await this.downloads.cancel(entry);
    return this.views.view(entry);
  }

  resumeInterrupted(): Promise<string[]> {
    return this.downloads.resumeInterrupted();
  }

  addUrl(params: { url: string; role: ModelRole; sha256?: string; name?: string }, signal?: AbortSignal): Promise<{ model: ModelView; headerRead: boolean }> {
    return this.changes.addUrl(params, signal);
  }

  importModel(params: { path: string; role: ModelRole; name?: string; overwrite?: boolean }, signal?: AbortSignal) {
    return this.changes.importModel(params, signal);
  }

  verify(id: string | undefined, signal?: AbortSignal): Promise<ModelVerifyReport[]> {
    return this.changes.verify(id, signal);
  }

  remove(id: string): Promise<{ removed: string[]; kept?: string[] }> {
    return this.changes.remove(id);
  }

  onDisk(refresh: boolean): Promise<ModelsOnDiskResult> {
    return this.found.list(refresh);
  }

  useInPlace(params: { path: string; role: ModelRole; name?: string }, signal?: AbortSignal): Promise<ModelView> {
    return this.found.useInPlace(params, signal);
  }

  searchHub(params: { query: string; role: ModelRole; limit?: number }, signal?: AbortSignal): Promise<HubSearchResult> {
    return this.hubSearch.search(params, signal);
  }

  lastHubSearch(): Promise<HubSearchResult | null> {
    return this.hubSearch.last();
  }

  addFromHub(params: HubAddParams, signal?: AbortSignal): Promise<ModelView> {
    return this.hubAdd.add(params, signal);
  }

  load(id: string, override: boolean, signal: AbortSignal): Promise<{ model: ModelView; loadMs: number }> {
    return this.runtime.load(id, override, signal);
  }

  unload(id: string): Promise<number> {
    return this.runtime.unload(id);
  }

  bench(params: { ids: string[]; role?: ModelRole }, signal: AbortSignal): Promise<{ prompt: string; runs: ModelBenchRun[] }> {
    return this.benches.run(params, signal);
  }

  device(withGpu: boolean): Promise<DeviceInfo> {
    return this.deviceReport.report(withGpu);
  }

  /** Pauses running downloads (keeping their partial files) so the next worker can continue them. */
  dispose(): void {
    this.downloads.dispose();
  }
}

/** The Hubs whose files keep their repository's badge: the public one, and the configured one when it is usable. */
function hubBases(hub: HubAccess): string[] {
  try {
    return [...new Set([DEFAULT_HUB_URL, hub.base()])];
  } catch {
    return [DEFAULT_HUB_URL];
  }
}
