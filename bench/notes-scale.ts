// Benchmark: the notes index at 50k chunks (and more), against issue 15's targets.
//
//   npx tsx bench/notes-scale.ts [--chunks 50000] [--chunks 200000] [--data DIR] [--queries 200]
//
// The notes are the BEIR SciFact abstracts (../shared/evaldata/beir-scifact), ten to a file as
// "## <title>" sections, repeated with a copy number until there are as many sections as asked;
// the default chunker cuts them (a long abstract makes two chunks, so the chunk count printed is a
// little above the one asked). Vectors come from the fixture embedder (bench/syntheticVectors.ts):
// 384-d, deterministic, no model cost. Each figure comes from its own child process (node
// --expose-gc), so one measurement's garbage never counts in the next. The children run the engine
// bundled by esbuild, as dist/worker.js runs it in the product, not through tsx, whose loader and
// transpiled sources alone held about 50 MiB of every child's RSS:
//   build   NoteIndex.open + update of every file: time and peak RSS;
//   serve   the engine as the worker runs it: RSS before opening, open time, RSS after the queries
//           (GC'd, "steady"), keyword / dense / hybrid query latency (NoteIndex.search, k 10,
//           snippets included) over SciFact's test queries; then, in the same process, a
//           brute-force float32 scan of the same vectors read straight from the segment, with its
//           latency and the recall@10 of the index's nearest neighbours against it;
//   CLI     `local-focus search` as a whole process (dist/, so run `npm run build` first): wall time
//           and peak RSS on this folder and on a 10-note folder, the difference against the target.
// The CLI has no embedding model here, so it searches by keyword: it opens the manifest, the chunk
// table and BM25, and brings the index up to date (a stat per note); the vectors are read only by
// a dense query, whose cost the serve rows show.

import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { percentile } from '../src/core/notes/metrics';
import { decodeVectorSegment } from '../src/core/notes/vectorSegment';
import { NoteIndex, indexDirFor } from '../src/inference/notes/noteIndex';
import { nearestRows, vectorIndexIn, VECTOR_SEGMENT_FILE } from '../src/inference/notes/vectorIndex';
import { VECTORS_DIR } from '../src/inference/notes/storeFiles';
import { syntheticEmbed, syntheticVector } from './syntheticVectors';

const TARGETS_50K = { steadyMiB: 150, openMs: 1000, buildPeakMiB: 500, buildMs: 180_000, cliExtraMs: 1000, cliExtraMiB: 150, keywordP95Ms: 10, denseP95Ms: 50 };
const STEADY_200K_MIB = 500;
const SECTIONS_PER_FILE = 10;
/** The default chunker cuts 46,000 SciFact sections into 59,244 chunks: sections are asked for accordingly. */
const CHUNKS_PER_SECTION = 59_244 / 46_000;
const MODEL_ID = 'synthetic-384';
const REPO = path.resolve(__dirname, '..');

interface Args {
  data: string;
  chunks: number[];
  queries: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { data: path.resolve(REPO, '../shared/evaldata/beir-scifact'), chunks: [], queries: 200 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') args.data = path.resolve(argv[++i]);
    else if (a === '--chunks') args.chunks.push(Number(argv[++i]));
    else if (a === '--queries') args.queries = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.chunks.length === 0) args.chunks.push(50_000);
  return args;
}

interface Abstract {
  title: string;
  text: string;
}

