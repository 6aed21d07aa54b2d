// The LM Studio folder reader on fake models folders with real GGUF files: nested publisher/repo
// folders, projectors noted instead of listed, split models listed once and only when whole.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProjectorFileName, splitPartName, splitPartOf } from '../../../src/inference/modelsOnDisk/ggufFileNames';
import { readLmStudioFolder } from '../../../src/inference/modelsOnDisk/lmStudioFolder';
import { storiesGguf, tempFolder, tinyLlamaGguf, writeFile } from '../../support/fakeModelStores';

describe('LM Studio folder reader', () => {
  let folder: string;
  const put = (rel: string, content: Buffer | string = storiesGguf()) => writeFile(path.join(folder, ...rel.split('/')), content);
  beforeEach(() => {
    folder = tempFolder('lmstudio');
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('lists GGUF files in nested publisher/repo folders by their path below the folder', async () => {
    const llama = put('lmstudio-community/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf');
    put('bartowski/tiny-GGUF/quants/tiny-Q8_0.GGUF', tinyLlamaGguf());
    put('bartowski/tiny-GGUF/README.md', '# not a model');
    put('.tmp/partial.gguf');
    put('bartowski/tiny-GGUF/download.gguf.part', 'half a file');

    const scan = await readLmStudioFolder(folder);

    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(
      scan.models.map((m) => m.name),
      ['bartowski/tiny-GGUF/quants/tiny-Q8_0.GGUF', 'lmstudio-community/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf'],
    );
    const model = scan.models[1];
    assert.equal(model.source, 'lm-studio');
    assert.equal(model.path, llama);
    assert.deepEqual(model.parts, [llama]);
    assert.equal(model.sizeBytes, storiesGguf().length);
    assert.equal(model.folder, folder);
    assert.equal(model.projectorPath, undefined);
  });

  it('notes a projector instead of listing it, and gives it to the model beside it', async () => {
    const model = put('ggml-org/gemma-3-4b-it-GGUF/gemma-3-4b-it-Q4_K_M.gguf');
    const projector = put('ggml-org/gemma-3-4b-it-GGUF/mmproj-model-f16.gguf', tinyLlamaGguf());

    const scan = await readLmStudioFolder(folder);

    assert.deepEqual(scan.models.map((m) => m.path), [model]);
    assert.equal(scan.models[0].projectorPath, projector);
    assert.deepEqual(scan.notes.map((n) => n.path), [projector]);
    assert.match(scan.notes[0].message, /mmproj-model-f16\.gguf is a vision projector, not a chat model/);
  });

  it('tells projectors by name, wherever "mmproj" stands as a word', () => {
    assert.ok(isProjectorFileName('mmproj-gemma-3-4b-it-f16.gguf'));
    assert.ok(isProjectorFileName('llava-v1.6-mistral-7b.mmproj-f16.gguf'));
    assert.ok(isProjectorFileName('Qwen2.5-VL-7B-Instruct-mmproj-bf16.gguf'));
    assert.ok(!isProjectorFileName('mmprojector-notes.gguf'));
    assert.ok(!isProjectorFileName('Llama-3.2-1B-Instruct-Q4_K_M.gguf'));
  });

  it('lists a split model once, by its first part, with every part and their total size', async () => {
    const parts = [1, 2, 3].map((i) => put(`unsloth/big-GGUF/big-Q4_K_M-0000${i}-of-00003.gguf`, i === 2 ? tinyLlamaGguf() : storiesGguf()));

    const scan = await readLmStudioFolder(folder);

    assert.deepEqual(scan.warnings, []);
    assert.equal(scan.models.length, 1);
    assert.equal(scan.models[0].name, 'unsloth/big-GGUF/big-Q4_K_M-00001-of-00003.gguf');
    assert.equal(scan.models[0].path, parts[0]);
    assert.deepEqual(scan.models[0].parts, parts);
    assert.equal(scan.models[0].sizeBytes, 2 * storiesGguf().length + tinyLlamaGguf().length);
  });

  it('warns about a split model with a part missing instead of listing it', async () => {
    put('unsloth/big-GGUF/big-00001-of-00003.gguf');
    put('unsloth/big-GGUF/big-00003-of-00003.gguf');
    put('unsloth/big-GGUF/small.gguf');

    const scan = await readLmStudioFolder(folder);

    assert.deepEqual(scan.models.map((m) => m.name), ['unsloth/big-GGUF/small.gguf']);
    assert.equal(scan.warnings.length, 1);
    assert.match(scan.warnings[0].message, /^unsloth\/big-GGUF\/big-00001-of-00003\.gguf is split into 3 files and part 2 of 3 is missing/);
  });

  it('reads split part names the way llama.cpp writes them', () => {
    assert.deepEqual(splitPartOf('m-00002-of-00005.gguf'), { key: 'm|5', index: 2, count: 5 });
    assert.equal(splitPartOf('m-00006-of-00005.gguf'), undefined);
    assert.equal(splitPartOf('m-Q4_K_M.gguf'), undefined);
    assert.equal(splitPartName('a/m-00004-of-00005.gguf', 1), 'a/m-00001-of-00005.gguf');
  });

  it('follows links to model files and warns about links to nothing', async () => {
    const outside = writeFile(path.join(folder, '..', `${path.basename(folder)}-outside.gguf`), storiesGguf());
    try {
      fs.mkdirSync(path.join(folder, 'me', 'linked'), { recursive: true });
      fs.symlinkSync(outside, path.join(folder, 'me', 'linked', 'model.gguf'));
      fs.symlinkSync(path.join(folder, 'nowhere.gguf'), path.join(folder, 'me', 'linked', 'broken.gguf'));

      const scan = await readLmStudioFolder(folder);

      assert.deepEqual(scan.models.map((m) => m.name), ['me/linked/model.gguf']);
      assert.equal(scan.models[0].sizeBytes, storiesGguf().length);
      assert.match(scan.warnings[0].message, /broken\.gguf is a link to a file that is not there/);
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  it('does not walk deeper than LM Studio\'s layout needs', async () => {
    put('a/b/c/d/shallow-enough.gguf');
    put('a/b/c/d/e/too-deep.gguf');

    const scan = await readLmStudioFolder(folder);

    assert.deepEqual(scan.models.map((m) => m.name), ['a/b/c/d/shallow-enough.gguf']);
  });

  it('finds nothing and says nothing where the folder is not there', async () => {
    assert.deepEqual(await readLmStudioFolder(path.join(folder, 'missing')), { models: [], warnings: [], notes: [] });
  });
});
