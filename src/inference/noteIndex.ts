// The notes index of one workspace folder: chunks, a BM25 index, a Vectra vector index and a
// manifest, all under <home>/indexes/<hash of the folder path>/.
//
// Saving order is the crash-safety argument: the vector index, the BM25 index and the chunk store
// are each replaced atomically (temp file + rename), and the manifest goes last. On open, a
// manifest entry whose chunks are not all in the stores is dropped, so an interrupted save costs at
// most re-chunking those files; vectors already saved are reused by chunk id, so even then only
// chunks without a vector are embedded. A file that does not parse makes the index rebuild, and
// `rebuildReason` says which file and why.
//
// The embedding function and the token counter are passed in (as Vectra takes its embedding model
// from outside): the worker passes the real embedder, tests a deterministic one, and without one
// the index is keyword-only.

import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { LocalFileStorage, LocalIndex, type IndexCodec } from 'vectra';
import { LocalFocusError } from '../core/errors';
import { indexesDir } from '../core/paths';
import { removeStaleTempFiles, writeFileAtomic, writeJsonAtomic } from '../core/atomicWrite';
import { acquireFileLock } from '../core/fileLock';
import { Bm25Index, type Bm25Options } from '../core/notes/bm25';
import { CHUNKER_VERSION, chunkIndexText, chunkNote, type NoteChunk } from '../core/notes/chunker';
import { onePerSection, reciprocalRankFusion, sectionKey, type ScoredId } from '../core/notes/fusion';
import {
  createManifest,
  diffManifest,
  hashContent,
  parseManifest,
  rebuildReason,
  type CurrentFile,
  type ManifestEntry,
  type NoteManifest,
} from '../core/notes/manifest';
import type {
  NoteIndexProgress,
  NoteIndexStats,
  NoteSearchResponse,
  NoteSearchResult,
  NoteSearchTier,
  NoteUpdateResult,
  SkippedNote,
} from '../core/notes/searchTypes';
import { makeSnippet } from '../core/notes/snippet';
import { CompactVectorCodec } from '../core/notes/vectorCodec';

/** Embeds texts in order; vectors must all have the same length. May honour the signal. */
export type EmbedFunction = (texts: string[], signal?: AbortSignal) => Promise<ArrayLike<number>[]>;

