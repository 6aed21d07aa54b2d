// `local-focus todos --record` keeps a record of each folder it lists (under
// $LOCAL_FOCUS_HOME/todo-scans-cli), and the next such listing takes each unchanged file's TODOs
// from it: it lists what the full read lists, reads only the files that changed, and still sees a
// file that was added, changed or deleted. Without an earlier record, ripgrep (when there is one)
// names the files that hold a tag while the walk stamps every file. A damaged record is said on
// stderr and replaced; a listing without --record keeps none.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ripgrepBinary } from '../../src/cli/ripgrepBinary';
import { cliTodoScansDir, folderKey } from '../../src/core/paths';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
/** The listing trusts the stamp of a file changed at least this long before it (recordedVerdicts.ts). */
const RACY_MARGIN_MS = 2_000;

interface Listing {
  todos: { file: string; line: number; text: string }[];
  stats: { filesScanned: number; fromRecord?: number };
  listedBy?: string;
}

function todos(root: string, env: NodeJS.ProcessEnv, ...extra: string[]): Promise<{ listing: Listing; err: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [launcher, 'todos', root, '--json', ...extra], { env: { ...process.env, ...env }, maxBuffer: 1 << 26, timeout: 60_000 }, (err, out, errText) =>
      err ? reject(new Error(`todos exited with ${(err as { code?: number }).code}: ${errText}`)) : resolve({ listing: JSON.parse(out) as Listing, err: errText }),
    );
  });
}

const lines = (l: Listing): string[] => l.todos.map((t) => `${t.file}:${t.line} ${t.text}`);

describe('local-focus todos: the record of a folder', function () {
  let home: string;
  let root: string;
  let recordFile: string;
  const noRipgrep = { LOCAL_FOCUS_RIPGREP: 'off' };

  before(async () => {
    assertBuilt(path.join(repo, 'dist', 'cliTodos.js'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-record-home-'));
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-record-tree-'));
    fs.cpSync(path.join(repo, 'demo'), root, { recursive: true });
    // A file that holds a tag in no comment, and one too big to read: both must stay as they are.
    fs.writeFileSync(path.join(root, 'notes.ts'), 'const s = "TODO: in a string";\n');
    fs.writeFileSync(path.join(root, 'big.ts'), '// TODO: too big\n' + 'x'.repeat(2 * 1024 * 1024));
    recordFile = path.join(cliTodoScansDir({ LOCAL_FOCUS_HOME: home }), `${folderKey(root)}.json`);
    // Files changed just before a listing are not recorded; the copy must settle first.
    await new Promise((r) => setTimeout(r, RACY_MARGIN_MS + 500));
  });

  after(() => {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists what a listing without a record lists, then reads only what changed', async () => {
    const full = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep });
    assert.ok(!fs.existsSync(recordFile), 'a listing without --record wrote a record');
    assert.ok(full.listing.todos.length > 10, lines(full.listing).join('\n'));
    assert.ok(!lines(full.listing).some((l) => /in a string|too big/.test(l)));

    const first = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep }, '--record');
    assert.deepEqual(lines(first.listing), lines(full.listing));
    assert.equal(first.listing.stats.fromRecord, 0);
    assert.ok(fs.existsSync(recordFile), 'the first listing wrote no record');

    const second = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep }, '--record');
    assert.deepEqual(lines(second.listing), lines(full.listing));
    const recorded = second.listing.stats.fromRecord ?? 0;
    assert.ok(recorded >= second.listing.stats.filesScanned, `only ${recorded} of ${second.listing.stats.filesScanned} files came from the record`);

    // A changed file, a new one and a deleted one, listed at once: too recent to record, not to see.
    fs.appendFileSync(path.join(root, 'src', 'auth.ts'), '// TODO: added since the record\n');
    fs.writeFileSync(path.join(root, 'src', 'added.py'), '# FIXME: a new file\n');
    const deleted = full.listing.todos.find((t) => t.file !== 'src/auth.ts')!.file;
    fs.rmSync(path.join(root, deleted));
    const third = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep }, '--record');
    const now = lines(third.listing);
    assert.ok(now.some((l) => l.startsWith('src/auth.ts:') && l.endsWith('added since the record')), now.join('\n'));
    assert.ok(now.includes('src/added.py:1 a new file'), now.join('\n'));
    assert.ok(!now.some((l) => l.startsWith(`${deleted}:`)), `${deleted} was deleted`);
    assert.equal(third.listing.stats.fromRecord, recorded - 2, 'the changed and the deleted file are not taken from the record');
    const fresh = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep });
    assert.deepEqual(now, lines(fresh.listing));
  });

  it('lets ripgrep name the files to read when there is no record yet, and lists the same', async function () {
    const rg = ripgrepBinary(process.env);
    if (!rg) {
      console.log('      skipped: no ripgrep on PATH or in LOCAL_FOCUS_RIPGREP (apt-get install ripgrep)');
      this.skip();
    }
    const ownHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-record-rg-'));
    try {
      const walked = await todos(root, { LOCAL_FOCUS_HOME: ownHome, ...noRipgrep });
      const first = await todos(root, { LOCAL_FOCUS_HOME: ownHome, LOCAL_FOCUS_RIPGREP: rg }, '--record');
      assert.equal(first.listing.listedBy, undefined, 'the walk lists, ripgrep only names');
      assert.deepEqual(lines(first.listing), lines(walked.listing));
      const second = await todos(root, { LOCAL_FOCUS_HOME: ownHome, LOCAL_FOCUS_RIPGREP: rg }, '--record');
      assert.deepEqual(lines(second.listing), lines(walked.listing));
      assert.ok((second.listing.stats.fromRecord ?? 0) > 0, 'the record ripgrep helped make was not used');
    } finally {
      fs.rmSync(ownHome, { recursive: true, force: true });
    }
  });

  it('says so on stderr when the record is damaged, lists every TODO, and replaces it', async () => {
    const before = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep });
    fs.writeFileSync(recordFile, '{"format": 1, "files": [');
    const damaged = await todos(root, { LOCAL_FOCUS_HOME: home, ...noRipgrep }, '--record');
    assert.match(damaged.err, /local-focus: The TODO scan record .* is not used: it is not JSON/);
    assert.deepEqual(lines(damaged.listing), lines(before.listing));
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(recordFile, 'utf8')), 'the damaged record was not replaced');
  });
});
