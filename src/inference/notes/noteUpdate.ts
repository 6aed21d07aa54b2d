// One update of a notes index, as its steps: scan the listed files, diff them against the
// manifest, re-chunk the files that changed, embed the chunks that have no vector, and save.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CHUNKER_VERSION, chunkNote } from '../../core/notes/chunker';
import { diffManifest, hashContent, type ManifestDiff } from '../../core/notes/manifest';
import { readNoteLinks } from '../../core/notes/noteLinks';
import type { NoteUpdateResult } from '../../core/notes/searchTypes';
import { embedChunks } from './chunkEmbedding';
import type { NoteIndexLog, NoteIndexOptions, NoteUpdateOptions } from './noteIndexOptions';
import { scanNotes, type NoteScan, type ScannedNote } from './noteScan';
import type { NoteStores } from './noteStores';
import { cancelled, isAbortError } from './pausing';

const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const DEFAULT_CHECKPOINT_CHUNKS = 20_000;

/** What an update needs to know of its index. */
export interface IndexSettings {
  /** The notes folder, resolved. */
  folder: string;
  /** The embedding model's name; null when the index is keyword-only. */
  modelId: string | null;
  log: NoteIndexLog;
  options: NoteIndexOptions;
}

export class NoteUpdate {
  private readonly started = performance.now();

  constructor(
    private readonly stores: NoteStores,
    private readonly index: IndexSettings,
    private readonly options: NoteUpdateOptions,
  ) {}

  /** Brings the stores in line with the listed files (relative to the folder) and saves what changed. */
  async run(listed: ReadonlySet<string>): Promise<NoteUpdateResult> {
    const scan = await this.scan(listed);
    const diff = this.diff(listed, scan.files);
    const result = countFiles(diff, scan);
    const byPath = new Map(scan.files.map((f) => [f.path, f]));
    const vectorsToDelete = await this.applyDiff(diff, byPath, result);
    // Every live chunk without a vector is embedded: new chunks, and any an earlier pause left out.
    const pending = this.index.options.embed ? this.stores.chunkIdsWithoutVector() : [];
    const changedSomething = diff.added.length + diff.changed.length + diff.deleted.length > 0 || pending.length > 0;
    const statsChanged = diff.unchanged.some((f) => byPath.get(f)!.read);
    await this.embedAndSave(pending, vectorsToDelete, changedSomething || statsChanged, result);
    result.ms = Math.round(performance.now() - this.started);
    if (changedSomething) this.logChanges(result);
    return result;
  }

  private scan(listed: ReadonlySet<string>): Promise<NoteScan> {
    const { folder, log, options } = this.index;
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    return scanNotes(listed, { folder, log, maxFileBytes, indexed: (file) => this.stores.entry(file) }, this.options);
  }

  /** The scan against the manifest; with scope 'listed', against the listed files' entries only. */
  private diff(listed: ReadonlySet<string>, scanned: readonly ScannedNote[]): ManifestDiff {
    const { manifest } = this.stores;
    const base =
      (this.options.scope ?? 'all') === 'all'
        ? manifest
        : { ...manifest, files: Object.fromEntries([...listed].filter((f) => this.stores.entry(f)).map((f) => [f, this.stores.entry(f)!])) };
    return diffManifest(base, scanned, { modelId: this.index.modelId, chunkerVersion: CHUNKER_VERSION });
  }

  /**
   * Deleted files and changed files' stale chunks leave every store; new chunks enter BM25 now.
   * Returns the ids whose vectors are to be deleted in the Vectra update.
   */
  private async applyDiff(diff: ManifestDiff, byPath: ReadonlyMap<string, ScannedNote>, result: NoteUpdateResult): Promise<Set<string>> {
    const vectorsToDelete = new Set<string>();
    const dropChunk = (id: string): void => {
      if (this.stores.removeChunk(id)) vectorsToDelete.add(id);
      result.chunksRemoved++;
    };
    for (const file of diff.deleted) {
      for (const id of this.stores.entry(file)?.chunkIds ?? []) dropChunk(id);
      delete this.stores.manifest.files[file];
    }
    let addedAtLastSave = 0;
    for (const file of [...diff.added, ...diff.changed]) {
      await this.rechunk(byPath.get(file)!, dropChunk, result);
      // A first indexing of many notes saves as it goes: the texts then wait on disk, not in memory, for their vectors.
      if (result.chunksAdded - addedAtLastSave >= this.checkpointChunks) {
        await this.stores.save();
        addedAtLastSave = result.chunksAdded;
      }
    }
    for (const file of diff.unchanged) this.rememberStat(byPath.get(file)!);
    return vectorsToDelete;
  }