export interface NoteIndexOptions {
  /** The workspace folder (absolute). */
  folder: string;
  /** Local Focus home; default localFocusHome() ($LOCAL_FOCUS_HOME, else ~/.local-focus). */
  home?: string;
  /** Overrides <home>/indexes/<hash of folder>. */
  indexDir?: string;
  /** Names the embedding model, e.g. 'all-MiniLM-L6-v2/q8'. Changing it rebuilds. Absent: keyword only. */
  modelId?: string | null;
  /** Required together with modelId. */
  embed?: EmbedFunction;
  /** The embedding model's token count, for chunk sizes; default an approximation. */
  countTokens?: (text: string) => number;
  chunk?: { minTokens?: number; maxTokens?: number };
  bm25?: Bm25Options;
  /** Chunks per embed call (default 32): also how often a pause is noticed and progress reported. */
  embedBatchSize?: number;
  /** Longest time between saves during one update (default 30 000 ms); saves also happen at the end and on pause. */
  checkpointMs?: number;
  /** Larger files are not indexed (default 4 MiB): a note that big is a log or an export, and would stall chunking. */
  maxFileBytes?: number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export interface NoteUpdateOptions {
  /** Aborting pauses: work done so far is saved, the promise rejects with code 'cancelled'. */
  signal?: AbortSignal;
  onProgress?: (progress: NoteIndexProgress) => void;
  /**
   * 'all' (default): `files` is every note of the folder; indexed files not in it are dropped.
   * 'listed': only the listed files are looked at (file events); a listed file gone from disk is dropped.
   */
  scope?: 'all' | 'listed';
}

export interface NoteSearchOptions {
  /** Results to return (default 10), at most one per section. */
  k?: number;
  /** Default 'hybrid'; falls back to 'keyword' (with a reason) when no vectors can be used. */
  tier?: NoteSearchTier;
  /** Leaves out one file (relative path), e.g. the note "Find Related Notes" started from. */
  excludeFile?: string;
  signal?: AbortSignal;
  /** Snippet length in characters (default 200). */
  snippetChars?: number;
}

const VECTORS_DIR = 'vectors';
const CHUNKS_FILE = 'chunks.json';
const BM25_FILE = 'bm25.json';
const MANIFEST_FILE = 'manifest.json';
/** Held while an update runs: see runUpdateLocked. */
const LOCK_FILE = 'write.lock';
const CHUNK_STORE_FORMAT = 'local-focus-note-chunks';
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const BINARY_SNIFF_CHARS = 8192;
/** Skipped notes listed in a result; the rest are counted. */
const MAX_SKIPPED_LISTED = 20;

/** <home>/indexes/<first 16 hex of sha256 of the resolved folder path>; home defaults to localFocusHome(). */
export function indexDirFor(folder: string, home?: string): string {
  let key = path.resolve(folder);
  // Case-insensitive file systems: one folder, one index, however its path was typed.
  if (process.platform === 'win32' || process.platform === 'darwin') key = key.toLowerCase();
  const indexes = home === undefined ? indexesDir() : path.join(home, 'indexes');
  return path.join(indexes, createHash('sha256').update(key).digest('hex').slice(0, 16));
}

/** Vectra's file storage with every write made atomic. */
class AtomicFileStorage extends LocalFileStorage {
  override async upsertFile(filePath: string, content: Buffer | string): Promise<void> {
    await writeFileAtomic(filePath, content);
  }
}

interface ScannedFile extends CurrentFile {
  size: number;
  mtimeMs: number;
  text?: string;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function cancelled(message: string, data?: Record<string, unknown>): LocalFocusError {
  return new LocalFocusError('cancelled', message, data);
}

function isAbortError(err: unknown): boolean {
  return !!err && typeof err === 'object' && ((err as { name?: string }).name === 'AbortError' || (err as { code?: string }).code === 'cancelled');
}

export class NoteIndex {
  readonly folder: string;
  readonly indexDir: string;
  private readonly modelId: string | null;
  private readonly embedFn?: EmbedFunction;
  private readonly options: NoteIndexOptions;
  private readonly log: (level: 'info' | 'warn', message: string) => void;

  private manifest!: NoteManifest;
  private chunks = new Map<string, NoteChunk>();
  private bm25!: Bm25Index;
  private vectors!: LocalIndex;
  /** Ids with a vector in Vectra (saved or in the open update). */
  private vectorIds = new Set<string>();
  /** Ids some manifest entry references: search returns only these. */
  private liveIds = new Set<string>();
  private lastRebuildReason?: string;
  /** diskStamp() of the manifest this process last read or wrote. */
  private savedStamp = 'none';
  /** The open Vectra update holds changes not yet written. */
  private vectorsDirty = false;
  /** BM25 or chunks changed outside an update (settings changed on open): the next update saves. */
  private storesDirty = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(options: NoteIndexOptions) {
    this.options = options;
    this.folder = path.resolve(options.folder);
    this.indexDir = options.indexDir ?? indexDirFor(this.folder, options.home);
    this.modelId = options.embed ? (options.modelId ?? null) : null;
    if (options.embed && !options.modelId) throw new LocalFocusError('bad-input', 'An embedding function needs a modelId so a model change can be detected.');
    this.embedFn = options.embed;
    this.log = options.log ?? (() => undefined);
  }

  /** Opens (or creates) the index of `options.folder`; a damaged index is rebuilt, see rebuildReason. */
  static async open(options: NoteIndexOptions): Promise<NoteIndex> {
    const index = new NoteIndex(options);
    await index.load();
    return index;
  }

