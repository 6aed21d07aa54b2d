// The real worker's `todos/scan` writes the folder's scan record under its home, and a worker
// started afterwards (the editor restarted) reads no unchanged file again: it finds the same TODOs
// from the record and reads only the file that changed in between. Before its first batch it sends
// the TODOs the record held, which the editor shows while the scan runs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProgressParams } from '../../src/core/protocol';
import { isTodoFilesPartial, isTodoRecordedPartial, type ScannedTodoFile, type TodoScanResult } from '../../src/core/tasksProtocol';
import { folderKey, todoScansDir } from '../../src/core/paths';
import { startRealWorker } from '../support/realWorker';
import { repoRoot } from '../support/sharedModels.cjs';

/** The scan trusts the stamp of a file changed at least this long before it (recordedVerdicts.ts). */
const RACY_MARGIN_MS = 2_000;

interface FreshScan {
  result: TodoScanResult;
  todos: string[];
  /** The TODOs the record held, sent before the scan's first batch; undefined when none came. */
  recorded: string[] | undefined;
  /** Whether a batch of scanned files came before the record's TODOs. */
  batchBeforeRecorded: boolean;
}

const lines = (files: ScannedTodoFile[]): string[] => files.flatMap((f) => f.todos.map((t) => `${f.path}:${t.line} ${t.text}`));

async function scanInFreshWorker(home: string, root: string): Promise<FreshScan> {
  const streamed: ScannedTodoFile[] = [];
  let recorded: string[] | undefined;
  let batchBeforeRecorded = false;
  const onProgress = (p: ProgressParams): void => {
    if (isTodoFilesPartial(p.partial)) streamed.push(...p.partial.files);
    if (isTodoRecordedPartial(p.partial)) {
      batchBeforeRecorded = streamed.length > 0;
      recorded = lines(p.partial.files);
    }
  };
  const worker = await startRealWorker({ home, onProgress });
  try {
    const result = await worker.client.request('todos/scan', { root, requestId: 'scan' });
    // The record is written after the answer (a temporary file, then renamed over the record),
    // and the worker stops at once on SIGTERM: the first scan's record must be in place first.
    const recordFile = path.join(todoScansDir({ LOCAL_FOCUS_HOME: home }), `${folderKey(root)}.json`);
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(recordFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { result, todos: lines(streamed), recorded, batchBeforeRecorded };
  } finally {
    await worker.stop();
  }
}

describe('todos/scan: the record across worker restarts', function () {
  let home: string;
  let root: string;

  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-record-home-'));
    fs.mkdirSync(todoScansDir({ LOCAL_FOCUS_HOME: home }), { recursive: true });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-record-demo-'));
    fs.cpSync(path.join(repoRoot, 'demo'), root, { recursive: true });
  });

  after(() => {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads only the changed file after a restart and finds the same TODOs', async () => {
    // Files changed just before a scan are not recorded; the copy must settle first.
    await new Promise((r) => setTimeout(r, RACY_MARGIN_MS + 500));
    const first = await scanInFreshWorker(home, root);
    assert.equal(first.result.stats.fromRecord, 0);
    assert.equal(first.recorded, undefined, 'with no record there is nothing to send first');
    assert.ok(first.todos.length > 10, first.todos.join('\n'));
    const read = first.result.stats.filesScanned + first.result.stats.skippedBinary + first.result.stats.skippedLarge;

    const second = await scanInFreshWorker(home, root);
    assert.deepEqual(second.todos, first.todos);
    assert.deepEqual(second.recorded, first.todos, 'the record\'s TODOs come first, for the view to show at once');
    assert.equal(second.batchBeforeRecorded, false);
    assert.equal(second.result.stats.fromRecord, read, 'every file came from the record');

    fs.appendFileSync(path.join(root, 'src', 'auth.ts'), '// TODO: added between the restarts\n');
    const third = await scanInFreshWorker(home, root);
    assert.equal(third.result.stats.fromRecord, read - 1);
    assert.deepEqual(third.recorded, first.todos, 'the record is as the last scan left it; the scan brings the change');
    assert.ok(third.todos.some((t) => t.startsWith('src/auth.ts:') && t.endsWith('added between the restarts')), third.todos.join('\n'));
  });
});
