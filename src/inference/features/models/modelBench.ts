// A bench: the same short prompt (benchPrompt) on each named model, one after another, so their
// speed and output can be compared. Every id is resolved before anything runs, so a typo fails at
// once instead of after minutes of loading. An in-process model is loaded through the model
// runtime's checks (ready files, memory budget), run, and unloaded before the next one loads: the
// memory budget holds one chat model, never all of them. A server model is asked through the
// server it is listed on, which is asked to unload it after answering where it can (Ollama).
// Each run's figures go to the speed records as real use does.
import { LocalFocusError, toLocalFocusError } from '../../../core/errors';
import { benchPrompt, firstLineOf, type BenchPrompt } from '../../../core/models/benchPrompt';
import type { ModelRole } from '../../../core/models/catalogTypes';
import type { SpeedFigures } from '../../../core/models/modelSpeed';
import type { ModelBenchRun } from '../../../core/modelsProtocol';
import { parseServerModelRef, type ServerModelClient } from '../../localServer/localServers';
import { serverBackend } from '../../localServer/serverSpeed';
import type { ListedEntry, ModelCatalog } from './modelCatalog';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelRuntime } from './modelRuntime';
import type { ModelsFolder } from './modelsFolder';

/** At most this many models in one bench: each loads in turn, and a side-by-side view has room for few. */
export const MAX_BENCH_MODELS = 8;

type BenchTarget = { id: string; entry: ListedEntry } | { id: string; server: ServerModelClient };

export class ModelBench {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly catalog: ModelCatalog,
    private readonly runtime: ModelRuntime,
  ) {}

  async run(params: { ids: string[]; role?: ModelRole }, signal: AbortSignal): Promise<{ prompt: string; runs: ModelBenchRun[] }> {
    const role = params.role ?? 'task-parsing';
    if (role === 'embeddings') throw new LocalFocusError('bad-input', 'A bench times generated text; embedding models generate none. Pick task-parsing or review.');
    const ids = [...new Set(params.ids ?? [])];
    if (ids.length === 0) throw new LocalFocusError('bad-input', 'Name at least one model to bench (`local-focus models list` shows the ids).');
    if (ids.length > MAX_BENCH_MODELS) throw new LocalFocusError('bad-input', `A bench compares at most ${MAX_BENCH_MODELS} models; ${ids.length} were named.`);
    const targets: BenchTarget[] = [];
    for (const id of ids) targets.push(await this.resolve(id));
    const prompt = benchPrompt(role);
    const runs: ModelBenchRun[] = [];
    for (const target of targets) {
      if (signal.aborted) throw new LocalFocusError('cancelled');
      runs.push(await this.runOne(target, prompt, signal));
    }
    await this.host.speedRecords.settled();
    return { prompt: prompt.prompt, runs };
  }

  private async resolve(id: string): Promise<BenchTarget> {
    if (parseServerModelRef(id)) {
      const server = await this.host.serverChatModel(id);
      if (!server) throw new LocalFocusError('not-found', `No model server that may be used lists a chat model "${id}"; \`local-focus status\` shows the servers and their models.`);
      return { id, server };
    }
    const entry = await this.catalog.entry(id);
    if (entry.format !== 'gguf') throw new LocalFocusError('bad-input', `${entry.name} is an embedding model (${entry.format}); a bench times chat models.`);
    return { id, entry };
  }

  /** One model's run; a failure becomes the run's error (the others still run), a cancel ends the bench. */
  private async runOne(target: BenchTarget, prompt: BenchPrompt, signal: AbortSignal): Promise<ModelBenchRun> {
    const name = 'entry' in target ? target.entry.name : target.server.model;
    const kind = 'entry' in target ? 'in-process' : 'server';
    try {
      const run = 'entry' in target ? await this.runInProcess(target.entry, prompt, signal) : await this.runOnServer(target.server, prompt, signal);
      this.host.log('info', `bench: ${name}: load ${run.figures.loadMs ?? '-'} ms, first token ${Math.round(run.figures.ttftMs ?? 0)} ms, ${run.tokens} tokens`);
      return { id: target.id, name, kind, ...run };
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'cancelled' || signal.aborted) throw new LocalFocusError('cancelled');
      this.host.log('warn', `bench: ${name} failed (${e.message}); going on with the next model`);
      return { id: target.id, name, kind, figures: {}, tokens: 0, firstLine: '', error: e.message };
    }
  }

  private async runInProcess(entry: ListedEntry, prompt: BenchPrompt, signal: AbortSignal): Promise<Omit<ModelBenchRun, 'id' | 'name' | 'kind'>> {
    const llm = this.host.llmRuntime();
    if (!llm) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
    const modelPath = this.folder.modelPath(entry);
    // A fresh load, so load time and memory are this model's alone.
    await llm.unload();
    try {
      const { loadMs } = await this.runtime.load(entry.id, false, signal);
      const loaded = llm.loaded()[0];
      const backend = llm.loadedBackend();
      const result = await llm.generateJson({ ...prompt, modelPath, signal });
      // Layers and VRAM say something only where a GPU backend ran the model.
      const onGpu = backend !== undefined && backend !== 'CPU';
      const layers = onGpu ? { gpuLayers: loaded?.gpuLayers, totalLayers: loaded?.totalLayers, vramBytes: loaded?.vramBytes } : {};
      return {
        figures: dropUndefined({ loadMs, ...layers, ...result.speed }),
        tokens: result.tokens,
        firstLine: firstLineOf(result.value, result.text),
        ...(backend ? { backend } : {}),
      };
    } finally {
      await llm.unloadPath(modelPath);
      this.host.statusChanged();
    }
  }

  private async runOnServer(server: ServerModelClient, prompt: BenchPrompt, signal: AbortSignal): Promise<Omit<ModelBenchRun, 'id' | 'name' | 'kind'>> {
    const { answer, figures } = await this.host.measuredServerJson(server, { ...prompt, signal, unloadAfter: true });
    return { figures, tokens: answer.tokens, firstLine: firstLineOf(answer.value, answer.text), backend: serverBackend(server.client) };
  }
}

/** The figures that were measured: an absent one stays absent rather than undefined. */
function dropUndefined(value: Record<string, number | undefined>): SpeedFigures {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as SpeedFigures;
}
