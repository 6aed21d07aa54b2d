// The stores of one notes index, in memory and in its folder: chunks, a BM25 index, a Vectra
// vector index and a manifest.
//
// Saving order is the crash-safety argument: the vector index, the BM25 index and the chunk store
// are each replaced atomically (temp file + rename), and the manifest goes last. On open, a
// manifest entry whose chunks are not all in the stores is dropped, so an interrupted save costs at
// most re-chunking those files; vectors already saved are reused by chunk id, so even then only
// chunks without a vector are embedded. A file that does not parse makes the index rebuild, and
// `rebuildReason` says which file and why.
//
// An index whose vectors another embedding source made (or that other chunking rules cut) is
// loaded as it is, still searchable by keyword, with `pendingRebuild` saying why it is to be
// rebuilt; the rebuild happens aside (rebuildFolder.ts), so these stores are never emptied for it.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { removeStaleTempFiles, writeJsonAtomic } from '../../core/atomicWrite';
import { Bm25Index, type Bm25Options } from '../../core/notes/bm25';
import { CHUNKER_VERSION, chunkIndexText, type NoteChunk } from '../../core/notes/chunker';
import { CURRENT_CHUNK_SEGMENT_VERSION } from '../../core/notes/chunkSegment';
import { createManifest, parseManifest, rebuildReason, type ManifestEntry, type NoteManifest } from '../../core/notes/manifest';
import type { NoteIndexLog } from './noteIndexOptions';
import { finishInterruptedSwap } from './rebuildFolder';
import { readBm25Segment, writeBm25Segment } from './bm25Store';
import { chunkSegmentVersion, readChunkSegment, writeChunkSegment } from './chunkStore';
import { BM25_FILE, CHUNKS_FILE, LEGACY_BM25_FILE, LEGACY_CHUNKS_FILE, MANIFEST_FILE, VECTORS_DIR } from './storeFiles';
import { VECTOR_SEGMENT_FILE, vectorIndexIn, type SegmentVectorIndex } from './vectorIndex';
import { fileExists } from './fileExists';

const LEGACY_CHUNK_STORE_FORMAT = 'local-focus-note-chunks';

export interface NoteStoreSettings {
  /** The folder the notes are in. */
  folder: string;
  /** The embedding model of the vectors; null: keyword only. Another than the saved one rebuilds. */
  modelId: string | null;
  bm25?: Bm25Options;
  log: NoteIndexLog;
}

export class NoteStores {
  manifest!: NoteManifest;
  chunks = new Map<string, NoteChunk>();
  bm25!: Bm25Index;
  vectors!: SegmentVectorIndex;
  /** The ids with a vector, once read: a keyword search, and an update that embeds nothing and changes no note, never reads them. */
  private knownVectorIds: Set<string> | undefined = new Set<string>();
  /** How many vectors the saved segment holds, from its header. */
  private savedVectorCount = 0;
  /** Ids some manifest entry references: search returns only these. */
  liveIds = new Set<string>();
  /** Why the stores were emptied, or are to be rebuilt, when last loaded, if they ever were. */
  rebuildReason?: string | undefined;
  /** Why the saved stores cannot serve the current settings and are to be rebuilt aside; undefined when they can. */
  pendingRebuild?: string | undefined;
  /** The open Vectra update holds changes not yet written. */
  private vectorsDirty = false;
  /** BM25 or chunks changed outside an update (settings changed on open): the next update saves. */
  storesDirty = false;

  constructor(
    readonly indexDir: string,
    private readonly settings: NoteStoreSettings,
  ) {}

  // ------------------------------------------------------------------ load

