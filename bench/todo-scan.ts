// Benchmark: full TODO scan of a real ~10k-file tree against ripgrep on the same files, same run,
// plus single-file re-scan latency.
//
//   npx tsx bench/todo-scan.ts [--root DIR ...] [--runs N] [--rg PATH]
//
// (bench/todos-cli.ts times the whole `local-focus todos` process against ripgrep's.)
//
// Default tree: the scoped packages of this repository's node_modules (node_modules/@*), about
// 11k real files of JavaScript, TypeScript, Markdown, C++ headers and more. ripgrep gets the same
// folders, the same file-type filter (globs built from our comment-syntax table), the same size
// limit, hidden files, no parent ignore files, the editor's default excludes (which the scan gets too, as
// the editor passes them), and the equivalent search: the tags as whole words,
// printed with file and line (`rg -w -F -n -e TODO -e FIXME ...`).
// Runs alternate (ours, rg, ours, rg, ...) after one warm-up each, and medians are compared.
// Targets: full scan ≤ 1.5× ripgrep; single-file re-scan p95 < 10 ms. ripgrep uses every core; the
// scan shares its reading with one helper thread (src/inference/scanHelper.ts; LOCAL_FOCUS_SCAN_THREADS=0
// runs it in one thread, for comparison).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TodoScanStats } from '../src/core/tasksProtocol';
import { EDITOR_DEFAULT_EXCLUDES } from '../src/core/todos/editorExcludes';
import { scanFile, scanTodos, type ScannedFile } from '../src/inference/todoScanner';
import { findRipgrep, median, rgBaseArgs, rgTodoArgs, ripgrepVersion } from './ripgrep';

interface Args {
  roots: string[];
  runs: number;
  rg: string;
}

function parseArgs(argv: string[]): Args {
  const roots: string[] = [];
  let runs = 5;
  let rg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--root') roots.push(path.resolve(argv[++i]!));
    else if (a === '--runs') runs = Math.max(1, Number(argv[++i]));
    else if (a === '--rg') rg = argv[++i]!;
    else throw new Error(`unknown argument ${a}`);
  }
  if (roots.length === 0) {
    const nm = path.resolve(__dirname, '..', 'node_modules');
    for (const name of fs.readdirSync(nm).sort()) if (name.startsWith('@')) roots.push(path.join(nm, name));
  }
  return { roots, runs, rg: findRipgrep(rg) };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function runOurs(roots: string[]): Promise<{ ms: number; files: ScannedFile[]; stats: TodoScanStats }> {
  const started = performance.now();
  const files: ScannedFile[] = [];
  const total: TodoScanStats = { filesScanned: 0, filesWithTodos: 0, todos: 0, skippedBinary: 0, skippedLarge: 0, skippedUnknown: 0, ignored: 0, ms: 0 };
  for (const root of roots) {
    const it = scanTodos(root, { exclude: EDITOR_DEFAULT_EXCLUDES });
    for (;;) {
      const r = await it.next();
      if (r.done) {
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r.value[k] ?? 0;
        break;
      }
      files.push(r.value);
    }
  }
  return { ms: performance.now() - started, files, stats: total };
}

function runRg(rg: string, roots: string[]): { ms: number; filesWithMatches: number } {
  const started = performance.now();
  let out = '';
  try {
    out = execFileSync(rg, [...rgTodoArgs(), ...roots], {
      maxBuffer: 1 << 28,
    }).toString();
  } catch (err) {
    // Exit code 1 means "no match", which is still a completed search.
    const e = err as { status?: number; stdout?: Buffer };
    if (e.status !== 1) throw err;
    out = e.stdout?.toString() ?? '';
  }
  const ms = performance.now() - started;
  const files = new Set<string>();
  for (const line of out.split('\n')) if (line) files.add(line.slice(0, line.indexOf(':')));
  return { ms, filesWithMatches: files.size };
}

function rgFileCount(rg: string, roots: string[]): number {
  const out = execFileSync(rg, [...rgBaseArgs(), '--files', ...roots], { maxBuffer: 1 << 28 }).toString();
  return out.trim().split('\n').length;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rgVersion = ripgrepVersion(args.rg);
  console.log(`tree: ${args.roots.length} folders under ${path.dirname(args.roots[0]!)}; ${rgVersion}; runs: ${args.runs}`);
  // Both sides share the machine: a busy machine slows ripgrep's threads and ours (the scan and its helper thread) differently.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // Warm-up: fills the page cache and the JIT for both sides.
  const warm = await runOurs(args.roots);
  runRg(args.rg, args.roots);
  const rgFiles = rgFileCount(args.rg, args.roots);
  const oursFiles = warm.stats.filesScanned + warm.stats.skippedBinary;
  console.log(
    `files: ours read ${oursFiles} (+${warm.stats.skippedLarge} over 1 MiB skipped, ${warm.stats.skippedUnknown} of unknown type not read), ripgrep would search ${rgFiles}`,
  );

  const ours: number[] = [];
  const theirs: number[] = [];
  let rgMatches = 0;
  for (let r = 0; r < args.runs; r++) {
    ours.push((await runOurs(args.roots)).ms);
    const rg = runRg(args.rg, args.roots);
    theirs.push(rg.ms);
    rgMatches = rg.filesWithMatches;
  }
  const oursMs = median(ours);
  const rgMs = median(theirs);
  const ratio = oursMs / rgMs;
  console.log(`TODOs in comments: ${warm.stats.todos} in ${warm.stats.filesWithTodos} files (ripgrep: pattern anywhere in ${rgMatches} files)`);
  console.log(`full scan  ours ${oursMs.toFixed(0)} ms   ripgrep ${rgMs.toFixed(0)} ms   ratio ${ratio.toFixed(2)}x   target <= 1.5x   ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`);
  console.log(`  runs ours [${ours.map((x) => x.toFixed(0)).join(', ')}]  rg [${theirs.map((x) => x.toFixed(0)).join(', ')}]`);

  // Re-scan after save: every file with TODOs plus as many without, read from disk each time.
  const withTodos = warm.files.map((f) => f.absPath);
  const sample = [...withTodos];
  const it = scanTodos(args.roots[0]!, { yieldEmpty: true, exclude: EDITOR_DEFAULT_EXCLUDES });
  for (;;) {
    const r = await it.next();
    if (r.done || sample.length >= withTodos.length * 2) break;
    if (r.value.todos.length === 0) sample.push(r.value.absPath);
  }
  const perFile: number[] = [];
  for (const file of sample) {
    const t = performance.now();
    await scanFile(file);
    perFile.push(performance.now() - t);
  }
  const p50 = percentile(perFile, 50);
  const p95 = percentile(perFile, 95);
  console.log(
    `re-scan one file (${perFile.length} files, from disk)  p50 ${p50.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   max ${Math.max(...perFile).toFixed(2)} ms   target p95 < 10 ms   ${p95 < 10 ? 'PASS' : 'FAIL'}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
