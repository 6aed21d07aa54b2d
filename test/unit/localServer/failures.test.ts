import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { localServerError, localServerFailureReason, reasonForServerMessage, serverErrorText } from '../../../src/inference/localServer/failures';

describe('local server failure classification', function () {
  it("reads the error text of each server's error body", function () {
    assert.equal(serverErrorText('{"error":"model \'x\' not found, try pulling it first"}'), "model 'x' not found, try pulling it first");
    assert.equal(
      serverErrorText('{"error":{"code":400,"message":"request (5000 tokens) exceeds the available context size (4096 tokens)","type":"exceed_context_size_error"}}'),
      'request (5000 tokens) exceeds the available context size (4096 tokens) [exceed_context_size_error]',
    );
    assert.equal(serverErrorText('{"code":500,"message":"boom","type":"server_error"}'), 'boom [server_error]');
    assert.equal(serverErrorText('404 page not found'), '404 page not found');
  });

  it('maps what servers say to a reason', function () {
    const cases: [string, number | undefined, string][] = [
      ['the request exceeds the available context size, try increasing it', 400, 'context-too-small'],
      ['x [exceed_context_size_error]', 400, 'context-too-small'],
      ['the input length exceeds the context length', 400, 'context-too-small'],
      ["model 'llama9' not found, try pulling it first", 404, 'model-not-found'],
      ['Model "x" does not exist', 400, 'model-not-found'],
      ['No models loaded. Please load a model', 400, 'model-not-found'],
      ['the model is missing', 404, 'model-not-found'],
      ['"llama3" does not support embeddings', 400, 'unsupported'],
      ['whatever', 501, 'unsupported'],
      ['404 page not found', 404, 'server-error'],
      ['llama runner process has terminated', 500, 'server-error'],
    ];
    for (const [message, status, reason] of cases) assert.equal(reasonForServerMessage(message, status), reason, message);
  });

  it('makes one-line errors with the reason in data, and reads the reason back', function () {
    const err = localServerError('server-error', 'Ollama at http://127.0.0.1:11434', `HTTP 500:\n${'x'.repeat(500)}`);
    assert.equal(err.code, 'local-server');
    assert.deepEqual(err.data, { reason: 'server-error', server: 'Ollama at http://127.0.0.1:11434' });
    assert.ok(!err.message.includes('\n'));
    assert.ok(err.message.length < 300, `${err.message.length}`);
    assert.equal(localServerFailureReason(err), 'server-error');
    assert.equal(localServerFailureReason(new LocalFocusError('timeout')), undefined);
    assert.equal(localServerFailureReason(new Error('x')), undefined);
  });
});
