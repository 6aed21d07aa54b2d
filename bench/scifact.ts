// Benchmark: notes search quality and speed on BEIR SciFact, through the product's own code path.
//
//   npx tsx bench/scifact.ts [--data DIR] [--batch N] [--model ID|DIR] [--scale]
//
// Each of the 5,183 abstracts becomes a Markdown note "# <title>\n\n<abstract>" in a temporary
// workspace and is indexed by NoteIndex (chunker, BM25, manifest, Vectra) exactly as a user's notes
// are. The chunker's size limit is raised so each abstract is ONE chunk (the BEIR protocol ranks
// whole documents); a second BM25 row uses the default 200–400-token chunks, a document scoring
// with its best chunk. The 300 test queries (qrels/test.tsv) are scored with nDCG@10 and
// Recall@100 (src/core/notes/metrics.ts) beside the published figures.
//
// Dense and hybrid rows need a real embedding model's weights: --model takes a catalog id (e.g.
// paraphrase-multilingual-minilm-l12-v2, read from its folder in the models folder) or a model
// folder (config.json, tokenizer.json, onnx/model_quantized.onnx); without it, LOCAL_FOCUS_MINILM_DIR,
// else all-MiniLM-L6-v2 in the models folder (bench/benchEmbeddingModel.ts). Absent weights skip the
// rows, saying why. They also give indexing throughput against the bare transformers.js pipeline on
// the same texts, and dense query latency.
//
// Latency at 10k chunks: the abstracts plus a copy of each with its sentences reversed (10,366
// chunks); keyword latency is NoteIndex.search(tier 'keyword', k 10), snippets included. A third
// BM25 row runs the queries through the worker's notes/index and notes/search requests, the path
// of `local-focus search` and the editor, with its latency.
// --scale adds index size on disk and memory at ~10k and ~50k chunks (synthetic 384-d vectors,
// each figure from its own child process), and Vectra's default JSON codec beside the compact
// codec the index uses. It takes several minutes and writes ~52k files to a temporary folder.

import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { defaultModelsDir } from '../src/core/paths';
import { ndcgAtK, percentile, recallAtK, mean, type Judgements } from '../src/core/notes/metrics';
import { CompactVectorCodec } from '../src/core/notes/vectorCodec';
import { Embedder } from '../src/inference/embedder';
import { NoteIndex, type EmbedFunction, type NoteIndexOptions } from '../src/inference/notes/noteIndex';
import { WorkerService } from '../src/inference/service';
import { workerConfigFor } from '../test/support/workerConfig';
import { benchEmbeddingModel, type BenchEmbeddingModel } from './benchEmbeddingModel';
import { syntheticEmbed, syntheticVector } from './syntheticVectors';

const PUBLISHED = { bm25: 0.665, minilm: 0.645 };
const TARGETS = { keywordP95Ms: 10, denseP95Ms: 50, throughputRatio: 0.9, bm25Ndcg: 0.66 };