  /** Why the index was emptied when it was opened, if it was; its files are then indexed afresh by update(). */
  get rebuildReason(): string | undefined {
    return this.lastRebuildReason;
  }

  /** 'hybrid' when vectors can be searched, else 'keyword'. */
  get bestTier(): NoteSearchTier {
    return this.embedFn && this.vectorIds.size > 0 ? 'hybrid' : 'keyword';
  }

  getChunk(id: string): NoteChunk | undefined {
    return this.chunks.get(id);
  }

  // ------------------------------------------------------------------ open

  private async load(): Promise<void> {
    await this.loadUnstamped();
    this.savedStamp = await this.diskStamp();
  }

  private async loadUnstamped(): Promise<void> {
    await fs.mkdir(this.indexDir, { recursive: true });
    await removeStaleTempFiles(this.indexDir);
    await removeStaleTempFiles(path.join(this.indexDir, VECTORS_DIR));
    const manifestPath = path.join(this.indexDir, MANIFEST_FILE);
    let raw: string | undefined;
    try {
      raw = await fs.readFile(manifestPath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (raw === undefined) {
      // No manifest: a new index, or one whose first save never finished. Either way, start empty.
      await this.reset(undefined);
      return;
    }
    try {
      let manifest: NoteManifest;
      try {
        manifest = parseManifest(JSON.parse(raw));
      } catch (err) {
        throw new CorruptIndexError(`${MANIFEST_FILE} could not be read (${(err as Error).message})`);
      }
      const reason = rebuildReason(manifest, { modelId: this.modelId, chunkerVersion: CHUNKER_VERSION });
      if (reason) await this.reset(reason);
      else await this.loadStores(manifest);
    } catch (err) {
      if (!(err instanceof CorruptIndexError)) throw err;
      await this.reset(err.message);
    }
  }

  private async loadStores(manifest: NoteManifest): Promise<void> {
    const readJson = async (name: string): Promise<unknown> => {
      try {
        return JSON.parse(await fs.readFile(path.join(this.indexDir, name), 'utf8'));
      } catch (err) {
        throw new CorruptIndexError(`${name} could not be read (${(err as Error).message})`);
      }
    };
    const store = (await readJson(CHUNKS_FILE)) as { format?: string; chunks?: unknown };
    if (!store || store.format !== CHUNK_STORE_FORMAT || !Array.isArray(store.chunks)) {
      throw new CorruptIndexError(`${CHUNKS_FILE} is not a chunk store`);
    }
    const chunks = new Map<string, NoteChunk>();
    for (const chunk of store.chunks as NoteChunk[]) {
      if (!chunk || typeof chunk.id !== 'string' || typeof chunk.file !== 'string' || typeof chunk.text !== 'string' || !Array.isArray(chunk.headingPath)) {
        throw new CorruptIndexError(`${CHUNKS_FILE} holds a malformed chunk`);
      }
      chunks.set(chunk.id, chunk);
    }
    let bm25: Bm25Index;
    try {
      bm25 = Bm25Index.fromJSON(await readJson(BM25_FILE));
    } catch (err) {
      if (err instanceof CorruptIndexError) throw err;
      throw new CorruptIndexError(`${BM25_FILE} could not be read (${(err as Error).message})`);
    }
    const wanted = new Bm25Index(this.options.bm25);
    if (wanted.k1 !== bm25.k1 || wanted.b !== bm25.b || JSON.stringify(wanted.analyzerOptions) !== JSON.stringify(bm25.analyzerOptions)) {
      // Other BM25 settings: the terms may differ, so re-analyse the saved chunks (seconds, no model).
      for (const chunk of chunks.values()) wanted.add(chunk.id, chunkIndexText(chunk));
      bm25 = wanted;
      this.storesDirty = true;
      this.log('info', `Note index ${this.indexDir}: BM25 settings changed; rebuilt the keyword index from ${chunks.size} saved chunks.`);
    }
    const vectors = this.createVectra();
    const vectorIds = new Set<string>();
    try {
      if (await vectors.isIndexCreated()) {
        for (const item of await vectors.listItems()) vectorIds.add(item.id);
      } else {
        await vectors.createIndex({ version: 1 });
      }
    } catch (err) {
      throw new CorruptIndexError(`${VECTORS_DIR}/index.json could not be read (${(err as Error).message})`);
    }

    // Keep only entries whose chunks were all saved; the others are indexed again by the next update.
    let dropped = 0;
    for (const [file, entry] of Object.entries(manifest.files)) {
      if (!entry.chunkIds.every((id) => chunks.has(id) && bm25.has(id))) {
        delete manifest.files[file];
        dropped++;
      }
    }
    if (dropped > 0) this.log('warn', `Note index ${this.indexDir}: ${dropped} file(s) were not fully saved last time; the next update indexes them again.`);
    if (this.modelId !== null && manifest.modelId === null) manifest.modelId = this.modelId;

    this.manifest = manifest;
    this.chunks = chunks;
    this.bm25 = bm25;
    this.vectors = vectors;
    this.vectorIds = vectorIds;
    this.rebuildLiveIds();
  }

  private createVectra(): LocalIndex {
    return new LocalIndex(path.join(this.indexDir, VECTORS_DIR), undefined, new AtomicFileStorage(), new CompactVectorCodec() as unknown as IndexCodec);
  }

  private async reset(reason: string | undefined): Promise<void> {
    if (reason) {
      this.lastRebuildReason = reason;
      this.log('warn', `Note index ${this.indexDir}: ${reason}; rebuilding it from the notes on the next update.`);
    }
    // The manifest goes first: were this interrupted, no manifest means "start empty" on next open.
    await fs.rm(path.join(this.indexDir, MANIFEST_FILE), { force: true });
    await fs.rm(path.join(this.indexDir, VECTORS_DIR), { recursive: true, force: true });
    await fs.rm(path.join(this.indexDir, CHUNKS_FILE), { force: true });
    await fs.rm(path.join(this.indexDir, BM25_FILE), { force: true });
    this.manifest = createManifest(this.folder, this.modelId, CHUNKER_VERSION);
    this.chunks = new Map();
    this.bm25 = new Bm25Index(this.options.bm25);
    this.vectors = this.createVectra();
    await this.vectors.createIndex({ version: 1, deleteIfExists: true });
    this.vectorIds = new Set();
    this.liveIds = new Set();
  }

  private rebuildLiveIds(): void {
    this.liveIds = new Set();
    for (const entry of Object.values(this.manifest.files)) for (const id of entry.chunkIds) this.liveIds.add(id);
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
        this.log('info', `Note index ${this.folder}: another Local Focus process (pid ${pid}) is updating it; waiting for it to finish.`);
        options.onProgress?.({ phase: 'waiting', done: 0, total: 0, holderPid: pid });
      },
    });
    try {
      if ((await this.diskStamp()) !== this.savedStamp) {
        this.log('info', `Note index ${this.folder}: another process saved it since it was opened; reading its version first.`);
        await this.load();
      }
      return await this.runUpdate(files, options);
    } finally {
      // What this update saved, even a pause's partial save, is what this process now holds.
      this.savedStamp = await this.diskStamp();
      await release();
    }
  }

