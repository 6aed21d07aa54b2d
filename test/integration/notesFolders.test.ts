// Notes folders outside the workspace, through the real built CLI (bin/local-focus.js) as a user
// runs it: two folders indexed with several --path values, each once under LOCAL_FOCUS_HOME's
// indexes and not again from another folder, then searched together with every result labelled by
// the folder it comes from. It embeds with the tiny fixture model (test/support/tinyEmbedder.ts),
// whose vectors mean nothing, so rankings are checked by keyword and hybrid only for its shape.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { indexDirFor } from '../../src/inference/notes/noteIndex';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';
import { makeTinyEmbedder, tinyEmbedderDir as tinyModel } from '../support/tinyEmbedder';

const cliPath = path.join(repo, 'bin', 'local-focus.js');
const fixtureWorkspace = path.join(repo, 'test', 'fixtures', 'notes-workspace');
const run = promisify(execFile);

/** The vault: notes that share words with the fixture's sourdough note, and files its globs leave out. */
const VAULT_NOTES: Record<string, string> = {
  'recipes/pizza.md': '# Pizza dough\n\nStretch the dough by hand, fold it over twice, and rest it on the counter.\n',
  'journal/2024-05-01.md': '# Baking day\n\n## Bread\n\nThe dough needed another stretch and fold before shaping.\n',
  'journal/garden.md': '# Garden\n\nTomatoes planted along the fence.\n',
};
/** In the vault but not matched by its include globs: never indexed. */
const VAULT_OUT_OF_SCOPE: Record<string, string> = { 'scratch.txt': 'stretch and fold the dough, a scratch line\n' };

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

function countNotes(root: string): number {
  return fs.readdirSync(root, { recursive: true }).filter((f) => /\.(md|txt|rst|org)$/.test(String(f))).length;
}

interface Hit {
  folder: string;
  folderLabel: string;
  file: string;
  line: number;
  snippet: string;
}

