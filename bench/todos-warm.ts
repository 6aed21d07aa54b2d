// Benchmark: the editor's workspace TODO scan after a restart, against ripgrep, same run.
//
//   npm run build && npx tsx bench/todos-warm.ts [--root DIR] [--runs N] [--rg PATH]
//
// The scan is the worker's `todos/scan` as the editor sends it (streamed batches, the editor's
// default excludes), timed from the request to its answer in a freshly started worker
// (dist/worker.js through WorkerClient, the first request it serves, as after a restart, sent
// 800 ms after the start as the editor sends it):
//   - warm: the folder's scan record exists and the tree is unchanged since it was written;
//   - cold: no record (the first scan ever, or after the record was deleted).
// The same two are also timed in this process, where the code is already compiled by the JIT,
// which a restarted worker's first scan is not. ripgrep searches the same files for the same
// tags (bench/ripgrep.ts), as a whole process. Each round runs ripgrep, then each scan, after one
// warm-up of each; medians are compared. Target: the warm scan in a fresh worker ≤ 0.3× ripgrep.
// Also timed: in the warm fresh worker, the request to the record's TODOs, which the worker sends
// before it scans and the TODOs view shows at once ("record shown"); the scan's answer corrects them.
// Default tree: bench/benchTree.ts's (node_modules/@*, ~11k files).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProgressParams } from '../src/core/protocol';
import { isTodoFilesPartial, isTodoRecordedPartial, type TodoScanParams, type TodoScanResult } from '../src/core/tasksProtocol';
import { EDITOR_DEFAULT_EXCLUDES } from '../src/core/todos/editorExcludes';
import { scanWorkspaceTodos, type ScanRecordUse } from '../src/inference/features/todoScan';
import { ScanRecordFiles } from '../src/inference/scanRecordFiles';
import { startRealWorker } from '../test/support/realWorker';
import { parseTreeArgs, type BenchTree } from './benchTree';
import { median, rgTodoArgs, ripgrepVersion, timeProcess } from './ripgrep';

interface Timed {
  ms: number;
  /** From the request to the record's TODOs (the view's first picture); only a warm fresh worker. */
  recordShownMs?: number;
  /** User + system time of the process that scanned, all its threads, during the scan. */
  cpuMs: number;
  result: TodoScanResult;
}

/** CPU time a process has used so far (Linux; 10 ms ticks), 0 elsewhere. */
function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function ownCpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** The scan's answer and what it streamed ahead of it, as one comparable list of TODOs. */
function todoLines(streamed: TodoScanResult['files']): string[] {
  return streamed.flatMap((f) => f.todos.map((t) => `${f.path}:${t.line}:${t.column} ${t.tag} ${t.text}`));
}

class Scans {
  private readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-bench-warm-'));
  private readonly inProcess: ScanRecordUse = { files: new ScanRecordFiles(path.join(this.home, 'todo-scans'), (level, message) => console.error(`${level}: ${message}`)) };
  private readonly params: TodoScanParams;
  /** TODO lines of the last scan of each kind, to check that all kinds find the same. */
  readonly found = new Map<string, string[]>();
  /** The worker's own line about its last scan of each kind: its scan time and the record's read. */
  readonly workerSaid = new Map<string, string>();

  constructor(tree: BenchTree) {
    this.params = { root: tree.root, requestId: 'bench', exclude: [...EDITOR_DEFAULT_EXCLUDES, ...tree.exclude] };
  }

  forgetRecord(): void {
    fs.rmSync(this.inProcess.files.fileFor(this.params.root), { force: true });
  }

  /** The scan in this process, its record written before the next scan. */
  async here(kind: string): Promise<Timed> {
    const streamed: TodoScanResult['files'] = [];
    const cpuBefore = ownCpuMs();
    const started = performance.now();
    const result = await scanWorkspaceTodos(this.params, new AbortController().signal, (p) => isTodoFilesPartial(p.partial) && streamed.push(...p.partial.files), this.inProcess);
    const ms = performance.now() - started;
    const cpuMs = ownCpuMs() - cpuBefore;
    await this.inProcess.files.idle();
    this.found.set(kind, todoLines(streamed));
    return { ms, cpuMs, result };
  }

  /** The first scan of a freshly started worker that shares this process's record folder, sent
   *  as late after the start as the editor sends its first one. */
  async freshWorker(kind: string): Promise<Timed> {
    const streamed: TodoScanResult['files'] = [];
    let recordShownAt: number | undefined;
    const onProgress = (p: ProgressParams): void => {
      if (isTodoFilesPartial(p.partial)) streamed.push(...p.partial.files);
      else if (isTodoRecordedPartial(p.partial)) recordShownAt = performance.now();
    };
    const worker = await startRealWorker({ home: this.home, onProgress });
    try {
      await new Promise((resolve) => setTimeout(resolve, EDITOR_FIRST_SCAN_DELAY_MS));
      const pid = worker.client.pid ?? -1;
      const cpuBefore = processCpuMs(pid);
      const started = performance.now();
      const result = await worker.client.request('todos/scan', this.params);
      const ms = performance.now() - started;
      const cpuMs = processCpuMs(pid) - cpuBefore;
      this.found.set(kind, todoLines(streamed));
      const said = worker.logs.filter((l) => l.includes('TODO scan of')).at(-1);
      if (said) this.workerSaid.set(kind, said.replace(/.*TODO scan of [^:]*: /, ''));
      await this.recordWritten();
      return { ms, cpuMs, result, ...(recordShownAt !== undefined ? { recordShownMs: recordShownAt - started } : {}) };
    } finally {
      await worker.stop();
    }
  }