interface Args {
  data: string;
  batch: number;
  scale: boolean;
  /** --model: a catalog id or a model folder. */
  model?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { data: path.resolve(__dirname, '../../shared/evaldata/beir-scifact'), batch: 32, scale: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') args.data = path.resolve(argv[++i]);
    else if (a === '--batch') args.batch = Math.max(1, Number(argv[++i]));
    else if (a === '--scale') args.scale = true;
    else if (a === '--model') args.model = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

interface Doc {
  id: string;
  title: string;
  text: string;
}

interface Dataset {
  docs: Doc[];
  queries: Map<string, string>;
  qrels: Map<string, Judgements>;
}

async function loadDataset(dir: string): Promise<Dataset> {
  const jsonl = async (file: string): Promise<Record<string, unknown>[]> =>
    (await readFile(path.join(dir, file), 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  const docs = (await jsonl('corpus.jsonl')).map((d) => ({ id: String(d._id), title: String(d.title ?? ''), text: String(d.text ?? '') }));
  const queries = new Map((await jsonl('queries.jsonl')).map((q) => [String(q._id), String(q.text)]));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of (await readFile(path.join(dir, 'qrels/test.tsv'), 'utf8')).split('\n').slice(1)) {
    const [q, d, s] = line.trim().split('\t');
    if (!q || !d) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(s));
  }
  return { docs, queries, qrels };
}

const noteFor = (doc: Doc, text = doc.text): string => `# ${doc.title.replace(/\s+/g, ' ').trim()}\n\n${text}\n`;
const reversedSentences = (text: string): string => text.split(/(?<=[.!?])\s+/).reverse().join(' ');

/** Writes one note per document; returns the relative paths. */
async function writeWorkspace(root: string, docs: Doc[], copies: number): Promise<string[]> {
  const files: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const dir = path.join(root, copy === 0 ? 'abstracts' : `copy${copy}`);
    await mkdir(dir, { recursive: true });
    for (const doc of docs) {
      // Copies reverse the sentence order (and, past the first, tag the copy) so their chunks differ.
      const text = copy === 0 ? doc.text : `${reversedSentences(doc.text)}${copy > 1 ? ` Copy ${copy}.` : ''}`;
      await writeFile(path.join(dir, `${doc.id}.md`), noteFor(doc, text));
      files.push(`${path.basename(dir)}/${doc.id}.md`);
    }
  }
  return files;
}

/** The published dense figure, known for all-MiniLM-L6-v2 only. */
const publishedDense = (model: BenchEmbeddingModel): string | undefined => (model.catalogId === 'all-minilm-l6-v2' ? `${PUBLISHED.minilm} (MiniLM)` : undefined);

const docIdOf = (file: string): string => path.basename(file, '.md');

interface Quality {
  ndcg10: number;
  recall100: number;
}

async function evaluate(index: NoteIndex, data: Dataset, tier: 'keyword' | 'dense' | 'hybrid'): Promise<Quality & { latencies: number[] }> {
  const ndcg: number[] = [];
  const recall: number[] = [];
  const latencies: number[] = [];
  for (const [qid, judgements] of data.qrels) {
    const started = performance.now();
    const response = await index.search(data.queries.get(qid)!, { k: 100, tier });
    latencies.push(performance.now() - started);
    if (response.tier !== tier) throw new Error(`asked for ${tier}, got ${response.tier}: ${response.fallbackReason}`);
    // One section per abstract: a document appears once, scored by its best chunk.
    const ranked = response.results.map((r) => docIdOf(r.file));
    ndcg.push(ndcgAtK(ranked, judgements, 10));
    recall.push(recallAtK(ranked, judgements, 100));
  }
  return { ndcg10: mean(ndcg), recall100: mean(recall), latencies };
}

const f3 = (x: number): string => x.toFixed(3);
const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function row(name: string, q: Quality | string, published?: string): void {
  const cells = typeof q === 'string' ? [q] : [f3(q.ndcg10).padStart(8), f3(q.recall100).padStart(11)];
  console.log(`  ${name.padEnd(44)}${cells.join('   ')}${published ? `   ${published}` : ''}`);
}


function heapBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Read before LOCAL_FOCUS_HOME points at the bench's temporary folder.
  const model = benchEmbeddingModel(args.model, defaultModelsDir());
  const data = await loadDataset(args.data);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lf-scifact-'));
  const home = path.join(tmp, 'home');
  process.env.LOCAL_FOCUS_HOME = home;
  const oneChunk = { minTokens: 1, maxTokens: 1_000_000 };
  console.log(`SciFact (BEIR): ${data.docs.length} abstracts, ${data.qrels.size} test queries, ${os.cpus().length} CPU(s), Node ${process.version}`);
  console.log('Indexed through NoteIndex: one Markdown note per abstract ("# title" + abstract).');
  console.log(`Embedding model: ${model.label}, ${model.dir}${model.skipped ? ` (skipped: ${model.skipped})` : ''}\n`);

