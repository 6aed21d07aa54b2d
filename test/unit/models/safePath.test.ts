import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import { isSafeRelativePath, resolveInside } from '../../../src/core/models/safePath';

describe('model file names stay inside their folder', () => {
  const root = path.join(os.tmpdir(), 'models');

  it('accepts plain and nested names', () => {
    assert.equal(resolveInside(root, 'a.gguf'), path.join(root, 'a.gguf'));
    assert.equal(resolveInside(root, 'onnx/model_quantized.onnx'), path.join(root, 'onnx', 'model_quantized.onnx'));
    assert.equal(resolveInside(root, '..hidden.gguf'), path.join(root, '..hidden.gguf'), 'dots inside a name are fine');
  });

  for (const bad of ['', '..', '../x.gguf', 'a/../../x.gguf', 'a/./b.gguf', 'a//b.gguf', '/etc/passwd', 'C:/x.gguf', 'c:x.gguf', '\\\\server\\share\\x', 'a\\..\\..\\x', 'x\0.gguf']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(isSafeRelativePath(bad), false);
      assert.throws(() => resolveInside(root, bad), (err: unknown) => err instanceof LocalFocusError && err.code === 'bad-input' && err.data?.reason === 'unsafe-path');
    });
  }
});