describe('notes folders outside the workspace (the built CLI, several --path values)', function () {
  this.timeout(120_000);
  let tmp: string;
  let home: string;
  let modelsDir: string;
  let notes: string;
  let vault: string;

  before(function () {
    assertBuilt();
    makeTinyEmbedder();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-notes-folders-')));
    home = path.join(tmp, 'home');
    modelsDir = path.join(home, 'models');
    fs.mkdirSync(modelsDir, { recursive: true });
    // The default embeddings model's folder name, as the Model Manager would have downloaded it.
    fs.symlinkSync(tinyModel, path.join(modelsDir, 'all-MiniLM-L6-v2'));
    notes = path.join(tmp, 'work', 'notes');
    fs.cpSync(fixtureWorkspace, notes, { recursive: true });
    vault = path.join(tmp, 'vault');
    writeFiles(vault, { ...VAULT_NOTES, ...VAULT_OUT_OF_SCOPE });
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs the CLI from `cwd` (a workspace of its own, by default an empty folder). */
  const cli = async (args: string[], cwd = fs.mkdtempSync(path.join(tmp, 'cwd-'))): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, '--models-dir', modelsDir, ...args], { env: { ...process.env, LOCAL_FOCUS_HOME: home }, cwd });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const jsonLines = (stdout: string): Record<string, unknown>[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('index --path A --path B indexes each folder under the home\'s indexes, one JSON line each with its label', async function () {
    const r = await cli(['index', '--path', notes, '--path', vault, '--include', '**/*.md,**/*.rst,**/*.org,inbox.txt', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    assert.deepEqual(lines.map((l) => [l.folder, l.folderLabel]), [[notes, 'notes'], [vault, 'vault']]);
    assert.equal(lines[0]!.filesAdded, countNotes(notes));
    assert.equal(lines[1]!.filesAdded, Object.keys(VAULT_NOTES).length, 'scratch.txt is left out by the include globs');
    for (const [i, folder] of [notes, vault].entries()) {
      const stats = lines[i]!.stats as { indexDir: string; chunks: number; vectors: number };
      assert.equal(stats.indexDir, indexDirFor(folder, home));
      assert.equal(path.dirname(stats.indexDir), path.join(home, 'indexes'));
      assert.ok(stats.chunks > 0 && stats.vectors === stats.chunks, `${folder}: every chunk embedded`);
    }
  });

  it('another workspace finds the folders already indexed: nothing is read or embedded again', async function () {
    const again = await cli(['index', vault, '--path', notes, '--include', '**/*.md,**/*.rst,**/*.org,inbox.txt', '--json'], notes);
    assert.equal(again.code, 0, again.stderr);
    for (const line of jsonLines(again.stdout)) {
      assert.equal(line.filesAdded, 0, `${String(line.folder)}`);
      assert.equal(line.chunksEmbedded, 0, `${String(line.folder)}`);
      assert.ok((line.filesUnchanged as number) > 0);
    }
    assert.deepEqual(fs.readdirSync(path.join(home, 'indexes')).sort(), [path.basename(indexDirFor(notes, home)), path.basename(indexDirFor(vault, home))].sort(), 'one index per folder');
  });

  it('search --path A --path B --json answers from both folders, each result with its folder and label', async function () {
    const r = await cli(['search', 'stretch and fold the dough', '--path', notes, '--path', vault, '--tier', 'keyword', '--no-update', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as { tier: string; folder: string; folders: { folder: string; folderLabel: string; indexed: { files: number } }[]; results: Hit[] };
    assert.equal(answer.tier, 'keyword');
    assert.equal(answer.folder, notes, 'the first folder, as for one --path');
    assert.deepEqual(answer.folders.map((f) => [f.folder, f.folderLabel]), [[notes, 'notes'], [vault, 'vault']]);
    assert.equal(answer.folders[1]!.indexed.files, Object.keys(VAULT_NOTES).length);
    const labels = new Set(answer.results.map((h) => h.folderLabel));
    assert.deepEqual([...labels].sort(), ['notes', 'vault'], 'results from both folders');
    // No file name is in both folders, so a result's file tells which folder it really came from.
    for (const hit of answer.results) {
      assert.equal(hit.folderLabel, path.basename(hit.folder));
      const otherFolder = hit.folder === notes ? vault : notes;
      assert.ok(fs.existsSync(path.join(hit.folder, hit.file)) && !fs.existsSync(path.join(otherFolder, hit.file)), `${hit.file} is labelled ${hit.folderLabel}`);
    }
    assert.ok(!answer.results.some((h) => h.file === 'scratch.txt'), 'a file out of the include globs is not searched');
    const top = (label: string) => answer.results.find((h) => h.folderLabel === label)!;
    assert.equal(top('notes').file, 'kitchen/sourdough.md');
    assert.ok(Object.keys(VAULT_NOTES).includes(top('vault').file));
  });

  it('search prints each row with its folder\'s label, and hybrid search covers both folders too', async function () {
    const text = await cli(['search', 'stretch and fold the dough', '--path', notes, '--path', vault, '--tier', 'keyword', '--no-update']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /results? for "stretch and fold the dough" in 2 folders \(notes, vault\)/);
    assert.match(text.stdout, /^ *\d+\. notes\/kitchen\/sourdough\.md:\d+ {2}Sourdough bread › Method/m);
    assert.match(text.stdout, /^ *\d+\. vault\/(recipes|journal)\/[\w-]+\.md:\d+ /m);
    const hybrid = JSON.parse((await cli(['search', 'stretch and fold the dough', '--path', notes, '--path', vault, '--json'])).stdout) as { tier: string; results: Hit[] };
    assert.equal(hybrid.tier, 'hybrid');
    assert.deepEqual([...new Set(hybrid.results.map((h) => h.folderLabel))].sort(), ['notes', 'vault']);
  });

  it('two folders with one name are told apart by their parents; a missing --path is a usage error', async function () {
    const other = path.join(tmp, 'home-notes', 'notes');
    writeFiles(other, { 'bread.md': '# Rye\n\nStretch and fold a rye dough gently.\n' });
    const r = await cli(['search', 'stretch and fold', '--path', notes, '--path', other, '--tier', 'keyword', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as { folders: { folderLabel: string }[]; results: Hit[] };
    assert.deepEqual(answer.folders.map((f) => f.folderLabel), ['work/notes', 'home-notes/notes']);
    assert.ok(answer.results.some((h) => h.folder === other && h.folderLabel === 'home-notes/notes' && h.file === 'bread.md'));
    const missing = await cli(['search', 'dough', '--path', notes, '--path', path.join(tmp, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no folder at .*nope/);
  });
});