  /** Reads the saved stores: none start empty, a damaged one is emptied (see rebuildReason), an outdated one is kept until a rebuild replaces it (see pendingRebuild). */
  async load(): Promise<void> {
    await fs.mkdir(this.indexDir, { recursive: true });
    await removeStaleTempFiles(this.indexDir);
    await removeStaleTempFiles(path.join(this.indexDir, VECTORS_DIR));
    if (await finishInterruptedSwap(this.indexDir)) this.settings.log('info', `Note index ${this.indexDir}: finished putting the rebuilt index in place.`);
    this.pendingRebuild = undefined;
    const raw = await readManifestText(path.join(this.indexDir, MANIFEST_FILE));
    if (raw === undefined) {
      // No manifest: a new index, or one whose first save never finished. Either way, start empty.
      await this.reset(undefined);
      return;
    }
    try {
      const manifest = parseSavedManifest(raw);
      const reason = rebuildReason(manifest, { modelId: this.settings.modelId, chunkerVersion: CHUNKER_VERSION });
      await this.loadSaved(manifest);
      if (reason) this.markForRebuild(reason);
    } catch (err) {
      if (!(err instanceof CorruptIndexError)) throw err;
      await this.reset(err.message);
    }
  }

  /** Keeps the saved stores in use until a rebuild made aside replaces them. */
  markForRebuild(reason: string): void {
    this.pendingRebuild = reason;
    this.rebuildReason = reason;
    this.settings.log('info', `Note index ${this.indexDir}: ${reason}; rebuilding it aside at the next update, keeping this one until then.`);
  }

  /** A chunk text or the vectors failed their checksum when read: that read fails, and the index is rebuilt from the notes. */
  private readonly damagedOnRead = (reason: string): void => {
    if (this.pendingRebuild === undefined) this.markForRebuild(reason);
  };

  private async loadSaved(manifest: NoteManifest): Promise<void> {
    const chunks = await this.readChunks();
    const bm25 = await this.keywordIndexOf(chunks);
    const vectors = vectorIndexIn(path.join(this.indexDir, VECTORS_DIR), (message) => this.settings.log('info', `Note index ${this.indexDir}: ${message}.`));
    const vectorCount = await readVectorCount(vectors);
    this.dropUnsavedEntries(manifest, (id) => chunks.has(id) && bm25.has(id));
    if (this.settings.modelId !== null && manifest.modelId === null) manifest.modelId = this.settings.modelId;

    this.manifest = manifest;
    this.chunks = chunks;
    this.bm25 = bm25;
    this.vectors = vectors;
    this.knownVectorIds = undefined;
    this.savedVectorCount = vectorCount;
    this.rebuildLiveIds();
  }

  /** Ids with a vector (saved or in the open update); the saved ones are read the first time they are asked for. */
  get vectorIds(): Set<string> {
    return this.knownVectorIds ?? this.readSavedVectors();
  }

  /**
   * Reads the saved vectors' ids and codes, checked whole, if they were not yet: a damaged segment
   * fails this read with a clear error and marks the index for a rebuild from the notes.
   */
  readSavedVectors(): Set<string> {
    if (this.knownVectorIds) return this.knownVectorIds;
    try {
      this.knownVectorIds = new Set(this.vectors.savedIds());
    } catch (err) {
      const reason = `${VECTORS_DIR}/${VECTOR_SEGMENT_FILE} could not be read (${(err as Error).message})`;
      this.damagedOnRead(reason);
      throw new VectorsUnreadableError(`${reason}; the index is rebuilt from the notes at the next update`);
    }
    return this.knownVectorIds;
  }

  /** How many chunks have a vector, without reading the vectors. */
  get vectorCount(): number {
    return this.knownVectorIds?.size ?? this.savedVectorCount;
  }

