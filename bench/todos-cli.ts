// Benchmark: `local-focus todos` as a whole process (node's start, the bundle's load, the scan,
// the printing) against ripgrep as a whole process with the equivalent search, same run.
//
//   npm run build && npx tsx bench/todos-cli.ts [--root DIR] [--runs N] [--rg PATH]
//
// Default tree: bench/benchTree.ts's (node_modules/@*, ~11k files); ripgrep searches the same
// folders with bench/ripgrep.ts's filters, the editor's default excludes and the tags. Each round runs
// every command line once, in turn (alternating with ripgrep), after one warm-up of each; medians
// are compared. Two ripgrep baselines: Todo Tree's (its default regex: tags after a comment
// marker, the one issue 13 measured against and set the target on) and a fixed-string word
// search (faster, and blind to comments). Target: `todos --json` within 1.5× Todo Tree's ripgrep;
// the ratio to the fixed-string search is printed beside it. `--parse` and the full bundle
// (dist/cli.js, which the launcher skips for `todos`) are timed for comparison. So are Node's own
// start (`node -e ''`) and that start with the fast bundle loaded, and the scan's own time as the
// listing reports it (walk, reads, lexing): together they split the whole process into start,
// load, scan and the rest (the listing's printing).
//
// `local-focus todos` lists a folder with ripgrep choosing the files when it finds one
// (src/cli/todosByRipgrep.ts): `todos --json` is given the same ripgrep as the baselines, and
// `todos --json, own walk` is the listing without it (LOCAL_FOCUS_RIPGREP=off), as on a machine
// without ripgrep. Both must list the same TODOs; the bench stops when they do not.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTreeArgs, type TreeArgs } from './benchTree';
import { median, rgBaseArgs, rgTodoArgs, rgTodoTreeArgs, ripgrepVersion, timeProcess, type ProcessRun } from './ripgrep';

const repo = path.resolve(__dirname, '..');
const launcher = path.join(repo, 'bin', 'local-focus.js');
const fullCli = path.join(repo, 'dist', 'cli.js');
const fastBundle = path.join(repo, 'dist', 'cliTodos.js');

type Args = TreeArgs;

/** ripgrep with Todo Tree's default pattern: the baseline of the target. */
const TODO_TREE = 'rg, Todo Tree pattern';
const TODOS = 'todos --json';
const TODOS_OWN_WALK = 'todos --json, own walk';

interface Contender {
  name: string;
  command: string;
  args: string[];
  /** Exit codes that mean a completed run (ripgrep's 1 is "no match"). */
  ok: number[];
  env?: NodeJS.ProcessEnv;
}

function contenders(args: Args): Contender[] {
  const withRipgrep = { ...process.env, LOCAL_FOCUS_RIPGREP: args.rg };
  const todos = ['todos', args.tree.root, '--json', ...(args.tree.exclude.length ? ['--exclude', args.tree.exclude.join(',')] : [])];
  return [
    { name: 'rg', command: args.rg, args: [...rgTodoArgs(), ...args.tree.rgRoots], ok: [0, 1] },
    { name: TODO_TREE, command: args.rg, args: [...rgTodoTreeArgs(), ...args.tree.rgRoots], ok: [0, 1] },
    { name: TODOS, command: process.execPath, args: [launcher, ...todos], ok: [0], env: withRipgrep },
    { name: TODOS_OWN_WALK, command: process.execPath, args: [launcher, ...todos], ok: [0], env: { ...process.env, LOCAL_FOCUS_RIPGREP: 'off' } },
    { name: 'todos --json --parse', command: process.execPath, args: [launcher, ...todos, '--parse'], ok: [0], env: withRipgrep },
    { name: 'full bundle: todos --json', command: process.execPath, args: [fullCli, ...todos], ok: [0], env: withRipgrep },
    { name: 'node start', command: process.execPath, args: ['-e', ''], ok: [0] },
    { name: 'node start + bundle load', command: process.execPath, args: ['-e', `require(${JSON.stringify(fastBundle)})`], ok: [0] },
  ];
}

function timeContender(c: Contender): ProcessRun {
  return timeProcess(c.command, c.args, c.ok, c.env);
}

interface Listing {
  todos: unknown[];
  stats: { filesScanned: number; skippedBinary: number; ms: number };
  listedBy?: string;
}

