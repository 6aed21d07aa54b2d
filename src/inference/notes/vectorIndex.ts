// The notes index's vectors: Vectra's LocalIndex API, in a folder of its own, with the items kept
// in one binary segment (core/notes/vectorSegment.ts) instead of Vectra's JSON of every item.
//
// Why not Vectra's own storage: it parses every vector out of one JSON at open, holds a JS object
// per item, and finds an item by a linear scan on every upsert, so building 50k chunks took 14
// minutes and 1.9 GB. Here the saved rows are held as int8 codes and searched with float32
// rescoring (quantizedRows.ts), an id finds its row through a Map, and an update is staged
// (upserts and deletes) until endUpdate writes the segment again, atomically (temp file + rename),
// as Vectra's own save did.
//
// A folder written by the earlier codec (index.json, vectors base64 in JSON) is converted once, on
// first read: the segment is written, then index.json removed, so a crash in between keeps both
// and the segment wins.

import { closeSync, fstatSync, openSync, readSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { LocalFileStorage, LocalIndex, type CreateIndexConfig, type IndexItem, type IndexStats, type MetadataFilter, type QueryResult } from 'vectra';
import { prepareAtomicWriteBy, writeFileAtomic } from '../../core/atomicWrite';
import { CompactVectorCodec } from '../../core/notes/vectorCodec';
import { decodeScannedVectors, decodeVectorSegmentHeader, rowsOfSegment, VECTOR_SEGMENT_PREFIX_BYTES, VectorSegmentWriter, type VectorRows, type VectorSegment } from '../../core/notes/vectorSegment';
import { dot, FloatRowReader, QuantizedRows, ScoreHeap } from './quantizedRows';
import { fileExists } from './fileExists';
import { writeParts } from './segmentParts';

/** The segment's name in the vectors folder. */
export const VECTOR_SEGMENT_FILE = 'vectors.seg';
/** The earlier format's file, read once to convert it. */
export const LEGACY_VECTOR_FILE = 'index.json';

/** Vectra's file storage with every write made atomic. */
class AtomicFileStorage extends LocalFileStorage {
  override async upsertFile(filePath: string, content: Buffer | string): Promise<void> {
    await writeFileAtomic(filePath, content);
  }
}

interface StagedUpdate {
  upserts: Map<string, Float32Array>;
  deletes: Set<string>;
}

type Item = IndexItem;

export class SegmentVectorIndex extends LocalIndex {
  private saved: QuantizedRows | undefined;
  private rowOf = new Map<string, number>();
  private staged: StagedUpdate | undefined;

  constructor(
    folder: string,
    private readonly onConvert: (message: string) => void = () => undefined,
  ) {
    super(folder, VECTOR_SEGMENT_FILE, new AtomicFileStorage());
  }

  private get segmentPath(): string {
    return path.join(this.folderPath, VECTOR_SEGMENT_FILE);
  }

  private get legacyPath(): string {
    return path.join(this.folderPath, LEGACY_VECTOR_FILE);
  }

  // ------------------------------------------------------------------ the index as a whole

  override async isIndexCreated(): Promise<boolean> {
    return (await fileExists(this.segmentPath)) || (await fileExists(this.legacyPath));
  }

  override async createIndex(config: CreateIndexConfig = { version: 1 }): Promise<void> {
    if (await this.isIndexCreated()) {
      if (!config.deleteIfExists) throw new Error('Index already exists');
      await this.deleteIndex();
    }
    await fs.mkdir(this.folderPath, { recursive: true });
    await this.write(rowsOfSegment({ header: { version: config.version, metadata_config: config.metadata_config ?? {} }, ids: [], dimension: 0, vectors: new Float32Array(0), norms: new Float32Array(0) }));
  }

  override async deleteIndex(): Promise<void> {
    this.saved = undefined;
    this.rowOf = new Map();
    this.staged = undefined;
    await fs.rm(this.folderPath, { recursive: true, force: true });
  }

  override async getIndexStats(): Promise<IndexStats> {
    const saved = await this.load();
    return { version: saved.header.version, metadata_config: saved.header.metadata_config, items: saved.ids.length };
  }

  /** The ids of the saved vectors, in row order. */
  async itemIds(): Promise<readonly string[]> {
    return (await this.load()).ids;
  }

  protected override async loadIndexData(): Promise<void> {
    await this.load();
  }

  /**
   * How many vectors are saved, from the segment's header alone (the file's size checked against
   * it): the ids, codes and their checksum are read when first used. An index.json of the earlier
   * codec is converted here.
   */
  async savedCount(): Promise<number> {
    if (this.saved) return this.saved.ids.length;
    if (!(await fileExists(this.segmentPath)) && (await fileExists(this.legacyPath))) return (await this.convertLegacy()).ids.length;
    const fd = this.openSegment();
    try {
      return readHeader(fd).header.count;
    } finally {
      closeSync(fd);
    }
  }

  /** The ids of the saved vectors, in row order, read (and checked) now if they were not yet. */
  savedIds(): readonly string[] {
    return this.loadSaved().ids;
  }

  private async load(): Promise<QuantizedRows> {
    if (this.saved) return this.saved;
    if (!(await fileExists(this.segmentPath)) && (await fileExists(this.legacyPath))) return this.convertLegacy();
    return this.loadSaved();
  }

  /** Reads the segment's scanned part, every checksum of it checked; the float32 rows stay on disk. */
  private loadSaved(): QuantizedRows {
    if (this.saved) return this.saved;
    const fd = this.openSegment();
    try {
      this.use(readScannedPart(fd), fd);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    return this.saved!;
  }

  private openSegment(): number {
    try {
      return openSync(this.segmentPath, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('Index does not exist');
      throw err;
    }
  }

  /** Reads index.json of the earlier codec, writes its items as a segment, then removes it. */
  private async convertLegacy(): Promise<QuantizedRows> {
    this.onConvert(`converting ${LEGACY_VECTOR_FILE} to the binary segment ${VECTOR_SEGMENT_FILE} (once; nothing is embedded again)`);
    const legacy = new CompactVectorCodec().deserializeIndex(await fs.readFile(this.legacyPath));
    const dimension = legacy.items[0]?.vector.length ?? 0;
    const vectors = new Float32Array(legacy.items.length * dimension);
    const norms = new Float32Array(legacy.items.length);
    legacy.items.forEach((item, row) => {
      vectors.set(item.vector, row * dimension);
      norms[row] = item.norm;
    });
    await this.write(rowsOfSegment({ header: { version: legacy.version, metadata_config: legacy.metadata_config }, ids: legacy.items.map((i) => i.id), dimension, vectors, norms }));
    await fs.rm(this.legacyPath, { force: true });
    return this.saved!;
  }

  /**
   * Writes the rows as the segment, atomically (temp file, fsync, rename), streamed: only the part
   * that opening reads is held, and it is then used as the saved rows; the float32 rows go to the
   * file a block at a time.
   */
  private async write(rows: VectorRows): Promise<void> {
    const writer = new VectorSegmentWriter(rows);
    const prepared = await prepareAtomicWriteBy(this.segmentPath, async (handle) => {
      await writeParts(handle, writer.parts(), 0);
    });
    await prepared.commit();
    const head = writer.head();
    this.use({ head, fileBytes: head.length + rows.ids.length * rows.dimension * 4 }, openSync(this.segmentPath, 'r'));
  }

  /** Holds the scanned part of the segment open as `fd`; the floats stay on disk. */
  private use(part: ScannedPart, fd: number): void {
    const scanned = decodeScannedVectors(part.head, part.fileBytes);
    this.saved = new QuantizedRows(scanned, new FloatRowReader(fd, scanned.floatsStart, scanned.dimension));
    this.rowOf = new Map(scanned.ids.map((id, row) => [id, row]));
  }

  // ------------------------------------------------------------------ updates

  /** Opens an update; the saved vectors are read only once the update needs them (an upsert, the end). */
  override async beginUpdate(): Promise<void> {
    if (this.staged) throw new Error('Update already in progress');
    this.staged = { upserts: new Map(), deletes: new Set() };
  }

  override cancelUpdate(): void {
    this.staged = undefined;
  }

  /** Writes the saved rows that were neither deleted nor replaced, then the staged ones, streamed from the old segment to the new. */
  override async endUpdate(): Promise<void> {
    const staged = this.staged;
    if (!staged) throw new Error('No update in progress');
    const saved = await this.load();
    const dimension = saved.ids.length > 0 ? saved.dimension : (staged.upserts.values().next().value?.length ?? 0);
    const kept = new Uint8Array(saved.ids.length);
    const ids: string[] = [];
    const norms: number[] = [];
    saved.ids.forEach((id, row) => {
      if (staged.deletes.has(id) || staged.upserts.has(id)) return;
      kept[row] = 1;
      ids.push(id);
      norms.push(saved.norms[row]);
    });
    for (const [id, vector] of staged.upserts) {
      ids.push(id);
      norms.push(normOf(vector));
    }
    await this.write({
      header: saved.header,
      ids,
      dimension,
      norms: Float32Array.from(norms),
      *blocks() {
        yield* saved.keptRows(kept);
        yield* staged.upserts.values();
      },
    });
    this.staged = undefined;
  }

  override async upsertItem<M extends Item['metadata'] = Item['metadata']>(item: Partial<IndexItem<M>>): Promise<IndexItem<M>> {
    return this.inUpdate((staged) => this.stage(staged, item, false)) as Promise<IndexItem<M>>;
  }

  override async insertItem<M extends Item['metadata'] = Item['metadata']>(item: Partial<IndexItem<M>>): Promise<IndexItem<M>> {
    return this.inUpdate((staged) => this.stage(staged, item, true)) as Promise<IndexItem<M>>;
  }

  override async deleteItem(id: string): Promise<void> {
    await this.deleteItems([id]);
  }

  override async deleteItems(ids: Iterable<string>): Promise<void> {
    await this.inUpdate((staged) => {
      for (const id of ids) {
        staged.upserts.delete(id);
        staged.deletes.add(id);
      }
    });
  }

  /** Runs `change` in the open update, or in one of its own (Vectra's rule for single calls). */
  private async inUpdate<T>(change: (staged: StagedUpdate) => T): Promise<T> {
    if (this.staged) return change(this.staged);
    await this.beginUpdate();
    try {
      const result = change(this.staged!);
      await this.endUpdate();
      return result;
    } finally {
      this.staged = undefined;
    }
  }

  private stage(staged: StagedUpdate, item: Partial<Item>, unique: boolean): Item {
    if (!item.vector) throw new Error('Vector is required');
    if (typeof item.id !== 'string') throw new Error('The notes index names every vector: an id is required');
    this.loadSaved();
    const id = item.id;
    if (unique && (staged.upserts.has(id) || (this.rowOf.has(id) && !staged.deletes.has(id)))) throw new Error(`Item with id ${id} already exists`);
    const vector = item.vector instanceof Float32Array ? item.vector : Float32Array.from(item.vector);
    const dimension = this.saved && this.saved.ids.length > 0 ? this.saved.dimension : (staged.upserts.values().next().value?.length ?? vector.length);
    if (vector.length !== dimension) throw new Error(`a vector of ${vector.length} dimensions cannot join an index of ${dimension}`);
    staged.deletes.delete(id);
    staged.upserts.set(id, vector);
    return { id, metadata: {}, vector: vector as unknown as number[], norm: normOf(vector) };
  }

  // ------------------------------------------------------------------ reading

  override async getItem<M extends Item['metadata'] = Item['metadata']>(id: string): Promise<IndexItem<M> | undefined> {
    const saved = await this.load();
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : (itemAt(saved, row) as IndexItem<M>);
  }

  override async listItems<M extends Item['metadata'] = Item['metadata']>(): Promise<IndexItem<M>[]> {
    const saved = await this.load();
    return saved.ids.map((_, row) => itemAt(saved, row) as IndexItem<M>);
  }

  override async listItemsByMetadata<M extends Item['metadata'] = Item['metadata']>(_filter: MetadataFilter): Promise<IndexItem<M>[]> {
    throw new Error('The notes vector index keeps no metadata to filter by');
  }

  /** The topK saved vectors most similar to `vector` by cosine, best first (int8 scan, float32 rescoring: quantizedRows.ts). */
  override async queryItems<M extends Item['metadata'] = Item['metadata']>(
    vector: number[],
    _query: string,
    topK: number,
    filter?: MetadataFilter,
    isBm25?: boolean,
  ): Promise<QueryResult<M>[]> {
    if (filter || isBm25) throw new Error('The notes vector index searches vectors only: filters and BM25 are done by the notes search');
    const saved = await this.load();
    return saved.nearest(vector, topK).map(({ row, score }) => ({ item: itemAt(saved, row) as IndexItem<M>, score }));
  }
}

/** The index in `folder`; nothing is read or created until it is used. */
export function vectorIndexIn(folder: string, onConvert?: (message: string) => void): SegmentVectorIndex {
  return new SegmentVectorIndex(folder, onConvert);
}

/** The k rows nearest `query` by cosine in float32, best first; rows of zero norm never match (the exact scan the tests and the bench compare with). */
export function nearestRows(rows: Pick<VectorSegment, 'dimension' | 'vectors' | 'norms'>, query: ArrayLike<number>, k: number): Array<{ row: number; score: number }> {
  const { dimension, vectors, norms } = rows;
  const queryNorm = normOf(query);
  const count = norms.length;
  if (k <= 0 || queryNorm === 0 || query.length !== dimension) return [];
  const q = query instanceof Float32Array ? query : Float32Array.from(query);
  const heap = new ScoreHeap(Math.min(k, count));
  for (let row = 0, at = 0; row < count; row++, at += dimension) {
    const norm = norms[row];
    if (norm === 0) continue;
    heap.offer(row, dot(q, vectors, at, dimension) / (queryNorm * norm));
  }
  return heap.rows();
}

function itemAt(saved: QuantizedRows, row: number): Item {
  const vector = saved.floatRow(row);
  return { id: saved.ids[row], metadata: {}, vector: vector as unknown as number[], norm: saved.norms[row] };
}

function normOf(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}

interface ScannedPart {
  /** The file from its start to its float32 rows. */
  head: Buffer;
  fileBytes: number;
}

/** The segment's header, its size checked against the file's. */
function readHeader(fd: number): ReturnType<typeof decodeVectorSegmentHeader> & { fileBytes: number } {
  const fileBytes = fstatSync(fd).size;
  const prefix = readAt(fd, 0, Math.min(fileBytes, VECTOR_SEGMENT_PREFIX_BYTES));
  const headerEnd = prefix.length < VECTOR_SEGMENT_PREFIX_BYTES ? prefix.length : Math.min(fileBytes, VECTOR_SEGMENT_PREFIX_BYTES + prefix.readUInt32LE(8));
  return { ...decodeVectorSegmentHeader(readAt(fd, 0, headerEnd), fileBytes), fileBytes };
}

/** What using the vectors reads of the file: everything before the float32 rows. */
function readScannedPart(fd: number): ScannedPart {
  const { floatsStart, fileBytes } = readHeader(fd);
  return { head: readAt(fd, 0, floatsStart), fileBytes };
}

function readAt(fd: number, position: number, bytes: number): Buffer {
  const buffer = Buffer.allocUnsafeSlow(bytes);
  let done = 0;
  while (done < bytes) {
    const n = readSync(fd, buffer, done, bytes - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}