  /** The saved chunks, texts left on disk; a store in the earlier JSON format is converted first. */
  private async readChunks(): Promise<Map<string, NoteChunk>> {
    const segment = path.join(this.indexDir, CHUNKS_FILE);
    const legacy = path.join(this.indexDir, LEGACY_CHUNKS_FILE);
    try {
      if (!(await fileExists(segment)) && (await fileExists(legacy))) {
        this.settings.log('info', `Note index ${this.indexDir}: converting ${LEGACY_CHUNKS_FILE} to the segment ${CHUNKS_FILE} (once; nothing is embedded again).`);
        await writeChunkSegment(segment, (await readLegacyChunkStore(legacy)).values());
      }
      let chunks = await readChunkSegment(segment, this.damagedOnRead);
      // Removed only once the segment reads back whole: a crash before this keeps both, and the segment wins.
      await fs.rm(legacy, { force: true });
      const version = await chunkSegmentVersion(segment);
      if (version === 1) {
        // Version 1 is checked whole at every open; later versions check each text when it is read.
        this.settings.log('info', `Note index ${this.indexDir}: converting ${CHUNKS_FILE} to its version ${CURRENT_CHUNK_SEGMENT_VERSION} (once; nothing is embedded again).`);
        chunks = await writeChunkSegment(segment, chunks.values(), this.damagedOnRead);
      } else if (version !== CURRENT_CHUNK_SEGMENT_VERSION) {
        // Version 2 reads as well, only slower (its table is JSON): it is written anew by the next
        // update, which holds the write lock, rather than here, where a search opening the index
        // could replace a segment another process's update just saved.
        this.storesDirty = true;
        this.settings.log('info', `Note index ${this.indexDir}: ${CHUNKS_FILE} is in its version ${version}; the next update writes it as version ${CURRENT_CHUNK_SEGMENT_VERSION} (nothing is embedded again).`);
      }
      return chunks;
    } catch (err) {
      if (err instanceof CorruptIndexError) throw err;
      throw new CorruptIndexError(`${CHUNKS_FILE} could not be read (${(err as Error).message})`);
    }
  }

  /** The saved BM25 index, or one built afresh from the chunks when the BM25 settings changed. */
  private async keywordIndexOf(chunks: Map<string, NoteChunk>): Promise<Bm25Index> {
    const saved = await this.readBm25();
    const wanted = new Bm25Index(this.settings.bm25);
    if (wanted.k1 === saved.k1 && wanted.b === saved.b && JSON.stringify(wanted.analyzerOptions) === JSON.stringify(saved.analyzerOptions)) return saved;
    // Other BM25 settings: the terms may differ, so re-analyse the saved chunks (seconds, no model).
    for (const chunk of chunks.values()) wanted.add(chunk.id, chunkIndexText(chunk));
    this.storesDirty = true;
    this.settings.log('info', `Note index ${this.indexDir}: BM25 settings changed; rebuilt the keyword index from ${chunks.size} saved chunks.`);
    return wanted;
  }

  /** The saved BM25 index; one in the earlier JSON format, or in the segment's version 1, is converted first. */
  private async readBm25(): Promise<Bm25Index> {
    const segment = path.join(this.indexDir, BM25_FILE);
    const legacy = path.join(this.indexDir, LEGACY_BM25_FILE);
    try {
      if (!(await fileExists(segment)) && (await fileExists(legacy))) {
        this.settings.log('info', `Note index ${this.indexDir}: converting ${LEGACY_BM25_FILE} to the segment ${BM25_FILE} (once).`);
        await writeBm25Segment(segment, Bm25Index.fromJSON(await readJson(legacy)).snapshotPostings());
      }
      const { index, version } = await readBm25Segment(segment);
      await fs.rm(legacy, { force: true });
      if (version === 1) {
        // Version 1 stores postings document after document, so every open sorted them by term.
        this.settings.log('info', `Note index ${this.indexDir}: converting ${BM25_FILE} to its version 2 (once).`);
        return await writeBm25Segment(segment, index.snapshotPostings());
      }
      return index;
    } catch (err) {
      if (err instanceof CorruptIndexError) throw err;
      throw new CorruptIndexError(`${BM25_FILE} could not be read (${(err as Error).message})`);
    }
  }

  /** Keeps only entries whose chunks were all saved; the others are indexed again by the next update. */
  private dropUnsavedEntries(manifest: NoteManifest, saved: (id: string) => boolean): void {
    let dropped = 0;
    for (const [file, entry] of Object.entries(manifest.files)) {
      if (!entry.chunkIds.every(saved)) {
        delete manifest.files[file];
        dropped++;
      }
    }
    if (dropped > 0) this.settings.log('warn', `Note index ${this.indexDir}: ${dropped} file(s) were not fully saved last time; the next update indexes them again.`);
  }

