// The kill test of test/integration/taskFileKill.test.ts and test/stress/taskFile.stress.ts: one run
// of taskWriterChild.harness.ts with each tier's counts. After every kill TASKS.md is exactly the old
// or the new version, never truncated or mixed; no outside edit is ever overwritten; the temp files
// a kill leaves are removed by the next writer. A fresh seed each run, printed;
// LOCAL_FOCUS_FAULT_SEED=<seed> repeats one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatTaskFileReport, runTaskFileKills, type TaskFileKillOptions } from './taskWriterChild.harness';

export interface TaskFileKillCounts extends Pick<TaskFileKillOptions, 'writes' | 'initialTasks'> {
  /** The run is only worth its name with at least this many kills. */
  minKills: number;
  /** And with at least this many kills inside a batch (the file then held the old or the new version). */
  minKillsInsideBatches?: number;
  /** And with outside edits both while the writer was alive and while it was dead, not just one of them. */
  editsWhileAliveAndDead?: boolean;
}

/** Registers the kill test and its folder's hooks in the calling `describe`. */
export function itKeepsTheTaskFileWholeUnderKills(counts: TaskFileKillCounts): void {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-taskfile-kill-'));
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${counts.writes} writes with random kills and outside edits: always the old or the new file, no edit lost, no temp file left`, async function () {
    const seed = Number(process.env.LOCAL_FOCUS_FAULT_SEED) || (Date.now() & 0xffffff);
    const report = await runTaskFileKills({ writes: counts.writes, seed, initialTasks: counts.initialTasks, dir });
    console.log(`      ${formatTaskFileReport(report)}`);
    assert.ok(report.writesAttempted >= counts.writes);
    assert.ok(report.kills >= counts.minKills, `only ${report.kills} kills`);
    if (counts.minKillsInsideBatches) assert.ok(report.outcomes.old + report.outcomes.new >= counts.minKillsInsideBatches, 'kills landed inside batches');
    if (counts.editsWhileAliveAndDead) assert.ok(report.externalEdits.whileWriterAlive > 0 && report.externalEdits.whileWriterDead > 0);
    else assert.ok(report.externalEdits.total >= 1, 'at least one outside edit');
    assert.equal(report.editsLost, 0);
  });
}
