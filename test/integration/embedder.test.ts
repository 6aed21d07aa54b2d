// The embedder against real onnxruntime-node and the real MiniLM tokenizer, with the tiny
// MiniLM-shaped model from test/fixtures/make-tiny-embedder.mjs standing in for the weights.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalFocusError } from '../../src/core/errors';
import { Embedder } from '../../src/inference/embedder';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const GENERATOR = path.join(REPO_ROOT, 'test', 'fixtures', 'make-tiny-embedder.mjs');
const TINY_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'generated', 'tiny-minilm');

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0) / (norm(a) * norm(b));
}

async function rejectsWithCode(promise: Promise<unknown>, code: string, messageIncludes?: string): Promise<LocalFocusError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LocalFocusError, `expected LocalFocusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (messageIncludes) assert.ok(err.message.includes(messageIncludes), `message "${err.message}" lacks "${messageIncludes}"`);
    return err;
  }
  assert.fail(`expected a rejection with code ${code}`);
}

// BERT's uncased WordPiece for plain ASCII text: lowercase, split on whitespace and punctuation,
// then greedy longest-match against vocab.txt with '##' continuations. Written here from the
// algorithm so the embedder's count is checked against something other than itself.
function wordPieceCount(text: string, vocab: Set<string>): number {
  const words = text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
  let count = 0;
  for (const word of words) {
    let start = 0;
    const pieces: string[] = [];
    while (start < word.length) {
      let end = word.length;
      let piece: string | undefined;
      while (end > start) {
        const candidate = (start > 0 ? '##' : '') + word.slice(start, end);
        if (vocab.has(candidate)) {
          piece = candidate;
          break;
        }
        end--;
      }
      if (!piece) {
        pieces.length = 0;
        pieces.push('[UNK]');
        break;
      }
      pieces.push(piece);
      start = end;
    }
    count += pieces.length;
  }
  return count;
}

describe('Embedder (tiny MiniLM-shaped ONNX model)', function () {
  let embedder: Embedder;
  const scratch: string[] = [];

  before(function () {
    execFileSync(process.execPath, [GENERATOR, TINY_DIR], { stdio: 'pipe' });
    embedder = new Embedder({ modelDir: TINY_DIR, threads: 1 });
  });

  after(async function () {
    await embedder?.dispose();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  function scratchCopy(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lf-embedder-'));
    scratch.push(dir);
    cpSync(TINY_DIR, dir, { recursive: true });
    return dir;
  }

  it('loads once and records the load time', async function () {
    await embedder.load();
    await embedder.load();
    assert.equal(embedder.loaded, true);
    assert.equal(typeof embedder.loadMs, 'number');
  });

  it('returns one 384-dimensional unit vector per text', async function () {
    const texts = ['hello world', 'a cat sits on the mat', 'TODO: fix the parser before Friday', ''];
    const { vectors, dim } = await embedder.embed(texts);
    assert.equal(dim, 384);
    assert.equal(vectors.length, texts.length);
    for (const v of vectors) {
      assert.equal(v.length, 384);
      assert.ok(Math.abs(1 - norm(v)) < 1e-4, `norm ${norm(v)}`);
    }
  });

  it('gives identical vectors for the same text and different vectors for different texts', async function () {
    const { vectors } = await embedder.embed(['meeting notes about the budget', 'meeting notes about the budget', 'grocery list: eggs, milk']);
    const [a, b, c] = vectors as [number[], number[], number[]];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(cosine(a, c) < 0.999, `cosine ${cosine(a, c)}`);
  });

  it('gives the same vectors whatever the batch size (padding is masked out)', async function () {
    const texts = Array.from({ length: 7 }, (_, i) => `note ${i}: ${'word '.repeat(i * 3)}end`);
    const small = await embedder.embed(texts, { batchSize: 2 });
    const large = await embedder.embed(texts, { batchSize: 16 });
    assert.equal(small.vectors.length, texts.length);
    for (let i = 0; i < texts.length; i++) {
      const s = small.vectors[i]!;
      const l = large.vectors[i]!;
      const maxDiff = Math.max(...s.map((x, j) => Math.abs(x - l[j]!)));
      assert.ok(maxDiff < 1e-5, `text ${i} differs by ${maxDiff}`);
    }
  });

  it('counts tokens with the model tokenizer', async function () {
    const vocab = new Set(readFileSync(path.join(TINY_DIR, 'vocab.txt'), 'utf8').split('\n').map((l) => l.replace(/\r$/, '')));
    const sentences = [
      'The quick brown fox jumps over the lazy dog.',
      "Embeddings tokenize unbelievably well, don't they?",
      'Refactor parseTaskLine() before 2025-03-14 #backend @alice',
    ];
    for (const sentence of sentences) {
      const expected = wordPieceCount(sentence, vocab);
      assert.equal(await embedder.tokenCount(sentence), expected, sentence);
    }
    // Sanity of the reference itself: a word outside the vocabulary splits into several pieces.
    assert.ok(wordPieceCount('unbelievably', vocab) > 1);
  });

  it('reports a missing folder as model-missing, naming the path', async function () {
    const missing = path.join(os.tmpdir(), 'lf-no-such-model-folder');
    const e = new Embedder({ modelDir: missing, threads: 1 });
    await rejectsWithCode(e.embed(['x']), 'model-missing', missing);
    assert.equal(e.loaded, false);
  });

  it('reports a missing ONNX file for the chosen dtype as model-missing', async function () {
    const dir = scratchCopy();
    rmSync(path.join(dir, 'onnx', 'model.onnx'));
    await rejectsWithCode(new Embedder({ modelDir: dir, dtype: 'fp32', threads: 1 }).load(), 'model-missing', 'model.onnx');
  });

  it('reports a non-ONNX model file as model-corrupt', async function () {
    const dir = scratchCopy();
    writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), 'this is not an onnx model\n');
    const e = new Embedder({ modelDir: dir, threads: 1 });
    await rejectsWithCode(e.load(), 'model-corrupt', 'model_quantized.onnx');
    assert.equal(e.loaded, false);
  });

  it('stops with cancelled when the signal is already aborted', async function () {
    const controller = new AbortController();
    controller.abort();
    await rejectsWithCode(embedder.embed(['a', 'b'], { signal: controller.signal }), 'cancelled');
  });

  it('stops with cancelled when the signal is aborted between batches', async function () {
    const controller = new AbortController();
    const texts = Array.from({ length: 200 }, (_, i) => `text number ${i}`);
    const run = embedder.embed(texts, { signal: controller.signal, batchSize: 1 });
    setTimeout(() => controller.abort(), 0);
    await rejectsWithCode(run, 'cancelled');
  });

  it('rejects a batch size that is not a positive integer', async function () {
    await rejectsWithCode(embedder.embed(['a'], { batchSize: 0 }), 'bad-input');
  });
});

describe('Embedder (real all-MiniLM-L6-v2, when present)', function () {
  const realDir = process.env.LOCAL_FOCUS_MINILM_DIR;
  let embedder: Embedder | undefined;

  after(async function () {
    await embedder?.dispose();
  });

  it('places related sentences closer than unrelated ones', async function () {
    if (!realDir) {
      console.log('      skipped: LOCAL_FOCUS_MINILM_DIR not set (real all-MiniLM-L6-v2 weights not present)');
      this.skip();
    }
    embedder = new Embedder({ modelDir: realDir, threads: 2 });
    const { vectors, dim } = await embedder.embed(['a cat sits on the mat', 'a kitten on a rug', 'stock market crash']);
    assert.equal(dim, 384);
    for (const v of vectors) assert.ok(Math.abs(1 - norm(v)) < 1e-4, `norm ${norm(v)}`);
    const [cat, kitten, stocks] = vectors as [number[], number[], number[]];
    assert.ok(cosine(cat, kitten) > cosine(cat, stocks), `cat~kitten ${cosine(cat, kitten)} vs cat~stocks ${cosine(cat, stocks)}`);
  });
});