  private async reset(reason: string | undefined): Promise<void> {
    if (reason) {
      this.rebuildReason = reason;
      this.settings.log('warn', `Note index ${this.indexDir}: ${reason}; rebuilding it from the notes on the next update.`);
    }
    // The manifest goes first: were this interrupted, no manifest means "start empty" on next open.
    await fs.rm(path.join(this.indexDir, MANIFEST_FILE), { force: true });
    await fs.rm(path.join(this.indexDir, VECTORS_DIR), { recursive: true, force: true });
    await fs.rm(path.join(this.indexDir, CHUNKS_FILE), { force: true });
    await fs.rm(path.join(this.indexDir, LEGACY_CHUNKS_FILE), { force: true });
    await fs.rm(path.join(this.indexDir, BM25_FILE), { force: true });
    await fs.rm(path.join(this.indexDir, LEGACY_BM25_FILE), { force: true });
    this.manifest = createManifest(this.settings.folder, this.settings.modelId, CHUNKER_VERSION);
    this.chunks = new Map();
    this.bm25 = new Bm25Index(this.settings.bm25);
    this.vectors = vectorIndexIn(path.join(this.indexDir, VECTORS_DIR));
    await this.vectors.createIndex({ version: 1, deleteIfExists: true });
    this.knownVectorIds = new Set();
    this.liveIds = new Set();
  }

  private rebuildLiveIds(): void {
    this.liveIds = new Set();
    for (const entry of Object.values(this.manifest.files)) for (const id of entry.chunkIds) this.liveIds.add(id);
  }

  // ------------------------------------------------------------------ change

  entry(file: string): ManifestEntry | undefined {
    return Object.prototype.hasOwnProperty.call(this.manifest.files, file) ? this.manifest.files[file] : undefined;
  }

  /** Puts a chunk in every store but Vectra; true when BM25 did not have it yet. */
  addChunk(chunk: NoteChunk): boolean {
    const added = !this.bm25.has(chunk.id);
    if (added) this.bm25.add(chunk.id, chunkIndexText(chunk));
    this.chunks.set(chunk.id, chunk);
    this.liveIds.add(chunk.id);
    return added;
  }

  /** Takes a chunk out of every store but Vectra; true when it had a vector, for the caller to delete. */
  removeChunk(id: string): boolean {
    this.chunks.delete(id);
    this.bm25.remove(id);
    this.liveIds.delete(id);
    return this.vectorIds.delete(id);
  }

  /** The chunks of the manifest's files that have no vector yet, in manifest order. */
  chunkIdsWithoutVector(): string[] {
    const pending: string[] = [];
    for (const entry of Object.values(this.manifest.files)) {
      for (const id of entry.chunkIds) if (!this.vectorIds.has(id)) pending.push(id);
    }
    return pending;
  }

  /** Opens the Vectra update that vector changes go into until save(). */
  async beginVectorUpdate(): Promise<void> {
    await this.vectors.beginUpdate();
    this.vectorsDirty = false;
  }

  cancelVectorUpdate(): void {
    this.vectors.cancelUpdate();
  }

  async addVector(chunk: NoteChunk, vector: Float32Array): Promise<void> {
    await this.vectors.upsertItem({ id: chunk.id, vector: vector as unknown as number[] });
    this.vectorIds.add(chunk.id);
    this.vectorsDirty = true;
  }

  async deleteVectors(ids: Set<string>): Promise<void> {
    await this.vectors.deleteItems(ids);
    this.vectorsDirty = true;
  }

  /** The length of the saved vectors, as recorded, else read from one; undefined while there are none. */
  async storedDimension(): Promise<number | undefined> {
    if (this.vectorCount === 0) return undefined;
    if (this.manifest.dimension !== undefined) return this.manifest.dimension;
    const first = this.vectorIds.values().next().value as string;
    return (await this.vectors.getItem(first))?.vector.length;
  }