  /** The worker writes its record after answering; a stop at once could cut the write short. */
  private async recordWritten(): Promise<void> {
    const file = this.inProcess.files.fileFor(this.params.root);
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`the worker wrote no record at ${file}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  dispose(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/** How long after the worker's start the editor sends its first scan (todoScanScheduler.ts's
 *  FIRST_SCAN_DELAY_MS): the worker's own start-up work is done by then. */
const EDITOR_FIRST_SCAN_DELAY_MS = 800;

const KINDS = ['fresh worker, warm', 'fresh worker, cold', 'in process, warm', 'in process, cold'] as const;
type Kind = (typeof KINDS)[number];

async function runKind(scans: Scans, kind: Kind): Promise<Timed> {
  if (kind.endsWith('cold')) scans.forgetRecord();
  const timed = kind.startsWith('fresh') ? await scans.freshWorker(kind) : await scans.here(kind);
  const reused = timed.result.stats.fromRecord ?? 0;
  if (kind.endsWith('warm') && reused === 0) throw new Error(`${kind}: no file came from the record`);
  return timed;
}

async function main(): Promise<void> {
  const args = parseTreeArgs(process.argv.slice(2), 5);
  console.log(`tree: ${args.tree.root} (${args.tree.rgRoots.length} folders for ripgrep); ${ripgrepVersion(args.rg)}; runs: ${args.runs}`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const scans = new Scans(args.tree);
  const rgArgs = [...rgTodoArgs(), ...args.tree.rgRoots];
  try {
    timeProcess(args.rg, rgArgs, [0, 1]);
    for (const kind of [...KINDS].reverse()) await runKind(scans, kind); // cold first: the warm ones need its record
    const times = new Map<string, number[]>([['rg', []], ...KINDS.map((k) => [k, []] as [string, number[]])]);
    const recordShown: number[] = [];
    const cpu = new Map<string, number[]>([['rg', []], ...KINDS.map((k) => [k, []] as [string, number[]])]);
    let last: TodoScanResult | undefined;
    for (let r = 0; r < args.runs; r++) {
      const rg = timeProcess(args.rg, rgArgs, [0, 1]);
      times.get('rg')!.push(rg.ms);
      cpu.get('rg')!.push(rg.cpuMs);
      for (const kind of [...KINDS].reverse()) {
        const timed = await runKind(scans, kind);
        times.get(kind)!.push(timed.ms);
        cpu.get(kind)!.push(timed.cpuMs);
        if (kind === 'fresh worker, warm') {
          last = timed.result;
          if (timed.recordShownMs === undefined) throw new Error(`${kind}: the worker sent no record TODOs before its scan`);
          recordShown.push(timed.recordShownMs);
        }
      }
    }
    const reference = scans.found.get('in process, cold')!;
    const same = KINDS.every((k) => JSON.stringify(scans.found.get(k)) === JSON.stringify(reference));
    console.log(`files: ${last!.stats.filesScanned} scanned, ${last!.stats.fromRecord} of them from the record; ${reference.length} TODOs; every scan found the same: ${same ? 'yes' : 'NO'}`);
    // Wall time is the target; CPU time (user + system, all threads) is steadier on a busy machine.
    const rgMs = median(times.get('rg')!);
    const rgCpu = median(cpu.get('rg')!);
    console.log(`${'ripgrep'.padEnd(20)} median ${rgMs.toFixed(0).padStart(5)} ms         cpu ${rgCpu.toFixed(0).padStart(5)} ms         runs [${times.get('rg')!.map((x) => x.toFixed(0)).join(', ')}]`);
    for (const kind of KINDS) {
      const ms = median(times.get(kind)!);
      const cpuMs = median(cpu.get(kind)!);
      const verdict = kind === 'fresh worker, warm' ? `   target <= 0.3x   ${ms / rgMs <= 0.3 ? 'PASS' : 'FAIL'}` : '';
      const ratios = `${(ms / rgMs).toFixed(2).padStart(5)}x rg   cpu ${cpuMs.toFixed(0).padStart(5)} ms ${(cpuMs / rgCpu).toFixed(2).padStart(5)}x rg`;
      console.log(`${kind.padEnd(20)} median ${ms.toFixed(0).padStart(5)} ms ${ratios}   runs [${times.get(kind)!.map((x) => x.toFixed(0)).join(', ')}]${verdict}`);
    }
    // What the TODOs view shows first after a restart: the record's TODOs, before the scan checks them.
    const shownMs = median(recordShown);
    console.log(
      `${'record shown (warm)'.padEnd(20)} median ${shownMs.toFixed(0).padStart(5)} ms ${(shownMs / rgMs).toFixed(2).padStart(5)}x rg   the view's first picture in a fresh worker   runs [${recordShown.map((x) => x.toFixed(0)).join(', ')}]   target <= 0.3x   ${shownMs / rgMs <= 0.3 ? 'PASS' : 'FAIL'}`,
    );
    for (const [kind, said] of scans.workerSaid) console.log(`${kind}, last run, as the worker logged it: ${said}`);
    if (!same) process.exitCode = 1;
  } finally {
    scans.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
