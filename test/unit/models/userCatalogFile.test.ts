// The user's catalog file and the list of paused downloads, on temporary folders.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import { entryForUrl, mergeUserCatalog } from '../../../src/core/models/userCatalog';
import { BUILTIN_CATALOG } from '../../../src/core/models/catalog';
import { PausedDownloads } from '../../../src/inference/features/models/pausedDownloads';
import { readUserCatalog, upsertUserCatalogEntry } from '../../../src/inference/features/models/userCatalogFile';

const SHA = 'a'.repeat(64);

describe('user catalog file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-ucat-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads nothing, without a warning, when there is no file; warns about a file that is not JSON', async () => {
    assert.deepEqual(await readUserCatalog(path.join(dir, 'catalog.json')), { json: undefined });
    fs.writeFileSync(path.join(dir, 'catalog.json'), '{ "models": [');
    const r = await readUserCatalog(path.join(dir, 'catalog.json'));
    assert.equal(r.json, undefined);
    assert.match(r.warning!, /not valid JSON/);
  });

  it('adds a URL entry that the catalog merge accepts, replaces it by id, and keeps the other entries', async () => {
    const file = path.join(dir, 'sub', 'catalog.json');
    const other = { id: 'mine', name: 'Mine', roles: ['review'], publisher: 'me', trust: 'community', format: 'gguf', quantization: 'Q4_K_M', parameters: '1B', contextLength: 2048, license: 'MIT', files: [{ name: 'mine.gguf', url: 'https://example.org/mine.gguf', size: 1, sha256: SHA }] };
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, JSON.stringify([other]));
    const entry = entryForUrl('https://huggingface.co/someone/Some-1B-GGUF/blob/main/Some-1B-Q4_K_M.gguf', { role: 'task-parsing', sha256: SHA });
    await upsertUserCatalogEntry(file, entry);
    await upsertUserCatalogEntry(file, { ...entry, name: 'Renamed' });
    const { json } = await readUserCatalog(file);
    const merged = mergeUserCatalog(BUILTIN_CATALOG, json);
    assert.deepEqual(merged.warnings, []);
    const added = merged.entries.filter((e) => e.id === entry.id);
    assert.equal(added.length, 1);
    assert.equal(added[0]!.name, 'Renamed');
    assert.equal(added[0]!.files[0]!.url, 'https://huggingface.co/someone/Some-1B-GGUF/resolve/main/Some-1B-Q4_K_M.gguf');
    assert.ok(merged.entries.some((e) => e.id === 'mine'));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['catalog.json'], 'no temporary file is left');
  });

  it('refuses to rewrite a catalog file it cannot read as a catalog', async () => {
    const file = path.join(dir, 'catalog.json');
    fs.writeFileSync(file, '"just a string"');
    const entry = entryForUrl('https://example.org/x.gguf', { role: 'review' });
    await assert.rejects(upsertUserCatalogEntry(file, entry), (e: unknown) => e instanceof LocalFocusError && /not a list of models/.test(e.message));
    assert.equal(fs.readFileSync(file, 'utf8'), '"just a string"');
  });
});

describe('paused downloads', () => {
  it('remembers paused ids across instances, and two quick changes both land', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-paused-'));
    const a = new PausedDownloads(dir);
    await Promise.all([a.set('one', true), a.set('two', true)]);
    await a.set('three', true);
    await a.set('two', false);
    assert.deepEqual([...(await new PausedDownloads(dir).ids())].sort(), ['one', 'three']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
