// Benchmark: `local-focus todos` as a whole process (node's start, the bundle's load, the scan,
// the printing) against ripgrep as a whole process with the equivalent search, same run.
//
//   npm run build && npx tsx bench/todos-cli.ts [--root DIR] [--runs N] [--rg PATH]
//
// Default tree: this repository's node_modules with every unscoped package excluded, so the CLI
// (which takes one folder) reads the same ~11k files of node_modules/@* as bench/todo-scan.ts;
// ripgrep searches those @* folders with bench/ripgrep.ts's filters and tags. Each round runs
// every command line once, in turn (alternating with ripgrep), after one warm-up of each; medians
// are compared. Target: `todos --json` within 1.5× ripgrep. `--parse` and the full bundle
// (dist/cli.js, which the launcher skips for `todos`) are timed for comparison.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRipgrep, median, rgBaseArgs, rgTodoArgs, ripgrepVersion } from './ripgrep';

const repo = path.resolve(__dirname, '..');
const launcher = path.join(repo, 'bin', 'local-focus.js');
const fullCli = path.join(repo, 'dist', 'cli.js');

interface Tree {
  /** The folder the CLI scans, with its --exclude globs. */
  cliRoot: string;
  exclude: string[];
  /** The folders ripgrep searches: the same files. */
  rgRoots: string[];
}

interface Args {
  tree: Tree;
  runs: number;
  rg: string;
}

function defaultTree(): Tree {
  const nm = path.join(repo, 'node_modules');
  const names = fs.readdirSync(nm).sort();
  return {
    cliRoot: nm,
    exclude: names.filter((n) => !n.startsWith('@')),
    rgRoots: names.filter((n) => n.startsWith('@')).map((n) => path.join(nm, n)),
  };
}

function parseArgs(argv: string[]): Args {
  let tree: Tree | undefined;
  let runs = 7;
  let rg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--root') {
      const root = path.resolve(argv[++i]!);
      tree = { cliRoot: root, exclude: [], rgRoots: [root] };
    } else if (a === '--runs') runs = Math.max(1, Number(argv[++i]));
    else if (a === '--rg') rg = argv[++i]!;
    else throw new Error(`unknown argument ${a}`);
  }
  return { tree: tree ?? defaultTree(), runs, rg: findRipgrep(rg) };
}

interface Contender {
  name: string;
  command: string;
  args: string[];
  /** Exit codes that mean a completed run (ripgrep's 1 is "no match"). */
  ok: number[];
}

function contenders(args: Args): Contender[] {
  const todos = ['todos', args.tree.cliRoot, '--json', ...(args.tree.exclude.length ? ['--exclude', args.tree.exclude.join(',')] : [])];
  return [
    { name: 'rg', command: args.rg, args: [...rgTodoArgs(), ...args.tree.rgRoots], ok: [0, 1] },
    { name: 'todos --json', command: process.execPath, args: [launcher, ...todos], ok: [0] },
    { name: 'todos --json --parse', command: process.execPath, args: [launcher, ...todos, '--parse'], ok: [0] },
    { name: 'full bundle: todos --json', command: process.execPath, args: [fullCli, ...todos], ok: [0] },
  ];
}

/** CPU time of this process's waited-for children so far (Linux; 10 ms ticks), 0 elsewhere. */
function childrenCpuMs(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** Runs one whole process to its end, output read through a pipe; returns its wall and CPU time. */
function timeProcess(c: Contender): { ms: number; cpuMs: number; stdout: string } {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const r = spawnSync(c.command, c.args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.error || !c.ok.includes(r.status ?? -1)) throw new Error(`${c.name} failed (exit ${r.status}): ${r.error?.message ?? r.stderr.slice(0, 500)}`);
  return { ms, cpuMs: childrenCpuMs() - cpuBefore, stdout: r.stdout };
}

function describeFiles(args: Args, warm: Map<string, string>): string {
  const listing = JSON.parse(warm.get('todos --json')!) as { todos: unknown[]; stats: { filesScanned: number; skippedBinary: number } };
  const rgList = spawnSync(args.rg, [...rgBaseArgs(), '--files', ...args.tree.rgRoots], { maxBuffer: 1 << 28, encoding: 'utf8' }).stdout;
  const rgMatches = new Set(warm.get('rg')!.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf(':')))).size;
  return (
    `files: todos read ${listing.stats.filesScanned + listing.stats.skippedBinary}, ripgrep would search ${rgList.trim().split('\n').length}; ` +
    `${listing.todos.length} TODOs in comments, ripgrep matched the tags anywhere in ${rgMatches} files`
  );
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(fullCli) || !fs.existsSync(path.join(repo, 'dist', 'cliTodos.js'))) throw new Error('dist/ is not built: run npm run build first');
  console.log(`tree: ${args.tree.rgRoots.length} folders (${args.tree.cliRoot}); ${ripgrepVersion(args.rg)}; runs: ${args.runs}`);
  // Both sides share the machine: on a busy one, ripgrep's threads and ours slow down differently.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const all = contenders(args);
  const warm = new Map(all.map((c) => [c.name, timeProcess(c).stdout]));
  console.log(describeFiles(args, warm));
  const times = new Map<string, number[]>(all.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(all.map((c) => [c.name, []]));
  for (let r = 0; r < args.runs; r++) {
    for (const c of all) {
      const t = timeProcess(c);
      times.get(c.name)!.push(t.ms);
      cpu.get(c.name)!.push(t.cpuMs);
    }
  }

  // Wall time is the target; CPU time (user + system, all threads) is steadier on a busy machine.
  const rgMs = median(times.get('rg')!);
  const rgCpu = median(cpu.get('rg')!);
  for (const c of all) {
    const ms = median(times.get(c.name)!);
    const cpuMs = median(cpu.get(c.name)!);
    const ratio = ms / rgMs;
    const verdict = c.name === 'todos --json' ? `   target <= 1.5x   ${ratio <= 1.5 ? 'PASS' : 'FAIL'}` : '';
    console.log(`${c.name.padEnd(26)} wall median ${ms.toFixed(0).padStart(5)} ms ${ratio.toFixed(2).padStart(5)}x rg   cpu ${cpuMs.toFixed(0).padStart(5)} ms ${(cpuMs / rgCpu).toFixed(2).padStart(5)}x rg${verdict}`);
    console.log(`  wall runs [${times.get(c.name)!.map((x) => x.toFixed(0)).join(', ')}]`);
  }
}

main();