  /** Identifies the saved manifest (replaced by rename at every save, so a new inode each time). */
  private async diskStamp(): Promise<string> {
    try {
      const st = await fs.stat(path.join(this.indexDir, MANIFEST_FILE));
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return 'none';
    }
  }

  private async runUpdate(files: readonly string[], options: NoteUpdateOptions): Promise<NoteUpdateResult> {
    const started = performance.now();
    const { signal, onProgress } = options;
    const scope = options.scope ?? 'all';
    if (signal?.aborted) throw cancelled('Indexing was paused before it started.');

    const listed = new Set<string>();
    for (const file of files) {
      const relative = this.toRelative(file);
      if (relative === undefined) this.log('warn', `Note index: ${file} is outside ${this.folder}; skipped.`);
      else listed.add(relative);
    }

    // 1. Scan: a file whose size and mtime match its manifest entry is not read.
    const scanned: ScannedFile[] = [];
    const skipped: SkippedNote[] = [];
    let filesSkipped = 0;
    const skip = (file: string, reason: string): void => {
      this.log('warn', `Note index: ${file} ${reason}; not indexed.`);
      if (++filesSkipped <= MAX_SKIPPED_LISTED) skipped.push({ file, reason });
    };
    const maxFileBytes = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    let done = 0;
    for (const file of listed) {
      if (++done % 256 === 0) {
        onProgress?.({ phase: 'scanning', done, total: listed.size });
        await yieldToEventLoop();
        if (signal?.aborted) throw cancelled('Indexing was paused while scanning files.');
      }
      const absolute = path.join(this.folder, file);
      let stat;
      try {
        stat = await fs.stat(absolute);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      if (stat.size > maxFileBytes) {
        skip(file, `is ${stat.size} bytes, over the ${maxFileBytes}-byte limit for notes`);
        continue;
      }
      const entry = this.entry(file);
      if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs) {
        scanned.push({ path: file, hash: entry.hash, size: stat.size, mtimeMs: stat.mtimeMs });
        continue;
      }
      let text: string;
      try {
        text = await fs.readFile(absolute, 'utf8');
      } catch (err) {
        // Unreadable for now (locked, permissions): keep what the index has rather than dropping it.
        this.log('warn', `Note index: could not read ${file} (${(err as Error).message}); ${entry ? 'keeping its indexed version' : 'skipped'}.`);
        if (entry) scanned.push({ path: file, hash: entry.hash, size: entry.size, mtimeMs: entry.mtimeMs });
        continue;
      }
      // A NUL in the first 8 KB means binary (an image or archive named .md), as the TODO scanner and
      // git decide it: its decoded bytes are noise that would match searches. Left out like a note
      // over the size limit, so an indexed file that became binary is dropped.
      if (text.slice(0, BINARY_SNIFF_CHARS).includes('\0')) {
        skip(file, 'is a binary file, not text');
        continue;
      }
      scanned.push({ path: file, hash: hashContent(text), size: stat.size, mtimeMs: stat.mtimeMs, text });
    }
    onProgress?.({ phase: 'scanning', done: listed.size, total: listed.size });

    const base: NoteManifest =
      scope === 'all'
        ? this.manifest
        : { ...this.manifest, files: Object.fromEntries([...listed].filter((f) => this.entry(f)).map((f) => [f, this.entry(f)!])) };
    const diff = diffManifest(base, scanned, { modelId: this.modelId, chunkerVersion: CHUNKER_VERSION });
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
    if (filesSkipped > 0) {
      result.skipped = skipped;
      result.filesSkipped = filesSkipped;
    }

    // 2. Deleted files and changed files' stale chunks leave every store; new chunks enter BM25 now.
    const vectorsToDelete = new Set<string>();
    const dropChunk = (id: string): void => {
      this.chunks.delete(id);
      this.bm25.remove(id);
      this.liveIds.delete(id);
      if (this.vectorIds.delete(id)) vectorsToDelete.add(id);
      result.chunksRemoved++;
    };
    for (const file of diff.deleted) {
      for (const id of this.entry(file)?.chunkIds ?? []) dropChunk(id);
      delete this.manifest.files[file];
    }
    const byPath = new Map(scanned.map((f) => [f.path, f]));
    for (const file of [...diff.added, ...diff.changed]) {
      const scannedFile = byPath.get(file)!;
      const text = scannedFile.text ?? (await fs.readFile(path.join(this.folder, file), 'utf8'));
      const chunks = chunkNote(file, text, { countTokens: this.options.countTokens, ...this.options.chunk });
      const newIds = new Set(chunks.map((c) => c.id));
      for (const id of this.entry(file)?.chunkIds ?? []) if (!newIds.has(id)) dropChunk(id);
      for (const chunk of chunks) {
        if (!this.bm25.has(chunk.id)) {
          this.bm25.add(chunk.id, chunkIndexText(chunk));
          result.chunksAdded++;
        }
        this.chunks.set(chunk.id, chunk);
        this.liveIds.add(chunk.id);
      }
      this.manifest.files[file] = { hash: scannedFile.hash, size: scannedFile.size, mtimeMs: scannedFile.mtimeMs, chunkIds: [...newIds] };
    }
    for (const file of diff.unchanged) {
      // Same content, new mtime (touched, checked out): remember the stat so the next scan skips it.
      const entry = this.entry(file)!;
      const scannedFile = byPath.get(file)!;
      entry.size = scannedFile.size;
      entry.mtimeMs = scannedFile.mtimeMs;
    }

    // 3. Embed every live chunk that has no vector: new chunks, and any an earlier pause left out.
    const pending: NoteChunk[] = [];
    if (this.embedFn) {
      for (const entry of Object.values(this.manifest.files)) {
        for (const id of entry.chunkIds) if (!this.vectorIds.has(id)) pending.push(this.chunks.get(id)!);
      }
    }
    const changedSomething = diff.added.length + diff.changed.length + diff.deleted.length > 0 || pending.length > 0;
    const statsChanged = diff.unchanged.some((f) => byPath.get(f)!.text !== undefined);

    await this.vectors.beginUpdate();
    this.vectorsDirty = false;
    try {
      if (vectorsToDelete.size > 0) await this.deleteVectors(vectorsToDelete);
      await this.embedPending(pending, result, options);
      const orphans = this.collectGarbage();
      if (orphans.size > 0) await this.deleteVectors(orphans);
      if (changedSomething || statsChanged || orphans.size > 0 || this.storesDirty) {
        onProgress?.({ phase: 'saving', done: 0, total: 1 });
        await this.save();
        onProgress?.({ phase: 'saving', done: 1, total: 1 });
      } else {
        this.vectors.cancelUpdate();
      }
    } catch (err) {
      // Whatever was embedded is valid: keep it, so a pause or a failure never costs finished work.
      try {
        await this.save();
      } catch (saveErr) {
        this.log('warn', `Note index ${this.folder}: could not save after an interrupted update (${(saveErr as Error).message}).`);
        this.vectors.cancelUpdate();
      }
      if (isAbortError(err)) {
        const message = `Indexing paused after embedding ${result.chunksEmbedded} of ${pending.length} chunks; the next update continues from there.`;
        this.log('info', `Note index ${this.folder}: ${message}`);
        throw cancelled(message, { ...result, pendingChunks: pending.length - result.chunksEmbedded });
      }
      throw err;
    }
    result.ms = Math.round(performance.now() - started);
    if (changedSomething) {
      this.log(
        'info',
        `Note index ${this.folder}: ${result.filesAdded} added, ${result.filesChanged} changed, ${result.filesDeleted} deleted file(s); ` +
          `${result.chunksEmbedded} chunk(s) embedded, ${result.chunksRemoved} removed in ${result.ms} ms.`,
      );
    }
    return result;
  }

