// In-memory BM25 with an inverted index, incremental add/remove and a snapshot as flat arrays.
//
// Why not Vectra's built-in BM25: LocalIndex.queryItems rebuilds a wink-bm25 engine from every
// item's text on each query, which is O(corpus) per keystroke. Here postings live in typed arrays
// (a 50k-chunk index is tens of MB, not hundreds), removal is a tombstone (O(terms of the doc))
// and the arrays are compacted when a quarter of the slots are dead.

import { analyze, type AnalyzerOptions } from './analyzer';
import { TopK } from './topK';

export interface Bm25Options {
  /** Term-frequency saturation; 0.9 is Anserini's default for BEIR. */
  k1?: number;
  /** Length normalisation; 0.4 is Anserini's default for BEIR. */
  b?: number;
  analyzer?: AnalyzerOptions;
}

export interface Bm25Hit {
  id: string;
  score: number;
}

export interface Bm25SearchOptions {
  /** Hits for which this returns false are skipped before the top-k cut. */
  accept?: (id: string) => boolean;
}

/** The live documents term-major: term t's postings are docs/tfs[starts[t] .. starts[t + 1]), documents numbered as in `ids`. */
export interface Bm25Rows {
  k1: number;
  b: number;
  analyzer: Required<AnalyzerOptions>;
  terms: string[];
  ids: string[];
  lengths: Uint32Array;
  starts: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
}

/** Bm25Rows with the postings given a block at a time, in term order (a store streams them to a file). */
export interface Bm25Postings extends Omit<Bm25Rows, 'docs' | 'tfs'> {
  postingCount: number;
  docBlocks(): Iterable<Uint32Array>;
  tfBlocks(): Iterable<Uint16Array>;
}

/** Rows held whole, as postings in one block. */
export function postingsOfRows(rows: Bm25Rows): Bm25Postings {
  const { docs, tfs, ...rest } = rows;
  return { ...rest, postingCount: docs.length, docBlocks: () => [docs], tfBlocks: () => [tfs] };
}

/** The earlier JSON form (bm25.json), read to convert it: per document its id, length in terms and its (term index, tf) pairs. */
export interface Bm25Snapshot {
  format: 'local-focus-bm25';
  version: 1;
  k1: number;
  b: number;
  analyzer: Required<AnalyzerOptions>;
  terms: string[];
  /** [id, length, base64 of a Uint32Array of term index / tf pairs] */
  docs: Array<[string, number, string]>;
}

const DEFAULT_K1 = 0.9;
const DEFAULT_B = 0.4;
const MIN_DEAD_SLOTS_TO_COMPACT = 1024;
/** Postings per block when a snapshot is streamed (1 MB of document numbers). */
const POSTING_BLOCK = 256 * 1024;

class PostingList {
  slots: Int32Array;
  tfs: Uint16Array;
  length = 0;
  /** Live documents containing the term (tombstoned slots stay in `slots` until compaction). */
  df = 0;

  constructor(slots: Int32Array = new Int32Array(4), tfs: Uint16Array = new Uint16Array(4), length = 0) {
    this.slots = slots;
    this.tfs = tfs;
    this.length = length;
    this.df = length;
  }

  /** A full list over views of arrays shared with other terms' lists (a loaded snapshot); the first push beyond them copies. */
  static over(slots: Int32Array, tfs: Uint16Array): PostingList {
    return new PostingList(slots, tfs, slots.length);
  }

  push(slot: number, tf: number): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(Math.max(4, this.length * 2));
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Uint16Array(Math.max(4, this.length * 2));
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.length] = slot;
    this.tfs[this.length] = Math.min(tf, 0xffff);
    this.length++;
  }
}

