// What the local-server tests share: a fake server of either kind, a client for it with timeouts
// generous enough for a busy machine, a schema, a URL where nothing listens, and an assertion on
// the failure reason.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalFocusError } from '../../../src/core/errors';
import type { LocalServerFailureReason, LocalServerKind } from '../../../src/core/localServerProtocol';
import type { JsonSchema } from '../../../src/core/protocol';
import { createLocalServerClient } from '../../../src/inference/localServer/createClient';
import { localServerFailureReason } from '../../../src/inference/localServer/failures';
import type { LocalServerClient, LocalServerClientOptions } from '../../../src/inference/localServer/localServerClient';
import type { FakeModelServer, FakeServerConfig } from '../../support/fakeModelServer';
import { FakeOllama } from '../../support/fakeOllama';
import { FakeOpenAiServer, type OpenAiFlavour } from '../../support/fakeOpenAiServer';

export const KINDS: readonly LocalServerKind[] = ['ollama', 'openai-compatible'];

export const TASK_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { title: { type: 'string' }, priority: { type: ['string', 'null'], enum: ['high', 'medium', 'low', null] } },
  required: ['title', 'priority'],
  additionalProperties: false,
};

const started: FakeModelServer[] = [];

/** Starts a fake server; closeStartedFakes (each suite's afterEach) closes it. */
export async function startFake(kind: LocalServerKind, config: Partial<FakeServerConfig> = {}, flavour?: OpenAiFlavour): Promise<FakeModelServer> {
  const fake = kind === 'ollama' ? new FakeOllama(config) : new FakeOpenAiServer(config, flavour);
  started.push(fake);
  await fake.start();
  return fake;
}

export async function closeStartedFakes(): Promise<void> {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
}

export function clientOptions(url: string, options: Partial<LocalServerClientOptions> = {}): LocalServerClientOptions {
  return {
    url,
    chatModel: 'chat-model',
    embeddingModel: 'nomic-embed-text',
    firstByteTimeoutMs: 20_000,
    stallTimeoutMs: 20_000,
    requestTimeoutMs: 20_000,
    ...options,
  };
}

export function clientFor(kind: LocalServerKind, url: string, options: Partial<LocalServerClientOptions> = {}): LocalServerClient {
  return createLocalServerClient(kind, clientOptions(url, options));
}

/** A loopback URL where nothing listens: a port the system just handed out and took back. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export async function rejectsWith(promise: Promise<unknown>, reason: LocalServerFailureReason, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof LocalFocusError, `a LocalFocusError, not ${String(err)}`);
    assert.equal(err.code, 'local-server', err.message);
    assert.equal(localServerFailureReason(err), reason, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

export const signal = () => new AbortController().signal;