  private entry(file: string): ManifestEntry | undefined {
    return Object.prototype.hasOwnProperty.call(this.manifest.files, file) ? this.manifest.files[file] : undefined;
  }

  /** Embeds in batches inside the open Vectra update; saves every checkpointMs; throws on abort. */
  private async embedPending(pending: NoteChunk[], result: NoteUpdateResult, options: NoteUpdateOptions): Promise<void> {
    if (pending.length === 0 || !this.embedFn) return;
    const { signal, onProgress } = options;
    const batchSize = Math.max(1, this.options.embedBatchSize ?? 32);
    const checkpointMs = this.options.checkpointMs ?? 30_000;
    const started = performance.now();
    let lastSave = started;
    let dim: number | undefined = await this.storedDimension();
    onProgress?.({ phase: 'embedding', done: 0, total: pending.length });
    for (let i = 0; i < pending.length; i += batchSize) {
      if (signal?.aborted) throw cancelled('paused');
      const batch = pending.slice(i, i + batchSize);
      const vectors = await this.embedFn(batch.map(chunkIndexText), signal);
      if (!Array.isArray(vectors) || vectors.length !== batch.length) {
        throw new LocalFocusError('internal', `The embedder returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${batch.length} texts.`);
      }
      for (let j = 0; j < batch.length; j++) {
        const vector = Float32Array.from(vectors[j]);
        dim ??= vector.length;
        if (vector.length !== dim || vector.some((x) => !Number.isFinite(x))) {
          throw new LocalFocusError('internal', `The embedder returned a vector of ${vector.length} dimensions (expected ${dim}) or with non-finite values.`);
        }
        await this.vectors.upsertItem({ id: batch[j].id, vector: vector as unknown as number[], metadata: { file: batch[j].file } });
        this.vectorIds.add(batch[j].id);
        this.vectorsDirty = true;
      }
      result.chunksEmbedded += batch.length;
      const elapsed = performance.now() - started;
      const remaining = pending.length - result.chunksEmbedded;
      onProgress?.({ phase: 'embedding', done: result.chunksEmbedded, total: pending.length, etaMs: Math.round((elapsed / result.chunksEmbedded) * remaining) });
      if (remaining > 0 && performance.now() - lastSave >= checkpointMs) {
        await this.save();
        await this.vectors.beginUpdate();
        lastSave = performance.now();
      }
      await yieldToEventLoop();
    }
  }

