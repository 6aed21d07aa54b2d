// The kill test of test/integration/workerFaults.test.ts and test/stress/workerFaults.stress.ts: one
// run of workerFaults.harness.ts with each tier's counts. Every kill is followed by a restart within
// the limit, the user is told once per outage, no captured task is lost, and the notes index
// answers after each restart and completes at the end. A fresh seed each run, printed;
// LOCAL_FOCUS_FAULT_SEED=<seed> repeats one, LOCAL_FOCUS_FAULT_VERBOSE=1 prints a line per kill.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ACTIVITIES, assertPrerequisites, formatWorkerFaultReport, runWorkerFaults, type WorkerFaultOptions } from './workerFaults.harness';

export type WorkerFaultCounts = Pick<WorkerFaultOptions, 'kills' | 'initialNotes' | 'notesPerCycle' | 'newOutageAfter'>;

/** Registers the kill test and its folder's hooks in the calling `describe`. */
export function itSurvivesWorkerKills(counts: WorkerFaultCounts): void {
  const kills = ACTIVITIES.reduce((n, a) => n + counts.kills[a], 0);
  const outages = 1 + (counts.newOutageAfter?.length ?? 0);
  let dir: string;

  before(function () {
    assertPrerequisites();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-worker-faults-'));
  });

  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${kills} kills: each restart within 2 s (or three starts on a busy machine), ${outages} outage(s) with one message each, no task lost, the index answers and completes`, async function () {
    const seed = Number(process.env.LOCAL_FOCUS_FAULT_SEED) || (Date.now() & 0xffffff);
    const report = await runWorkerFaults({
      ...counts,
      seed,
      dir,
      ...(process.env.LOCAL_FOCUS_FAULT_VERBOSE ? { log: (line: string) => console.log(`      ${line}`) } : {}),
    });
    console.log(`      ${formatWorkerFaultReport(report)}`);
    assert.equal(report.restarts, kills);
    assert.equal(report.outages, outages, 'kills close together are one outage');
    assert.equal(report.messagesShown, outages, 'one message per outage');
    assert.equal(report.tasksLost, 0);
  });
}
