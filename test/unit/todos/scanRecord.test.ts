// The worker's `todos/scan` keeps a record of what it read: an unchanged file's TODOs come from
// it, a file whose size or times changed is read again, a deleted one drops out, an open editor's
// text wins over it, and a record that is corrupt or made under other settings is not used.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LogLevel, ProgressParams } from '../../../src/core/protocol';
import type { TodoScanParams, TodoScanResult, TodoScanStats } from '../../../src/core/tasksProtocol';
import { isTodoFilesPartial } from '../../../src/core/tasksProtocol';
import { parseScanRecord, recordKey, serializeScanRecord, type ScanRecord } from '../../../src/core/todos/scanRecord';
import { scanWorkspaceTodos, type ScanRecordUse } from '../../../src/inference/features/todoScan';
import { scanHelper } from '../../../src/inference/scanHelper';
import { RecordedVerdicts } from '../../../src/inference/recordedVerdicts';
import { ScanRecordFiles } from '../../../src/inference/scanRecordFiles';
import { scanTodosToArray } from '../../../src/inference/todoScanner';
import { writeTree } from '../../support/fileTree';

/** Files written by a test are seconds old at most; a clock a minute ahead lets the scan trust
 *  their stamps, as it trusts a file changed more than two seconds before it started. */
const A_MINUTE_LATER = (): number => Date.now() + 60_000;

