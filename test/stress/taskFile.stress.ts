// Issue 7, part 3 (stress tier): 200 writes of TASKS.md by a child process through the real
// TaskStore, SIGKILLed at random moments, with outside edits (git checkout style: rename, in-place
// write, delete and create) between writes, some while the writer is dead and some while it holds a
// stale snapshot. After every kill the file is exactly the old or the new version; no outside edit
// is ever overwritten; the temp files a kill leaves are removed by the next writer. What is checked
// and how: test/support/taskWriterChild.harness.ts. Reproduce a run with LOCAL_FOCUS_FAULT_SEED.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatTaskFileReport, runTaskFileKills } from '../support/taskWriterChild.harness';

describe('task file under SIGKILL, 200 writes (stress)', function () {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-taskfile-stress-'));
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('200 writes with random kills and outside edits: old or new, never truncated, no edit lost', async function () {
    const seed = Number(process.env.LOCAL_FOCUS_FAULT_SEED) || (Date.now() & 0xffffff);
    // 400 tasks (~100 KB): each write takes long enough that many kills land inside one.
    const report = await runTaskFileKills({ writes: 200, seed, initialTasks: 400, dir });
    console.log(`      ${formatTaskFileReport(report)}`);
    assert.ok(report.writesAttempted >= 200);
    assert.ok(report.kills >= 20, `only ${report.kills} kills`);
    assert.ok(report.outcomes.old + report.outcomes.new >= 10, 'kills landed inside batches');
    assert.ok(report.externalEdits.whileWriterAlive > 0 && report.externalEdits.whileWriterDead > 0);
    assert.equal(report.editsLost, 0);
  });
});