  /**
   * A new or changed file's chunks, tags and links replace its old ones in the stores and the
   * manifest. Its text is read again here (the scan kept only its hash), and the hash recorded is
   * that text's. A file that can no longer be read keeps what the index has, and the next update
   * tries it again.
   */
  private async rechunk(file: ScannedNote, dropChunk: (id: string) => void, result: NoteUpdateResult): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(path.join(this.index.folder, file.path), 'utf8');
    } catch (err) {
      this.index.log('warn', `Note index: could not read ${file.path} (${(err as Error).message}); ${this.stores.entry(file.path) ? 'keeping its indexed version' : 'skipped'}.`);
      return;
    }
    const { countTokens, chunk } = this.index.options;
    const chunks = chunkNote(file.path, text, { ...(countTokens ? { countTokens } : {}), ...chunk });
    const newIds = new Set(chunks.map((c) => c.id));
    for (const id of this.stores.entry(file.path)?.chunkIds ?? []) if (!newIds.has(id)) dropChunk(id);
    for (const chunk of chunks) if (this.stores.addChunk(chunk)) result.chunksAdded++;
    const { tags, links } = readNoteLinks(file.path, text);
    this.stores.manifest.files[file.path] = { hash: hashContent(text), size: file.size, mtimeMs: file.mtimeMs, chunkIds: [...newIds], tags, links };
  }

  private get checkpointChunks(): number {
    return Math.max(1, this.index.options.checkpointChunks ?? DEFAULT_CHECKPOINT_CHUNKS);
  }

  /** Same content, new mtime (touched, checked out): remember the stat so the next scan skips it. */
  private rememberStat(file: ScannedNote): void {
    const entry = this.stores.entry(file.path)!;
    entry.size = file.size;
    entry.mtimeMs = file.mtimeMs;
  }

  /** Embeds and saves in one Vectra update; a pause or a failure still saves what was embedded. */
  private async embedAndSave(pending: string[], vectorsToDelete: Set<string>, changed: boolean, result: NoteUpdateResult): Promise<void> {
    const { stores } = this;
    const { embed, embedBatchSize, checkpointMs } = this.index.options;
    await stores.beginVectorUpdate();
    try {
      if (vectorsToDelete.size > 0) await stores.deleteVectors(vectorsToDelete);
      await embedChunks(stores, pending, result, { ...(embed ? { embed } : {}), batchSize: Math.max(1, embedBatchSize ?? 32), checkpointMs: checkpointMs ?? 30_000, checkpointChunks: this.checkpointChunks }, this.options);
      const orphans = stores.collectGarbage();
      if (orphans.size > 0) await stores.deleteVectors(orphans);
      if (changed || orphans.size > 0 || stores.storesDirty) await this.save();
      else stores.cancelVectorUpdate();
    } catch (err) {
      // Whatever was embedded is valid: keep it, so a pause or a failure never costs finished work.
      await this.saveInterrupted();
      if (isAbortError(err)) throw this.paused(pending.length, result);
      throw err;
    }
  }

  private async save(): Promise<void> {
    this.options.onProgress?.({ phase: 'saving', done: 0, total: 1 });
    await this.stores.save();
    this.options.onProgress?.({ phase: 'saving', done: 1, total: 1 });
  }

  private async saveInterrupted(): Promise<void> {
    try {
      await this.stores.save();
    } catch (saveErr) {
      this.index.log('warn', `Note index ${this.index.folder}: could not save after an interrupted update (${(saveErr as Error).message}).`);
      this.stores.cancelVectorUpdate();
    }
  }

  private paused(pendingChunks: number, result: NoteUpdateResult): Error {
    const message = `Indexing paused after embedding ${result.chunksEmbedded} of ${pendingChunks} chunks; the next update continues from there.`;
    this.index.log('info', `Note index ${this.index.folder}: ${message}`);
    return cancelled(message, { ...result, pendingChunks: pendingChunks - result.chunksEmbedded });
  }

  private logChanges(result: NoteUpdateResult): void {
    this.index.log(
      'info',
      `Note index ${this.index.folder}: ${result.filesAdded} added, ${result.filesChanged} changed, ${result.filesDeleted} deleted file(s); ` +
        `${result.chunksEmbedded} chunk(s) embedded, ${result.chunksRemoved} removed in ${result.ms} ms.`,
    );
  }
}

/** The result's file counts; the chunk counts and the time are filled in by the later steps. */
function countFiles(diff: ManifestDiff, scan: NoteScan): NoteUpdateResult {
  const result: NoteUpdateResult = {
    filesAdded: diff.added.length,
    filesChanged: diff.changed.length,
    filesDeleted: diff.deleted.length,
    filesUnchanged: diff.unchanged.length,
    chunksAdded: 0,
    chunksRemoved: 0,
    chunksEmbedded: 0,
    ms: 0,
  };
  if (scan.filesSkipped > 0) {
    result.skipped = scan.skipped;
    result.filesSkipped = scan.filesSkipped;
  }
  return result;
}
