import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-jsonrpc';
import { ERROR_CODES, ERROR_INFO, LocalFocusError, RPC_ERROR_BASE, toLocalFocusError } from '../../../src/core/errors';
import { resolveModelPath } from '../../../src/core/paths';
import { fromResponseError, toResponseError } from '../../../src/core/rpc';

describe('errors across the process boundary', function () {
  it('every code has a user-facing sentence', function () {
    for (const code of ERROR_CODES) assert.ok(ERROR_INFO[code].sentence.length > 10, code);
  });

  it('round-trips code, message and data through a JSON-RPC ResponseError', function () {
    for (const code of ERROR_CODES) {
      const wire = toResponseError(new LocalFocusError(code, `msg ${code}`, { file: 'x' }));
      const back = fromResponseError(new ResponseError(wire.code, wire.message, JSON.parse(JSON.stringify(wire.data))));
      assert.equal(back.code, code);
      assert.equal(back.message, `msg ${code}`);
      assert.deepEqual(back.data, { file: 'x' });
    }
  });

  it('keeps the JSON-RPC number of every earlier code when codes are added', function () {
    const earlier = ['cancelled', 'model-missing', 'model-corrupt', 'out-of-memory', 'timeout', 'offline', 'worker-exited', 'bad-input', 'internal'] as const;
    earlier.forEach((code, i) => assert.equal(toResponseError(new LocalFocusError(code)).code, RPC_ERROR_BASE - i, code));
  });

  it('maps foreign errors: AbortError → cancelled, allocation failures → out-of-memory, others → internal', function () {
    assert.equal(toLocalFocusError(Object.assign(new Error('x'), { name: 'AbortError' })).code, 'cancelled');
    assert.equal(toLocalFocusError(new Error('ggml: failed to allocate buffer')).code, 'out-of-memory');
    assert.equal(toLocalFocusError(new Error('boom')).code, 'internal');
    assert.equal(toLocalFocusError('str').code, 'internal');
  });

  it('a relative model path cannot escape the models folder', function () {
    assert.equal(resolveModelPath('/m', 'a.gguf', 'codeReview'), '/m/a.gguf');
    assert.equal(resolveModelPath('/m', undefined, 'codeReview'), '/m/Llama-3.2-3B-Instruct-Q4_K_M.gguf');
    assert.equal(resolveModelPath('/m', '/abs/b.gguf', 'codeReview'), '/abs/b.gguf');
    assert.throws(() => resolveModelPath('/m', '../../etc/passwd', 'codeReview'), (e: LocalFocusError) => e.code === 'bad-input');
  });
});
