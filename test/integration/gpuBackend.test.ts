// The real node-llama-cpp on stories260K, in process through WorkerService (as the CLI runs it):
// the status names the backend llama.cpp picked and the layers it offloaded, and no crash marker
// is left behind. On a machine without a usable GPU that is the CPU with 0 layers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatStatus } from '../../src/cli/statusCommand';
import { LLM_BACKEND_LABELS, LogLevel } from '../../src/core/protocol';
import { gpuAttemptsDir } from '../../src/inference/gpuCrashGuard';
import { WorkerService } from '../../src/inference/service';
import { sharedModel, sharedModelsDir, STORIES_260K } from '../support/sharedModels.cjs';
import { workerConfigFor } from '../support/workerConfig';

const stories = path.join(sharedModelsDir, STORIES_260K);

describe('llama.cpp backend in the status (real node-llama-cpp, stories260K)', function () {
  let home: string;
  let savedHome: string | undefined;
  let service: WorkerService | undefined;
  const logs: string[] = [];

  before(function () {
    sharedModel(STORIES_260K); // throws, saying where it looked, when the shared models are missing
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-gpu-backend-'));
    savedHome = process.env.LOCAL_FOCUS_HOME;
    process.env.LOCAL_FOCUS_HOME = home;
  });

  after(async function () {
    await service?.dispose();
    if (savedHome === undefined) delete process.env.LOCAL_FOCUS_HOME;
    else process.env.LOCAL_FOCUS_HOME = savedHome;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('is "not known yet" before a load, then names the backend and the offloaded layers; no marker is left', async function () {
    service = new WorkerService({ log: (level: LogLevel, message: string) => logs.push(`${level}: ${message}`), status: () => undefined });
    const config = workerConfigFor(home, { mode: 'localOnly', models: { taskParsing: stories } });
    assert.deepEqual(service.configure(config).llm, { backend: 'unknown' }, 'the status does not start llama.cpp');

    // The worker's own runtime, as `models/load` uses it.
    await service.llmRuntime()!.preload(stories);
    const status = service.status();
    const device = await service.call('models/device', { gpu: true });
    const expected = device.gpu?.backend === 'none' || !device.gpu ? 'cpu' : device.gpu.backend;
    assert.equal(status.llm.backend, expected, 'the backend llama.cpp reports');
    const model = status.loadedModels.find((m) => m.kind === 'llm');
    assert.ok(model, 'stories260K is loaded');
    assert.ok((model.totalLayers ?? 0) > 0, `total layers ${model.totalLayers}`);
    if (expected === 'cpu') assert.equal(model.gpuLayers, 0, 'nothing offloaded on the CPU');
    else assert.ok(model.gpuLayers! > 0 && model.gpuLayers! <= model.totalLayers!);

    const text = formatStatus(status, home, config.modelsDir);
    const line = `llama.cpp: ${LLM_BACKEND_LABELS[expected]} · stories260K.gguf: ${model.gpuLayers} of ${model.totalLayers} layers on the GPU`;
    assert.ok(text.includes(line), `${line}\nin\n${text}`);
    console.log(`      ${line}`);
    assert.deepEqual(fs.existsSync(gpuAttemptsDir()) ? fs.readdirSync(gpuAttemptsDir()) : [], [], 'no crash marker left after the load');
    assert.ok(logs.some((l) => /loaded model .*stories260K\.gguf .* layers on the GPU/.test(l)), logs.join('\n'));
  });
});
