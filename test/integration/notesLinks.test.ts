// Links and tags in notes: the built CLI (bin/local-focus.js) indexes a folder of notes that link
// and tag each other and answers `#tag` and `path:` filters, with the tiny fixture embedder
// (test/support/tinyEmbedder.ts), whose vectors mean nothing, so results are checked by which
// notes come back, not by their order. Find Related Notes' links and backlinks, a moved note's
// links and the upgrade of an index written before tags and links were kept go through NoteIndex
// on disk, as the worker runs it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { NoteIndex, type EmbedFunction } from '../../src/inference/notes/noteIndex';
import { MANIFEST_FILE } from '../../src/inference/notes/storeFiles';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';
import { makeTinyEmbedder, tinyEmbedderDir as tinyModel } from '../support/tinyEmbedder';

const cliPath = path.join(repo, 'bin', 'local-focus.js');
const run = promisify(execFile);

/**
 * Notes that tag and link each other; "foo" is in a journal note and in a project note. The
 * recipe's file name (loafnote) is in none of its words, so a note linking to it shares no word
 * with it (ideas.md): only the link can make it related.
 */
const NOTES: Record<string, string> = {
  'journal/2024-05-01.md': '---\ntags: [journal, Bread]\n---\n# Baking day\n\nFed the starter before work. See [[loafnote|the recipe]].\n',
  'journal/2024-05-02.md': '# Garden day\n\nWatered the tomatoes, then foo fertiliser on the beds. #garden\n',
  'recipes/loafnote.md': '# Sourdough\n\nFlour, water and salt. #bread #recipe\n\nFirst bake in [the journal](../journal/2024-05-01.md). `#notatag`\n',
  'projects/alpha.md': '# Alpha\n\nThe foo plan for the project, see issue #42 and [[missing note]]. #project/alpha\n',
  'ideas.md': '# Ideas\n\nZebra quilting marathon. [[LoafNote#Steps]]\n',
  'unlinked.md': '# Unlinked\n\nZebra quilting marathon, twice.\n',
};

interface Hit {
  file: string;
}

function writeNotes(root: string, notes: Record<string, string>): void {
  for (const [rel, text] of Object.entries(notes)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

function noteFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).filter((f) => f.endsWith('.md')).sort();
}

describe('links and tags (the built CLI): #tag and path: filters', function () {
  this.timeout(120_000);
  let tmp: string;
  let home: string;
  let modelsDir: string;
  let notes: string;

  before(async function () {
    assertBuilt();
    makeTinyEmbedder();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-notes-links-')));
    home = path.join(tmp, 'home');
    modelsDir = path.join(home, 'models');
    fs.mkdirSync(modelsDir, { recursive: true });
    fs.symlinkSync(tinyModel, path.join(modelsDir, 'all-MiniLM-L6-v2'));
    notes = path.join(tmp, 'notes');
    writeNotes(notes, NOTES);
    const indexed = await cli(['index', notes, '--json']);
    assert.equal(indexed.code, 0, indexed.stderr);
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const cli = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, '--models-dir', modelsDir, ...args], { env: { ...process.env, LOCAL_FOCUS_HOME: home }, cwd: tmp });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const search = async (query: string, tier = 'hybrid'): Promise<{ code: number; files: string[]; stderr: string }> => {
    const r = await cli(['search', query, '--path', notes, '--no-update', '--tier', tier, '--json']);
    const answer = JSON.parse(r.stdout) as { results: Hit[] };
    return { code: r.code, files: answer.results.map((h) => h.file).sort(), stderr: r.stderr };
  };

  it('search "#bread" lists the notes tagged bread, in front matter or in the text, whatever the case', async function () {
    const r = await search('#bread');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.files, ['journal/2024-05-01.md', 'recipes/loafnote.md']);
  });

  it('a nested tag is found by its parent, and a tag in a code span or an issue number is no tag', async function () {
    assert.deepEqual((await search('#project')).files, ['projects/alpha.md']);
    const notatag = await search('#notatag');
    assert.deepEqual(notatag.files, []);
    assert.equal(notatag.code, 1, 'no results, as for any search that finds nothing');
    assert.equal(notatag.stderr.trim(), '', 'an unknown tag is no error');
  });

  it('search "path:journal/ foo" keeps only the journal\'s hits for foo', async function () {
    const everywhere = await search('foo');
    assert.ok(everywhere.files.includes('projects/alpha.md'), `foo is in the project note too: ${everywhere.files.join(', ')}`);
    // Hybrid: the fixture's vectors rank every note, so only where the hits are is checked.
    const journal = await search('path:journal/ foo');
    assert.equal(journal.code, 0, journal.stderr);
    assert.ok(journal.files.includes('journal/2024-05-02.md') && journal.files.every((f) => f.startsWith('journal/')), journal.files.join(', '));
    assert.deepEqual((await search('path:journal/ foo', 'keyword')).files, ['journal/2024-05-02.md']);
  });

  it('filters combine: a tag and a path glob must both hold', async function () {
    assert.deepEqual((await search('#bread path:journal/*.md')).files, ['journal/2024-05-01.md']);
    assert.deepEqual((await search('path:**/*.md')).files, noteFiles(notes));
  });

  it('the text output says how many notes passed', async function () {
    const r = await cli(['search', '#garden', '--path', notes, '--no-update']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^1 result for "#garden"/);
    assert.match(r.stdout, /journal\/2024-05-02\.md:1/);
  });
});