async function jsonl(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function loadAbstracts(dir: string): Promise<Abstract[]> {
  return (await jsonl(path.join(dir, 'corpus.jsonl'))).map((d) => ({ title: String(d.title ?? '').replace(/\s+/g, ' ').trim(), text: String(d.text ?? '') }));
}

async function loadQueries(dir: string, count: number): Promise<string[]> {
  return (await jsonl(path.join(dir, 'queries.jsonl'))).slice(0, count).map((q) => String(q.text));
}

/** Writes `sections` abstracts, ten to a note; returns the notes' paths relative to `root`. */
async function writeNotes(root: string, abstracts: Abstract[], sections: number): Promise<string[]> {
  const files: string[] = [];
  for (let start = 0; start < sections; start += SECTIONS_PER_FILE) {
    const body: string[] = [`# Notes ${start / SECTIONS_PER_FILE}\n`];
    for (let s = start; s < Math.min(sections, start + SECTIONS_PER_FILE); s++) {
      const doc = abstracts[s % abstracts.length]!;
      const copy = Math.floor(s / abstracts.length);
      body.push(`## ${doc.title} (copy ${copy})\n\n${doc.text}\n`);
    }
    const file = `n${Math.floor(start / 10_000)}/note-${start / SECTIONS_PER_FILE}.md`;
    await mkdir(path.join(root, path.dirname(file)), { recursive: true });
    await writeFile(path.join(root, file), body.join('\n'));
    files.push(file);
  }
  return files;
}

// ---------------------------------------------------------------- children

type Report = Record<string, number>;

/** This file bundled as esbuild.mjs bundles the worker: model libraries external, vectra's lite entry. */
async function bundleChild(tmp: string): Promise<string> {
  const outfile = path.join(tmp, 'notes-scale-child.cjs');
  await esbuild.build({
    entryPoints: [__filename],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['node-llama-cpp', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp'],
    alias: { vectra: path.join(REPO, 'scripts/vectra-lite.cjs') },
  });
  return outfile;
}

function runChild(bundle: string, args: string[]): Report {
  const out = execFileSync(process.execPath, ['--expose-gc', bundle, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 22 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Report;
}

function report(values: Report): void {
  console.log(JSON.stringify({ ...values, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

function steadyRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().rss;
}

async function child(argv: string[]): Promise<void> {
  const [mode, workspace, home, extra] = argv;
  if (mode === 'build') {
    const files = JSON.parse(await readFile(extra!, 'utf8')) as string[];
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    const index = await NoteIndex.open({ folder: workspace!, home: home!, embed: syntheticEmbed, modelId: MODEL_ID, embedBatchSize: 64 });
    await index.update(files);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(startedCpu);
    const stats = await index.stats();
    return report({ ms, cpuMs: (cpu.user + cpu.system) / 1000, chunks: stats.chunks, vectors: stats.vectors, bytesOnDisk: stats.bytesOnDisk });
  }
  if (mode === 'serve') return serve(workspace!, home!, JSON.parse(await readFile(extra!, 'utf8')) as string[]);
  throw new Error(`unknown child mode ${mode}`);
}

async function serve(workspace: string, home: string, queries: string[]): Promise<void> {
  const before = steadyRss();
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const index = await NoteIndex.open({ folder: workspace, home, embed: syntheticEmbed, modelId: MODEL_ID });
  const openMs = performance.now() - started;
  const openCpu = process.cpuUsage(startedCpu);
  const opened = steadyRss();
  // CPU time of each query as well as wall time: on a busy machine wall time counts other processes' turns.
  const cpuTimes = new Map<string, number[]>();
  const latency = async (tier: 'keyword' | 'dense' | 'hybrid'): Promise<number[]> => {
    const times: number[] = [];
    const cpu: number[] = [];
    cpuTimes.set(tier, cpu);
    for (const q of queries) {
      const t = performance.now();
      const c = process.cpuUsage();
      const response = await index.search(q, { tier, k: 10 });
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      times.push(performance.now() - t);
      if (response.tier !== tier) throw new Error(`asked for ${tier}, got ${response.tier} (${response.fallbackReason ?? ''})`);
    }
    return times;
  };
  await latency('keyword'); // warm-up: the first calls compile the scoring loops
  const keyword = await latency('keyword');
  const dense = await latency('dense');
  const hybrid = await latency('hybrid');
  const steady = steadyRss();

  // The baseline: every vector of the segment scanned in float32, in a plain loop of its own.
  const vectorsDir = path.join(indexDirFor(workspace, home), VECTORS_DIR);
  const segment = decodeVectorSegment(await readFile(path.join(vectorsDir, VECTOR_SEGMENT_FILE)));
  const vectors = vectorIndexIn(vectorsDir);
  const bruteTimes: number[] = [];
  const indexTimes: number[] = [];
  let recalled = 0;
  for (const q of queries) {
    const query = syntheticVector(q);
    let c = process.cpuUsage();
    const truth = bruteForceTop(segment, query, 10);
    bruteTimes.push(cpuMs(c));
    c = process.cpuUsage();
    const hits = await vectors.queryItems(query as unknown as number[], '', 10);
    indexTimes.push(cpuMs(c));
    const found = new Set(hits.map((h) => h.item.id));
    recalled += truth.filter((id) => found.has(id)).length;
  }
  if (nearestRows(segment, syntheticVector(queries[0]!), 1).length !== 1) throw new Error('the segment answered no nearest row');
  const stats = await index.stats();
  return report({
    chunks: stats.chunks,
    rssBefore: before,
    rssOpened: opened,
    rssSteady: steady,
    openMs,
    openCpuMs: (openCpu.user + openCpu.system) / 1000,
    keywordCpuP95: percentile(cpuTimes.get('keyword')!, 95),
    denseCpuP95: percentile(cpuTimes.get('dense')!, 95),
    keywordP50: percentile(keyword, 50),
    keywordP95: percentile(keyword, 95),
    denseP50: percentile(dense, 50),
    denseP95: percentile(dense, 95),
    hybridP95: percentile(hybrid, 95),
    indexScanP95: percentile(indexTimes, 95),
    bruteP95: percentile(bruteTimes, 95),
    recallAt10: recalled / (queries.length * 10),
  });
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** The reference: cosine against every row, a full sort, the first k ids. */
function bruteForceTop(segment: ReturnType<typeof decodeVectorSegment>, query: Float32Array, k: number): string[] {
  const { dimension, vectors, ids } = segment;
  let qn = 0;
  for (let j = 0; j < dimension; j++) qn += query[j] * query[j];
  qn = Math.sqrt(qn);
  const scores = ids.map((_, row) => {
    let dot = 0;
    let n = 0;
    for (let j = 0; j < dimension; j++) {
      const x = vectors[row * dimension + j];
      dot += query[j] * x;
      n += x * x;
    }
    return { row, score: dot / (qn * Math.sqrt(n)) };
  });
  scores.sort((a, b) => b.score - a.score || a.row - b.row);
  return scores.slice(0, k).map((s) => ids[s.row]!);
}

// ---------------------------------------------------------------- the CLI as a whole process

interface CliRun {
  seconds: number;
  /** User + system CPU seconds: on a busy machine, the part of the wall time that is this process's own work. */
  cpuSeconds: number;
  peakKiB: number;
}

// ---------------------------------------------------------------- main

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const verdict = (ok: boolean): string => (ok ? 'ok' : 'OVER');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const abstracts = await loadAbstracts(args.data);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lf-notes-scale-'));
  const queriesFile = path.join(tmp, 'queries.json');
  await writeFile(queriesFile, JSON.stringify(await loadQueries(args.data, args.queries)));
  console.log(`Notes index at scale (${os.cpus().length} cores, Node ${process.version}; fixture embedder, 384-d)`);
  try {
    const small = await smallFolder(tmp, abstracts);
    const childBundle = await bundleChild(tmp);
    for (const wanted of args.chunks) {
      const sections = Math.round(wanted / CHUNKS_PER_SECTION);
      const workspace = path.join(tmp, `notes-${sections}`);
      const home = path.join(tmp, `home-${sections}`);
      const files = await writeNotes(workspace, abstracts, sections);
      const filesList = path.join(tmp, `files-${sections}.json`);
      await writeFile(filesList, JSON.stringify(files));
      const build = runChild(childBundle, ['build', workspace, home, filesList]);
      const serve = runChild(childBundle, ['serve', workspace, home, queriesFile]);
      const cli = cliFigures(workspace, home, small);
      printFigures(wanted, sections, build, serve, cli);
      await rm(workspace, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** A 10-note folder, indexed by the CLI itself: the baseline of the CLI rows. */
async function smallFolder(tmp: string, abstracts: Abstract[]): Promise<{ folder: string; home: string }> {
  const folder = path.join(tmp, 'small');
  const home = path.join(tmp, 'home-small');
  await writeNotes(folder, abstracts, 10 * SECTIONS_PER_FILE);
  timedCli(folder, home, ['index']);
  return { folder, home };
}

function cliFigures(workspace: string, home: string, small: { folder: string; home: string }): { big: CliRun; small: CliRun } {
  const query = 'cell proliferation in tumours';
  return { big: medianCli(workspace, home, ['search', query]), small: medianCli(small.folder, small.home, ['search', query]) };
}

function medianCli(folder: string, home: string, command: string[]): CliRun {
  const runs = [0, 1, 2].map(() => timedCli(folder, home, command)).sort((a, b) => a.seconds - b.seconds);
  return runs[1]!;
}

/** One CLI process under /usr/bin/time: wall seconds and peak RSS. */
function timedCli(folder: string, home: string, command: string[]): CliRun {
  const script = `"$@" >/dev/null 2>"$LF_TIME_ERR"; tail -n 1 "$LF_TIME_ERR"`;
  const errFile = path.join(os.tmpdir(), `lf-notes-scale-time-${process.pid}.txt`);
  const out = execFileSync('sh', ['-c', script, 'sh', '/usr/bin/time', '-f', 'TIME %e %M %U %S', process.execPath, path.join(REPO, 'bin/local-focus.js'), ...command, '--path', folder, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, LOCAL_FOCUS_HOME: home, LF_TIME_ERR: errFile },
  });
  rmSync(errFile, { force: true });
  const match = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(out);
  if (!match) throw new Error(`no timing from the CLI: ${out}`);
  return { seconds: Number(match[1]), peakKiB: Number(match[2]), cpuSeconds: Number(match[3]) + Number(match[4]) };
}

function printFigures(wanted: number, sections: number, build: Report, serve: Report, cli: { big: CliRun; small: CliRun }): void {
  const chunks = serve.chunks!;
  const at50k = wanted <= 60_000;
  const steadyGrowth = serve.rssSteady! - serve.rssBefore!;
  const cliExtraS = cli.big.seconds - cli.small.seconds;
  const cliExtraBytes = (cli.big.peakKiB - cli.small.peakKiB) * 1024;
  const t = TARGETS_50K;
  const line = (name: string, value: string, target: string, ok: boolean | undefined): void =>
    console.log(`  ${name.padEnd(58)}${value.padStart(34)}   ${target.padEnd(12)}${ok === undefined ? '' : verdict(ok)}`);
  console.log(`\n  ${chunks} chunks in ${Math.ceil(sections / SECTIONS_PER_FILE)} notes (${mib(build.bytesOnDisk!)} on disk)`);
  line('build (open + update, fixture embedder), wall / CPU', `${(build.ms! / 1000).toFixed(1)} s / ${(build.cpuMs! / 1000).toFixed(1)} s`, at50k ? '<= 180 s' : '', at50k ? build.ms! <= t.buildMs : undefined);
  line('build peak RSS', mib(build.peakRssBytes!), at50k ? '<= 500 MiB' : '', at50k ? build.peakRssBytes! <= t.buildPeakMiB * 2 ** 20 : undefined);
  line('open (wall / CPU)', `${ms(serve.openMs!)} / ${ms(serve.openCpuMs!)}`, at50k ? '<= 1000 ms' : '', at50k ? serve.openMs! <= t.openMs : undefined);
  line('RSS growth, opened', mib(serve.rssOpened! - serve.rssBefore!), '', undefined);
  line('RSS growth, steady (after the queries, GC)', mib(steadyGrowth), at50k ? '<= 150 MiB' : '<= 500 MiB', steadyGrowth <= (at50k ? t.steadyMiB : STEADY_200K_MIB) * 2 ** 20);
  line('keyword query p50 / p95', `${ms(serve.keywordP50!)} / ${ms(serve.keywordP95!)}`, at50k ? 'p95 < 10 ms' : '', at50k ? serve.keywordP95! < t.keywordP95Ms : undefined);
  line('dense query p50 / p95', `${ms(serve.denseP50!)} / ${ms(serve.denseP95!)}`, at50k ? 'p95 < 50 ms' : '', at50k ? serve.denseP95! < t.denseP95Ms : undefined);
  line('keyword / dense query p95, CPU time', `${ms(serve.keywordCpuP95!)} / ${ms(serve.denseCpuP95!)}`, '', undefined);
  line('hybrid query p95', ms(serve.hybridP95!), '', undefined);
  line('vector search p95 CPU: index (int8+rescore) / brute-force f32', `${ms(serve.indexScanP95!)} / ${ms(serve.bruteP95!)}`, '', undefined);
  line('recall@10 of the index against brute force', serve.recallAt10!.toFixed(3), '', undefined);
  const cliRow = (run: CliRun): string => `${run.seconds.toFixed(2)} s (CPU ${run.cpuSeconds.toFixed(2)} s), ${mib(run.peakKiB * 1024)}`;
  const cliExtraCpu = cli.big.cpuSeconds - cli.small.cpuSeconds;
  line('CLI search, whole process: this folder', cliRow(cli.big), '', undefined);
  line('CLI search, whole process: 10-note folder', cliRow(cli.small), '', undefined);
  line('CLI search, more than on 10 notes: wall', `+${cliExtraS.toFixed(2)} s`, at50k ? '<= 1 s' : '', at50k ? cliExtraS <= 1 : undefined);
  line('CLI search, more than on 10 notes: CPU, peak RSS', `+${cliExtraCpu.toFixed(2)} s, +${mib(cliExtraBytes)}`, at50k ? '<= 1 s, 150' : '', at50k ? cliExtraCpu <= 1 && cliExtraBytes <= t.cliExtraMiB * 2 ** 20 : undefined);
}

const childAt = process.argv.indexOf('--child');
(childAt >= 0 ? child(process.argv.slice(childAt + 1)) : main()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
