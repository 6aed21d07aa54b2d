// A model's memory estimate against this machine's budget, as the model manager shows it before a
// download and checks it before a load. The machine's RAM is os.totalmem() unless the test tuning
// names a smaller one; the budget is the configured percent of it, less what the models in memory
// hold. A GGUF model's shape comes from its header (the file on disk, else the one read from its
// server), else from the architecture the catalog gives, else it is unknown.
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import { entryDownloadSize } from '../../../core/models/catalog';
import type { CatalogEntry, ModelFormat } from '../../../core/models/catalogTypes';
import type { GgufModelInfo } from '../../../core/models/gguf';
import { DEFAULT_MEMORY_BUDGET_PERCENT, LlmShape, MemoryBudget, memoryBudget, shapeFromArchitecture, shapeFromGguf } from '../../../core/models/memoryBudget';
import type { MemoryShapeSource, ModelMemoryView } from '../../../core/modelsProtocol';
import type { LoadedModelInfo } from '../../../core/protocol';
import { llmContextSize } from '../../llm';
import type { ModelStatus } from '../../modelStore';
import type { GgufHeaders } from './ggufHeaders';
import type { ListedEntry } from './modelCatalog';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelsFolder } from './modelsFolder';
import { memoryViewFor } from './memoryView';

/** An embedding model reads at most this many tokens; it keeps no context cache. */
const ONNX_CONTEXT = 512;

export class ModelMemory {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly headers: GgufHeaders,
  ) {}

  /** The budget and what is left of it with the models in memory now. */
  async budget(entries: readonly ListedEntry[]): Promise<MemoryBudget> {
    return memoryBudget({ totalRamBytes: this.totalRam(), percent: this.budgetPercent(), loadedBytes: await this.loadedBytes(entries) });
  }

  /** The model's estimate against the budget left beside the models in memory (not counting itself). */
  async viewOf(entry: CatalogEntry, status: ModelStatus, entries: readonly ListedEntry[]): Promise<ModelMemoryView> {
    return this.estimate(entry, status, await this.loadedBytes(entries, (m) => this.folder.isLoaded(entry, [m]) || (entry.format === 'gguf' && m.kind === 'llm')));
  }

  /**
   * The estimate of a model that is not in the catalog (a Hub search result): its size, and its
   * shape when its GGUF header was read, at the context the worker would load it with.
   */
  async viewOfCandidate(format: ModelFormat, weightsBytes: number, header: GgufModelInfo | undefined, entries: readonly ListedEntry[]): Promise<ModelMemoryView> {
    // Without a header the context is unknown: llmContextSize(0) is the context the worker asks for.
    const contextSize = format === 'gguf' ? llmContextSize(header?.contextLength ?? 0) : ONNX_CONTEXT;
    return memoryViewFor({
      weightsBytes,
      ...(header ? { shape: shapeFromGguf(header) } : {}),
      shapeSource: header ? 'gguf-remote' : 'none',
      contextSize,
      totalRamBytes: this.totalRam(),
      percent: this.budgetPercent(),
      loadedBytes: await this.loadedBytes(entries, (m) => format === 'gguf' && m.kind === 'llm'),
    });
  }

  private totalRam(): number {
    return this.host.tuning.totalRamBytes ?? os.totalmem();
  }

  private budgetPercent(): number {
    const p = this.host.currentConfig.memoryBudgetPercent;
    return typeof p === 'number' && Number.isFinite(p) && p > 0 ? p : DEFAULT_MEMORY_BUDGET_PERCENT;
  }

  private async estimate(entry: CatalogEntry, status: ModelStatus, loadedBytes: number): Promise<ModelMemoryView> {
    const onDisk = status.state === 'ready' || status.state === 'unverified';
    const { shape, source, contextLength } = await this.shapeOf(entry, onDisk);
    const size = entryDownloadSize(entry);
    const weightsBytes = onDisk ? status.bytesOnDisk : size.exact ? size.bytes : Math.max(size.bytes, status.bytesOnDisk);
    return memoryViewFor({
      weightsBytes,
      ...(shape ? { shape } : {}),
      shapeSource: source,
      contextSize: entry.format === 'gguf' ? llmContextSize(contextLength) : contextLength,
      totalRamBytes: this.totalRam(),
      percent: this.budgetPercent(),
      loadedBytes,
    });
  }

  /** The transformer's shape and the context it loads with, best source first. */
  private async shapeOf(entry: CatalogEntry, onDisk: boolean): Promise<{ shape?: LlmShape; source: MemoryShapeSource; contextLength: number }> {
    if (entry.format !== 'gguf') return { source: 'none', contextLength: entry.contextLength };
    if (onDisk) {
      const info = await this.headers.ofFile(this.folder.modelPath(entry));
      if (info) return { shape: shapeFromGguf(info), source: 'gguf-file', contextLength: info.contextLength || entry.contextLength };
    }
    const remote = this.headers.fetchedFrom(entry.files[0]!.url);
    if (remote) return { shape: shapeFromGguf(remote), source: 'gguf-remote', contextLength: remote.contextLength || entry.contextLength };
    if (entry.architecture) return { shape: shapeFromArchitecture(entry.architecture), source: 'catalog', contextLength: entry.contextLength };
    return { source: 'none', contextLength: entry.contextLength };
  }

  /**
   * Memory held by loaded models, by their estimates (a file outside the catalog by its size),
   * leaving out those `replaced` says the model in question would take the place of: itself, and for
   * a GGUF model the loaded chat model, which loading another one swaps out.
   */
  private async loadedBytes(entries: readonly ListedEntry[], replaced: (m: LoadedModelInfo) => boolean = () => false): Promise<number> {
    let total = 0;
    for (const m of this.host.status().loadedModels) {
      if (replaced(m)) continue;
      const entry = entries.find((e) => this.folder.isLoaded(e, [m]));
      if (entry) {
        const status = await this.folder.store().status(entry);
        total += (await this.estimate(entry, status, 0)).totalBytes;
      } else {
        total += await fsp.stat(m.path).then((s) => s.size, () => 0);
      }
    }
    return total;
  }
}
