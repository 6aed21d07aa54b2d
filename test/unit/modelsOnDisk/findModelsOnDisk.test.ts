// The finder on a fake home folder holding an Ollama store and LM Studio folders with real GGUF
// files: the union of both, OLLAMA_MODELS and LM Studio's home pointer obeyed, each folder read once.
// The platform given is macOS: on Linux the finder also reads Ollama's service store under
// /usr/share, which on a developer's machine holds real models the tests know nothing of.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findModelsOnDisk } from '../../../src/inference/modelsOnDisk/findModelsOnDisk';
import { addOllamaModel, storiesGguf, tempFolder, tinyLlamaGguf, writeFile, writeManifest } from '../../support/fakeModelStores';

const LIBRARY = 'registry.ollama.ai';

describe('finding models on the disk', () => {
  let home: string;
  const where = (env: Record<string, string> = {}) => ({ home, env, platform: 'darwin' as const });
  beforeEach(() => {
    home = tempFolder('home');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('lists Ollama\'s and LM Studio\'s models and those of the extra folders together', async () => {
    addOllamaModel(path.join(home, '.ollama', 'models'), [LIBRARY, 'library', 'llama3.2', '3b']);
    writeFile(path.join(home, '.lmstudio', 'models', 'pub', 'repo', 'model.gguf'), tinyLlamaGguf());
    writeFile(path.join(home, '.cache', 'lm-studio', 'models', 'old', 'repo', 'older.gguf'), storiesGguf());
    const extra = path.join(home, 'my-models');
    writeFile(path.join(extra, 'mine', 'own.gguf'), storiesGguf());

    const scan = await findModelsOnDisk({ ...where(), extraFolders: [extra] });

    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(
      scan.models.map((m) => `${m.source} ${m.name}`),
      ['ollama llama3.2:3b', 'lm-studio pub/repo/model.gguf', 'lm-studio old/repo/older.gguf', 'lm-studio mine/own.gguf'],
    );
  });

  it('reads the store OLLAMA_MODELS names instead of the default one', async () => {
    addOllamaModel(path.join(home, '.ollama', 'models'), [LIBRARY, 'library', 'default-store', 'latest']);
    const moved = path.join(home, 'ollama-elsewhere');
    addOllamaModel(moved, [LIBRARY, 'library', 'moved-store', 'latest']);

    const scan = await findModelsOnDisk(where({ OLLAMA_MODELS: moved }));

    assert.deepEqual(scan.models.map((m) => m.name), ['moved-store:latest']);
  });

  it('follows LM Studio\'s home pointer to a moved data folder', async () => {
    const moved = path.join(home, 'big-disk', 'lmstudio');
    writeFile(path.join(moved, 'models', 'pub', 'repo', 'moved.gguf'), storiesGguf());
    writeFile(path.join(home, '.lmstudio-home-pointer'), `${moved}\n`);

    const scan = await findModelsOnDisk(where());

    assert.deepEqual(scan.models.map((m) => m.name), ['pub/repo/moved.gguf']);
  });

  it('reads a folder given twice, or by a link, once', async () => {
    const lmStudio = path.join(home, '.lmstudio', 'models');
    writeFile(path.join(lmStudio, 'pub', 'repo', 'model.gguf'), storiesGguf());
    writeFile(path.join(lmStudio, 'pub', 'repo', 'mmproj-model-f16.gguf'), tinyLlamaGguf());
    fs.symlinkSync(lmStudio, path.join(home, 'link-to-models'));

    const scan = await findModelsOnDisk({ ...where(), extraFolders: [lmStudio, path.join(home, 'link-to-models'), path.join(lmStudio, 'pub')] });

    assert.deepEqual(scan.models.map((m) => m.name), ['pub/repo/model.gguf'], 'the outer folder\'s name for the file');
    assert.equal(scan.notes.length, 1, 'the projector noted once');
  });

  it('keeps the other models when one manifest is broken, with the warning beside them', async () => {
    const store = path.join(home, '.ollama', 'models');
    addOllamaModel(store, [LIBRARY, 'library', 'fine', 'latest']);
    writeManifest(store, [LIBRARY, 'library', 'broken', 'latest'], 'not json');
    writeFile(path.join(home, '.lmstudio', 'models', 'pub', 'repo', 'model.gguf'), storiesGguf());

    const scan = await findModelsOnDisk(where());

    assert.deepEqual(scan.models.map((m) => m.name), ['fine:latest', 'pub/repo/model.gguf']);
    assert.equal(scan.warnings.length, 1);
    assert.equal(scan.warnings[0].source, 'ollama');
    assert.match(scan.warnings[0].message, /broken:latest: the manifest is not valid JSON/);
  });

  it('finds nothing in a home folder without Ollama or LM Studio', async () => {
    assert.deepEqual(await findModelsOnDisk(where()), { models: [], warnings: [], notes: [] });
  });
});
