// The notes index of one workspace folder: chunks, a BM25 index, a Vectra vector index and a
// manifest, all under <home>/indexes/<hash of the folder path>/ (noteStores.ts, which also holds
// the crash-safety argument). Updates run one at a time, and one process at a time writes
// (noteUpdate.ts for the steps of one); search is in noteSearch.ts. When the saved vectors cannot
// serve the embedding source in use, updates rebuild the index aside (noteRebuild.ts) and search
// answers by keyword meanwhile: a query is only ever embedded by the source that made the index.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LocalFocusError } from '../../core/errors';
import { folderKey, indexesDir } from '../../core/paths';
import { acquireFileLock } from '../../core/fileLock';
import type { NoteChunk } from '../../core/notes/chunker';
import type { NoteIndexStats, NoteSearchResponse, NoteSearchTier, NoteUpdateResult } from '../../core/notes/searchTypes';
import type { EmbedFunction, NoteIndexOptions, NoteSearchOptions, NoteUpdateOptions } from './noteIndexOptions';
import { searchNotes } from './noteSearch';
import { DimensionChangedError } from './chunkEmbedding';
import { rebuildAside } from './noteRebuild';
import type { QueryEmbedder } from './noteSearch';
import { NoteStores, type NoteStoreSettings } from './noteStores';
import { NoteUpdate, type IndexSettings } from './noteUpdate';
import { cancelled } from './pausing';
import { discardRebuild } from './rebuildFolder';

export type { EmbedFunction, NoteIndexOptions, NoteSearchOptions, NoteUpdateOptions } from './noteIndexOptions';

/** Held while an update runs: see runUpdateLocked. */
const LOCK_FILE = 'write.lock';

/** <home>/indexes/<first 16 hex of sha256 of the resolved folder path>; home defaults to localFocusHome(). */
export function indexDirFor(folder: string, home?: string): string {
  const indexes = home === undefined ? indexesDir() : path.join(home, 'indexes');
  return path.join(indexes, folderKey(folder));
}

export class NoteIndex {
  readonly folder: string;
  readonly indexDir: string;
  private readonly embedFn: EmbedFunction | undefined;
  private readonly settings: IndexSettings;
  private readonly storeSettings: NoteStoreSettings;
  private readonly stores: NoteStores;
  /** Why the last rebuild that was swapped in was made. */
  private rebuiltBecause?: string;
  /** diskStamp() of the manifest this process last read or wrote. */
  private savedStamp = 'none';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(options: NoteIndexOptions) {
    this.folder = path.resolve(options.folder);
    this.indexDir = options.indexDir ?? indexDirFor(this.folder, options.home);
    const modelId = options.embed ? (options.modelId ?? null) : null;
    if (options.embed && !options.modelId) throw new LocalFocusError('bad-input', 'An embedding function needs a modelId so a model change can be detected.');
    this.embedFn = options.embed;
    const log = options.log ?? (() => undefined);
    this.settings = { folder: this.folder, modelId, log, options };
    this.storeSettings = { folder: this.folder, modelId, ...(options.bm25 ? { bm25: options.bm25 } : {}), log };
    this.stores = new NoteStores(this.indexDir, this.storeSettings);
  }

  /** Opens (or creates) the index of `options.folder`; a damaged index is rebuilt, see rebuildReason. */
  static async open(options: NoteIndexOptions): Promise<NoteIndex> {
    const index = new NoteIndex(options);
    await index.load();
    return index;
  }

  /** Why the index was emptied or is being rebuilt, or was rebuilt by this process; its files are then indexed afresh by update(). */
  get rebuildReason(): string | undefined {
    return this.stores.rebuildReason ?? this.rebuiltBecause;
  }

  /** Why the saved index waits for a rebuild (its vectors are not searched meanwhile); undefined when it does not. */
  get pendingRebuild(): string | undefined {
    return this.stores.pendingRebuild;
  }

  /** The embedding source whose vectors the index holds (see core/notes/embeddingSourceId.ts), and their length. */
  get recordedEmbedding(): { sourceId: string | null; dimension?: number } {
    const { modelId, dimension } = this.stores.manifest;
    return { sourceId: modelId, ...(dimension !== undefined ? { dimension } : {}) };
  }

  /** 'hybrid' when vectors can be searched, else 'keyword'. */
  get bestTier(): NoteSearchTier {
    return 'embed' in this.queryEmbedder() && this.stores.vectorCount > 0 ? 'hybrid' : 'keyword';
  }

  getChunk(id: string): NoteChunk | undefined {
    return this.stores.chunks.get(id);
  }

  private async load(): Promise<void> {
    await this.stores.load();
    this.savedStamp = await this.stores.diskStamp();
  }

  // ------------------------------------------------------------------ update