/** Each word adds to one of 32 hashed buckets: enough for vectors that exist, with no meaning asked of them. */
const hashedEmbed: EmbedFunction = async (texts) =>
  texts.map((text) => {
    const v = new Float32Array(32);
    for (const word of text.toLowerCase().split(/\W+/)) if (word) v[createHash('md5').update(word).digest()[0]! % 32] += 1;
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });

describe('links and tags (NoteIndex on disk): Find Related Notes, moves and old indexes', function () {
  this.timeout(60_000);
  let tmp: string;
  let home: string;
  let notes: string;

  beforeEach(function () {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lf-notes-related-')));
    home = path.join(tmp, 'home');
    notes = path.join(tmp, 'notes');
    writeNotes(notes, NOTES);
  });

  afterEach(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const openIndex = () => NoteIndex.open({ folder: notes, home, embed: hashedEmbed, modelId: 'local:hashed' });
  const related = async (index: NoteIndex, note: string, tier: 'keyword' | 'hybrid' = 'hybrid'): Promise<string[]> => {
    const file = path.join(notes, note);
    const text = fs.readFileSync(file, 'utf8');
    const answer = await index.search(text, { k: 10, tier, excludeFile: file, relatedTo: file });
    return answer.results.map((r) => r.file);
  };

  it('ranks the note\'s outgoing links and backlinks with its neighbours by text', async function () {
    const index = await openIndex();
    await index.update(noteFiles(notes));
    // The recipe links to the journal day (Markdown link) and is linked from it and from ideas.md
    // ([[loafnote|…]], [[LoafNote#Steps]]); ideas.md shares no word with it. The fixture's hybrid
    // vectors rank every note, so the keyword tier is the one that shows the links' effect.
    for (const tier of ['keyword', 'hybrid'] as const) {
      const files = await related(index, 'recipes/loafnote.md', tier);
      assert.ok(files.includes('journal/2024-05-01.md'), `${tier}: outgoing link and backlink: ${files.join(', ')}`);
      assert.ok(files.includes('ideas.md'), `${tier}: backlink: ${files.join(', ')}`);
      assert.ok(!files.includes('recipes/loafnote.md'), `${tier}: not the note itself`);
    }
    // The same words without relatedTo (and without '#', which would make its tags filters).
    const recipe = path.join(notes, 'recipes/loafnote.md');
    const words = fs.readFileSync(recipe, 'utf8').replace(/#/g, ' ');
    const keywordOnly = (await index.search(words, { tier: 'keyword', excludeFile: recipe })).results.map((r) => r.file);
    assert.ok(keywordOnly.length > 0 && !keywordOnly.includes('ideas.md'), `without relatedTo the words find no ideas.md, so the link brought it: ${keywordOnly.join(', ')}`);
  });

  it('a note moved to another folder keeps its links and backlinks once re-indexed', async function () {
    const index = await openIndex();
    await index.update(noteFiles(notes));
    fs.mkdirSync(path.join(notes, 'archive'));
    fs.renameSync(path.join(notes, 'recipes/loafnote.md'), path.join(notes, 'archive/LoafNote.md'));
    await index.update(noteFiles(notes));
    const fromIdeas = await related(index, 'ideas.md', 'keyword');
    assert.ok(fromIdeas.includes('archive/LoafNote.md'), `[[LoafNote]] resolves to the moved note: ${fromIdeas.join(', ')}`);
    assert.ok(!fromIdeas.includes('recipes/loafnote.md'));
    const fromMoved = await related(index, 'archive/LoafNote.md', 'keyword');
    assert.ok(fromMoved.includes('ideas.md'), `the moved note's backlinks: ${fromMoved.join(', ')}`);
  });

  it('an index written before tags and links were kept is read, re-chunked without embedding again, and filtered', async function () {
    const first = await openIndex();
    const built = await first.update(noteFiles(notes));
    assert.ok(built.chunksEmbedded > 0);
    const manifestPath = path.join(first.indexDir, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { version: number; files: Record<string, Record<string, unknown>> };
    manifest.version = 1;
    for (const entry of Object.values(manifest.files)) {
      delete entry.tags;
      delete entry.links;
    }
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));

    const reopened = await openIndex();
    assert.deepEqual((await reopened.search('#bread', { tier: 'keyword' })).results, [], 'nothing is tagged until the notes are read again');
    const upgrade = await reopened.update(noteFiles(notes));
    assert.equal(upgrade.filesChanged, noteFiles(notes).length);
    assert.equal(upgrade.chunksEmbedded, 0, 'same chunks, same vectors');
    assert.deepEqual((await reopened.search('#bread')).results.map((r) => r.file).sort(), ['journal/2024-05-01.md', 'recipes/loafnote.md']);
    assert.equal((JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { version: number }).version, 2);
  });
});
