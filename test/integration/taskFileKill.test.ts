// A child process writes TASKS.md through the real TaskStore and is SIGKILLed at random moments,
// ~30 writes; another "program" edits the file between writes the way git checkout does. After every
// kill the file is exactly the old or the new version, and no outside edit is ever overwritten. The
// same test with 200 writes is test/stress/taskFile.stress.ts; both are test/support/taskFileKills.suite.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TaskStore } from '../../src/core/tasks/taskStore';
import { itKeepsTheTaskFileWholeUnderKills } from '../support/taskFileKills.suite';

describe('task file under SIGKILL (child writer through TaskStore, outside edits in between)', function () {
  this.timeout(120_000);
  itKeepsTheTaskFileWholeUnderKills({ writes: 30, initialTasks: 150, minKills: 3 });
});

describe('task file: temp files of dead writers', function () {
  let dir: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-taskfile-orphans-'));
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a write removes the temp files of dead writers only: a live process\'s (another window mid-write) and other files stay', async function () {
    const ws = fs.mkdtempSync(path.join(dir, 'orphans-'));
    const file = path.join(ws, 'TASKS.md');
    fs.writeFileSync(file, '# Tasks\n');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const names = {
      dead: `.TASKS.md.${dead}.0badf00d.tmp`,
      live: `.TASKS.md.${process.pid}.deadbeef.tmp`,
      other: '.notes.md.1.0badf00d.tmp',
      similar: '.TASKS.md.backup.tmp',
    };
    for (const n of Object.values(names)) fs.writeFileSync(path.join(ws, n), 'half a file');
    await new TaskStore({ filePath: file }).addTask({ id: 'abc12345', title: 'One task', tags: [], status: 'open', tier: 'degraded', created: '' });
    const left = fs.readdirSync(ws).sort();
    assert.deepEqual(left, [names.live, names.other, names.similar, 'TASKS.md'].sort());
  });
});
