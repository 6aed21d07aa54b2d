// kill -9 of the real worker 6 times (2 each during notes indexing, task parsing and code review)
// through the WorkerClient the extension uses: each time the request in flight fails with
// worker-exited, a new worker answers within 2 s (longer only as far as a start is slower on a busy
// machine: restartLimitMs in the harness), the outage message shows once per outage, the host's
// task captures are kept, and the notes index answers afterwards. The same test with 50 kills is
// test/stress/workerFaults.stress.ts; both are test/support/workerFaults.suite.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RealWorker } from '../support/realWorker';
import { itSurvivesWorkerKills } from '../support/workerFaults.suite';

describe('worker faults: kill -9 during indexing, parsing and review (real worker)', function () {
  this.timeout(300_000);
  itSurvivesWorkerKills({ kills: { indexing: 2, parsing: 2, review: 2 }, initialNotes: 60, notesPerCycle: 40 });
});

describe('worker faults: a worker that dies before it is ready', function () {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-worker-crash-loop-'));
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('still backs off (the fast restart is only for one that served)', async function () {
    // A worker that cannot start: restarting it fast would only spin, so the host's default backoff doubles.
    const broken = path.join(dir, 'broken-worker.js');
    fs.writeFileSync(broken, 'process.exit(3);\n');
    const worker = new RealWorker({ home: dir, workerPath: broken });
    void worker.start().catch(() => undefined);
    const end = Date.now() + 20_000;
    while (worker.downs.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    const delays = worker.downs.map((d) => d.restartInMs);
    console.log(`      crash loop before ready: restart delays ${delays.slice(0, 4).join(', ')} ms`);
    assert.deepEqual(delays.slice(0, 4), [250, 500, 1000, 2000]);
  });
});