describe('the persisted TODO scan record', () => {
  let root: string;
  let home: string;
  let logs: { level: LogLevel; message: string }[];
  let record: ScanRecordUse;

  const summary = (r: TodoScanResult): string[] => r.files.map((f) => `${f.path}: ${f.todos.map((t) => t.text).join(', ')}`);

  async function scan(params: Partial<TodoScanParams> = {}, use: ScanRecordUse = record): Promise<TodoScanResult> {
    const result = await scanWorkspaceTodos({ root, ...params }, new AbortController().signal, () => undefined, use);
    await use.files.idle();
    return result;
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-record-root-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-record-home-'));
    logs = [];
    record = { files: new ScanRecordFiles(home, (level, message) => logs.push({ level, message })), now: A_MINUTE_LATER };
    writeTree(root, {
      'a.ts': '// TODO: first\n',
      'b.py': '# FIXME: second\n',
      'c.ts': 'const clean = 1;\n',
      'sub/d.go': '// HACK: third\n',
      'bin.ts': Buffer.from([0x2f, 0x2f, 0, 1, 2]),
    });
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('writes a record, and the next scan of an unchanged tree reads no file and finds the same', async () => {
    const cold = await scan();
    assert.equal(cold.stats.fromRecord, 0);
    assert.ok(fs.existsSync(record.files.fileFor(root)), 'the record is written');
    const warm = await scan();
    assert.deepEqual(summary(warm), summary(cold));
    assert.equal(warm.stats.fromRecord, 5);
    const { ms: _a, fromRecord: _b, ...warmCounts } = warm.stats;
    const { ms: _c, fromRecord: _d, ...coldCounts } = cold.stats;
    assert.deepEqual(warmCounts, coldCounts);
  });

  it('answers an unchanged file from the record, not from the disk', async () => {
    await scan();
    // Proof that the file is not read: an edited record is believed while the stamp matches.
    const file = record.files.fileFor(root);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"first"', '"from the record"'));
    assert.deepEqual(summary(await scan()), ['a.ts: from the record', 'b.py: second', 'sub/d.go: third']);
  });

  it('reads a file again when its size or its times changed', async () => {
    await scan();
    fs.appendFileSync(path.join(root, 'a.ts'), '// TODO: added\n');
    // Same size, new content and times: only the times tell.
    fs.writeFileSync(path.join(root, 'b.py'), '# FIXME: SECOND\n');
    const after = await scan();
    assert.deepEqual(summary(after), ['a.ts: first, added', 'b.py: SECOND', 'sub/d.go: third']);
    assert.equal(after.stats.fromRecord, 3);
  });

  it('reads a file again when only its mtime was set back, as copying tools do', async () => {
    await scan();
    const target = path.join(root, 'b.py');
    const times = path.join(home, 'times');
    // touch -r copies the times to the nanosecond, which utimes from JavaScript cannot.
    execFileSync('touch', ['-r', target, times]);
    fs.writeFileSync(target, '# FIXME: copied\n');
    execFileSync('touch', ['-r', times, target]);
    assert.equal(fs.statSync(target, { bigint: true }).mtimeNs, fs.statSync(times, { bigint: true }).mtimeNs);
    assert.deepEqual(summary(await scan()), ['a.ts: first', 'b.py: copied', 'sub/d.go: third']);
  });

  it('drops a deleted file from the results and from the record', async () => {
    await scan();
    fs.rmSync(path.join(root, 'sub'), { recursive: true });
    const after = await scan();
    assert.deepEqual(summary(after), ['a.ts: first', 'b.py: second']);
    const saved = parseScanRecord(fs.readFileSync(record.files.fileFor(root), 'utf8'), root, recordKey({ tags: ['TODO', 'FIXME', 'HACK', 'BUG', 'XXX'], exclude: [], respectGitignore: true, maxFileBytes: 1024 * 1024 }));
    assert.ok('record' in saved, 'the record is usable');
    assert.deepEqual([...saved.record.files.keys()].sort(), ['a.ts', 'b.py', 'bin.ts', 'c.ts']);
  });

  it("lets an open editor's text win over the record, and keeps the record for the file on disk", async () => {
    await scan();
    const overridden = await scan({ overrides: { [path.join(root, 'a.ts')]: '// TODO: unsaved\n' } });
    assert.deepEqual(summary(overridden), ['a.ts: unsaved', 'b.py: second', 'sub/d.go: third']);
    assert.equal(overridden.stats.fromRecord, 4);
    const closed = await scan();
    assert.deepEqual(summary(closed), ['a.ts: first', 'b.py: second', 'sub/d.go: third']);
    assert.equal(closed.stats.fromRecord, 5);
  });

  it('ignores a corrupt record with a log line, scans everything, and replaces it', async () => {
    await scan();
    fs.writeFileSync(record.files.fileFor(root), '{"format":1,"files":[["a.ts",1');
    const after = await scan();
    assert.deepEqual(summary(after), ['a.ts: first', 'b.py: second', 'sub/d.go: third']);
    assert.equal(after.stats.fromRecord, 0);
    assert.ok(logs.some((l) => l.level === 'warn' && l.message.includes('is not used: it is not JSON')), JSON.stringify(logs));
    assert.equal((await scan()).stats.fromRecord, 5, 'the new record is used');
  });

  it('ignores a record with a malformed entry', async () => {
    await scan();
    const file = record.files.fileFor(root);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"first"', '42'));
    const after = await scan();
    assert.deepEqual(summary(after), ['a.ts: first', 'b.py: second', 'sub/d.go: third']);
    assert.ok(logs.some((l) => l.level === 'warn' && l.message.includes('an entry is malformed')), JSON.stringify(logs));
  });

  it('does not use a record made under other tags or excludes', async () => {
    await scan({ tags: ['TODO'] });
    const moreTags = await scan({ tags: ['TODO', 'FIXME'] });
    assert.equal(moreTags.stats.fromRecord, 0);
    assert.deepEqual(summary(moreTags), ['a.ts: first', 'b.py: second']);
    assert.ok(logs.some((l) => l.level === 'info' && l.message.includes('other TODO settings')));
    assert.equal((await scan({ tags: ['TODO', 'FIXME'], exclude: ['sub'] })).stats.fromRecord, 0);
  });

  it('does not trust the stamp of a file changed just before the scan', async () => {
    const justNow: ScanRecordUse = { files: record.files };
    await scan({}, justNow);
    assert.equal((await scan({}, justNow)).stats.fromRecord, 0);
  });

  it('streams batches with the files from the record', async () => {
    await scan();
    const streamed: string[] = [];
    const progress = (p: ProgressParams): void => {
      if (isTodoFilesPartial(p.partial)) for (const f of p.partial.files) streamed.push(f.path);
    };
    const result = await scanWorkspaceTodos({ root, requestId: 'r1' }, new AbortController().signal, progress, record);
    assert.deepEqual(result.files, []);
    assert.deepEqual(streamed, ['a.ts', 'b.py', 'sub/d.go']);
    assert.equal(result.stats.fromRecord, 5);
  });

  it('in a big tree, reads unrecorded files with the helper thread and stamps recorded ones here', async function () {
    this.timeout(30_000);
    const many: Record<string, string> = {};
    for (let i = 0; i < 300; i++) many[`many/f${String(i).padStart(3, '0')}.ts`] = i % 3 === 0 ? `// TODO: file ${i}\n` : `export const v${i} = ${i};\n`;
    writeTree(root, many);
    const beforeCold = scanHelper.batchesRead;
    const cold = await scan();
    if (scanHelper.usable) assert.ok(scanHelper.batchesRead > beforeCold, 'the helper thread read batches of the first scan');
    const beforeWarm = scanHelper.batchesRead;
    const warm = await scan();
    assert.equal(scanHelper.batchesRead, beforeWarm, 'a stat a file costs less than a message to the helper');
    assert.deepEqual(summary(warm), summary(cold));
    assert.equal(warm.stats.fromRecord, 305);
    fs.writeFileSync(path.join(root, 'many', 'f001.ts'), '// FIXME: now one\n');
    fs.rmSync(path.join(root, 'many', 'f003.ts'));
    const after = await scan();
    assert.equal(after.stats.fromRecord, 303);
    const lines = summary(after);
    assert.ok(lines.includes('many/f001.ts: now one') && !lines.some((l) => l.startsWith('many/f003.ts')), lines.join('\n'));
  });

  it('lists an unchanged folder from the record, not from the disk', async () => {
    await scan();
    // Proof that the folder is not listed: a listing edited in the record is believed while the
    // folder's stamp matches.
    const file = record.files.fileFor(root);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('["d.go"]', '[]'));
    assert.deepEqual(summary(await scan()), ['a.ts: first', 'b.py: second']);
  });

  it('lists a folder again when an entry was added to it', async () => {
    await scan();
    writeTree(root, { 'sub/e.rs': '// TODO: new file\n' });
    assert.deepEqual(summary(await scan()), ['a.ts: first', 'b.py: second', 'sub/d.go: third', 'sub/e.rs: new file']);
  });

  it('lists a subtree again when an ignore file above it changed, though its folders did not', async () => {
    writeTree(root, { '.gitignore': '*.log\n', 'sub/deep/f.ts': '// TODO: deep\n' });
    await scan();
    // Rewritten in place: the root folder's own stamp stays, only the file's changes.
    fs.writeFileSync(path.join(root, '.gitignore'), 'sub/deep/\nb.py\n');
    assert.deepEqual(summary(await scan()), ['a.ts: first', 'sub/d.go: third']);
    fs.writeFileSync(path.join(root, '.gitignore'), '*.log\n');
    assert.deepEqual(summary(await scan()), ['a.ts: first', 'b.py: second', 'sub/d.go: third', 'sub/deep/f.ts: deep']);
  });

  it('lists again when .git/info/exclude changed', async () => {
    writeTree(root, { '.git/info/exclude': '# nothing\n' });
    await scan();
    fs.writeFileSync(path.join(root, '.git', 'info', 'exclude'), 'sub/\n');
    assert.deepEqual(summary(await scan()), ['a.ts: first', 'b.py: second']);
  });

  describe("with ripgrep's answer of the files that hold a tag (the CLI's first listing)", () => {
    async function scanTagged(tagged: ReadonlySet<string> | undefined): Promise<{ listed: string[]; stats: TodoScanStats; next: RecordedVerdicts }> {
      const next = new RecordedVerdicts(new Map(), A_MINUTE_LATER());
      const { files, stats } = await scanTodosToArray(root, { recorded: next, tagged: Promise.resolve(tagged), shareWithHelper: false });
      return { listed: files.map((f) => `${f.path}: ${f.todos.map((t) => t.text).join(', ')}`), stats, next };
    }

    it('reads only the files it names, and records the others as holding no TODO', async () => {
      // b.py and sub/d.go hold tags; left out of the answer, they must not be read.
      const { listed, stats, next } = await scanTagged(new Set(['a.ts', 'c.ts']));
      assert.deepEqual(listed, ['a.ts: first']);
      assert.deepEqual(next.next.get('b.py')?.verdict, []);
      assert.equal(next.next.get('b.py')?.stamp.size, fs.statSync(path.join(root, 'b.py')).size);
      // Unread, the binary file counts as a file without TODOs.
      assert.deepEqual(next.next.get('bin.ts')?.verdict, []);
      assert.equal(stats.skippedBinary, 0);
      assert.equal(next.next.size, 5);
    });

    it('reads every file when ripgrep could not tell', async () => {
      const { listed, stats } = await scanTagged(undefined);
      assert.deepEqual(listed, ['a.ts: first', 'b.py: second', 'sub/d.go: third']);
      assert.equal(stats.skippedBinary, 1);
    });

    it('counts a file it did not name as too large by its size alone', async () => {
      fs.writeFileSync(path.join(root, 'big.ts'), '// TODO: big\n' + 'x'.repeat(64));
      const next = new RecordedVerdicts(new Map(), A_MINUTE_LATER());
      const { stats } = await scanTodosToArray(root, { recorded: next, tagged: Promise.resolve(new Set<string>()), maxFileBytes: 32, shareWithHelper: false });
      assert.equal(next.next.get('big.ts')?.verdict, 'large');
      assert.equal(stats.skippedLarge, 1);
    });
  });

  it('round-trips a record and refuses one made for another folder', () => {
    const key = recordKey({ tags: ['TODO'], exclude: ['b', 'a'], respectGitignore: true, maxFileBytes: 10 });
    assert.equal(key, recordKey({ tags: ['TODO'], exclude: ['a', 'b'], respectGitignore: true, maxFileBytes: 10 }), 'the order of excludes does not matter');
    const original: ScanRecord = {
      root: '/w',
      key,
      folders: new Map([['', { stamp: { size: 4096, mtimeMs: 3.5, ctimeMs: 4 }, rules: [null, { size: 7, mtimeMs: 1, ctimeMs: 2 }], files: ['x.ts'], folders: ['sub'], ignored: 2, unknown: 1 }]]),
      files: new Map([
        ['x.ts', { stamp: { size: 3, mtimeMs: 1.5, ctimeMs: 2.25 }, verdict: [{ line: 0, column: 3, offset: 3, endLine: 0, tag: 'TODO', text: 't', owner: 'ana' }] }],
        ['y.bin', { stamp: { size: 9, mtimeMs: 1, ctimeMs: 1 }, verdict: 'binary' }],
      ]),
    };
    const text = serializeScanRecord(original);
    assert.deepEqual(parseScanRecord(text, '/w', key), { record: original });
    assert.deepEqual(parseScanRecord(text, '/elsewhere', key), { unusable: 'it was made for /w', corrupt: false });
  });
});
