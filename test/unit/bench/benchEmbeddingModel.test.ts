import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEmbeddingModel } from '../../../bench/benchEmbeddingModel';

const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

function modelFolder(dir: string, files = MODEL_FILES): string {
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '{}');
  }
  return dir;
}

describe('benchEmbeddingModel (the SciFact bench\'s --model)', () => {
  let tmp: string;
  let modelsDir: string;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'lf-benchmodel-'));
    modelsDir = path.join(tmp, 'models');
  });

  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads a catalog id as its folder in the models folder, named as the catalog names it', () => {
    modelFolder(path.join(modelsDir, 'paraphrase-multilingual-MiniLM-L12-v2'));
    const model = benchEmbeddingModel('paraphrase-multilingual-minilm-l12-v2', modelsDir, {});
    assert.equal(model.dir, path.join(modelsDir, 'paraphrase-multilingual-MiniLM-L12-v2'));
    assert.equal(model.catalogId, 'paraphrase-multilingual-minilm-l12-v2');
    assert.match(model.label, /paraphrase-multilingual-MiniLM-L12-v2/);
    assert.equal(model.skipped, undefined);
  });

  it('takes a folder as it is, and --model over LOCAL_FOCUS_MINILM_DIR', () => {
    const folder = modelFolder(path.join(tmp, 'my-model'));
    const model = benchEmbeddingModel(folder, modelsDir, { LOCAL_FOCUS_MINILM_DIR: path.join(tmp, 'elsewhere') });
    assert.equal(model.dir, folder);
    assert.equal(model.label, 'my-model');
    assert.equal(model.catalogId, undefined);
    assert.equal(model.skipped, undefined);
  });

  it('without --model: LOCAL_FOCUS_MINILM_DIR, else the default all-MiniLM-L6-v2 in the models folder', () => {
    const fromEnv = modelFolder(path.join(tmp, 'minilm'));
    assert.equal(benchEmbeddingModel(undefined, modelsDir, { LOCAL_FOCUS_MINILM_DIR: fromEnv }).dir, fromEnv);
    const byDefault = benchEmbeddingModel(undefined, modelsDir, {});
    assert.equal(byDefault.catalogId, 'all-minilm-l6-v2');
    assert.equal(byDefault.dir, path.join(modelsDir, 'all-MiniLM-L6-v2'));
  });

  it('skips a model whose files are not all there, naming what is missing and how to get it', () => {
    modelFolder(path.join(modelsDir, 'paraphrase-multilingual-MiniLM-L12-v2'), ['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    const model = benchEmbeddingModel('paraphrase-multilingual-minilm-l12-v2', modelsDir, {});
    assert.match(model.skipped ?? '', /onnx[/\\]model_quantized\.onnx missing/);
    assert.match(model.skipped ?? '', /local-focus models download paraphrase-multilingual-minilm-l12-v2/);
    assert.doesNotMatch(model.skipped ?? '', /config\.json/);
  });

  it('refuses a catalog model that does not embed', () => {
    assert.throws(() => benchEmbeddingModel('llama-3.2-1b-instruct-q4km', modelsDir, {}), /not an embedding model/);
  });
});