/** Stops the bench when the listing with ripgrep and the one without differ, or ripgrep was not used. */
function checkSameTodos(warm: Map<string, string>): void {
  const byRipgrep = JSON.parse(warm.get(TODOS)!) as Listing;
  const ownWalk = JSON.parse(warm.get(TODOS_OWN_WALK)!) as Listing;
  if (byRipgrep.listedBy !== 'ripgrep') throw new Error(`${TODOS} did not list with ripgrep`);
  if (JSON.stringify(byRipgrep.todos) !== JSON.stringify(ownWalk.todos)) throw new Error(`${TODOS} and ${TODOS_OWN_WALK} list different TODOs`);
}

function describeFiles(args: Args, warm: Map<string, string>): string {
  const listing = JSON.parse(warm.get(TODOS_OWN_WALK)!) as Listing;
  const rgList = spawnSync(args.rg, [...rgBaseArgs(), '--files', ...args.tree.rgRoots], { maxBuffer: 1 << 28, encoding: 'utf8' }).stdout;
  const rgMatches = new Set(warm.get('rg')!.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf(':')))).size;
  return (
    `files: todos read ${listing.stats.filesScanned + listing.stats.skippedBinary}, ripgrep would search ${rgList.trim().split('\n').length}; ` +
    `${listing.todos.length} TODOs in comments, ripgrep matched the tags anywhere in ${rgMatches} files`
  );
}

function main(): void {
  const args = parseTreeArgs(process.argv.slice(2), 7);
  if (!fs.existsSync(fullCli) || !fs.existsSync(fastBundle)) throw new Error('dist/ is not built: run npm run build first');
  console.log(`tree: ${args.tree.rgRoots.length} folders (${args.tree.root}); ${ripgrepVersion(args.rg)}; runs: ${args.runs}`);
  // Both sides share the machine: on a busy one, ripgrep's threads and ours slow down differently.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const all = contenders(args);
  const warm = new Map(all.map((c) => [c.name, timeContender(c).stdout]));
  checkSameTodos(warm);
  console.log(describeFiles(args, warm));
  console.log('with ripgrep and without, todos lists the same TODOs: yes');
  const times = new Map<string, number[]>(all.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(all.map((c) => [c.name, []]));
  /** The scan's own time, as `todos --json` reports it in its statistics. */
  const scanMs: number[] = [];
  const ownScanMs: number[] = [];
  for (let r = 0; r < args.runs; r++) {
    for (const c of all) {
      const t = timeContender(c);
      times.get(c.name)!.push(t.ms);
      cpu.get(c.name)!.push(t.cpuMs);
      if (c.name === TODOS) scanMs.push((JSON.parse(t.stdout) as Listing).stats.ms);
      if (c.name === TODOS_OWN_WALK) ownScanMs.push((JSON.parse(t.stdout) as Listing).stats.ms);
    }
  }

  // Wall time is the target; CPU time (user + system, all threads) is steadier on a busy machine.
  const rgMs = median(times.get('rg')!);
  const rgCpu = median(cpu.get('rg')!);
  const todoTreeMs = median(times.get(TODO_TREE)!);
  const todoTreeCpu = median(cpu.get(TODO_TREE)!);
  for (const c of all) {
    const ms = median(times.get(c.name)!);
    const cpuMs = median(cpu.get(c.name)!);
    const ratio = ms / todoTreeMs;
    const verdict = c.name === TODOS ? `   target <= 1.5x Todo Tree's rg   ${ratio <= 1.5 ? 'PASS' : 'FAIL'}` : '';
    console.log(
      `${c.name.padEnd(26)} wall median ${ms.toFixed(0).padStart(5)} ms ${ratio.toFixed(2).padStart(5)}x TT-rg ${(ms / rgMs).toFixed(2).padStart(5)}x rg` +
        `   cpu ${cpuMs.toFixed(0).padStart(5)} ms ${(cpuMs / todoTreeCpu).toFixed(2).padStart(5)}x TT-rg ${(cpuMs / rgCpu).toFixed(2).padStart(5)}x rg${verdict}`,
    );
    console.log(`  wall runs [${times.get(c.name)!.map((x) => x.toFixed(0)).join(', ')}]`);
  }
  const start = median(times.get('node start')!);
  const load = median(times.get('node start + bundle load')!) - start;
  for (const [name, scans, what] of [
    [TODOS, scanMs, 'ripgrep, reads, lexing'],
    [TODOS_OWN_WALK, ownScanMs, 'walk, reads, lexing'],
  ] as const) {
    const scan = median(scans);
    const rest = median(times.get(name)!) - start - load - scan;
    console.log(`${name}, wall medians: node start ${start.toFixed(0)} ms, bundle load ${load.toFixed(0)} ms, scan (${what}) ${scan.toFixed(0)} ms, the rest (printing, exit) ${rest.toFixed(0)} ms`);
  }
}

main();