export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly analyzerOptions: Required<AnalyzerOptions>;

  private termIds = new Map<string, number>();
  private terms: string[] = [];
  private postings: PostingList[] = [];
  private slotIds: (string | undefined)[] = [];
  private slotLengths: number[] = [];
  /**
   * Per slot: term id / tf pairs, kept so removal can lower df and compaction can rebuild.
   * Undefined in an index loaded from rows until the first removal: they are then gathered from
   * the posting lists, so opening an index to search it never builds them.
   */
  private slotTerms: (Uint32Array | undefined)[] | undefined = [];
  private idToSlot = new Map<string, number>();
  private deadSlots = 0;
  private totalLength = 0;
  private scores = new Float64Array(0);

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? DEFAULT_K1;
    this.b = options.b ?? DEFAULT_B;
    this.analyzerOptions = { stem: options.analyzer?.stem ?? 'porter', stopWords: options.analyzer?.stopWords ?? true };
  }

  /** Live documents. */
  get size(): number {
    return this.idToSlot.size;
  }

  has(id: string): boolean {
    return this.idToSlot.has(id);
  }

  ids(): IterableIterator<string> {
    return this.idToSlot.keys();
  }

  /** Adds a document, replacing any document with the same id. */
  add(id: string, text: string): void {
    this.addTerms(id, analyze(text, this.analyzerOptions));
  }

  /** Adds a document from already analysed terms (repeats counted). */
  addTerms(id: string, docTerms: readonly string[]): void {
    this.remove(id);
    const counts = new Map<number, number>();
    for (const term of docTerms) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.terms.length;
        this.termIds.set(term, termId);
        this.terms.push(term);
        this.postings.push(new PostingList());
      }
      counts.set(termId, (counts.get(termId) ?? 0) + 1);
    }
    const pairs = new Uint32Array(counts.size * 2);
    let i = 0;
    for (const [termId, tf] of counts) {
      pairs[i++] = termId;
      pairs[i++] = tf;
    }
    this.addSlot(id, docTerms.length, pairs);
  }

  /** Removes a document; returns whether it was there. */
  remove(id: string): boolean {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return false;
    const slotTerms = this.termsBySlot();
    const pairs = slotTerms[slot]!;
    for (let i = 0; i < pairs.length; i += 2) this.postings[pairs[i]].df--;
    this.totalLength -= this.slotLengths[slot];
    this.idToSlot.delete(id);
    this.slotIds[slot] = undefined;
    slotTerms[slot] = undefined;
    this.deadSlots++;
    if (this.deadSlots >= MIN_DEAD_SLOTS_TO_COMPACT && this.deadSlots * 4 >= this.slotIds.length) this.compact();
    return true;
  }

  /** The k best documents for `query`, best first; documents sharing no term are never returned. */
  search(query: string, k = 10, options: Bm25SearchOptions = {}): Bm25Hit[] {
    const n = this.idToSlot.size;
    if (n === 0 || k <= 0) return [];
    const queryCounts = new Map<number, number>();
    for (const term of analyze(query, this.analyzerOptions)) {
      const termId = this.termIds.get(term);
      if (termId !== undefined && this.postings[termId].df > 0) queryCounts.set(termId, (queryCounts.get(termId) ?? 0) + 1);
    }
    if (queryCounts.size === 0) return [];

    if (this.scores.length < this.slotIds.length) this.scores = new Float64Array(this.slotIds.length * 2);
    const scores = this.scores;
    const touched: number[] = [];
    const { k1, b } = this;
    const avgLength = this.totalLength / n || 1;
    const lengthNorm = k1 * (1 - b);
    const lengthScale = (k1 * b) / avgLength;
    const slotIds = this.slotIds;
    const slotLengths = this.slotLengths;
    for (const [termId, queryTf] of queryCounts) {
      const list = this.postings[termId];
      // Lucene's idf: never negative, so a term in most documents still counts a little.
      const idf = Math.log(1 + (n - list.df + 0.5) / (list.df + 0.5)) * queryTf;
      const slots = list.slots;
      const tfs = list.tfs;
      for (let i = 0; i < list.length; i++) {
        const slot = slots[i];
        if (slotIds[slot] === undefined) continue;
        const tf = tfs[i];
        const add = (idf * tf * (k1 + 1)) / (tf + lengthNorm + lengthScale * slotLengths[slot]);
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] += add;
      }
    }

    const heap = new TopK(k);
    for (const slot of touched) {
      const score = scores[slot];
      scores[slot] = 0;
      const id = slotIds[slot]!;
      if (options.accept && !heap.wouldAccept(score)) continue;
      if (options.accept && !options.accept(id)) continue;
      heap.offer(id, score);
    }
    return heap.sorted();
  }

  /**
   * The live documents for a segment (core/notes/bm25Segment.ts), the postings given a block at a
   * time: terms still used, documents numbered in slot order. The index must not change until the
   * blocks are all read (an update saves it, and updates run one at a time).
   */
  snapshotPostings(): Bm25Postings {
    const docOf = new Int32Array(this.slotIds.length).fill(-1);
    const ids: string[] = [];
    const lengths = new Uint32Array(this.idToSlot.size);
    this.slotIds.forEach((id, slot) => {
      if (id === undefined) return;
      lengths[ids.length] = this.slotLengths[slot];
      docOf[slot] = ids.length;
      ids.push(id);
    });
    const used = this.postings.map((list, termId) => ({ list, termId })).filter(({ list }) => list.df > 0);
    const starts = new Uint32Array(used.length + 1);
    used.forEach(({ list }, t) => (starts[t + 1] = starts[t] + list.df));
    const terms = used.map(({ termId }) => this.terms[termId]);
    const lists = used.map(({ list }) => ({ slots: list.slots, tfs: list.tfs, length: list.length }));
    function* blocks<T extends Uint32Array | Uint16Array>(make: (n: number) => T, value: (list: (typeof lists)[number], i: number) => number): Generator<T> {
      let block = make(Math.min(POSTING_BLOCK, starts[used.length]));
      let filled = 0;
      for (const list of lists) {
        for (let i = 0; i < list.length; i++) {
          if (docOf[list.slots[i]] < 0) continue;
          if (filled === block.length) {
            yield block;
            block = make(Math.min(POSTING_BLOCK, starts[used.length]));
            filled = 0;
          }
          block[filled++] = value(list, i);
        }
      }
      yield block.subarray(0, filled) as T;
    }
    return {
      k1: this.k1,
      b: this.b,
      analyzer: { ...this.analyzerOptions },
      terms,
      ids,
      lengths,
      starts,
      postingCount: starts[used.length],
      docBlocks: () => blocks((n) => new Uint32Array(n), (list, i) => docOf[list.slots[i]]),
      tfBlocks: () => blocks((n) => new Uint16Array(n), (list, i) => list.tfs[i]),
    };
  }

  /** The live documents as flat arrays, held whole (snapshotPostings, its blocks joined). */
  snapshotRows(): Bm25Rows {
    const { postingCount, docBlocks, tfBlocks, ...rest } = this.snapshotPostings();
    const docs = new Uint32Array(postingCount);
    const tfs = new Uint16Array(postingCount);
    let at = 0;
    for (const block of docBlocks()) docs.set(block, (at += block.length) - block.length);
    at = 0;
    for (const block of tfBlocks()) tfs.set(block, (at += block.length) - block.length);
    return { ...rest, docs, tfs };
  }

  /**
   * Rebuilds an index from term-major rows without sorting or copying: every posting list is a
   * view on the rows' two posting arrays, and the documents' own term lists are left to be
   * gathered by the first removal.
   */
  static fromRows(rows: Bm25Rows): Bm25Index {
    const index = new Bm25Index(rows);
    const { terms, ids, lengths, starts, docs, tfs } = rows;
    if (lengths.length !== ids.length || starts.length !== terms.length + 1 || starts[terms.length] !== docs.length || tfs.length !== docs.length) {
      throw new Error('BM25 rows: ids, lengths, starts and postings do not agree');
    }
    for (let i = 0; i < docs.length; i++) if (docs[i] >= ids.length) throw new Error('BM25 rows: a posting names a document out of range');
    for (let doc = 0; doc < ids.length; doc++) {
      if (index.idToSlot.has(ids[doc])) throw new Error(`BM25 rows: document ${ids[doc]} is repeated`);
      index.slotIds.push(ids[doc]);
      index.slotLengths.push(lengths[doc]);
      index.idToSlot.set(ids[doc], doc);
      index.totalLength += lengths[doc];
    }
    const slots = new Int32Array(docs.buffer, docs.byteOffset, docs.length);
    terms.forEach((term, termId) => {
      if (starts[termId] > starts[termId + 1]) throw new Error('BM25 rows: the term starts are not in order');
      index.termIds.set(term, termId);
      index.terms.push(term);
      index.postings.push(PostingList.over(slots.subarray(starts[termId], starts[termId + 1]), tfs.subarray(starts[termId], starts[termId + 1])));
    });
    index.slotTerms = undefined;
    return index;
  }

  /** Rebuilds an index from the earlier JSON snapshot; throws on anything that is not such a snapshot. */
  static fromJSON(snapshot: unknown): Bm25Index {
    const s = snapshot as Partial<Bm25Snapshot> | null;
    if (!s || s.format !== 'local-focus-bm25' || s.version !== 1 || !Array.isArray(s.terms) || !Array.isArray(s.docs)) {
      throw new Error('not a BM25 snapshot (format/version/terms/docs missing)');
    }
    // A snapshot carries the options it was built with: k1, b, analyzer.
    const index = new Bm25Index(s);
    for (const term of s.terms) {
      if (typeof term !== 'string') throw new Error('BM25 snapshot: a term is not a string');
      index.termIds.set(term, index.terms.length);
      index.terms.push(term);
      index.postings.push(new PostingList());
    }
    for (const doc of s.docs) {
      if (!Array.isArray(doc) || typeof doc[0] !== 'string' || typeof doc[1] !== 'number' || typeof doc[2] !== 'string') {
        throw new Error('BM25 snapshot: a document entry is malformed');
      }
      const bytes = Buffer.from(doc[2], 'base64');
      if (bytes.length % 8 !== 0) throw new Error(`BM25 snapshot: postings of ${doc[0]} are truncated`);
      // Copy into a fresh buffer: Buffer.from may hand back a pool slice that is not 4-byte aligned.
      const pairs = new Uint32Array(new Uint8Array(bytes).buffer);
      for (let i = 0; i < pairs.length; i += 2) {
        if (pairs[i] >= index.terms.length) throw new Error(`BM25 snapshot: term index out of range in ${doc[0]}`);
      }
      index.remove(doc[0]);
      index.addSlot(doc[0], doc[1], pairs);
    }
    return index;
  }

  private addSlot(id: string, length: number, pairs: Uint32Array): void {
    const slot = this.slotIds.length;
    this.slotIds.push(id);
    this.slotLengths.push(length);
    // Not yet gathered: they will be, from the posting lists, which get this document's below.
    this.slotTerms?.push(pairs);
    this.idToSlot.set(id, slot);
    this.totalLength += length;
    for (let i = 0; i < pairs.length; i += 2) {
      const list = this.postings[pairs[i]];
      list.push(slot, pairs[i + 1]);
      list.df++;
    }
  }

  /** Each slot's (term id, tf) pairs, gathered from the posting lists the first time they are needed. */
  private termsBySlot(): (Uint32Array | undefined)[] {
    if (this.slotTerms) return this.slotTerms;
    const starts = new Uint32Array(this.slotIds.length + 1);
    for (const list of this.postings) for (let i = 0; i < list.length; i++) starts[list.slots[i] + 1] += 2;
    for (let slot = 0; slot < this.slotIds.length; slot++) starts[slot + 1] += starts[slot];
    const pairs = new Uint32Array(starts[this.slotIds.length]);
    const next = starts.slice(0, this.slotIds.length);
    this.postings.forEach((list, termId) => {
      for (let i = 0; i < list.length; i++) {
        const at = next[list.slots[i]];
        pairs[at] = termId;
        pairs[at + 1] = list.tfs[i];
        next[list.slots[i]] = at + 2;
      }
    });
    this.slotTerms = this.slotIds.map((id, slot) => (id === undefined ? undefined : pairs.subarray(starts[slot], starts[slot + 1])));
    return this.slotTerms;
  }

  private compact(): void {
    const slotTerms = this.termsBySlot();
    const live = [...this.idToSlot].map(([id, slot]) => ({ id, length: this.slotLengths[slot], pairs: slotTerms[slot]! }));
    this.slotIds = [];
    this.slotLengths = [];
    this.slotTerms = [];
    this.idToSlot.clear();
    this.deadSlots = 0;
    this.totalLength = 0;
    for (const list of this.postings) {
      list.length = 0;
      list.df = 0;
    }
    for (const doc of live) this.addSlot(doc.id, doc.length, doc.pairs);
  }
}
