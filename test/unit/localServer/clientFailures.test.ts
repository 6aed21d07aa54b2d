import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { createLocalServerClient } from '../../../src/inference/localServer/createClient';
import { clientFor, clientOptions, closedPortUrl, closeStartedFakes, KINDS, rejectsWith, signal, startFake, TASK_SCHEMA } from './serverFixtures';

const ask = { prompt: 'TODO x', schema: TASK_SCHEMA };

describe('local server failures, classified', function () {
  this.timeout(30_000);
  afterEach(closeStartedFakes);

  for (const kind of KINDS) {
    describe(kind, function () {
      it('server-down: nothing listens at the URL', async function () {
        const client = clientFor(kind, await closedPortUrl());
        await rejectsWith(client.chatJson({ ...ask, signal: signal() }), 'server-down', /ECONNREFUSED/);
        await rejectsWith(client.embed(['a'], signal()), 'server-down');
        await rejectsWith(client.models(signal()), 'server-down');
      });

      it('model-not-found: the server lacks the model (404), and when no model is chosen', async function () {
        const fake = await startFake(kind);
        await rejectsWith(clientFor(kind, fake.url, { chatModel: 'llama9:70b' }).chatJson({ ...ask, signal: signal() }), 'model-not-found', /llama9:70b/);
        await rejectsWith(clientFor(kind, fake.url, { embeddingModel: 'nope' }).embed(['a'], signal()), 'model-not-found');
        const { chatModel: _chatModel, ...noChatModel } = clientOptions(fake.url);
        await rejectsWith(createLocalServerClient(kind, noChatModel).chatJson({ ...ask, signal: signal() }), 'model-not-found', /no chat model/);
      });

      it('timeout: the stream stalls after its first piece', async function () {
        const fake = await startFake(kind, { behaviour: 'stall' });
        await rejectsWith(clientFor(kind, fake.url, { stallTimeoutMs: 300 }).chatJson({ ...ask, signal: signal() }), 'timeout');
      });

      it('timeout: no answer at all before the first-byte limit', async function () {
        const fake = await startFake(kind, { delayBeforeMs: 5_000 });
        await rejectsWith(clientFor(kind, fake.url, { firstByteTimeoutMs: 300 }).chatJson({ ...ask, signal: signal() }), 'timeout');
      });

      it('bad-output: the answer is not JSON', async function () {
        const fake = await startFake(kind, { behaviour: 'malformed-output' });
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal() }), 'bad-output');
      });

      it('schema-mismatch: JSON without a required key, or with a value the schema forbids', async function () {
        const fake = await startFake(kind, { answer: '{"title":"x"}' });
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal() }), 'schema-mismatch', /\$\.priority is missing/);
        fake.config.answer = '{"title":"x","priority":"urgent"}';
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal() }), 'schema-mismatch', /\$\.priority is not one of/);
      });

      it('context-too-small: the server says the prompt does not fit, or cuts the answer off', async function () {
        const fake = await startFake(kind, { behaviour: 'context-too-small' });
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal() }), 'context-too-small');
      });

      it('stream-died: the connection breaks in the middle of the answer', async function () {
        const fake = await startFake(kind, { behaviour: 'dies-mid-stream', pieces: 6, dieAfterPieces: 3 });
        const pieces: string[] = [];
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal(), onToken: (t) => pieces.push(t) }), 'stream-died');
        assert.equal(pieces.length, 3, 'the pieces before the break were streamed');
      });

      it('server-error: HTTP 500, and an error in the middle of the stream', async function () {
        const fake = await startFake(kind, { behaviour: 'error-500' });
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal() }), 'server-error', /HTTP 500/);
        fake.config.behaviour = 'error-in-stream';
        await rejectsWith(clientFor(kind, fake.url).chatJson({ ...ask, signal: signal() }), 'server-error');
      });

      it('cancelled: the caller aborts a stalled stream', async function () {
        const fake = await startFake(kind, { behaviour: 'stall' });
        const controller = new AbortController();
        const pending = clientFor(kind, fake.url).chatJson({ ...ask, signal: controller.signal, onToken: () => controller.abort() });
        await assert.rejects(pending, (err: unknown) => err instanceof LocalFocusError && err.code === 'cancelled');
      });
    });
  }

  it('openai-compatible in the LM Studio flavour: an error event in the stream', async function () {
    const fake = await startFake('openai-compatible', { behaviour: 'error-in-stream' }, 'lm-studio');
    await rejectsWith(clientFor('openai-compatible', fake.url).chatJson({ ...ask, signal: signal() }), 'server-error', /no memory slot/);
  });

  it('the user sentence names the server and says what to do', async function () {
    const fake = await startFake('ollama');
    await rejectsWith(clientFor('ollama', fake.url, { chatModel: 'llama9' }).chatJson({ ...ask, signal: signal() }), 'model-not-found', /^Ollama at http:\/\/127\.0\.0\.1:\d+ does not have the model: model 'llama9' not found, try pulling it first\. Pull/);
  });
});
