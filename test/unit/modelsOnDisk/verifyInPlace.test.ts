// The check before a found model is used where it lies: a real GGUF passes with the same model
// fields an import reads; a truncated, missing or non-GGUF file fails with a sentence that says
// what happened and how to repair it in the program that owns the file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ggufModelInfo } from '../../../src/core/models/gguf';
import { checkGgufFile } from '../../../src/core/models/ggufCheck';
import type { LmStudioModelOnDisk, OllamaModelOnDisk } from '../../../src/inference/modelsOnDisk/types';
import { verifyInPlace } from '../../../src/inference/modelsOnDisk/verifyInPlace';
import { sharedModel, STORIES_260K } from '../../support/sharedModels.cjs';
import { storiesGguf, tempFolder, writeFile } from '../../support/fakeModelStores';

function ollamaModel(file: string): OllamaModelOnDisk {
  const size = fs.statSync(file).size;
  return { source: 'ollama', name: 'llama3.2:3b', path: file, sizeBytes: size, digest: `sha256:${'0'.repeat(64)}`, hasProjector: false, manifestPath: '/m' };
}

function lmStudioModel(...parts: string[]): LmStudioModelOnDisk {
  return { source: 'lm-studio', name: `pub/repo/${path.basename(parts[0])}`, path: parts[0], parts, sizeBytes: 0, folder: path.dirname(parts[0]) };
}

describe('verifying a model in place', () => {
  let dir: string;
  let whole: string;
  let truncated: string;
  beforeEach(() => {
    dir = tempFolder('verify');
    whole = writeFile(path.join(dir, 'whole.gguf'), storiesGguf());
    truncated = writeFile(path.join(dir, 'truncated.gguf'), storiesGguf().subarray(0, storiesGguf().length - 4096));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes a real GGUF and returns the model fields an import reads', async () => {
    const verdict = await verifyInPlace(ollamaModel(whole));
    assert.ok(verdict.ok);
    assert.deepEqual(verdict.info, ggufModelInfo(await checkGgufFile(sharedModel(STORIES_260K))));
    assert.equal(verdict.info.architecture, 'llama');
  });

  it('fails a truncated Ollama blob with a sentence that says to pull it again', async () => {
    const verdict = await verifyInPlace(ollamaModel(truncated));
    assert.ok(!verdict.ok);
    assert.equal(verdict.problem, 'damaged');
    assert.match(verdict.message, /^Ollama's model llama3\.2:3b cannot be used: The GGUF file is truncated/);
    assert.match(verdict.message, /Download it again in Ollama: "ollama rm llama3\.2:3b", then "ollama pull llama3\.2:3b"\.$/);
  });

  it('fails a truncated LM Studio file with a sentence that points to LM Studio', async () => {
    const verdict = await verifyInPlace(lmStudioModel(truncated));
    assert.ok(!verdict.ok);
    assert.match(verdict.message, /^LM Studio's model pub\/repo\/truncated\.gguf cannot be used: The GGUF file is truncated.*Delete it in LM Studio \(My Models\) and download it again there\.$/);
  });

  it('checks every part of a split model and names the bad one', async () => {
    const verdict = await verifyInPlace(lmStudioModel(whole, truncated));
    assert.ok(!verdict.ok);
    assert.match(verdict.message, /\(its part truncated\.gguf\) cannot be used/);
  });

  it('says a file that is gone is gone, and a file that is not GGUF is not', async () => {
    const gone = await verifyInPlace({ ...ollamaModel(whole), path: path.join(dir, 'gone') });
    assert.ok(!gone.ok);
    assert.equal(gone.problem, 'missing');
    assert.match(gone.message, /is no longer there\. It was removed or moved since the list was made/);

    const text = writeFile(path.join(dir, 'notes.gguf'), 'these are notes, not a model');
    const notGguf = await verifyInPlace(lmStudioModel(text));
    assert.ok(!notGguf.ok);
    assert.equal(notGguf.problem, 'not-gguf');
    assert.match(notGguf.message, /not a GGUF model file/);
  });

  it('stops when cancelled, by throwing rather than by calling the file damaged', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(verifyInPlace(ollamaModel(whole), controller.signal), { name: 'AbortError' });
  });
});