  private async storedDimension(): Promise<number | undefined> {
    if (this.vectorIds.size === 0) return undefined;
    const first = this.vectorIds.values().next().value as string;
    return (await this.vectors.getItem(first))?.vector.length;
  }

  private async deleteVectors(ids: Set<string>): Promise<void> {
    await this.vectors.deleteItems(ids);
    this.vectorsDirty = true;
  }

  /** Drops what no manifest entry references (left by an interrupted save); returns the vector ids to delete. */
  private collectGarbage(): Set<string> {
    this.rebuildLiveIds();
    for (const id of [...this.chunks.keys()]) if (!this.liveIds.has(id)) this.chunks.delete(id);
    for (const id of [...this.bm25.ids()]) if (!this.liveIds.has(id)) this.bm25.remove(id);
    const orphans = new Set<string>();
    for (const id of this.vectorIds) if (!this.liveIds.has(id)) orphans.add(id);
    for (const id of orphans) this.vectorIds.delete(id);
    return orphans;
  }

  /** Ends the open Vectra update (writing it only if it changed) and writes the stores, the manifest last. */
  private async save(): Promise<void> {
    if (this.vectorsDirty) await this.vectors.endUpdate();
    else this.vectors.cancelUpdate();
    this.vectorsDirty = false;
    await writeJsonAtomic(path.join(this.indexDir, BM25_FILE), this.bm25.toJSON());
    await writeJsonAtomic(path.join(this.indexDir, CHUNKS_FILE), { format: CHUNK_STORE_FORMAT, version: 1, chunks: [...this.chunks.values()] });
    await writeJsonAtomic(path.join(this.indexDir, MANIFEST_FILE), this.manifest);
    this.storesDirty = false;
  }

