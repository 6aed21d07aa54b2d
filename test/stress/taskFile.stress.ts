// test/integration/taskFileKill.test.ts with 200 writes of TASKS.md by a child process through the
// real TaskStore, SIGKILLed at random moments, with outside edits (git checkout style: rename,
// in-place write, delete and create) between writes, some while the writer is dead and some while it
// holds a stale snapshot. What is checked and how: test/support/taskFileKills.suite.ts and
// test/support/taskWriterChild.harness.ts.
import { itKeepsTheTaskFileWholeUnderKills } from '../support/taskFileKills.suite';

describe('task file under SIGKILL, 200 writes (stress)', function () {
  // 400 tasks (~100 KB): each write takes long enough that many kills land inside one.
  itKeepsTheTaskFileWholeUnderKills({ writes: 200, initialTasks: 400, minKills: 20, minKillsInsideBatches: 10, editsWhileAliveAndDead: true });
});
