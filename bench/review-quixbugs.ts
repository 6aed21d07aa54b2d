// Code review benchmark: QuixBugs Python programs (one known buggy line each) and HumanEvalPack
// buggy solutions (bug lines derived by diffing buggy_solution against canonical_solution), per
// review tier: bug-line recall (a finding on a buggy line), findings on other lines per program,
// and time per program.
//
//   npx tsx bench/review-quixbugs.ts [--tier heuristics|local|server|cloud|all] [--dataset quixbugs|humanevalpack|all]
//                                    [--langs python,js,java,cpp,go,rust] [--limit N] [--json]
//
// Model tiers are functions `review(code, languageId) => Promise<Finding[]>`: pass them to
// runReviewBench(), or register factories with setReviewerFactories() from bench/review-tiers.ts,
// which this script loads when it exists (so wiring the worker in needs no change here).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { touchesLines, type Finding } from '../src/core/review/findings';
import { runHeuristics } from '../src/core/review/heuristics';
import { changedLinesBetween } from '../src/core/review/lineDiff';

export type ReviewFn = (code: string, languageId: string, signal?: AbortSignal) => Promise<Finding[]>;

export interface BenchTier {
  name: string;
  review: ReviewFn;
}

export interface BenchProgram {
  /** e.g. quixbugs-python, humanevalpack-js */
  group: string;
  id: string;
  languageId: string;
  code: string;
  /** 1-based lines a finding must touch to count as finding the bug. */
  bugLines: Set<number>;
}

export interface GroupResult {
  tier: string;
  group: string;
  programs: number;
  /** Programs with at least one finding touching a bug line. */
  found: number;
  recall: number;
  /** Findings that touch no bug line, per program. */
  otherPerProgram: number;
  programsWithFindings: number;
  msMean: number;
  msP50: number;
  msMax: number;
  /** Findings per rule id (model findings: per source): on bug lines and elsewhere. */
  byRule: Record<string, { onBug: number; other: number }>;
  errors: number;
}

const EVALDATA = process.env.LOCAL_FOCUS_EVALDATA ?? path.resolve(__dirname, '../../shared/evaldata');

const HUMANEVAL_LANGUAGES: Record<string, string> = {
  python: 'python',
  js: 'javascript',
  java: 'java',
  cpp: 'cpp',
  go: 'go',
  rust: 'rust',
};

/** Set these to plug the worker's model review into `npx tsx bench/review-quixbugs.ts`. */
export let localReviewerFactory: ((modelPath: string) => Promise<ReviewFn>) | undefined;
export let cloudReviewerFactory: (() => Promise<ReviewFn>) | undefined;
/** A model server the user runs (Ollama, LM Studio, llama-server) at `url`, `model` or its first chat model. */
export let serverReviewerFactory: ((url: string, model?: string) => Promise<ReviewFn>) | undefined;
export function setReviewerFactories(factories: {
  local?: (modelPath: string) => Promise<ReviewFn>;
  cloud?: () => Promise<ReviewFn>;
  server?: (url: string, model?: string) => Promise<ReviewFn>;
}): void {
  if (factories.local) localReviewerFactory = factories.local;
  if (factories.cloud) cloudReviewerFactory = factories.cloud;
  if (factories.server) serverReviewerFactory = factories.server;
}

interface QuixBugsLocation {
  program: string;
  buggy_file: string;
  buggy_lines: number[];
}

export function loadQuixBugs(dir = path.join(EVALDATA, 'quixbugs')): BenchProgram[] {
  const locations = JSON.parse(fs.readFileSync(path.join(dir, 'bug_locations_python.derived.json'), 'utf8')) as QuixBugsLocation[];
  return locations.map((loc) => ({
    group: 'quixbugs-python',
    id: loc.program,
    languageId: 'python',
    code: fs.readFileSync(path.join(dir, loc.buggy_file), 'utf8'),
    bugLines: new Set(loc.buggy_lines),
  }));
}

interface HumanEvalPackRow {
  task_id: string;
  prompt: string;
  buggy_solution: string;
  canonical_solution: string;
}

/**
 * The reviewed program is the task's prompt (signature and docstring) followed by the buggy
 * solution, as a developer's file would read. Bug lines: lines of it that the canonical solution
 * removes or rewrites; where the fix only adds lines, the lines around the insertion.
 */