  try {
    const workspace = path.join(tmp, 'scifact');
    const files = await writeWorkspace(workspace, data.docs, 1);

    // ---- BM25: one chunk per abstract (the BEIR protocol) and default chunking
    const started = performance.now();
    const keywordIndex = await NoteIndex.open({ folder: workspace, home, chunk: oneChunk });
    const update = await keywordIndex.update(files);
    const keywordIndexMs = performance.now() - started;
    const bm25 = await evaluate(keywordIndex, data, 'keyword');
    const chunked = await NoteIndex.open({ folder: workspace, indexDir: path.join(tmp, 'chunked-index') });
    await chunked.update(files);
    const chunkedStats = await chunked.stats();
    const bm25Chunked = await evaluate(chunked, data, 'keyword');

    const viaWorker = await evaluateThroughWorker(workspace, path.join(tmp, 'home-worker'), data);

    console.log(`  ${''.padEnd(44)}nDCG@10   Recall@100   published nDCG@10`);
    row('BM25, keyword tier (one chunk per abstract)', bm25, `${PUBLISHED.bm25} (BEIR BM25)`);
    row(`BM25, default chunks (${chunkedStats.chunks} chunks)`, bm25Chunked);
    row('BM25 via notes/index + notes/search requests', viaWorker, '(the CLI\'s and the editor\'s path, default chunks)');

    // ---- Dense and hybrid with the real model
    const modelDir = model.skipped ? undefined : model.dir;
    const denseLabel = `dense (${model.label})`;
    const modelId = `${path.basename(model.dir)}/q8`;
    let denseEmbed: EmbedFunction | undefined;
    let vectorsByText: Map<string, ArrayLike<number>> | undefined;
    const throughput: string[] = [];
    if (!modelDir) {
      row(denseLabel, `skipped: ${model.skipped}`, publishedDense(model));
      row('hybrid (RRF k=60)', 'skipped: weights not present');
    } else {
      const threads = os.cpus().length;
      const embedder = new Embedder({ modelDir, threads });
      await embedder.load();
      const texts = data.docs.map((d) => `${d.title.replace(/\s+/g, ' ').trim()}\n\n${d.text}`);

      // The bare pipeline on the same texts, same batch size, same threads, timed in alternation with
      // NoteIndex over blocks of the corpus, so a neighbour's load on this shared machine hits both.
      const transformers = await import('@huggingface/transformers');
      transformers.env.allowRemoteModels = false;
      const bare = await transformers.pipeline('feature-extraction', path.resolve(modelDir), {
        dtype: 'q8',
        device: 'cpu',
        local_files_only: true,
        session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
      });
      await bare(texts.slice(0, args.batch), { pooling: 'mean', normalize: true });

      vectorsByText = new Map();
      const captured = vectorsByText;
      denseEmbed = async (batch, signal) => {
        const { vectors } = await embedder.embed(batch, { ...(signal ? { signal } : {}), batchSize: args.batch });
        batch.forEach((t, i) => captured.set(t, vectors[i]));
        return vectors;
      };
      const denseIndex = await NoteIndex.open({
        folder: workspace,
        indexDir: path.join(tmp, 'dense-index'),
        modelId,
        embed: denseEmbed,
        embedBatchSize: args.batch,
        chunk: oneChunk,
      });
      const BLOCKS = 4;
      const blockSize = Math.ceil(texts.length / BLOCKS);
      let bareMs = 0;
      let indexMs = 0;
      let embedded = 0;
      for (let b = 0; b < BLOCKS; b++) {
        const timeBare = async (): Promise<void> => {
          const t = performance.now();
          for (let i = b * blockSize; i < Math.min(texts.length, (b + 1) * blockSize); i += args.batch) {
            await bare(texts.slice(i, Math.min(i + args.batch, (b + 1) * blockSize)), { pooling: 'mean', normalize: true });
          }
          bareMs += performance.now() - t;
        };
        const timeIndex = async (): Promise<void> => {
          const t = performance.now();
          const result = await denseIndex.update(files.slice(b * blockSize, (b + 1) * blockSize), { scope: 'listed' });
          indexMs += performance.now() - t;
          embedded += result.chunksEmbedded;
        };
        if (b % 2 === 0) {
          await timeBare();
          await timeIndex();
        } else {
          await timeIndex();
          await timeBare();
        }
      }
      await bare.dispose();
      const dense = await evaluate(denseIndex, data, 'dense');
      const hybrid = await evaluate(denseIndex, data, 'hybrid');
      row(denseLabel, dense, publishedDense(model));
      row('hybrid (RRF k=60)', hybrid);
      const ours = embedded / (indexMs / 1000);
      const theirs = texts.length / (bareMs / 1000);
      throughput.push(
        `Indexing throughput (batch ${args.batch}, ${threads} threads; NoteIndex includes scan, chunking, BM25 and saves): NoteIndex ${ours.toFixed(1)} chunks/s vs bare transformers.js ` +
          `${theirs.toFixed(1)} texts/s = ${(ours / theirs).toFixed(2)}× (target ≥ ${TARGETS.throughputRatio}×)`,
      );
      throughput.push(`Dense query latency at ${data.docs.length} chunks (query embedding included): p50 ${ms(percentile(dense.latencies, 50))}, p95 ${ms(percentile(dense.latencies, 95))}`);
    }
    console.log(`\n  BM25 >= ${TARGETS.bm25Ndcg}: ${bm25.ndcg10 >= TARGETS.bm25Ndcg ? 'yes' : 'NO'}`);
    console.log(`  Keyword indexing: ${update.filesAdded} notes in ${(keywordIndexMs / 1000).toFixed(1)} s (${(update.filesAdded / (keywordIndexMs / 1000)).toFixed(0)} notes/s, scan + chunk + BM25 + save)`);
    for (const line of throughput) console.log(`  ${line}`);
    console.log(
      `  Keyword search via the notes/search request at ${chunkedStats.chunks} chunks (k 100, snippets and index stats included): ` +
        `p50 ${ms(percentile(viaWorker.latencies, 50))}, p95 ${ms(percentile(viaWorker.latencies, 95))}; notes/index of ${data.docs.length} notes ${(viaWorker.indexMs / 1000).toFixed(1)} s`,
    );

    // ---- Latency at 10k chunks
    const bigWorkspace = path.join(tmp, 'scifact-10k');
    const bigFiles = await writeWorkspace(bigWorkspace, data.docs, 2);
    const captured = vectorsByText;
    let searching = false;
    const bigEmbed: EmbedFunction | undefined = denseEmbed
      ? async (texts, signal) => (searching ? denseEmbed!(texts, signal) : texts.map((t) => captured!.get(t) ?? syntheticVector(t)))
      : undefined;
    const bigOptions: NoteIndexOptions = { folder: bigWorkspace, home, chunk: oneChunk, ...(bigEmbed ? { embed: bigEmbed, modelId } : {}) };
    const big = await NoteIndex.open(bigOptions);
    await big.update(bigFiles);
    const bigStats = await big.stats();
    const queries = [...data.qrels.keys()].map((q) => data.queries.get(q)!);
    for (const q of queries.slice(0, 30)) await big.search(q, { tier: 'keyword' });
    const keywordLatencies: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of queries) {
        const t = performance.now();
        await big.search(q, { k: 10, tier: 'keyword' });
        keywordLatencies.push(performance.now() - t);
      }
    }
    const p95 = percentile(keywordLatencies, 95);
    console.log(
      `\n  Keyword query latency at ${bigStats.chunks} chunks (NoteIndex.search, k 10, snippets included, ${keywordLatencies.length} queries): ` +
        `p50 ${ms(percentile(keywordLatencies, 50))}, p95 ${ms(p95)} (target p95 < ${TARGETS.keywordP95Ms} ms: ${p95 < TARGETS.keywordP95Ms ? 'met' : 'NOT met'})`,
    );
    if (bigEmbed) {
      searching = true;
      const denseLatencies: number[] = [];
      for (const q of queries) {
        const t = performance.now();
        await big.search(q, { k: 10, tier: 'dense' });
        denseLatencies.push(performance.now() - t);
      }
      searching = false;
      const dp95 = percentile(denseLatencies, 95);
      console.log(
        `  Dense query latency at ${bigStats.chunks} chunks (query embedding + Vectra scan; the reversed copies carry synthetic vectors): p50 ${ms(percentile(denseLatencies, 50))}, ` +
          `p95 ${ms(dp95)} (target p95 < ${TARGETS.denseP95Ms} ms: ${dp95 < TARGETS.denseP95Ms ? 'met' : 'NOT met'})`,
      );
    } else {
      console.log('  Dense query latency: skipped: weights not present');
    }
    // The vector scan alone, which the model does not affect: synthetic unit vectors, same index code.
    const scanIndex = await NoteIndex.open({ folder: bigWorkspace, indexDir: path.join(tmp, 'scan-index'), chunk: oneChunk, embed: syntheticEmbed, modelId: 'synthetic' });
    await scanIndex.update(bigFiles);
    const scanLatencies: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await scanIndex.search(q, { k: 10, tier: 'dense' });
      scanLatencies.push(performance.now() - t);
    }
    console.log(
      `  Vector search alone at ${bigStats.chunks} chunks (synthetic 384-d vectors, no model; Vectra scan + snippets): ` +
        `p50 ${ms(percentile(scanLatencies, 50))}, p95 ${ms(percentile(scanLatencies, 95))}`,
    );

    if (args.scale) await scaleReport(tmp, data);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The same test queries through the worker's own requests, run in process as the CLI runs them:
 * notes/index walks the folder and indexes it (keyword tier: no model is configured, so this is
 * BM25 at the product's default chunk sizes), notes/search answers each query.
 */
async function evaluateThroughWorker(workspace: string, home: string, data: Dataset): Promise<Quality & { latencies: number[]; indexMs: number }> {
  const previousHome = process.env.LOCAL_FOCUS_HOME;
  process.env.LOCAL_FOCUS_HOME = home;
  const service = new WorkerService({ log: () => undefined, status: () => undefined });
  try {
    service.configure(workerConfigFor(home, { mode: 'localOnly', cloud: { baseUrl: 'http://127.0.0.1:9/v1', model: 'none' }, threads: os.cpus().length }));
    const started = performance.now();
    const indexed = await service.call('notes/index', { folder: workspace });
    const indexMs = performance.now() - started;
    if (indexed.tier !== 'keyword' || indexed.filesInScope !== data.docs.length) throw new Error(`notes/index: ${indexed.tier}, ${indexed.filesInScope} notes`);
    const ndcg: number[] = [];
    const recall: number[] = [];
    const latencies: number[] = [];
    for (const [qid, judgements] of data.qrels) {
      const t = performance.now();
      const response = await service.call('notes/search', { folder: workspace, query: data.queries.get(qid)!, k: 100 });
      latencies.push(performance.now() - t);
      const ranked = response.results.map((r) => docIdOf(r.file));
      ndcg.push(ndcgAtK(ranked, judgements, 10));
      recall.push(recallAtK(ranked, judgements, 100));
    }
    return { ndcg10: mean(ndcg), recall100: mean(recall), latencies, indexMs };
  } finally {
    await service.dispose();
    if (previousHome === undefined) delete process.env.LOCAL_FOCUS_HOME;
    else process.env.LOCAL_FOCUS_HOME = previousHome;
  }
}

// ---------------------------------------------------------------- --scale
//
// Memory is measured in child processes (node --expose-gc), one per measurement, so one
// measurement's garbage and peak never leak into the next: "heap" is V8 heap + array buffers after
// a full GC with the index open, "peak RSS" the child's maximum resident set, Node itself included
// (a bare child's figure is printed for reference).

interface ChildReport {
  [key: string]: number;
}

function runChild(args: string[]): ChildReport {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildReport;
}

function childReport(values: ChildReport): void {
  console.log(JSON.stringify({ ...values, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

/** Index size on disk and memory at ~10k and ~50k chunks; Vectra's default codec beside ours. */
async function scaleReport(tmp: string, data: Dataset): Promise<void> {
  const baseline = runChild(['--child', 'baseline']);
  console.log(`\n  Scale (synthetic 384-d vectors; each figure from its own child process; a bare child peaks at ${mib(baseline.peakRssBytes)} RSS):`);
  const workspace = path.join(tmp, 'scale');
  await writeWorkspace(workspace, data.docs, 10);
  for (const copies of [2, 10]) {
    const indexDir = path.join(tmp, `scale-index-${copies}`);
    const build = runChild(['--child', 'build', workspace, indexDir, String(copies)]);
    const open = runChild(['--child', 'open', workspace, indexDir]);
    console.log(
      `    NoteIndex ${String(build.chunks).padStart(6)} chunks: ${mib(build.bytesOnDisk)} on disk; build ${(build.ms / 1000).toFixed(1)} s, peak RSS ${mib(build.peakRssBytes)}; ` +
        `reopened: ${mib(open.heapBytes)} heap, peak RSS ${mib(open.peakRssBytes)}, open + first hybrid query ${(open.ms / 1000).toFixed(1)} s`,
    );
    await rm(indexDir, { recursive: true, force: true });
  }
  await rm(workspace, { recursive: true, force: true });
  for (const count of [10_000, 50_000]) {
    for (const compact of [false, true]) {
      const folder = path.join(tmp, `vectra-${count}-${compact ? 'compact' : 'json'}`);
      const name = compact ? 'compact f32' : 'default JSON';
      try {
        const write = runChild(['--child', 'vectra-write', folder, compact ? '1' : '0', String(count)]);
        const load = runChild(['--child', 'vectra-load', folder, compact ? '1' : '0']);
        console.log(
          `    Vectra ${name.padEnd(12)} ${String(count).padStart(6)} items: ${mib(write.bytesOnDisk).padStart(10)} on disk, save ${(write.ms / 1000).toFixed(1)} s ` +
            `(peak RSS ${mib(write.peakRssBytes)}); loaded: ${mib(load.heapBytes)} heap, peak RSS ${mib(load.peakRssBytes)}, load ${(load.ms / 1000).toFixed(1)} s`,
        );
      } catch (err) {
        console.log(`    Vectra ${name}, ${count} items: failed (${(err as Error).message.split('\n')[0].slice(0, 120)})`);
      }
      await rm(folder, { recursive: true, force: true });
    }
  }
}

function scaleFiles(copies: number, docs: Doc[]): string[] {
  const files: string[] = [];
  for (let copy = 0; copy < copies; copy++) for (const doc of docs) files.push(`${copy === 0 ? 'abstracts' : `copy${copy}`}/${doc.id}.md`);
  return files;
}

async function child(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  if (mode === 'baseline') return childReport({});
  if (mode === 'build') {
    const [workspace, indexDir, copies] = rest;
    const data = await loadDataset(parseArgs([]).data);
    const started = performance.now();
    const index = await NoteIndex.open({ folder: workspace, indexDir, embed: syntheticEmbed, modelId: 'synthetic', chunk: { minTokens: 1, maxTokens: 1_000_000 } });
    await index.update(scaleFiles(Number(copies), data.docs));
    const ms = performance.now() - started;
    const stats = await index.stats();
    return childReport({ chunks: stats.chunks, bytesOnDisk: stats.bytesOnDisk, ms });
  }
  if (mode === 'open') {
    const [workspace, indexDir] = rest;
    const before = heapBytes();
    const started = performance.now();
    const index = await NoteIndex.open({ folder: workspace, indexDir, embed: syntheticEmbed, modelId: 'synthetic' });
    await index.search('cell proliferation in tumours', { tier: 'hybrid' });
    const ms = performance.now() - started;
    const heap = heapBytes() - before;
    return childReport({ heapBytes: heap, ms, chunks: (await index.stats()).chunks });
  }
  if (mode === 'vectra-write') {
    const [folder, compact, count] = rest;
    return childReport(await writeVectra(folder, Number(count), compact === '1'));
  }
  if (mode === 'vectra-load') {
    const [folder, compact] = rest;
    const before = heapBytes();
    const started = performance.now();
    const reader = compact === '1' ? new LocalIndex(folder, undefined, undefined, new CompactVectorCodec() as never) : new LocalIndex(folder);
    const items = await reader.listItems();
    const ms = performance.now() - started;
    const heap = heapBytes() - before;
    return childReport({ heapBytes: heap, ms, items: items.length });
  }
  throw new Error(`unknown child mode ${mode}`);
}

/** Writes `count` synthetic items with Vectra. */
async function writeVectra(folder: string, count: number, compact: boolean): Promise<{ bytesOnDisk: number; ms: number }> {
  const writer = compact ? new LocalIndex(folder, undefined, undefined, new CompactVectorCodec() as never) : new LocalIndex(folder);
  await writer.createIndex({ version: 1 });
  await writer.beginUpdate();
  // Straight into the open update: Vectra's insertItem checks ids linearly (O(n²) in total), which is not what is measured here.
  const update = (writer as unknown as { _update: { items: unknown[] } })._update;
  for (let i = 0; i < count; i++) {
    const vector = syntheticVector(`item ${i}`);
    update.items.push({ id: `chunk-${i}`, metadata: { file: `notes/file-${i % 997}.md` }, vector: compact ? vector : Array.from(vector), norm: 1 });
  }
  const started = performance.now();
  await writer.endUpdate();
  return { bytesOnDisk: (await readFile(path.join(folder, 'index.json'))).length, ms: performance.now() - started };
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  child(process.argv.slice(childAt + 1)).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
