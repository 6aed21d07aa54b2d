// A model used in place as the models folder's record holds it: an entry pointing at the file
// Ollama or LM Studio keeps, ready once checked, and forgotten by remove without the file being
// deleted or changed. Records edited by hand into another shape are left out.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ggufModelInfo } from '../../../src/core/models/gguf';
import { checkGgufFile } from '../../../src/core/models/ggufCheck';
import { ModelStore, REGISTRY_FILE } from '../../../src/inference/modelStore';
import { inPlaceEntry, inPlaceIdBase, isWellFormedInPlaceEntry } from '../../../src/inference/modelsOnDisk/inPlaceEntry';
import type { LmStudioModelOnDisk, OllamaModelOnDisk } from '../../../src/inference/modelsOnDisk/types';
import { addOllamaModel, sha256Hex, storiesGguf, tempFolder, writeFile } from '../../support/fakeModelStores';

describe('models used in place', () => {
  let dir: string;
  let store: ModelStore;
  let ollama: OllamaModelOnDisk;
  beforeEach(() => {
    dir = tempFolder('inplace');
    store = new ModelStore(path.join(dir, 'models'));
    const layer = addOllamaModel(path.join(dir, 'ollama'), ['registry.ollama.ai', 'library', 'llama3.2', '3b']);
    ollama = { source: 'ollama', name: 'llama3.2:3b', path: layer.path, sizeBytes: layer.size, digest: layer.digest, hasProjector: false, manifestPath: layer.manifestPath };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const info = async (file: string) => ggufModelInfo(await checkGgufFile(file));

  it('makes an entry that points at the blob, with Ollama\'s digest as its hash and the header\'s shape', async () => {
    const entry = inPlaceEntry(ollama, await info(ollama.path), { id: inPlaceIdBase(ollama), role: 'review' });
    assert.equal(entry.id, 'ollama-llama3.2-3b');
    assert.deepEqual(entry.inPlace, { source: 'ollama', paths: [ollama.path] });
    assert.equal(entry.files[0]?.sha256, sha256Hex(storiesGguf()));
    assert.equal(entry.files[0]?.size, storiesGguf().length);
    assert.deepEqual(entry.roles, ['review']);
    assert.equal(entry.verified, false, 'not checked against a publisher');
    assert.equal(entry.architecture?.layers, (await info(ollama.path)).blockCount);
    assert.equal(store.pathOf(entry, entry.files[0]!), ollama.path, 'its file is the blob, not a file in the models folder');
  });

  it('keeps every part of a split LM Studio model, in order, and the name it was given', async () => {
    const first = writeFile(path.join(dir, 'lms', 'm-00001-of-00002.gguf'), storiesGguf());
    const second = writeFile(path.join(dir, 'lms', 'm-00002-of-00002.gguf'), storiesGguf());
    const model: LmStudioModelOnDisk = { source: 'lm-studio', name: 'pub/repo/m-00001-of-00002.gguf', path: first, parts: [first, second], sizeBytes: 2, folder: dir };
    const entry = inPlaceEntry(model, await info(first), { id: inPlaceIdBase(model), role: 'task-parsing', name: ' My model ' });
    assert.equal(entry.name, 'My model');
    assert.equal(entry.id, 'lm-studio-pub-repo-m-00001-of-00002');
    assert.deepEqual(entry.files.map((f) => store.pathOf(entry, f)), [first, second]);
    assert.deepEqual(entry.files.map((f) => f.sha256), [null, null]);
  });

  it('is ready once recorded, listed apart from imports, and unverified when the file changes', async () => {
    const entry = inPlaceEntry(ollama, await info(ollama.path), { id: 'ollama-a', role: 'review' });
    await store.recordInPlace(entry, entry.files[0]!.sha256!);
    assert.deepEqual((await store.inPlace()).map((e) => e.id), ['ollama-a']);
    assert.deepEqual(await store.imported(), []);
    assert.equal((await store.status(entry)).state, 'ready');
    fs.utimesSync(ollama.path, new Date(), new Date(Date.now() + 60_000));
    assert.equal((await store.status(entry)).state, 'unverified');
  });

  it('remove forgets the model and leaves its file as it was', async () => {
    const entry = inPlaceEntry(ollama, await info(ollama.path), { id: 'ollama-a', role: 'review' });
    await store.recordInPlace(entry, entry.files[0]!.sha256!);
    const before = { sha: sha256Hex(fs.readFileSync(ollama.path)), mtime: fs.statSync(ollama.path).mtimeMs };
    writeFile(ollama.path + '.partial', 'left by another program');
    await store.remove(entry);
    assert.deepEqual(await store.inPlace(), []);
    assert.equal(sha256Hex(fs.readFileSync(ollama.path)), before.sha);
    assert.equal(fs.statSync(ollama.path).mtimeMs, before.mtime);
    assert.ok(fs.existsSync(ollama.path + '.partial'), 'nothing beside it is deleted either');
    const record = JSON.parse(fs.readFileSync(path.join(store.modelsDir, REGISTRY_FILE), 'utf8')) as { verified: Record<string, unknown> };
    assert.deepEqual(record.verified, {});
  });

  it('leaves out a record edited by hand into relative paths or a wrong number of paths', async () => {
    const entry = inPlaceEntry(ollama, await info(ollama.path), { id: 'ollama-a', role: 'review' });
    assert.ok(isWellFormedInPlaceEntry(entry));
    assert.ok(!isWellFormedInPlaceEntry({ ...entry, inPlace: { source: 'ollama', paths: ['blobs/x'] } }));
    assert.ok(!isWellFormedInPlaceEntry({ ...entry, inPlace: { source: 'ollama', paths: [] } }));
    await store.recordInPlace(entry, '');
    const file = path.join(store.modelsDir, REGISTRY_FILE);
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as { inPlace: { inPlace: { paths: string[] } }[] };
    record.inPlace[0]!.inPlace.paths = ['../../etc/passwd'];
    fs.writeFileSync(file, JSON.stringify(record));
    assert.deepEqual(await store.inPlace(), []);
  });
});
