// The saved vectors as the notes index holds them in memory: one int8 code per component with a
// scale per row, as the segment stores them (a quarter of float32's memory: 23 MB instead of 91 MB
// at 59k × 384), searched by an int8 scan whose best candidates are then scored again exactly on their float32 rows, read from
// the segment by position. The bench (bench/notes-scale.ts) prints the recall@10 of this against
// a brute-force float32 scan of the same vectors.
//
// The segment stays open for those reads: a later save replaces it by rename, and these rows keep
// reading the file they came from; the handle is closed once nothing refers to them.

import { closeSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { VectorSegmentError, type ScannedVectors } from '../../core/notes/vectorSegment';

/** Candidates rescored in float32: this many times k, and at least MIN_RESCORED. */
const RESCORE_FACTOR = 4;
const MIN_RESCORED = 100;
/** Rows read at a time when the segment is rewritten (1.5 MB at 384-d). */
const COPY_BLOCK_ROWS = 1024;

export interface ScoredRow {
  row: number;
  score: number;
}

/** Float32 rows read by position from an open segment. */
export class FloatRowReader {
  private static readonly closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

  constructor(
    private readonly fd: number,
    /** Where the first row's floats start in the file. */
    private readonly floatsStart: number,
    private readonly dimension: number,
  ) {
    FloatRowReader.closer.register(this, fd);
  }

  /** Rows [from, from + count) as one array. */
  rows(from: number, count: number): Float32Array {
    const bytes = count * this.dimension * 4;
    const out = new Float32Array(count * this.dimension);
    const view = Buffer.from(out.buffer);
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, view, done, bytes - done, this.floatsStart + from * this.dimension * 4 + done);
      if (n === 0) throw new Error('the vector segment ended inside a vector (was it truncated after opening?)');
      done += n;
    }
    return out;
  }
}

export class QuantizedRows {
  readonly header: ScannedVectors['header'];
  readonly ids: string[];
  readonly dimension: number;
  readonly norms: Float32Array;
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;
  private readonly floatsCrc: number;

  /** The scanned part of a segment; its float32 rows are read from `floats` when needed, never kept. */
  constructor(
    scanned: ScannedVectors,
    private readonly floats: FloatRowReader,
  ) {
    this.header = scanned.header;
    this.ids = scanned.ids;
    this.dimension = scanned.dimension;
    this.norms = scanned.norms;
    this.codes = scanned.codes;
    this.scales = scanned.scales;
    this.floatsCrc = scanned.floatsCrc;
  }

  /** One row's exact float32 vector. */
  floatRow(row: number): Float32Array {
    return this.floats.rows(row, 1);
  }

  /**
   * The float32 rows whose `kept[r]` is true, in order, a block at a time as read from the
   * segment; once every row was read, their checksum is checked (a mismatch throws).
   */
  *keptRows(kept: Uint8Array): Generator<Float32Array> {
    const { dimension } = this;
    let crc = 0;
    for (let from = 0; from < this.ids.length; from += COPY_BLOCK_ROWS) {
      const count = Math.min(COPY_BLOCK_ROWS, this.ids.length - from);
      const block = this.floats.rows(from, count);
      crc = crc32(Buffer.from(block.buffer, block.byteOffset, block.byteLength), crc);
      let to = 0;
      for (let i = 0; i < count; i++) {
        if (!kept[from + i]) continue;
        if (to !== i) block.copyWithin(to * dimension, i * dimension, (i + 1) * dimension);
        to++;
      }
      if (to > 0) yield block.subarray(0, to * dimension);
    }
    if (crc !== this.floatsCrc) throw new VectorSegmentError('its float32 vectors do not match their checksum (the file is damaged)');
  }

  /** The k rows nearest `query` by cosine, best first: an int8 scan, its best candidates rescored exactly. */
  nearest(query: ArrayLike<number>, k: number): ScoredRow[] {
    const q = Float32Array.from(query);
    const queryNorm = Math.hypot(...q);
    if (k <= 0 || queryNorm === 0 || q.length !== this.dimension || this.ids.length === 0) return [];
    const candidates = this.approximateTop(q, Math.max(k * RESCORE_FACTOR, MIN_RESCORED));
    const exact = candidates.map(({ row }) => ({ row, score: dot(q, this.floatRow(row), 0, this.dimension) / (queryNorm * this.norms[row]) }));
    return exact.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
  }

  /** The `count` rows with the highest int8 estimate of q · row / |row|. */
  private approximateTop(q: Float32Array, count: number): ScoredRow[] {
    const { codes, scales, norms, dimension } = this;
    const heap = new ScoreHeap(Math.min(count, this.ids.length));
    for (let row = 0, at = 0; row < this.ids.length; row++, at += dimension) {
      if (norms[row] === 0) continue;
      heap.offer(row, (scales[row] * dot(q, codes, at, dimension)) / norms[row]);
    }
    return heap.rows();
  }
}

/** q · values[at .. at + dimension), four products a step (a third faster than one at a time in V8). */
export function dot(q: Float32Array, values: Float32Array | Int8Array, at: number, dimension: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < dimension; j += 4) {
    s0 += q[j] * values[at + j];
    s1 += q[j + 1] * values[at + j + 1];
    s2 += q[j + 2] * values[at + j + 2];
    s3 += q[j + 3] * values[at + j + 3];
  }
  for (; j < dimension; j++) s0 += q[j] * values[at + j];
  return s0 + s1 + s2 + s3;
}

/** A bounded min-heap over (row, score) keeping the highest scores. */
export class ScoreHeap {
  private readonly heapRows: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.heapRows = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  offer(row: number, score: number): void {
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.heapRows[i] = this.heapRows[parent];
        this.scores[i] = this.scores[parent];
        i = parent;
      }
      this.heapRows[i] = row;
      this.scores[i] = score;
    } else if (this.capacity > 0 && score > this.scores[0]) {
      this.replaceSmallest(row, score);
    }
  }

  /** The kept rows, best first. */
  rows(): ScoredRow[] {
    const out: ScoredRow[] = [];
    for (let i = 0; i < this.size; i++) out.push({ row: this.heapRows[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  private replaceSmallest(row: number, score: number): void {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const child = r < this.size && this.scores[r] < this.scores[l] ? r : l;
      if (this.scores[child] >= score) break;
      this.heapRows[i] = this.heapRows[child];
      this.scores[i] = this.scores[child];
      i = child;
    }
    this.heapRows[i] = row;
    this.scores[i] = score;
  }
}
