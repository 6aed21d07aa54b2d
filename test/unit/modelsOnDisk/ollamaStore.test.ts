// The Ollama store reader on fake stores laid out as Ollama lays them out, with real GGUF blobs:
// names as `ollama list` shows them, and every broken manifest or blob a warning that leaves the
// other models listed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ollamaDisplayName, readOllamaManifest } from '../../../src/inference/modelsOnDisk/ollamaManifest';
import { readOllamaStore } from '../../../src/inference/modelsOnDisk/ollamaStore';
import {
  addBlob,
  addOllamaModel,
  layerWithoutBlob,
  MODEL_MEDIA_TYPE,
  ollamaManifest,
  storiesGguf,
  tempFolder,
  tinyLlamaGguf,
  writeFile,
  writeManifest,
} from '../../support/fakeModelStores';

const LIBRARY = 'registry.ollama.ai';

describe('Ollama store reader', () => {
  let store: string;
  beforeEach(() => {
    store = tempFolder('ollama');
  });
  afterEach(() => fs.rmSync(store, { recursive: true, force: true }));

  it('lists each model with the name `ollama list` shows, its blob, size and digest', async () => {
    const stories = addOllamaModel(store, [LIBRARY, 'library', 'llama3.2', '3b']);
    addOllamaModel(store, [LIBRARY, 'library', 'llama3.2', 'latest']);
    const tiny = addOllamaModel(store, [LIBRARY, 'someone', 'tiny', 'v1'], tinyLlamaGguf());
    addOllamaModel(store, ['hf.co', 'bartowski', 'Llama-3.2-1B-Instruct-GGUF', 'Q4_K_M'], tinyLlamaGguf());

    const scan = await readOllamaStore(store);

    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(
      scan.models.map((m) => m.name),
      ['hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', 'llama3.2:3b', 'llama3.2:latest', 'someone/tiny:v1'],
    );
    const llama = scan.models.find((m) => m.name === 'llama3.2:3b')!;
    assert.equal(llama.source, 'ollama');
    assert.equal(llama.path, path.join(store, 'blobs', `sha256-${stories.digest.slice('sha256:'.length)}`));
    assert.equal(llama.sizeBytes, storiesGguf().length);
    assert.equal(llama.digest, stories.digest);
    assert.equal(llama.hasProjector, false);
    assert.equal(llama.manifestPath, stories.manifestPath);
    assert.equal(scan.models.find((m) => m.name === 'someone/tiny:v1')!.path, tiny.path);
  });

  it('leaves out the default host and namespace only when they are the defaults, in any case', () => {
    assert.equal(ollamaDisplayName('Registry.Ollama.AI', 'Library', 'qwen3', '0.6b'), 'qwen3:0.6b');
    assert.equal(ollamaDisplayName('registry.ollama.ai', 'jane', 'qwen3', 'latest'), 'jane/qwen3:latest');
    assert.equal(ollamaDisplayName('example.com', 'library', 'qwen3', 'latest'), 'example.com/library/qwen3:latest');
  });

  it('warns about a manifest whose blob is missing and still lists the others', async () => {
    const gone = addOllamaModel(store, [LIBRARY, 'library', 'gone', 'latest'], tinyLlamaGguf());
    addOllamaModel(store, [LIBRARY, 'library', 'kept', 'latest']);
    fs.rmSync(gone.path);

    const scan = await readOllamaStore(store);

    assert.deepEqual(scan.models.map((m) => m.name), ['kept:latest']);
    assert.equal(scan.warnings.length, 1);
    assert.equal(scan.warnings[0].path, gone.manifestPath);
    assert.match(scan.warnings[0].message, /^Ollama's model gone:latest: its model file .* is missing; run "ollama pull gone:latest"/);
  });

  it('warns about each malformed manifest without throwing, and lists the good ones', async () => {
    addOllamaModel(store, [LIBRARY, 'library', 'good', 'latest']);
    writeManifest(store, [LIBRARY, 'library', 'notjson', 'latest'], '{"layers": [');
    writeManifest(store, [LIBRARY, 'library', 'nolayers', 'latest'], { schemaVersion: 2 });
    const escape = { mediaType: MODEL_MEDIA_TYPE, digest: 'sha256:../../../../etc/passwd', size: 10 };
    writeManifest(store, [LIBRARY, 'library', 'escape', 'latest'], { layers: [escape] });
    const model = addBlob(store, MODEL_MEDIA_TYPE, storiesGguf());
    writeManifest(store, [LIBRARY, 'library', 'nosize', 'latest'], { layers: [{ mediaType: MODEL_MEDIA_TYPE, digest: model.digest }] });

    const scan = await readOllamaStore(store);

    assert.deepEqual(scan.models.map((m) => m.name), ['good:latest']);
    const byModel = new Map(scan.warnings.map((w) => [w.message.split(':')[0], w.message]));
    assert.equal(scan.warnings.length, 4);
    assert.match(byModel.get("Ollama's model notjson")!, /not valid JSON/);
    assert.match(byModel.get("Ollama's model nolayers")!, /no list of layers/);
    assert.match(byModel.get("Ollama's model escape")!, /digest "sha256:\.\.\/.*" is not a sha256 digest/);
    assert.match(byModel.get("Ollama's model nosize")!, /size undefined is not a byte count/);
  });

  it('reads only the model and projector layers: others may lack blobs, and no model layer is a note', async () => {
    const modelLayer = addBlob(store, MODEL_MEDIA_TYPE, storiesGguf());
    const projector = addBlob(store, 'application/vnd.ollama.image.projector', tinyLlamaGguf());
    writeManifest(store, [LIBRARY, 'library', 'llava', '7b'], ollamaManifest(modelLayer, [projector]));
    const missingProjector = layerWithoutBlob('application/vnd.ollama.image.projector', 'not on disk');
    writeManifest(store, [LIBRARY, 'library', 'vision', 'latest'], ollamaManifest(modelLayer, [missingProjector]));
    const cloudManifest = { layers: [layerWithoutBlob('application/vnd.ollama.image.template', 'x')] };
    const cloud = writeManifest(store, [LIBRARY, 'library', 'gpt-oss', '120b-cloud'], cloudManifest);

    const scan = await readOllamaStore(store);

    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(scan.models.map((m) => m.name), ['llava:7b', 'vision:latest']);
    const [llava, vision] = scan.models;
    assert.equal(llava.path, modelLayer.path, 'the model layer, not the projector or another layer');
    assert.equal(llava.hasProjector, true);
    assert.equal(llava.projectorPath, projector.path);
    assert.equal(vision.hasProjector, true);
    assert.equal(vision.projectorPath, undefined);
    assert.deepEqual(scan.notes.map((n) => n.path), [cloud]);
    assert.match(scan.notes[0].message, /gpt-oss:120b-cloud has no GGUF model file/);
  });

  it('takes the first model layer, as Ollama does, and counts the others', () => {
    const first = { mediaType: MODEL_MEDIA_TYPE, digest: `sha256:${'a'.repeat(64)}`, size: 1 };
    const second = { mediaType: `${MODEL_MEDIA_TYPE}; x=1`, digest: `sha256-${'b'.repeat(64)}`, size: 2 };
    const reading = readOllamaManifest(JSON.stringify({ layers: [first, second] }));
    assert.ok(reading.ok);
    assert.equal(reading.model?.blobFileName, `sha256-${'a'.repeat(64)}`);
    assert.equal(reading.extraModelLayers, 1);
  });

  it('warns about a blob whose size is not the manifest\'s (a partly written file)', async () => {
    const cut = addOllamaModel(store, [LIBRARY, 'library', 'cut', 'latest']);
    fs.truncateSync(cut.path, 1000);

    const scan = await readOllamaStore(store);

    assert.deepEqual(scan.models, []);
    assert.match(scan.warnings[0].message, /has 1000 bytes where the manifest says \d+; remove the model with "ollama rm cut:latest"/);
  });

  it('finds nothing and says nothing where there is no store', async () => {
    const scan = await readOllamaStore(path.join(store, 'not-installed'));
    assert.deepEqual(scan, { models: [], warnings: [], notes: [] });
  });

  it('passes over hidden files and paths that are not four levels deep', async () => {
    addOllamaModel(store, [LIBRARY, 'library', 'real', 'latest']);
    writeFile(path.join(store, 'manifests', LIBRARY, 'library', 'real', '.DS_Store'), 'junk');
    writeFile(path.join(store, 'manifests', LIBRARY, 'library', 'loose-file'), 'junk');
    writeFile(path.join(store, 'manifests', LIBRARY, 'library', 'skill', 'calc', 'latest'), 'junk');

    const scan = await readOllamaStore(store);

    assert.deepEqual(scan.models.map((m) => m.name), ['real:latest']);
    assert.deepEqual(scan.warnings, []);
  });

  it('warns when the store cannot be read', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads any folder
    addOllamaModel(store, [LIBRARY, 'library', 'locked', 'latest']);
    const manifests = path.join(store, 'manifests');
    fs.chmodSync(manifests, 0o000);
    try {
      const scan = await readOllamaStore(store);
      assert.deepEqual(scan.models, []);
      assert.match(scan.warnings[0].message, /cannot be read \(permission denied/);
    } finally {
      fs.chmodSync(manifests, 0o755);
    }
  });
});
