// The set-up of the bad-input files (test/integration/badInput.test.ts, and its large inputs in
// test/stress/badInput.stress.ts): one real worker in Local only for the whole file, and the rule
// checked after every test that no input is designed to restart it: it never went down and the
// worker that started still serves. Each case is timed with the worker's peak RSS growth
// (workerMemory.ts) and printed, and the lines are summed up after the file's tests. The CLI runs
// against the same LOCAL_FOCUS_HOME, where a terminal is how a user meets the input.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ModelPaths } from '../../src/core/protocol';
import { startRealWorker, type RealWorker } from './realWorker';
import { repoRoot } from './sharedModels.cjs';
import { measureWorker, MiB, type Measured } from './workerMemory';

const cliPath = path.join(repoRoot, 'bin', 'local-focus.js');
const run = promisify(execFile);

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface BadInputWorker {
  /** The worker of this file; there from its first `before` hook on. */
  readonly worker: RealWorker;
  readonly home: string;
  /** The lines printed after the file's tests. */
  readonly report: string[];
  /** Runs one case, timed, with the worker's peak RSS growth; prints and keeps the line. */
  measure<T>(label: string, fn: () => Promise<T>): Promise<Measured<T>>;
  /** bin/local-focus.js with `args` in Local only, in `cwd` (the home by default). */
  cli(args: string[], cwd?: string): Promise<CliRun>;
}

/** Registers the file's hooks; call it inside its `describe`. */
export function useBadInputWorker(opts: { homePrefix: string; models: ModelPaths; summaryTitle: string }): BadInputWorker {
  let current: RealWorker | undefined;
  let firstPid: number | undefined;
  const report: string[] = [];
  const session: BadInputWorker = {
    get worker(): RealWorker {
      assert.ok(current, 'the worker starts in the before hook');
      return current;
    },
    get home(): string {
      return session.worker.home;
    },
    report,
    async measure(label, fn) {
      const m = await measureWorker(session.worker.client.pid!, label, fn);
      report.push(m.line);
      console.log(`      ${m.line}`);
      return m;
    },
    cli: (args, cwd) => runCli(args, session.home, cwd ?? session.home),
  };

  before(async function () {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), opts.homePrefix));
    current = await startRealWorker({ home, config: { mode: 'localOnly', models: opts.models }, backoff: { initialMs: 100, maxMs: 1_000 } });
    firstPid = current.client.pid;
  });

  afterEach(function () {
    assert.deepEqual(session.worker.downs, [], 'the worker never went down');
    assert.equal(session.worker.client.pid, firstPid, 'the worker that started still serves (no restart)');
    assert.equal(session.worker.client.currentState, 'running');
  });

  after(async function () {
    await current?.stop();
    console.log(`    ${opts.summaryTitle}:\n${report.map((l) => `      ${l}`).join('\n')}`);
    if (current) fs.rmSync(current.home, { recursive: true, force: true });
  });

  return session;
}

async function runCli(args: string[], home: string, cwd: string): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], {
      cwd,
      env: { ...process.env, LOCAL_FOCUS_HOME: home, LOCAL_FOCUS_MODE: 'localOnly', NO_COLOR: '1' },
      maxBuffer: 256 * MiB,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}
