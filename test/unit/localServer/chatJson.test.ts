import assert from 'node:assert/strict';
import { clientFor, closeStartedFakes, KINDS, signal, startFake, TASK_SCHEMA } from './serverFixtures';

const ANSWER = { title: 'Write the report', priority: 'high' };

describe('local server chat with structured output', function () {
  this.timeout(30_000);
  afterEach(closeStartedFakes);

  for (const kind of KINDS) {
    it(`${kind}: assembles the streamed pieces into the schema's value and reports each piece`, async function () {
      const fake = await startFake(kind, { answer: JSON.stringify(ANSWER), pieces: 5 });
      const pieces: string[] = [];
      const answer = await clientFor(kind, fake.url).chatJson({
        system: 'You parse tasks.',
        prompt: 'TODO write the report !high',
        schema: TASK_SCHEMA,
        maxTokens: 64,
        signal: signal(),
        onToken: (t) => pieces.push(t),
      });
      assert.deepEqual(answer.value, ANSWER);
      assert.equal(answer.text, JSON.stringify(ANSWER));
      assert.equal(pieces.length, 5);
      assert.equal(pieces.join(''), answer.text);
      // The servers' own counts, not the pieces: both fakes report pieces + a constant.
      assert.ok(answer.tokens > pieces.length, `tokens ${answer.tokens}`);
      assert.equal(typeof answer.promptTokens, 'number');
    });
  }

  it('ollama: sends the schema as format, streaming on, the messages and the token limit', async function () {
    const fake = await startFake('ollama');
    await clientFor('ollama', fake.url).chatJson({ system: 'sys', prompt: 'hi', schema: TASK_SCHEMA, maxTokens: 64, signal: signal() });
    const body = fake.last('/api/chat')!.body;
    assert.equal(body.model, 'chat-model');
    assert.equal(body.stream, true);
    assert.deepEqual(body.format, TASK_SCHEMA);
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'hi' },
    ]);
    assert.equal(body.options.num_predict, 64);
    assert.equal(body.options.temperature, 0);
  });

  it('openai-compatible: sends a strict json_schema response_format, streaming on, the messages and the token limit', async function () {
    const fake = await startFake('openai-compatible');
    await clientFor('openai-compatible', fake.url).chatJson({ prompt: 'hi', schema: TASK_SCHEMA, maxTokens: 64, signal: signal() });
    const body = fake.last('/v1/chat/completions')!.body;
    assert.equal(body.model, 'chat-model');
    assert.equal(body.stream, true);
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'result', schema: TASK_SCHEMA, strict: true } });
    assert.deepEqual(body.messages, [{ role: 'user', content: 'hi' }]);
    assert.equal(body.max_tokens, 64);
    assert.equal(body.temperature, 0);
  });

  for (const kind of KINDS) {
    it(`${kind}: waits through a slow start and slow pieces that stay within the limits`, async function () {
      const fake = await startFake(kind, { delayBeforeMs: 300, delayBetweenMs: 100 });
      const answer = await clientFor(kind, fake.url).chatJson({ prompt: 'x', schema: TASK_SCHEMA, signal: signal() });
      assert.deepEqual(answer.value, ANSWER);
    });
  }
});
