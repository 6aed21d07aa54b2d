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
// search (faster, and blind to comments). Target: `todos --json` within 1.5× Todo Tree's ripgrep,
// judged for each of the three listings below; the ratio to the fixed-string search is printed
// beside it. `--parse` and the full bundle
// (dist/cli.js, which the launcher skips for `todos`) are timed for comparison. So are Node's own
// start (`node -e ''`) and that start with the fast bundle loaded, and the scan's own time as the
// listing reports it (walk, reads, lexing): together they split the whole process into start,
// load, scan and the rest (the listing's printing).
//
// `local-focus todos` lists a folder with ripgrep choosing the files when it finds one
// (src/cli/todosByRipgrep.ts): `todos --json` is given the same ripgrep as the baselines, and
// `todos --json, own walk` is the listing without it (LOCAL_FOCUS_RIPGREP=off), as on a machine
// without ripgrep. `todos --json --record` keeps a record of the folder (size, times and TODOs of
// each file) and the next such listing reads only the files that changed, so it is timed twice:
// with the record the run before it left (a folder listed again), and as a first run, with none
// (the record is deleted before each run, outside the timing), where the walk stamps every file
// while ripgrep names the ones that hold a tag. All must list the same TODOs; the bench stops
// when they do not. The records live in a temporary LOCAL_FOCUS_HOME.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliTodoScansDir } from '../src/core/paths';
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
const TODOS_RECORD = '--record, listed again';
const TODOS_RECORD_FIRST = '--record, first run';
/** The listings the target is judged on. */
const JUDGED = [TODOS, TODOS_RECORD, TODOS_RECORD_FIRST];

interface Contender {
  name: string;
  command: string;
  args: string[];
  /** Exit codes that mean a completed run (ripgrep's 1 is "no match"). */
  ok: number[];
  env?: NodeJS.ProcessEnv;
  /** Runs before each timing, untimed. */
  before?: () => void;
}

function contenders(args: Args, home: string): Contender[] {
  const withRipgrep = { ...process.env, LOCAL_FOCUS_HOME: home, LOCAL_FOCUS_RIPGREP: args.rg };
  const todos = ['todos', args.tree.root, '--json', ...(args.tree.exclude.length ? ['--exclude', args.tree.exclude.join(',')] : [])];
  const deleteRecords = (): void => fs.rmSync(cliTodoScansDir({ LOCAL_FOCUS_HOME: home }), { recursive: true, force: true });
  return [
    { name: 'rg', command: args.rg, args: [...rgTodoArgs(), ...args.tree.rgRoots], ok: [0, 1] },
    { name: TODO_TREE, command: args.rg, args: [...rgTodoTreeArgs(), ...args.tree.rgRoots], ok: [0, 1] },
    { name: TODOS, command: process.execPath, args: [launcher, ...todos], ok: [0], env: withRipgrep },
    { name: TODOS_OWN_WALK, command: process.execPath, args: [launcher, ...todos], ok: [0], env: { ...withRipgrep, LOCAL_FOCUS_RIPGREP: 'off' } },
    { name: TODOS_RECORD_FIRST, command: process.execPath, args: [launcher, ...todos, '--record'], ok: [0], env: withRipgrep, before: deleteRecords },
    { name: TODOS_RECORD, command: process.execPath, args: [launcher, ...todos, '--record'], ok: [0], env: withRipgrep },
    { name: 'todos --json --parse', command: process.execPath, args: [launcher, ...todos, '--parse'], ok: [0], env: withRipgrep },
    { name: 'full bundle: todos --json', command: process.execPath, args: [fullCli, ...todos], ok: [0], env: withRipgrep },
    { name: 'node start', command: process.execPath, args: ['-e', ''], ok: [0] },
    { name: 'node start + bundle load', command: process.execPath, args: ['-e', `require(${JSON.stringify(fastBundle)})`], ok: [0] },
  ];
}