  /** Drops what no manifest entry references (left by an interrupted save); returns the vector ids to delete. */
  collectGarbage(): Set<string> {
    this.rebuildLiveIds();
    for (const id of [...this.chunks.keys()]) if (!this.liveIds.has(id)) this.chunks.delete(id);
    for (const id of [...this.bm25.ids()]) if (!this.liveIds.has(id)) this.bm25.remove(id);
    // Vectors not read yet are left alone: their orphans are dropped by the first update that reads them.
    const orphans = new Set<string>();
    for (const id of this.knownVectorIds ?? []) if (!this.liveIds.has(id)) orphans.add(id);
    for (const id of orphans) this.knownVectorIds!.delete(id);
    return orphans;
  }

  // ------------------------------------------------------------------ save

  /** Ends the open Vectra update (writing it only if it changed) and writes the stores, the manifest last. */
  async save(): Promise<void> {
    if (this.vectorsDirty) await this.vectors.endUpdate();
    else this.vectors.cancelUpdate();
    this.vectorsDirty = false;
    this.bm25 = await writeBm25Segment(path.join(this.indexDir, BM25_FILE), this.bm25.snapshotPostings());
    // Read back with texts left on disk, so the texts of a long build do not stay in memory.
    this.chunks = await writeChunkSegment(path.join(this.indexDir, CHUNKS_FILE), this.chunks.values(), this.damagedOnRead);
    await writeJsonAtomic(path.join(this.indexDir, MANIFEST_FILE), this.manifest);
    this.storesDirty = false;
  }

  /** Saves what the open update holds, and opens the next one. */
  async checkpoint(): Promise<void> {
    await this.save();
    await this.beginVectorUpdate();
  }

  /** Identifies the saved manifest (replaced by rename at every save, so a new inode each time). */
  async diskStamp(): Promise<string> {
    try {
      const st = await fs.stat(path.join(this.indexDir, MANIFEST_FILE));
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return 'none';
    }
  }
}

/** A saved store that cannot be read: the index is rebuilt, with this message as the reason. */
class CorruptIndexError extends Error {}

/** The saved vectors failed their check when first read: the index is marked for a rebuild. */
export class VectorsUnreadableError extends Error {}

async function readManifestText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return undefined;
  }
}

function parseSavedManifest(raw: string): NoteManifest {
  try {
    return parseManifest(JSON.parse(raw));
  } catch (err) {
    throw new CorruptIndexError(`${MANIFEST_FILE} could not be read (${(err as Error).message})`);
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new CorruptIndexError(`${path.basename(file)} could not be read (${(err as Error).message})`);
  }
}

/** The chunk store as JSON, every text inline (the format before segments). */
async function readLegacyChunkStore(file: string): Promise<Map<string, NoteChunk>> {
  const store = (await readJson(file)) as { format?: string; chunks?: unknown };
  if (!store || store.format !== LEGACY_CHUNK_STORE_FORMAT || !Array.isArray(store.chunks)) {
    throw new CorruptIndexError(`${LEGACY_CHUNKS_FILE} is not a chunk store`);
  }
  const chunks = new Map<string, NoteChunk>();
  for (const chunk of store.chunks as NoteChunk[]) {
    if (!chunk || typeof chunk.id !== 'string' || typeof chunk.file !== 'string' || typeof chunk.text !== 'string' || !Array.isArray(chunk.headingPath)) {
      throw new CorruptIndexError(`${LEGACY_CHUNKS_FILE} holds a malformed chunk`);
    }
    chunks.set(chunk.id, chunk);
  }
  return chunks;
}

/** How many vectors are saved, from the segment's header (the rest is read when used); creates the vector index where there is none yet. */
async function readVectorCount(vectors: SegmentVectorIndex): Promise<number> {
  try {
    if (await vectors.isIndexCreated()) return await vectors.savedCount();
    await vectors.createIndex({ version: 1 });
    return 0;
  } catch (err) {
    throw new CorruptIndexError(`${VECTORS_DIR}/${VECTOR_SEGMENT_FILE} could not be read (${(err as Error).message})`);
  }
}