export function loadHumanEvalPack(languages: readonly string[], dir = path.join(EVALDATA, 'humanevalpack')): { programs: BenchProgram[]; skipped: number } {
  const programs: BenchProgram[] = [];
  let skipped = 0;
  for (const lang of languages) {
    const languageId = HUMANEVAL_LANGUAGES[lang];
    if (!languageId) throw new Error(`unknown HumanEvalPack language ${lang}; known: ${Object.keys(HUMANEVAL_LANGUAGES).join(', ')}`);
    const file = path.join(dir, `humanevalpack_${lang}.jsonl`);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as HumanEvalPackRow;
      const buggy = row.prompt + row.buggy_solution;
      const fixed = row.prompt + row.canonical_solution;
      const changed = changedLinesBetween(buggy, fixed);
      const bugLines = new Set([...changed.before, ...changed.insertionNeighbours]);
      if (bugLines.size === 0) {
        skipped++;
        continue;
      }
      programs.push({ group: `humanevalpack-${lang}`, id: row.task_id, languageId, code: buggy, bugLines });
    }
  }
  return { programs, skipped };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export interface RunTierOptions {
  signal?: AbortSignal;
  /** Where a failed review is reported; default stderr. */
  log?: (line: string) => void;
}

export async function runTier(tier: BenchTier, programs: readonly BenchProgram[], options: RunTierOptions = {}): Promise<GroupResult[]> {
  const { signal } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const groups = new Map<string, { times: number[]; found: number; other: number; withFindings: number; errors: number; byRule: GroupResult['byRule'] }>();
  for (const program of programs) {
    signal?.throwIfAborted();
    let g = groups.get(program.group);
    if (!g) groups.set(program.group, (g = { times: [], found: 0, other: 0, withFindings: 0, errors: 0, byRule: {} }));
    const start = performance.now();
    let findings: Finding[] = [];
    try {
      findings = await tier.review(program.code, program.languageId, signal);
    } catch (err) {
      g.errors++;
      log(`${tier.name}: ${program.group}/${program.id} failed: ${(err as Error).message}`);
    }
    g.times.push(performance.now() - start);
    let onBug = false;
    for (const f of findings) {
      const hit = touchesLines(f.line, f.endLine ?? f.line, program.bugLines);
      const key = f.rule ?? f.source;
      const counts = (g.byRule[key] ??= { onBug: 0, other: 0 });
      if (hit) {
        onBug = true;
        counts.onBug++;
      } else {
        g.other++;
        counts.other++;
      }
    }
    if (onBug) g.found++;
    if (findings.length > 0) g.withFindings++;
  }
  return [...groups.entries()].map(([group, g]) => {
    const sorted = [...g.times].sort((a, b) => a - b);
    const n = g.times.length;
    return {
      tier: tier.name,
      group,
      programs: n,
      found: g.found,
      recall: n ? g.found / n : 0,
      otherPerProgram: n ? g.other / n : 0,
      programsWithFindings: g.withFindings,
      msMean: n ? g.times.reduce((a, b) => a + b, 0) / n : 0,
      msP50: percentile(sorted, 0.5),
      msMax: sorted[n - 1] ?? 0,
      byRule: g.byRule,
      errors: g.errors,
    };
  });
}

/** Sums per-group results of one tier into an "all" row (time figures weighted by program count). */
export function totalRow(results: readonly GroupResult[]): GroupResult | undefined {
  if (results.length === 0) return undefined;
  const programs = results.reduce((a, r) => a + r.programs, 0);
  const found = results.reduce((a, r) => a + r.found, 0);
  const byRule: GroupResult['byRule'] = {};
  for (const r of results) {
    for (const [rule, c] of Object.entries(r.byRule)) {
      const t = (byRule[rule] ??= { onBug: 0, other: 0 });
      t.onBug += c.onBug;
      t.other += c.other;
    }
  }
  return {
    tier: results[0].tier,
    group: 'all',
    programs,
    found,
    recall: programs ? found / programs : 0,
    otherPerProgram: programs ? results.reduce((a, r) => a + r.otherPerProgram * r.programs, 0) / programs : 0,
    programsWithFindings: results.reduce((a, r) => a + r.programsWithFindings, 0),
    msMean: programs ? results.reduce((a, r) => a + r.msMean * r.programs, 0) / programs : 0,
    msP50: NaN,
    msMax: Math.max(...results.map((r) => r.msMax)),
    byRule,
    errors: results.reduce((a, r) => a + r.errors, 0),
  };
}