function timeContender(c: Contender): ProcessRun {
  c.before?.();
  return timeProcess(c.command, c.args, c.ok, c.env);
}

interface Listing {
  todos: unknown[];
  stats: { filesScanned: number; skippedBinary: number; ms: number; fromRecord?: number };
  listedBy?: string;
}

/** Stops the bench when two listings differ, ripgrep did not list the plain one, or the listing
 *  of a folder listed again took nothing from its record. */
function checkSameTodos(warm: Map<string, string>): void {
  const ownWalk = JSON.parse(warm.get(TODOS_OWN_WALK)!) as Listing;
  for (const name of JUDGED) {
    const listing = JSON.parse(warm.get(name)!) as Listing;
    if (JSON.stringify(listing.todos) !== JSON.stringify(ownWalk.todos)) throw new Error(`${name} and ${TODOS_OWN_WALK} list different TODOs`);
  }
  if ((JSON.parse(warm.get(TODOS)!) as Listing).listedBy !== 'ripgrep') throw new Error(`${TODOS} did not list with ripgrep`);
  if (!(JSON.parse(warm.get(TODOS_RECORD)!) as Listing).stats.fromRecord) throw new Error(`${TODOS_RECORD} took no file from the record`);
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

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-bench-todos-home-'));
  try {
    timeAll(args, contenders(args, home));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function timeAll(args: Args, all: Contender[]): void {
  const warm = new Map(all.map((c) => [c.name, timeContender(c).stdout]));
  checkSameTodos(warm);
  console.log(describeFiles(args, warm));
  console.log('with a record, without one, with ripgrep and without, todos lists the same TODOs: yes');
  const times = new Map<string, number[]>(all.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(all.map((c) => [c.name, []]));
  /** The scan's own time, as each listing reports it in its statistics. */
  const scanMs = new Map<string, number[]>([TODOS, TODOS_OWN_WALK, TODOS_RECORD, TODOS_RECORD_FIRST].map((name) => [name, []]));
  for (let r = 0; r < args.runs; r++) {
    for (const c of all) {
      const t = timeContender(c);
      times.get(c.name)!.push(t.ms);
      cpu.get(c.name)!.push(t.cpuMs);
      scanMs.get(c.name)?.push((JSON.parse(t.stdout) as Listing).stats.ms);
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
    const verdict = JUDGED.includes(c.name) ? `   target <= 1.5x Todo Tree's rg   ${ratio <= 1.5 ? 'PASS' : 'FAIL'}` : '';
    console.log(
      `${c.name.padEnd(27)} wall median ${ms.toFixed(0).padStart(5)} ms ${ratio.toFixed(2).padStart(5)}x TT-rg ${(ms / rgMs).toFixed(2).padStart(5)}x rg` +
        `   cpu ${cpuMs.toFixed(0).padStart(5)} ms ${(cpuMs / todoTreeCpu).toFixed(2).padStart(5)}x TT-rg ${(cpuMs / rgCpu).toFixed(2).padStart(5)}x rg${verdict}`,
    );
    console.log(`  wall runs [${times.get(c.name)!.map((x) => x.toFixed(0)).join(', ')}]`);
  }
  const start = median(times.get('node start')!);
  const load = median(times.get('node start + bundle load')!) - start;
  for (const [name, what] of [
    [TODOS, 'ripgrep, reads, lexing'],
    [TODOS_OWN_WALK, 'walk, reads, lexing'],
    [TODOS_RECORD, 'walk, stamps, reads of changed files'],
    [TODOS_RECORD_FIRST, 'walk, stamps, ripgrep, reads, lexing'],
  ] as const) {
    const scan = median(scanMs.get(name)!);
    const rest = median(times.get(name)!) - start - load - scan;
    console.log(`${name}, wall medians: node start ${start.toFixed(0)} ms, bundle load ${load.toFixed(0)} ms, scan (${what}) ${scan.toFixed(0)} ms, the rest (printing, exit) ${rest.toFixed(0)} ms`);
  }
}

main();
