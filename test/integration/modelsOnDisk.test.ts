// Models already on the disk, end to end: the real worker process finds the GGUF models in a fake
// Ollama store ($OLLAMA_MODELS) and a fake LM Studio folder (under a fake home), uses one in place
// after the whole-file GGUF check (no copy), loads it, refuses a truncated blob and a text file
// named .gguf, and forgets a model without touching its file. The cases run in order on one worker.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelOnDiskView } from '../../src/core/modelsProtocol';
import type { WorkerClient } from '../../src/core/workerClient';
import { addBlob, addOllamaModel, MODEL_MEDIA_TYPE, ollamaManifest, storiesGguf, tinyLlamaGguf, writeFile, writeManifest } from '../support/fakeModelStores';
import { localFocusRejection } from '../support/localFocusRejection';
import { assertBuilt, RealWorker, startRealWorker } from '../support/realWorker';

const sha256File = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');

describe('models on the disk (real worker process, fake Ollama store and LM Studio folder)', function () {
  this.timeout(90_000);
  let fakeHome: string;
  let store: string;
  let lmStudio: string;
  let worker: RealWorker;
  let client: WorkerClient;
  let storiesBlob: string;
  let brokenBlob: string;
  let textFile: string;

  const onDisk = async (refresh = false) => (await client.request('models/onDisk', { refresh })).models;
  const found = (models: ModelOnDiskView[], name: string) => {
    const m = models.find((x) => x.name === name);
    assert.ok(m, `${name} found in ${JSON.stringify(models.map((x) => x.name))}`);
    return m;
  };

  before(async function () {
    assertBuilt();
    fakeHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-ondisk-home-'));
    store = path.join(fakeHome, 'ollama-store');
    lmStudio = path.join(fakeHome, '.lmstudio', 'models');
    storiesBlob = addOllamaModel(store, ['registry.ollama.ai', 'library', 'stories', '260k']).path;
    // A blob cut short whose manifest gives the cut size: Ollama lists it, the whole-file check must not pass it.
    const truncated = storiesGguf().subarray(0, storiesGguf().length - 4096);
    const brokenLayer = addBlob(store, MODEL_MEDIA_TYPE, truncated);
    writeManifest(store, ['registry.ollama.ai', 'library', 'broken', 'latest'], ollamaManifest(brokenLayer));
    brokenBlob = brokenLayer.path;
    writeFile(path.join(lmStudio, 'someone', 'tiny-GGUF', 'tiny.gguf'), tinyLlamaGguf());
    textFile = writeFile(path.join(lmStudio, 'someone', 'notes-GGUF', 'notes.gguf'), 'not a model, only text\n');
    worker = await startRealWorker({ config: { mode: 'localOnly' }, env: { HOME: fakeHome, USERPROFILE: fakeHome, OLLAMA_MODELS: store } });
    client = worker.client;
  });

  after(async function () {
    await worker?.stop();
    if (fakeHome) fs.rmSync(fakeHome, { recursive: true, force: true });
  });

  it('lists the models of both programs with source, path and size, read once and kept until a refresh', async function () {
    const first = await client.request('models/onDisk', {});
    assert.deepEqual(first.models.map((m) => [m.source, m.name]).sort(), [
      ['lm-studio', 'someone/notes-GGUF/notes.gguf'],
      ['lm-studio', 'someone/tiny-GGUF/tiny.gguf'],
      ['ollama', 'broken:latest'],
      ['ollama', 'stories:260k'],
    ]);
    const stories = found(first.models, 'stories:260k');
    assert.equal(stories.path, storiesBlob);
    assert.equal(stories.sizeBytes, storiesGguf().length);
    assert.equal(stories.check, 'unchecked');
    assert.ok(first.folders.includes(store) && first.folders.includes(lmStudio), first.folders.join(', '));

    writeFile(path.join(lmStudio, 'someone', 'late-GGUF', 'late.gguf'), tinyLlamaGguf());
    const cached = await client.request('models/onDisk', {});
    assert.equal(cached.scannedAt, first.scannedAt, 'a plain ask answers from the list already read');
    assert.ok(!cached.models.some((m) => m.name === 'someone/late-GGUF/late.gguf'), 'a file added since is not listed before a refresh');
    assert.ok(found(await onDisk(true), 'someone/late-GGUF/late.gguf'));
    // Listing the catalog never reads the other programs' folders.
    assert.ok(!(await client.request('models/list', {})).models.some((m) => m.origin === 'in-place'));
  });

  it('uses an Ollama model in place after the whole-file check: no copy, chosen for a role, loadable', async function () {
    const { model } = await client.request('models/useInPlace', { path: storiesBlob, role: 'task-parsing' });
    assert.equal(model.origin, 'in-place');
    assert.equal(model.path, storiesBlob);
    assert.equal(model.state, 'ready');
    assert.deepEqual(model.roles, ['task-parsing']);
    const copies = fs.existsSync(worker.config.modelsDir) ? fs.readdirSync(worker.config.modelsDir).filter((f) => !f.startsWith('.')) : [];
    assert.deepEqual(copies, [], 'nothing is copied into the models folder');
    const stories = found(await onDisk(), 'stories:260k');
    assert.equal(stories.check, 'verified');
    assert.equal(stories.modelId, model.id);

    await worker.reconfigure({ ...worker.config, models: { taskParsing: model.path } });
    const list = await client.request('models/list', {});
    const role = list.roles.find((r) => r.role === 'task-parsing');
    assert.equal(role?.modelId, model.id);
    assert.equal(role?.present, true);
    assert.deepEqual(list.models.find((m) => m.id === model.id)?.usedFor, ['task-parsing']);
    const { model: loaded } = await client.request('models/load', { id: model.id });
    assert.equal(loaded.state, 'loaded');
    assert.deepEqual((await client.request('worker/status', {})).loadedModels.map((m) => m.path), [storiesBlob]);
    assert.deepEqual(await client.request('models/unload', { id: model.id }), { unloaded: 1 });
  });

  it('refuses a truncated blob and a text file named .gguf, saying what to do, and leaves both as they were', async function () {
    const before = { broken: sha256File(brokenBlob), text: fs.readFileSync(textFile, 'utf8') };
    const truncated = await localFocusRejection(client.request('models/useInPlace', { path: brokenBlob, role: 'review' }));
    assert.equal(truncated.code, 'model-corrupt');
    assert.match(truncated.message, /broken:latest cannot be used: .*ollama rm broken:latest.*ollama pull broken:latest/);
    const notGguf = await localFocusRejection(client.request('models/useInPlace', { path: textFile, role: 'review' }));
    assert.equal(notGguf.code, 'model-corrupt');
    assert.match(notGguf.message, /notes\.gguf cannot be used: .*LM Studio/);
    assert.equal(sha256File(brokenBlob), before.broken);
    assert.equal(fs.readFileSync(textFile, 'utf8'), before.text);
    const broken = found(await onDisk(), 'broken:latest');
    assert.equal(broken.check, 'failed');
    assert.match(broken.reason ?? '', /ollama pull/);
    const ids = (await client.request('models/list', {})).models.filter((m) => m.origin === 'in-place').map((m) => m.path);
    assert.deepEqual(ids, [storiesBlob], 'a refused model is not in the catalog');
    const elsewhere = await localFocusRejection(client.request('models/useInPlace', { path: path.join(fakeHome, 'elsewhere.gguf'), role: 'review' }));
    assert.equal(elsewhere.code, 'bad-input');
  });

  it('refuses to download a model used in place; removing it forgets it and keeps the blob', async function () {
    const id = found(await onDisk(), 'stories:260k').modelId;
    assert.ok(id);
    const download = await localFocusRejection(client.request('models/download', { id }));
    assert.equal(download.code, 'bad-input');
    const sha = sha256File(storiesBlob);
    assert.deepEqual(await client.request('models/remove', { id }), { removed: [], kept: [storiesBlob] });
    assert.ok(fs.existsSync(storiesBlob), 'the Ollama blob is still there');
    assert.equal(sha256File(storiesBlob), sha);
    assert.ok(!(await client.request('models/list', {})).models.some((m) => m.id === id));
    const stories = found(await onDisk(), 'stories:260k');
    assert.equal(stories.check, 'unchecked');
    assert.equal(stories.modelId, undefined);
  });
});