export function formatResults(results: readonly GroupResult[]): string {
  const header = ['tier', 'dataset', 'programs', 'bug-line recall', 'other-line findings/prog', 'progs w/ findings', 'ms/prog mean', 'p50', 'max', 'errors'];
  const rows = results.map((r) => [
    r.tier,
    r.group,
    String(r.programs),
    `${r.found}/${r.programs} (${(100 * r.recall).toFixed(1)}%)`,
    r.otherPerProgram.toFixed(3),
    String(r.programsWithFindings),
    r.msMean.toFixed(2),
    Number.isNaN(r.msP50) ? '-' : r.msP50.toFixed(2),
    r.msMax.toFixed(2),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(header), ...rows.map(fmt)].join('\n');
}

export function heuristicsTier(): BenchTier {
  return { name: 'heuristics', review: async (code, languageId) => runHeuristics(code, { languageId }) };
}

export interface BenchOptions {
  tiers: BenchTier[];
  programs: BenchProgram[];
  signal?: AbortSignal;
}

export async function runReviewBench(options: BenchOptions): Promise<GroupResult[]> {
  const all: GroupResult[] = [];
  for (const tier of options.tiers) {
    const groups = await runTier(tier, options.programs, options.signal ? { signal: options.signal } : {});
    all.push(...groups);
    const total = totalRow(groups);
    if (total && groups.length > 1) all.push(total);
  }
  return all;
}

interface CliArgs {
  tiers: string[];
  datasets: string[];
  langs: string[];
  limit?: number;
  json: boolean;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { tiers: ['all'], datasets: ['all'], langs: Object.keys(HUMANEVAL_LANGUAGES), json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--tier') args.tiers = value().split(',');
    else if (a === '--dataset') args.datasets = value().split(',');
    else if (a === '--langs') args.langs = value().split(',');
    else if (a === '--limit') args.limit = Number(value());
    else if (a === '--json') args.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const tiersModule = path.join(__dirname, 'review-tiers.ts');
  if (fs.existsSync(tiersModule)) await import(tiersModule);
  const wants = (tier: string): boolean => args.tiers.includes('all') || args.tiers.includes(tier);
  const wantsData = (d: string): boolean => args.datasets.includes('all') || args.datasets.includes(d);

  let programs: BenchProgram[] = [];
  if (wantsData('quixbugs')) programs.push(...loadQuixBugs());
  if (wantsData('humanevalpack')) {
    const loaded = loadHumanEvalPack(args.langs);
    programs.push(...loaded.programs);
    if (loaded.skipped) console.log(`humanevalpack: ${loaded.skipped} tasks skipped (buggy and canonical solutions identical)`);
  }
  if (args.limit !== undefined) {
    // The first N of each group, so every dataset stays represented.
    const perGroup = new Map<string, number>();
    programs = programs.filter((p) => {
      const n = perGroup.get(p.group) ?? 0;
      perGroup.set(p.group, n + 1);
      return n < args.limit!;
    });
  }

  const tiers: BenchTier[] = [];
  const skippedLines: string[] = [];
  if (wants('heuristics')) tiers.push(heuristicsTier());
  if (wants('local')) {
    const modelPath = process.env.LOCAL_FOCUS_REVIEW_MODEL;
    if (!modelPath) skippedLines.push('local: skipped (LOCAL_FOCUS_REVIEW_MODEL not set)');
    else if (!localReviewerFactory) skippedLines.push('local: skipped (no local reviewer is wired into this benchmark yet)');
    else tiers.push({ name: 'local', review: await localReviewerFactory(modelPath) });
  }
  if (wants('server')) {
    const url = process.env.LOCAL_FOCUS_REVIEW_SERVER;
    if (!url) skippedLines.push('server: skipped (LOCAL_FOCUS_REVIEW_SERVER not set, e.g. http://127.0.0.1:11434)');
    else if (!serverReviewerFactory) skippedLines.push('server: skipped (no server reviewer is wired into this benchmark yet)');
    else tiers.push({ name: 'server', review: await serverReviewerFactory(url, process.env.LOCAL_FOCUS_REVIEW_SERVER_MODEL || undefined) });
  }
  if (wants('cloud')) {
    if (!process.env.LOCAL_FOCUS_CLOUD_BASE_URL) skippedLines.push('cloud: skipped (LOCAL_FOCUS_CLOUD_BASE_URL not set)');
    else if (!cloudReviewerFactory) skippedLines.push('cloud: skipped (no cloud reviewer is wired into this benchmark yet)');
    else tiers.push({ name: 'cloud', review: await cloudReviewerFactory() });
  }

  const groupsSummary = [...new Set(programs.map((p) => p.group))].map((g) => `${g} ${programs.filter((p) => p.group === g).length}`);
  console.log(`programs: ${programs.length} (${groupsSummary.join(', ')})`);
  const results = await runReviewBench({ tiers, programs });
  if (args.json) {
    console.log(JSON.stringify({ results, skipped: skippedLines }, null, 2));
    return;
  }
  if (results.length > 0) console.log(formatResults(results));
  for (const tier of tiers) {
    const total = results.find((r) => r.tier === tier.name && r.group === 'all') ?? results.find((r) => r.tier === tier.name);
    if (!total) continue;
    const rules = Object.entries(total.byRule).sort((a, b) => b[1].onBug + b[1].other - (a[1].onBug + a[1].other));
    if (rules.length > 0) console.log(`${tier.name} findings by rule (on bug line / elsewhere): ${rules.map(([r, c]) => `${r} ${c.onBug}/${c.other}`).join(', ')}`);
  }
  for (const line of skippedLines) console.log(line);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exitCode = 1;
  });
}
