// What this machine offers the models, for `models/device` and the Model Manager's header: RAM and
// the memory budget with what loaded models hold, cores, platform, and the GPU llama.cpp sees.
// The GPU is asked once (starting llama.cpp to ask is slow) and only when a caller wants it.
import * as os from 'node:os';
import type { DeviceInfo, GpuInfo } from '../../../core/modelsProtocol';
import type { ListedEntry, ModelCatalog } from './modelCatalog';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelMemory } from './modelMemory';

export class DeviceReport {
  private gpu: Promise<GpuInfo> | undefined;

  constructor(
    private readonly host: ModelManagerHost,
    private readonly catalog: ModelCatalog,
    private readonly memory: ModelMemory,
  ) {}

  /** With withGpu the GPU is asked for now; without, it is included only when asked before. */
  async report(withGpu: boolean, knownEntries?: readonly ListedEntry[]): Promise<DeviceInfo> {
    const entries = knownEntries ?? (await this.catalog.read()).entries;
    const budget = await this.memory.budget(entries);
    const cpus = os.cpus();
    const gpu = await this.gpuInfo(withGpu);
    return {
      totalRamBytes: budget.totalRamBytes,
      freeRamBytes: os.freemem(),
      budgetPercent: budget.percent,
      budgetBytes: budget.budgetBytes,
      loadedBytes: budget.loadedBytes,
      remainingBytes: budget.remainingBytes,
      cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
      cpuModel: cpus[0]?.model?.trim() || os.arch(),
      threads: this.host.threads,
      platform: os.platform(),
      arch: os.arch(),
      ...(gpu ? { gpu } : {}),
    };
  }

  private async gpuInfo(ask: boolean): Promise<GpuInfo | undefined> {
    if (!ask) return this.gpu ? await this.gpu : undefined;
    const runtime = this.host.llmRuntime();
    if (!runtime) return { backend: 'none', devices: [], error: 'the worker is not configured yet' };
    this.gpu ??= runtime.gpuInfo();
    return await this.gpu;
  }
}
