// Compare Models… as the editor runs it: `models/bench` through the real worker process, on the two
// tiny shared GGUF models (imported) and a fake Ollama's chat model on loopback. The models must run
// one after another, never two in memory (the worker's status and its load/unload log lines say so),
// each with its figures, and the record file under the home must hold all three.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpeedRecordFile } from '../../src/core/models/modelSpeed';
import type { ModelView } from '../../src/core/modelsProtocol';
import { FakeOllama } from '../support/fakeOllama';
import { assertBuilt, RealWorker, startRealWorker } from '../support/realWorker';
import { LLAMA2_TINY_RANDOM, sharedModel, STORIES_260K } from '../support/sharedModels.cjs';

describe('Compare Models (models/bench through the real worker)', function () {
  this.timeout(180_000);
  let home: string;
  let ollama: FakeOllama;
  let worker: RealWorker;
  const imported: ModelView[] = [];

  before(async function () {
    assertBuilt();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-compare-'));
    ollama = new FakeOllama({ answer: '{"answer":"Retry the upload"}', pieces: 4, delayBeforeMs: 20, delayBetweenMs: 5 });
    await ollama.start();
    worker = await startRealWorker({ home, config: { mode: 'localOnly', localServer: { detect: false, url: ollama.url, allowHosts: [] } } });
    for (const file of [STORIES_260K, LLAMA2_TINY_RANDOM]) {
      const { model } = await worker.client.request('models/import', { path: sharedModel(file), role: 'task-parsing' });
      imported.push(model);
    }
  });

  after(async function () {
    await worker?.stop();
    await ollama?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('runs each model in turn, one in memory at a time, and records every one', async function () {
    // A model already loaded, as in a working editor: the bench must unload it first.
    await worker.client.request('models/load', { id: imported[1]!.id });
    const statusesBefore = worker.statuses.length;
    const ids = [imported[0]!.id, imported[1]!.id, 'server:chat-model'];
    const { runs } = await worker.client.request('models/bench', { ids, role: 'task-parsing' });

    assert.deepEqual(runs.map((r) => r.id), ids);
    for (const run of runs) {
      assert.equal(run.error, undefined, `${run.id}: ${run.error}`);
      for (const key of ['ttftMs', 'genTokensPerSecond'] as const) assert.ok((run.figures[key] ?? 0) > 0, `${run.id}: ${key} = ${run.figures[key]}`);
    }
    for (const run of runs.slice(0, 2)) {
      for (const key of ['loadMs', 'promptTokensPerSecond'] as const) assert.ok((run.figures[key] ?? 0) > 0, `${run.id}: ${key} = ${run.figures[key]}`);
      assert.equal(typeof run.figures.peakRssBytes, 'number', `${run.id}: peak RSS measured`);
      assert.equal(run.kind, 'in-process');
    }
    assert.equal(runs[2]!.firstLine, 'Retry the upload');

    // Never two chat models in memory: every status pushed during the bench lists at most one.
    const during = worker.statuses.slice(statusesBefore);
    assert.ok(during.length > 0, 'the worker pushed statuses during the bench');
    for (const s of during) assert.ok(s.loadedModels.filter((m) => m.kind === 'llm').length <= 1, JSON.stringify(s.loadedModels));
    const final = await worker.client.request('worker/status', {});
    assert.deepEqual(final.loadedModels.filter((m) => m.kind === 'llm'), [], 'the bench leaves no model loaded');
    // The log: each load is followed by its unload before the next load.
    const events = worker.logs.filter((l) => /: (loaded|unloaded) model /.test(l)).map((l) => (/: loaded/.test(l) ? 'load' : 'unload'));
    assert.deepEqual(events.slice(-5), ['unload', 'load', 'unload', 'load', 'unload'], worker.logs.join('\n'));

    const records = JSON.parse(fs.readFileSync(path.join(home, 'model-speed.json'), 'utf8')) as SpeedRecordFile;
    for (const model of imported) assert.ok((records.models[model.path]?.genTokensPerSecond ?? 0) > 0, `record of ${model.path}`);
    assert.ok((records.models[`${ollama.url}#chat-model`]?.ttftMs ?? 0) > 0, 'record of the server model');
  });

  it('refuses an unknown id and an embedding role before loading anything', async function () {
    const loadsBefore = worker.logs.filter((l) => /: loaded model /.test(l)).length;
    await assert.rejects(worker.client.request('models/bench', { ids: [imported[0]!.id, 'no-such-model'] }), /no model "no-such-model"/);
    await assert.rejects(worker.client.request('models/bench', { ids: [imported[0]!.id], role: 'embeddings' }), /embedding models generate none/);
    assert.equal(worker.logs.filter((l) => /: loaded model /.test(l)).length, loadsBefore);
  });
});