  /** Brings the index in line with `files` (paths absolute or relative to the folder). Updates run one at a time. */
  update(files: readonly string[], options: NoteUpdateOptions = {}): Promise<NoteUpdateResult> {
    const run = this.queue.then(() => this.runUpdateLocked(files, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private toRelative(file: string): string | undefined {
    const absolute = path.resolve(this.folder, file);
    const relative = path.relative(this.folder, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }

  /**
   * The editor's worker and a `local-focus index` in a terminal may update the same index: one
   * writes at a time (an advisory lock file in the index folder), and each starts from what the
   * other saved, so neither overwrites the other's work with an older copy.
   */
  private async runUpdateLocked(files: readonly string[], options: NoteUpdateOptions): Promise<NoteUpdateResult> {
    const release = await acquireFileLock(path.join(this.indexDir, LOCK_FILE), {
      ...(options.signal ? { signal: options.signal } : {}),
      onWait: (pid) => {
        this.settings.log('info', `Note index ${this.folder}: another Local Focus process (pid ${pid}) is updating it; waiting for it to finish.`);
        options.onProgress?.({ phase: 'waiting', done: 0, total: 0, holderPid: pid });
      },
    });
    try {
      if ((await this.stores.diskStamp()) !== this.savedStamp) {
        this.settings.log('info', `Note index ${this.folder}: another process saved it since it was opened; reading its version first.`);
        await this.load();
      }
      return await this.runUpdate(files, options);
    } finally {
      // What this update saved, even a pause's partial save, is what this process now holds.
      this.savedStamp = await this.stores.diskStamp();
      await release();
    }
  }

  private async runUpdate(files: readonly string[], options: NoteUpdateOptions): Promise<NoteUpdateResult> {
    if (options.signal?.aborted) throw cancelled('Indexing was paused before it started.');
    const listed = this.listedFiles(files);
    if (this.stores.pendingRebuild === undefined) {
      if (await discardRebuild(this.indexDir)) this.settings.log('info', `Note index ${this.folder}: dropped a rebuild for another embedding model; this index serves the one in use.`);
      try {
        return await new NoteUpdate(this.stores, this.settings, options).run(listed);
      } catch (err) {
        if (!(err instanceof DimensionChangedError)) throw err;
        this.stores.markForRebuild(err.message);
      }
    }
    return this.rebuild(listed, options);
  }

  /** Updates the rebuild made aside; once it is whole it replaces the index, which is read again. */
  private async rebuild(listed: ReadonlySet<string>, options: NoteUpdateOptions): Promise<NoteUpdateResult> {
    const reason = this.stores.pendingRebuild!;
    const { result, swapped } = await rebuildAside(this.stores, { index: this.settings, stores: this.storeSettings }, listed, options);
    if (!swapped) return result;
    await this.stores.load();
    this.stores.rebuildReason = undefined;
    this.rebuiltBecause = reason;
    return result;
  }

  /** The files relative to the folder; one outside it is left out with a warning. */
  private listedFiles(files: readonly string[]): Set<string> {
    const listed = new Set<string>();
    for (const file of files) {
      const relative = this.toRelative(file);
      if (relative === undefined) this.settings.log('warn', `Note index: ${file} is outside ${this.folder}; skipped.`);
      else listed.add(relative);
    }
    return listed;
  }

  // ------------------------------------------------------------------ search and stats

  async search(query: string, options: NoteSearchOptions = {}): Promise<NoteSearchResponse> {
    return searchNotes(this.stores, this.queryEmbedder(), query, options, (file) => this.toRelative(file));
  }

  /** How queries are embedded: by the source that made the index's vectors, or not at all. */
  private queryEmbedder(): QueryEmbedder {
    if (!this.embedFn) return { unavailable: 'no embedding model is loaded' };
    const pending = this.stores.pendingRebuild;
    if (pending) return { unavailable: `the index is being rebuilt: ${pending}` };
    const { dimension } = this.stores.manifest;
    return { embed: this.embedFn, ...(dimension !== undefined ? { dimension } : {}) };
  }

  async stats(): Promise<NoteIndexStats> {
    return {
      folder: this.folder,
      indexDir: this.indexDir,
      files: Object.keys(this.stores.manifest.files).length,
      chunks: this.stores.liveIds.size,
      vectors: this.stores.vectorCount,
      bytesOnDisk: await folderBytes(this.indexDir),
      modelId: this.stores.manifest.modelId,
      ...(this.stores.manifest.dimension !== undefined ? { dimension: this.stores.manifest.dimension } : {}),
      ...(this.stores.pendingRebuild ? { pendingRebuild: this.stores.pendingRebuild } : {}),
      ...(this.rebuildReason ? { rebuildReason: this.rebuildReason } : {}),
    };
  }
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(folder, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full)).size;
  }
  return total;
}
