// The model manager end to end: the real worker process (dist/worker.js) through WorkerClient,
// downloading the shared model files from a local server on 127.0.0.1 through a user catalog, then
// loading them with the real node-llama-cpp. Expected hashes are the published ones from
// ../shared/models/README.md, checked against the files in `before`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isModelDownloadProgress, ModelDownloadProgress, ModelView } from '../../src/core/modelsProtocol';
import type { WorkerClient } from '../../src/core/workerClient';
import { LLAMA2_TINY_RANDOM, sharedModel, sharedModelsDir, STORIES_260K } from '../support/sharedModels.cjs';
import { ModelServer } from '../support/modelServer';
import { localFocusRejection } from '../support/localFocusRejection';
import { assertBuilt, RealWorker, sendFaultRequest, startRealWorker } from '../support/realWorker';
// Paths on the model server, which serves the shared models folder.
const STORIES = STORIES_260K;
const TINY = LLAMA2_TINY_RANDOM;
const STORIES_SHA = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
const STORIES_SIZE = 1_185_376;
const TINY_SHA = '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb';
/** A machine of 1 GiB as the worker sees it (test hook), so the budget percent decides what fits. */
const FAKE_RAM = 1024 * 1024 * 1024;

const sha256File = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');

function userEntry(id: string, fileName: string, url: string, sha256: string | null, size: number | null = STORIES_SIZE) {
  return {
    id,
    name: `Test ${id}`,
    roles: ['task-parsing'],
    publisher: 'test server',
    trust: 'community',
    format: 'gguf',
    quantization: 'F32',
    parameters: '260K',
    contextLength: 2048,
    license: 'MIT',
    files: [{ name: fileName, url, size, sha256 }],
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('model manager (real worker process, local model server)', function () {
  this.timeout(90_000);
  let home: string;
  let modelsDir: string;
  let server: ModelServer;
  let worker: RealWorker;
  let client: WorkerClient;
  const progress: (ModelDownloadProgress & { at: number })[] = [];

  const model = async (id: string): Promise<ModelView> => {
    const found = (await client.request('models/list', {})).models.find((m) => m.id === id);
    assert.ok(found, `model ${id} listed`);
    return found;
  };
  const progressOf = (id: string) => progress.filter((p) => p.modelId === id);

  before(async function () {
    assertBuilt();
    assert.equal(sha256File(sharedModel(STORIES)), STORIES_SHA, 'the shared stories260K is the published file');
    assert.equal(sha256File(sharedModel(TINY)), TINY_SHA);
    server = await ModelServer.start(sharedModelsDir);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-models-'));
    modelsDir = path.join(home, 'models');
    const url = server.url(STORIES);
    fs.writeFileSync(
      path.join(home, 'catalog.json'),
      JSON.stringify({
        version: 1,
        models: [
          userEntry('it-stories', 'it-stories.gguf', url, STORIES_SHA),
          userEntry('it-slow', 'it-slow.gguf', url, STORIES_SHA),
          userEntry('it-restart', 'it-restart.gguf', url, STORIES_SHA),
          userEntry('it-cancel', 'it-cancel.gguf', url, STORIES_SHA),
          // The right bytes under someone else's hash: must never become ready.
          userEntry('it-badhash', 'it-badhash.gguf', url, TINY_SHA),
          userEntry('it-missing', 'it-missing.gguf', server.url('nowhere/missing.gguf'), STORIES_SHA),
        ],
      }),
    );
  });

  beforeEach(async function () {
    progress.length = 0;
    server.setKnobs(undefined);
    worker = await startRealWorker({
      home,
      config: { mode: 'localOnly', memoryBudgetPercent: 60 },
      tuning: { faultRequests: true, totalRamBytes: FAKE_RAM },
      onProgress: (p) => {
        if (isModelDownloadProgress(p)) progress.push({ ...p, at: Date.now() });
      },
      backoff: { initialMs: 100, maxMs: 1_000 },
    });
    client = worker.client;
  });

  afterEach(async function () {
    await worker.stop();
  });

  after(async function () {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists the built-in catalog and the user catalog with state, size, trust and a memory verdict', async function () {
    const list = await client.request('models/list', {});
    assert.deepEqual(list.warnings, []);
    assert.equal(list.catalogFile, path.join(home, 'catalog.json'));
    const ids = list.models.map((m) => m.id);
    for (const id of ['llama-3.2-3b-instruct-q4km', 'qwen2.5-0.5b-instruct-q4km', 'all-minilm-l6-v2', 'it-stories', 'it-badhash']) assert.ok(ids.includes(id), `${id} listed`);
    const stories = list.models.find((m) => m.id === 'it-stories')!;
    assert.equal(stories.state, 'not-downloaded');
    assert.equal(stories.trust, 'community');
    assert.equal(stories.origin, 'user');
    assert.equal(stories.sizeBytes, STORIES_SIZE);
    assert.equal(stories.path, path.join(modelsDir, 'it-stories.gguf'));
    const m = stories.memory;
    assert.equal(m.budgetBytes, Math.floor(FAKE_RAM * 0.6));
    assert.equal(m.weightsBytes, STORIES_SIZE);
    assert.ok(m.totalBytes > m.weightsBytes && m.verdict === 'fits', m.sentence);
    assert.match(m.sentence, /Needs about .* it fits\./);
    // The default review model (2 GB) cannot fit in 60% of a 1 GiB machine, and says by how much.
    const review = list.models.find((x) => x.id === 'llama-3.2-3b-instruct-q4km')!;
    assert.equal(review.memory.verdict, 'too-big');
    assert.match(review.memory.sentence, /too big by/);
    assert.equal(list.device.totalRamBytes, FAKE_RAM);
    assert.equal(list.device.budgetPercent, 60);
    const roles = Object.fromEntries(list.roles.map((r) => [r.role, r]));
    assert.equal(roles['task-parsing']!.modelId, 'llama-3.2-1b-instruct-q4km');
    assert.equal(roles['task-parsing']!.present, false);
  });

  it('downloads with throttled progress events to ready, records the verified hash, and reads the real header', async function () {
    server.setKnobs({ bytesPerSecond: 600_000 });
    const started = await client.request('models/download', { id: 'it-stories' });
    assert.ok(['queued', 'downloading'].includes(started.model.state), started.model.state);
    const { model: done } = await client.request('models/download', { id: 'it-stories', wait: true });
    assert.equal(done.state, 'ready');
    assert.equal(sha256File(done.path), STORIES_SHA);
    assert.ok(!fs.existsSync(done.path + '.partial'), 'no partial file is left');
    assert.equal(done.memory.shapeSource, 'gguf-file');
    assert.ok(done.memory.kvCacheBytes > 0, 'the context cache comes from the header of the file');
    const registry = JSON.parse(fs.readFileSync(path.join(modelsDir, '.local-focus-models.json'), 'utf8'));
    assert.equal(registry.verified['it-stories.gguf'].sha256, STORIES_SHA);

    await until('the ready event', () => progressOf('it-stories').some((p) => p.state === 'ready'));
    const events = progressOf('it-stories');
    const moving = events.filter((p) => p.state === 'downloading');
    assert.ok(moving.length >= 5, `progress while downloading (${moving.length} events)`);
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.bytes >= events[i - 1]!.bytes, 'bytes never go back');
    assert.ok(moving.some((p) => p.speed > 0 && p.etaSeconds !== null), 'speed and ETA are reported');
    assert.match(moving.at(-1)!.message!, /\d+% \(.*\) · .*B\/s · .* left/);
    const last = events.at(-1)!;
    assert.equal(last.state, 'ready');
    assert.equal(last.bytes, STORIES_SIZE);
    // At most ~10 events a second while bytes flow (state changes may add one each).
    const spanS = (moving.at(-1)!.at - moving[0]!.at) / 1000;
    assert.ok(moving.length <= 11 * spanS + 3, `${moving.length} events in ${spanS.toFixed(2)} s`);
    assert.equal((await model('it-stories')).state, 'ready');
  });

  it('pauses (keeping the partial file) and resumes with a Range request to ready', async function () {
    server.setKnobs({ bytesPerSecond: 300_000 });
    const before = server.requests.length;
    await client.request('models/download', { id: 'it-slow' });
    await until('200 KB downloaded', () => progressOf('it-slow').some((p) => p.bytes > 200_000));
    const { model: paused } = await client.request('models/pause', { id: 'it-slow' });
    assert.equal(paused.state, 'paused');
    const partial = path.join(modelsDir, 'it-slow.gguf.partial');
    const size1 = fs.statSync(partial).size;
    assert.ok(size1 > 0 && size1 < STORIES_SIZE, `partial ${size1}`);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(fs.statSync(partial).size, size1, 'nothing is written while paused');
    assert.equal((await model('it-slow')).state, 'paused');

    server.setKnobs(undefined);
    await client.request('models/resume', { id: 'it-slow' });
    const { model: done } = await client.request('models/download', { id: 'it-slow', wait: true });
    assert.equal(done.state, 'ready');
    assert.equal(sha256File(done.path), STORIES_SHA);
    const ranges = server.requests.slice(before).filter((r) => r.path.endsWith('stories260K.gguf')).map((r) => r.range);
    assert.ok(ranges.some((r) => r && Number(/bytes=(\d+)-/.exec(r)?.[1]) >= size1), `a resumed request from ≥ ${size1}: ${JSON.stringify(ranges)}`);
    const states = progressOf('it-slow').map((p) => p.state);
    assert.ok(states.includes('paused') && states.lastIndexOf('downloading') > states.indexOf('paused'), states.join(','));
  });

  it('continues an interrupted download in a restarted worker', async function () {
    server.setKnobs({ bytesPerSecond: 300_000 });
    const before = server.requests.length;
    await client.request('models/download', { id: 'it-restart' });
    await until('300 KB downloaded', () => progressOf('it-restart').some((p) => p.bytes > 300_000));
    const pid = client.pid;
    await sendFaultRequest(client, 'test/exit', { code: 9 }).catch(() => undefined);
    await until('a new worker', () => client.currentState === 'running' && client.pid !== pid, 15_000);
    const interrupted = await model('it-restart');
    assert.equal(interrupted.state, 'paused', 'a partial download without a job shows as paused');
    assert.ok(interrupted.bytes > 0);
    server.setKnobs(undefined);
    const { resumed } = await client.request('models/resumeInterrupted', {});
    assert.deepEqual(resumed, ['it-restart']);
    const { model: done } = await client.request('models/download', { id: 'it-restart', wait: true });
    assert.equal(done.state, 'ready');
    assert.equal(sha256File(done.path), STORIES_SHA);
    const ranges = server.requests.slice(before).map((r) => r.range).filter(Boolean);
    assert.ok(ranges.some((r) => Number(/bytes=(\d+)-/.exec(r!)?.[1]) >= interrupted.bytes), `resumed by Range: ${JSON.stringify(ranges)}`);
  });

  it('does not resume a download the user paused, after a restart', async function () {
    server.setKnobs({ bytesPerSecond: 200_000 });
    await client.request('models/download', { id: 'it-cancel' });
    await until('some bytes', () => progressOf('it-cancel').some((p) => p.bytes > 100_000));
    await client.request('models/pause', { id: 'it-cancel' });
    await client.stop();
    await client.start();
    const { resumed } = await client.request('models/resumeInterrupted', {});
    assert.ok(!resumed.includes('it-cancel'), `resumed ${JSON.stringify(resumed)}`);
    assert.equal((await model('it-cancel')).state, 'paused');
    // Cancel deletes what a previous worker left.
    const { model: cancelled } = await client.request('models/cancel', { id: 'it-cancel' });
    assert.equal(cancelled.state, 'not-downloaded');
    assert.ok(!fs.existsSync(path.join(modelsDir, 'it-cancel.gguf.partial')));
    assert.ok(!fs.existsSync(path.join(modelsDir, 'it-cancel.gguf.partial.json')));
  });

  it('rejects a file that fails its hash: deleted, failed with the reason, never ready', async function () {
    const err = await localFocusRejection(client.request('models/download', { id: 'it-badhash', wait: true }));
    assert.equal(err.code, 'model-corrupt');
    assert.match(err.message, /SHA-256/);
    const m = await model('it-badhash');
    assert.equal(m.state, 'failed');
    assert.match(m.reason ?? '', /SHA-256/);
    for (const suffix of ['', '.partial', '.partial.json']) assert.ok(!fs.existsSync(path.join(modelsDir, 'it-badhash.gguf' + suffix)), `no it-badhash.gguf${suffix}`);
    assert.equal(progressOf('it-badhash').at(-1)?.state, 'failed');
    const loadErr = await localFocusRejection(client.request('models/load', { id: 'it-badhash' }));
    assert.equal(loadErr.code, 'model-missing');
  });

  it('reports a 404 as a failed download with the status', async function () {
    const err = await localFocusRejection(client.request('models/download', { id: 'it-missing', wait: true }));
    assert.match(err.message, /404/);
    assert.equal((await model('it-missing')).state, 'failed');
  });

  it('imports a .gguf file (hashed, copied, given a role) and refuses a text file named .gguf', async function () {
    const source = sharedModel(TINY);
    const result = await client.request('models/import', { path: source, role: 'review' });
    assert.equal(result.model.state, 'ready');
    assert.equal(result.model.origin, 'imported');
    assert.deepEqual(result.model.roles, ['review']);
    assert.equal(result.sha256['llama-2-tiny-random.gguf'], TINY_SHA);
    assert.equal(sha256File(result.model.path), TINY_SHA);
    assert.ok(result.model.path.startsWith(modelsDir + path.sep));
    assert.ok((await client.request('models/list', {})).models.some((m) => m.id === result.model.id && m.state === 'ready'), 'listed after import');

    const fake = path.join(home, 'notes.gguf');
    fs.writeFileSync(fake, 'these are my notes, not a model\n');
    const err = await localFocusRejection(client.request('models/import', { path: fake, role: 'task-parsing' }));
    assert.equal(err.code, 'bad-input');
    assert.match(err.message, /not a GGUF model/);
    assert.ok(!fs.existsSync(path.join(modelsDir, 'notes.gguf')), 'nothing is copied');
  });

  it('adds a model by URL, reading its header from the server, and downloads it', async function () {
    const url = server.url(TINY);
    const { model: added, headerRead } = await client.request('models/addUrl', { url, role: 'task-parsing', sha256: TINY_SHA });
    assert.equal(headerRead, true);
    assert.equal(added.trust, 'community');
    assert.equal(added.verified, true);
    assert.equal(added.contextLength, 4096, 'the context length comes from the header');
    const catalog = JSON.parse(fs.readFileSync(path.join(home, 'catalog.json'), 'utf8'));
    assert.ok(catalog.models.some((e: { id: string }) => e.id === added.id), 'written to the user catalog');
    const { model: done } = await client.request('models/download', { id: added.id, wait: true });
    assert.equal(done.state, 'ready');
    assert.equal(sha256File(done.path), TINY_SHA);
  });

  it('refuses to load a model that does not fit the budget unless overridden, then measures the load', async function () {
    await client.request('models/download', { id: 'it-stories', wait: true });
    await worker.reconfigure({ ...worker.config, memoryBudgetPercent: 5 }); // 5% of 1 GiB: about 54 MB, less than the ~100 MB estimate
    const listed = await model('it-stories');
    assert.equal(listed.memory.verdict, 'too-big');
    const err = await localFocusRejection(client.request('models/load', { id: 'it-stories' }));
    assert.equal(err.code, 'out-of-memory');
    assert.match(err.message, /does not fit the memory budget.*too big by/);
    assert.equal((err.data?.memory as { verdict?: string } | undefined)?.verdict, 'too-big');
    assert.deepEqual((await client.request('worker/status', {})).loadedModels, []);

    const { model: loaded, loadMs } = await client.request('models/load', { id: 'it-stories', override: true });
    assert.equal(loaded.state, 'loaded');
    assert.ok(loadMs >= 0);
    const status = await client.request('worker/status', {});
    assert.deepEqual(status.loadedModels.map((m) => m.path), [loaded.path]);
    const gen = await client.request('llm/generateJson', {
      capability: 'taskParsing',
      modelPath: loaded.path,
      prompt: 'Once upon a time',
      schema: { type: 'object', properties: { s: { type: 'string', maxLength: 40 } }, required: ['s'] },
      completion: true,
      maxTokens: 60,
    });
    assert.ok(gen.tokens > 1);
    const measured = await model('it-stories');
    assert.equal(measured.stats?.loads, 1);
    assert.equal(measured.stats?.generations, 1);
    assert.ok((measured.stats?.tokensPerSecond ?? 0) > 0 && (measured.stats?.ttftMs ?? -1) >= 0, JSON.stringify(measured.stats));
    console.log(
      `      stories260K: estimate ${(measured.memory.totalBytes / 1e6).toFixed(1)} MB, measured RSS growth ${((measured.stats?.loadRssBytes ?? 0) / 1e6).toFixed(1)} MB at load, ` +
        `${((measured.stats?.peakRssBytes ?? 0) / 1e6).toFixed(1)} MB after a generation; ${measured.stats?.tokensPerSecond?.toFixed(0)} tokens/s, first token ${measured.stats?.ttftMs} ms`,
    );

    assert.deepEqual(await client.request('models/unload', { id: 'it-stories' }), { unloaded: 1 });
    assert.equal((await model('it-stories')).state, 'ready');
    await worker.reconfigure({ ...worker.config, memoryBudgetPercent: 60 });
    const again = await client.request('models/load', { id: 'it-stories' });
    assert.equal(again.model.state, 'loaded', 'within the budget no override is needed');
  });

  it('verify finds a damaged file; remove deletes the files', async function () {
    const { model: ready } = await client.request('models/download', { id: 'it-stories', wait: true });
    const fd = fs.openSync(ready.path, 'r+');
    fs.writeSync(fd, Buffer.from([0x00]), 0, 1, 1000);
    fs.closeSync(fd);
    assert.equal((await model('it-stories')).state, 'unverified', 'a changed file is not ready until verified');
    const { reports } = await client.request('models/verify', { id: 'it-stories' });
    assert.equal(reports[0]!.state, 'failed');
    assert.match(reports[0]!.problems.join(' '), /SHA-256/);
    const { removed } = await client.request('models/remove', { id: 'it-stories' });
    assert.deepEqual(removed, [ready.path]);
    assert.ok(!fs.existsSync(ready.path));
    assert.equal((await model('it-stories')).state, 'not-downloaded');
  });

  it('reports the device, and the GPU as node-llama-cpp sees it when asked', async function () {
    const without = await client.request('models/device', {});
    assert.equal(without.gpu, undefined, 'the GPU is looked up only on request');
    assert.equal(without.totalRamBytes, FAKE_RAM);
    assert.ok(without.cores >= 1 && without.freeRamBytes > 0);
    const withGpu = await client.request('models/device', { gpu: true });
    assert.ok(withGpu.gpu && ['cuda', 'vulkan', 'metal', 'none'].includes(withGpu.gpu.backend), JSON.stringify(withGpu.gpu));
    assert.equal(withGpu.gpu.error, undefined);
  });
});
