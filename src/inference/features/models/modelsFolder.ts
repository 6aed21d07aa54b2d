// The configured models folder as the model manager uses it: the store of its files, the list of
// downloads the user paused, and the writes to its record (.local-focus-models.json: verified
// hashes and imported models). configure() follows the setting: a folder that changes gets a new
// store and paused list, and every other part reads the ones in force.
import * as path from 'node:path';
import { LocalFocusError } from '../../../core/errors';
import type { CatalogEntry } from '../../../core/models/catalogTypes';
import type { LoadedModelInfo, WorkerConfig } from '../../../core/protocol';
import { ModelStore } from '../../modelStore';
import { PausedDownloads } from './pausedDownloads';

export class ModelsFolder {
  private current: { store: ModelStore; paused: PausedDownloads } | undefined;
  /**
   * The record is read, changed and written back whole, so two changes at once would lose one:
   * they run one after another, in the order they were asked for.
   */
  private recordWriteQueue: Promise<unknown> = Promise.resolve();

  /** Takes the configured folder; the same folder keeps its store and paused list. */
  configure(config: WorkerConfig): void {
    if (this.current?.store.modelsDir === config.modelsDir) return;
    this.current = { store: new ModelStore(config.modelsDir), paused: new PausedDownloads(config.modelsDir) };
  }

  store(): ModelStore {
    return this.configured().store;
  }

  paused(): PausedDownloads {
    return this.configured().paused;
  }

  /** Runs a store operation that writes the record once the ones queued before it have settled. */
  queueRecordWrite<T>(write: () => Promise<T>): Promise<T> {
    const next = this.recordWriteQueue.catch(() => undefined).then(write);
    this.recordWriteQueue = next;
    return next;
  }

  /**
   * The file the worker loads (GGUF: the file, or a split model's first part, beside which llama.cpp
   * finds the others) or the model's folder (ONNX).
   */
  modelPath(entry: CatalogEntry): string {
    const store = this.store();
    if (entry.inPlace) return store.pathOf(entry, entry.files[0]!);
    return entry.format === 'gguf' ? store.pathOf(entry, entry.files[0]!) : store.folderOf(entry);
  }

  /** Whether the model's file, or a file in its folder, is among the models in memory. */
  isLoaded(entry: CatalogEntry, loaded: readonly LoadedModelInfo[]): boolean {
    const p = this.modelPath(entry);
    return loaded.some((m) => m.path === p || m.path.startsWith(p + path.sep));
  }

  private configured(): { store: ModelStore; paused: PausedDownloads } {
    if (!this.current) throw new LocalFocusError('internal', 'The worker was used before it was configured.');
    return this.current;
  }
}
