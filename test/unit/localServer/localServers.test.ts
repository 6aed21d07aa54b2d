import assert from 'node:assert/strict';
import { localServerFailureReason } from '../../../src/inference/localServer/failures';
import { LocalServers, type LocalServersOptions } from '../../../src/inference/localServer/localServers';
import type { LocalServerSettings } from '../../../src/core/protocol';
import { closeStartedFakes, signal, startFake, TASK_SCHEMA } from './serverFixtures';

/** A LocalServers with the probes and clients generous for a busy machine, and its change events. */
function servers(over: Partial<LocalServersOptions> = {}) {
  const changes: (() => void)[] = [];
  const logs: string[] = [];
  const local = new LocalServers({
    log: (level, message) => logs.push(`${level}: ${message}`),
    onChange: () => changes.splice(0).forEach((fn) => fn()),
    probeBaseMs: 20,
    probeTimeoutMs: 10_000,
    configuredProbeTimeoutMs: 10_000,
    wellKnown: [],
    client: { firstByteTimeoutMs: 20_000, stallTimeoutMs: 20_000, requestTimeoutMs: 20_000 },
    ...over,
  });
  /** Resolves at the first change after which `test` holds. */
  const until = (test: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = () => (test() ? resolve() : changes.push(check));
      check();
    });
  return { local, logs, until };
}

const only = (url: string, over: Partial<LocalServerSettings> = {}): LocalServerSettings => ({ detect: false, url, allowHosts: [], ...over });

describe('the worker\'s model servers', function () {
  this.timeout(30_000);
  let active: LocalServers | undefined;
  afterEach(async function () {
    active?.dispose();
    active = undefined;
    await closeStartedFakes();
  });

  it('detects a server at the configured URL, picks its first chat and embedding model, and makes clients that answer', async function () {
    const fake = await startFake('ollama');
    const { local } = servers();
    active = local;
    local.configure(only(fake.url), 'auto');
    await local.settled();
    assert.deepEqual(local.list().map((s) => [s.name, s.url, s.local]), [['Ollama 0.5.7', fake.url, true]]);
    assert.deepEqual(local.availability()?.taskParsing, { available: true, server: { name: 'Ollama 0.5.7', url: fake.url, model: 'chat-model' } });
    assert.equal(local.embeddingServer()?.model, 'nomic-embed-text');
    assert.equal(local.embeddingServer()?.id, `${fake.url}#nomic-embed-text`);
    const chat = local.chatServer()!;
    const answer = await chat.client.chatJson({ prompt: 'Write the report', schema: TASK_SCHEMA, signal: signal() });
    assert.deepEqual(answer.value, { title: 'Write the report', priority: 'high' });
  });

  it('finds servers on the well-known ports when detection is on, and none when it is off', async function () {
    const fake = await startFake('openai-compatible', {}, 'lm-studio');
    const { local } = servers({ wellKnown: [{ url: fake.url, nameHint: 'LM Studio' }] });
    active = local;
    local.configure({ detect: true, allowHosts: [] }, 'auto');
    await local.settled();
    assert.equal(local.chatServer()?.client.kind, 'openai-compatible');
    local.configure({ detect: false, allowHosts: [] }, 'auto');
    await local.settled();
    assert.equal(local.availability(), undefined, 'nothing looked for: the tier does not exist');
    assert.equal(local.chatServer(), undefined);
  });

  it('says no server was found when detection finds none', async function () {
    const { local } = servers();
    active = local;
    local.configure({ detect: true, allowHosts: [] }, 'auto');
    await local.settled();
    assert.deepEqual(local.availability()?.codeReview, { available: false, reason: 'no local model server found' });
  });

  it('never asks a remote URL in Local only, and never uses one that is not allowed', async function () {
    const asked: string[] = [];
    const fetchImpl = (async (url: string | URL) => {
      asked.push(String(url));
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const { local } = servers({ client: { fetchImpl } });
    active = local;
    local.configure(only('http://192.0.2.7:11434'), 'localOnly');
    await local.settled();
    assert.equal(asked.length, 0, 'a remote URL is not asked in Local only');
    local.configure(only('http://192.0.2.7:11434', { allowHosts: ['192.0.2.7'] }), 'localOnly');
    await local.settled();
    assert.ok(asked.length > 0 && asked.every((u) => u.startsWith('http://192.0.2.7:11434/')), 'an allowed host is asked');
  });

  it('marks a server down when it stops answering, and brings it back by itself once it answers again', async function () {
    const fake = await startFake('ollama');
    const { local, until, logs } = servers();
    active = local;
    local.configure(only(fake.url), 'auto');
    await local.settled();
    const chat = local.chatServer()!;
    const port = fake.port;
    await fake.close();

    // A kept-alive connection sees the stop as a broken stream, a new one as nothing listening.
    const failure = await chat.client.chatJson({ prompt: 'x', schema: TASK_SCHEMA, signal: signal() }).then(
      () => assert.fail('a closed server answered'),
      (err: unknown) => err,
    );
    assert.ok(['server-down', 'stream-died'].includes(localServerFailureReason(failure) ?? ''), String(failure));
    local.noteFailure(chat.client.url, failure);
    await until(() => local.availability()?.taskParsing.available === false);
    assert.deepEqual(local.availability()?.taskParsing, { available: false, reason: `Ollama 0.5.7 at ${fake.url} is down: nothing answers` });
    assert.equal(local.chatServer(), undefined);

    await fake.start(port);
    await until(() => local.availability()?.taskParsing.available === true);
    assert.equal(local.chatServer()?.model, 'chat-model');
    assert.ok(logs.some((l) => /answers again/.test(l)), logs.join('\n'));
  });

  it('does not mark a server down for a bad answer', async function () {
    const fake = await startFake('ollama', { behaviour: 'malformed-output' });
    const { local } = servers();
    active = local;
    local.configure(only(fake.url), 'auto');
    await local.settled();
    const chat = local.chatServer()!;
    const failure = await chat.client.chatJson({ prompt: 'x', schema: TASK_SCHEMA, signal: signal() }).catch((err: unknown) => err);
    assert.equal(localServerFailureReason(failure), 'bad-output');
    local.noteFailure(chat.client.url, failure);
    assert.equal(local.availability()?.taskParsing.available, true);
  });
});
