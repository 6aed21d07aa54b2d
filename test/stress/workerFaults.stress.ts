// test/integration/workerFaults.test.ts with 50 kills of the real worker at random moments (17
// during notes indexing, 16 during task parsing, 17 during code review), through the WorkerClient
// the extension uses with its defaults. After kill 25 the worker is left up for 31 s, so kills 26-50
// are a second outage: two messages in all. What is checked and how: test/support/workerFaults.suite.ts
// and test/support/workerFaults.harness.ts.
import { itSurvivesWorkerKills } from '../support/workerFaults.suite';

describe('worker faults: 50 kills during indexing, parsing and review (stress)', function () {
  itSurvivesWorkerKills({ kills: { indexing: 17, parsing: 16, review: 17 }, initialNotes: 200, notesPerCycle: 60, newOutageAfter: [25] });
});
