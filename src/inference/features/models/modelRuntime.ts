// Loading and unloading a model on request. A load is checked first: the files must be ready
// (never-hashed files are verified now) and the model must fit the memory budget unless the user
// overrides. A chat model (GGUF) goes through the service's LLM runtime; an embedding model (ONNX)
// loads on its first use, so a load embeds one word.
import { LocalFocusError } from '../../../core/errors';
import type { ModelView } from '../../../core/modelsProtocol';
import type { ModelCatalog } from './modelCatalog';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelMemory } from './modelMemory';
import type { ModelsFolder } from './modelsFolder';
import type { ModelViews } from './modelViews';

export class ModelRuntime {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly catalog: ModelCatalog,
    private readonly memory: ModelMemory,
    private readonly views: ModelViews,
  ) {}

  async load(id: string, override: boolean, signal: AbortSignal): Promise<{ model: ModelView; loadMs: number }> {
    const entry = await this.catalog.entry(id);
    let status = await this.folder.store().status(entry);
    if (status.state === 'unverified') status = await this.folder.queueRecordWrite(() => this.folder.store().verify(entry, signal));
    if (status.state !== 'ready') {
      throw new LocalFocusError('model-missing', `${entry.name} is not ready to load (${status.state}); download or import it first.`);
    }
    const memory = await this.memory.viewOf(entry, status, (await this.catalog.read()).entries);
    if (memory.verdict === 'too-big' && !override) {
      throw new LocalFocusError('out-of-memory', `${entry.name} does not fit the memory budget. ${memory.sentence} Load it anyway only if you accept the risk (override).`, {
        memory: memory as unknown as Record<string, unknown>,
      });
    }
    const modelPath = this.folder.modelPath(entry);
    const t0 = Date.now();
    if (entry.format === 'gguf') {
      const runtime = this.host.llmRuntime();
      if (!runtime) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
      this.host.log('info', `Loading ${entry.name}: ${memory.sentence}`);
      const info = await runtime.preload(modelPath);
      this.host.statusChanged();
      return { model: await this.views.view(entry), loadMs: info.loadMs };
    }
    await this.host.embed({ texts: ['warm-up'], modelDir: modelPath }, signal);
    this.host.statusChanged();
    return { model: await this.views.view(entry), loadMs: Date.now() - t0 };
  }

  /** How many models left memory: 0 when this one was not loaded. */
  async unload(id: string): Promise<number> {
    const entry = await this.catalog.entry(id);
    if (!this.folder.isLoaded(entry, this.host.status().loadedModels)) return 0;
    let n: number;
    if (entry.format === 'gguf') n = (await this.host.llmRuntime()?.unloadPath(this.folder.modelPath(entry))) ?? 0;
    // The worker keeps embedding models by folder without a handle to one: unloading one unloads all.
    else n = await this.host.unloadAll();
    this.host.statusChanged();
    return n;
  }
}
