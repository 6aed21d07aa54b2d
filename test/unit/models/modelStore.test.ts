// The models folder's state (missing, partial, unverified, ready, corrupt) and importing a .gguf
// file or an ONNX folder, on temporary folders with the small shared model files.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import { CatalogEntry } from '../../../src/core/models/catalogTypes';
import { GgufFormatError } from '../../../src/core/models/gguf';
import { ModelStore, REGISTRY_FILE } from '../../../src/inference/modelStore';
import { MINILM_TOKENIZER, sharedModel, STORIES_260K } from '../../support/sharedModels.cjs';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function entry(overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  const bytes = fs.readFileSync(sharedModel(STORIES_260K));
  return {
    id: 'stories',
    name: 'Stories',
    roles: ['task-parsing'],
    publisher: 'test',
    trust: 'community',
    files: [{ name: 'stories.gguf', url: 'https://example.org/stories.gguf', size: bytes.length, sha256: sha(bytes) }],
    quantization: 'F32',
    parameters: '260K',
    contextLength: 2048,
    license: 'MIT',
    format: 'gguf',
    verified: true,
    folder: '',
    ...overrides,
  };
}

describe('model store', () => {
  let dir: string;
  let store: ModelStore;
  let storiesPath: string;
  let stories: Buffer;
  before(() => {
    storiesPath = sharedModel(STORIES_260K);
    stories = fs.readFileSync(storiesPath);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-store-'));
    store = new ModelStore(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('goes from not downloaded to partial to unverified to ready', async () => {
    const e = entry();
    assert.equal((await store.status(e)).state, 'not-downloaded');
    fs.writeFileSync(path.join(dir, 'stories.gguf.partial'), stories.subarray(0, 1000));
    const partial = await store.status(e);
    assert.equal(partial.state, 'partial');
    assert.equal(partial.files[0].bytes, 1000);
    fs.rmSync(path.join(dir, 'stories.gguf.partial'));
    fs.writeFileSync(path.join(dir, 'stories.gguf'), stories);
    assert.equal((await store.status(e)).state, 'unverified', 'present but never hashed');
    const verified = await store.verify(e);
    assert.equal(verified.state, 'ready');
    assert.equal((await store.status(e)).state, 'ready', 'remembered without hashing again');
    const registry = JSON.parse(fs.readFileSync(path.join(dir, REGISTRY_FILE), 'utf8'));
    assert.equal(registry.verified['stories.gguf'].sha256, e.files[0].sha256);
  });

  it('reports a wrong size or a wrong hash as corrupt, and a changed file as no longer ready', async () => {
    const e = entry();
    fs.writeFileSync(path.join(dir, 'stories.gguf'), stories.subarray(0, 5000));
    const short = await store.status(e);
    assert.equal(short.state, 'corrupt');
    assert.match(short.files[0].problem!, /5000 bytes instead of 1185376/);
    const flipped = Buffer.from(stories);
    flipped[100] ^= 1;
    fs.writeFileSync(path.join(dir, 'stories.gguf'), flipped);
    const bad = await store.verify(e);
    assert.equal(bad.state, 'corrupt');
    assert.match(bad.files[0].problem!, /SHA-256/);
    fs.writeFileSync(path.join(dir, 'stories.gguf'), stories);
    assert.equal((await store.verify(e)).state, 'ready');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'stories.gguf'), later, later);
    assert.equal((await store.status(e)).state, 'unverified');
  });

  it('lists download requests for what is missing, inside the model folder', async () => {
    const onnx = entry({
      id: 'emb',
      format: 'onnx',
      folder: 'emb-model',
      files: [
        { name: 'onnx/model.onnx', url: 'https://example.org/m.onnx', size: 10, sha256: null },
        { name: 'config.json', url: 'https://example.org/c.json', size: 2, sha256: null },
      ],
    });
    fs.mkdirSync(path.join(dir, 'emb-model'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'emb-model', 'config.json'), '{}');
    const status = await store.status(onnx);
    assert.equal(status.state, 'partial');
    const requests = await store.downloadRequests(onnx);
    assert.deepEqual(requests, [
      { id: 'emb/onnx/model.onnx', url: 'https://example.org/m.onnx', destDir: path.join(dir, 'emb-model'), fileName: 'onnx/model.onnx', size: 10, sha256: null },
    ]);
    await store.remove(onnx);
    assert.equal(fs.existsSync(path.join(dir, 'emb-model')), false);
  });

  it('imports a .gguf file: validated, hashed, copied, listed as an unverified community model', async () => {
    const result = await store.importModel(storiesPath, { role: 'task-parsing' });
    assert.equal(result.matchedCatalog, false);
    assert.equal(result.entry.format, 'gguf');
    assert.equal(result.entry.trust, 'community');
    assert.equal(result.entry.verified, false);
    assert.equal(result.entry.contextLength, 2048);
    assert.deepEqual(result.entry.architecture, { layers: 5, headCount: 8, kvHeads: 4, headDim: 8 });
    assert.equal(result.sha256['stories260K.gguf'], sha(stories));
    assert.ok(fs.readFileSync(path.join(dir, 'stories260K.gguf')).equals(stories));
    assert.deepEqual((await store.imported()).map((e) => e.id), [result.entry.id]);
    assert.equal((await store.status(result.entry)).state, 'ready');
    await assert.rejects(store.importModel(storiesPath, { role: 'review' }), /already in the models folder/);
    const again = await store.importModel(storiesPath, { role: 'review', overwrite: true });
    assert.equal(again.entry.id, result.entry.id);
    assert.deepEqual(again.entry.roles, ['review']);
    assert.equal((await store.imported()).length, 1);
  });

  it('recognises an imported copy of a catalog file and makes that entry ready', async () => {
    const catalogEntry = entry({ id: 'catalog-stories', files: [{ name: 'Stories-Q.gguf', url: 'https://example.org/s.gguf', size: stories.length, sha256: sha(stories) }] });
    const result = await store.importModel(storiesPath, { role: 'task-parsing', catalog: [catalogEntry] });
    assert.equal(result.matchedCatalog, true);
    assert.equal(result.entry.id, 'catalog-stories');
    assert.ok(fs.existsSync(path.join(dir, 'Stories-Q.gguf')));
    assert.equal((await store.status(catalogEntry)).state, 'ready');
    assert.deepEqual(await store.imported(), []);
  });

  it('refuses a file that is not a GGUF model and copies nothing', async () => {
    const fake = path.join(dir, '..', `fake-${process.pid}.gguf`);
    fs.writeFileSync(fake, 'just some text\n');
    try {
      await assert.rejects(store.importModel(fake, { role: 'review' }), (err: unknown) => err instanceof GgufFormatError && err.reason === 'bad-magic');
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      fs.rmSync(fake);
    }
  });

  it('imports an ONNX model folder and refuses an incomplete one', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-onnx-src-'));
    try {
      const tokenizerDir = sharedModel(MINILM_TOKENIZER);
      for (const f of fs.readdirSync(tokenizerDir)) fs.copyFileSync(path.join(tokenizerDir, f), path.join(src, f));
      fs.mkdirSync(path.join(src, 'onnx'));
      // A protobuf ModelProto starts with field 1 (ir_version) as a varint: tag byte 0x08.
      fs.writeFileSync(path.join(src, 'onnx', 'model_quantized.onnx'), Buffer.from([0x08, 0x07, 0x12, 0x00]));
      const result = await store.importModel(src, { role: 'embeddings', name: 'My MiniLM' });
      assert.equal(result.entry.format, 'onnx');
      assert.equal(result.entry.name, 'My MiniLM');
      assert.equal(result.entry.quantization, 'q8');
      assert.deepEqual(result.entry.files.map((f) => f.name), ['config.json', 'onnx/model_quantized.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
      const copied = path.join(dir, result.entry.folder, 'tokenizer.json');
      assert.ok(fs.readFileSync(copied).equals(fs.readFileSync(path.join(tokenizerDir, 'tokenizer.json'))));
      assert.equal((await store.status(result.entry)).state, 'ready');

      fs.rmSync(path.join(src, 'tokenizer.json'));
      fs.writeFileSync(path.join(src, 'onnx', 'model_quantized.onnx'), 'not protobuf');
      await assert.rejects(
        store.importModel(src, { role: 'embeddings', overwrite: true }),
        (err: unknown) => err instanceof LocalFocusError && /no tokenizer\.json/.test(err.message) && /onnx\/model_quantized\.onnx is not an ONNX model/.test(err.message),
      );
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });
});