  // ------------------------------------------------------------------ search

  async search(query: string, options: NoteSearchOptions = {}): Promise<NoteSearchResponse> {
    const started = performance.now();
    const k = Math.max(1, options.k ?? 10);
    const requested = options.tier ?? 'hybrid';
    const text = query.trim();
    const done = (results: NoteSearchResult[], tier: NoteSearchTier, fallbackReason?: string): NoteSearchResponse => ({
      results,
      tier,
      ...(fallbackReason ? { fallbackReason } : {}),
      ms: performance.now() - started,
    });
    if (text === '') return done([], requested === 'dense' ? 'dense' : requested);

    // Deep enough that dropping same-section hits still leaves k, and fusion sees both tails.
    const depth = Math.max(50, k * 5);
    const excluded = options.excludeFile === undefined ? undefined : this.toRelative(options.excludeFile);
    const accept = (id: string): boolean => this.liveIds.has(id) && (excluded === undefined || this.chunks.get(id)?.file !== excluded);

    let tier = requested;
    let fallbackReason: string | undefined;
    if (tier !== 'keyword') {
      if (!this.embedFn) fallbackReason = 'no embedding model is loaded';
      else if (this.vectorIds.size === 0) fallbackReason = 'no note has been embedded yet';
      if (fallbackReason) tier = 'keyword';
    }

    let keywordHits: ScoredId[] | undefined;
    const keyword = (): ScoredId[] => (keywordHits ??= this.bm25.search(text, depth, { accept }));
    let denseHits: ScoredId[] = [];
    if (tier !== 'keyword') {
      try {
        denseHits = await this.denseSearch(text, depth, accept, options.signal);
      } catch (err) {
        if (isAbortError(err) || options.signal?.aborted) throw cancelled('The search was cancelled.');
        fallbackReason = `the embedding model failed (${(err as Error).message})`;
        tier = 'keyword';
      }
    }
    if (options.signal?.aborted) throw cancelled('The search was cancelled.');

    let ranked: ScoredId[];
    if (tier === 'hybrid') ranked = reciprocalRankFusion([denseHits, keyword()]);
    else if (tier === 'dense') ranked = denseHits;
    else ranked = keyword();

    const hits = onePerSection(
      ranked.map((hit) => ({ hit, chunk: this.chunks.get(hit.id)! })).filter((h) => h.chunk),
      (h) => sectionKey(h.chunk),
      k,
    );
    const analyzer = this.bm25.analyzerOptions;
    const results = hits.map(({ hit, chunk }) => ({
      chunkId: chunk.id,
      file: chunk.file,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      headingPath: chunk.headingPath,
      title: chunk.title,
      score: hit.score,
      snippet: makeSnippet(chunk.text, text, { maxChars: options.snippetChars, analyzer }),
    }));
    return done(results, tier, fallbackReason);
  }

  private async denseSearch(query: string, depth: number, accept: (id: string) => boolean, signal?: AbortSignal): Promise<ScoredId[]> {
    const [vector] = await this.embedFn!([query], signal);
    // Vectra has no filter on ids, so ask for extra to make up for dropped ones.
    const hits = await this.vectors.queryItems(Array.from(vector), '', depth * 2);
    return hits.filter((h) => accept(h.item.id)).slice(0, depth).map((h) => ({ id: h.item.id, score: h.score }));
  }

  // ------------------------------------------------------------------ stats

  async stats(): Promise<NoteIndexStats> {
    return {
      folder: this.folder,
      indexDir: this.indexDir,
      files: Object.keys(this.manifest.files).length,
      chunks: this.liveIds.size,
      vectors: this.vectorIds.size,
      bytesOnDisk: await folderBytes(this.indexDir),
      modelId: this.manifest.modelId,
      ...(this.lastRebuildReason ? { rebuildReason: this.lastRebuildReason } : {}),
    };
  }
}

class CorruptIndexError extends Error {}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(folder, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full)).size;
  }
  return total;
}
