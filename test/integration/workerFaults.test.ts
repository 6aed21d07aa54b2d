// Issue 7, part 2 (fast tier): kill -9 the real worker 6 times (2 each during notes indexing, task
// parsing and code review) through the WorkerClient the extension uses. Each time the request in
// flight fails with worker-exited, a new worker answers within 2 s (longer only as far as a start is
// slower on a busy machine: restartLimitMs in the harness), the outage message shows once
// per outage, the host's task captures are kept, and the notes index answers afterwards. The long
// run (50 kills) is test/stress/workerFaults.stress.ts; the harness is test/support/workerFaults.harness.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkerClient } from '../../src/core/workerClient';
import { formatWorkerFaultReport, prerequisitesMissing, runWorkerFaults } from '../support/workerFaults.harness';

describe('worker faults: kill -9 during indexing, parsing and review (real worker)', function () {
  this.timeout(300_000);
  let dir: string;

  before(function () {
    const missing = prerequisitesMissing();
    if (missing) throw new Error(missing);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-worker-faults-'));
  });

  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('6 kills: restarts within 2 s (or three starts on a busy machine), one message, no task lost, the index answers and completes', async function () {
    const seed = Number(process.env.LOCAL_FOCUS_FAULT_SEED) || (Date.now() & 0xffffff);
    const report = await runWorkerFaults({
      kills: { indexing: 2, parsing: 2, review: 2 },
      seed,
      dir,
      initialNotes: 60,
      notesPerCycle: 40,
      log: process.env.LOCAL_FOCUS_FAULT_VERBOSE ? (line) => console.log(`      ${line}`) : undefined,
    });
    console.log(`      ${formatWorkerFaultReport(report)}`);
    assert.equal(report.restarts, 6);
    assert.equal(report.messagesShown, 1, 'six kills close together are one outage: one message');
    assert.equal(report.tasksLost, 0);
  });

  it('a worker that dies before it is ready still backs off (the fast restart is only for one that served)', async function () {
    // A worker that cannot start: restarting it fast would only spin, so the host's default backoff doubles.
    const broken = path.join(dir, 'broken-worker.js');
    fs.writeFileSync(broken, 'process.exit(3);\n');
    const delays: number[] = [];
    const client = new WorkerClient({
      workerPath: broken,
      config: () => ({ mode: 'auto', modelsDir: path.join(dir, 'models'), models: {}, cloud: { baseUrl: 'http://127.0.0.1:9/v1', model: 'test' }, idleUnloadMinutes: 5, threads: 1 }),
      log: () => undefined,
      onDown: (info) => delays.push(info.restartInMs),
    });
    void client.start().catch(() => undefined);
    const end = Date.now() + 20_000;
    while (delays.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await client.stop();
    console.log(`      crash loop before ready: restart delays ${delays.slice(0, 4).join(', ')} ms`);
    assert.deepEqual(delays.slice(0, 4), [250, 500, 1000, 2000]);
  });
});
