// LlmRuntime on a stand-in for node-llama-cpp: a GPU build whose loads fail or fit, a CPU build,
// and macOS arm64's single Metal build. Checks where models land, what is logged, what the status
// says, and the crash markers around each GPU step.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogLevel } from '../../../src/core/protocol';
import { GpuCrashGuard } from '../../../src/inference/gpuCrashGuard';
import { GpuFallback } from '../../../src/inference/gpuFallback';
import { LlamaLibrary, LlmRuntime } from '../../../src/inference/llm';
import { deadPid, writeMarker } from './crashMarkers';

const repo = path.resolve(__dirname, '..', '..', '..');
const sharedModels = process.env.LOCAL_FOCUS_SHARED_MODELS ?? path.resolve(repo, '..', 'shared', 'models');
/** A real GGUF file: the runtime checks the whole file before it asks llama.cpp to load it. */
const stories = path.join(sharedModels, 'stories260K', 'stories260K.gguf');
const TOTAL_LAYERS = 6;

type GpuType = 'vulkan' | 'metal' | 'cuda' | false;

interface FakeOptions {
  /** The GPU build getLlama({gpu: 'auto'}) picks; false when node-llama-cpp found no usable GPU. */
  gpu: GpuType;
  /** Loads with layers on the GPU throw "out of memory". */
  gpuOutOfMemory?: boolean;
  /** Every load throws, on the GPU or not (a model llama.cpp cannot read). */
  loadFails?: boolean;
  /** getLlama({gpu: false}) finds no binary, as on macOS arm64. */
  noCpuBuild?: boolean;
  /** GPU drivers node-llama-cpp detects (getLlamaGpuTypes('supported')); default: the GPU build's. */
  drivers?: GpuType[];
  /** The folder GpuCrashGuard writes to, to see which markers exist while a step runs. */
  markersDir: string;
}

interface FakeCalls {
  getLlama: (string | false)[];
  /** gpuLayers asked per load ('auto' when not given), with the markers present during it. */
  loads: { gpuLayers: number | 'auto'; markers: string[] }[];
  inits: { markers: string[] }[];
}

class NoBinaryFoundError extends Error {}

const VRAM_PER_MODEL = 300_000_000;

function fakeLibrary(o: FakeOptions): { library: () => Promise<LlamaLibrary>; calls: FakeCalls; imported: () => number } {
  const calls: FakeCalls = { getLlama: [], loads: [], inits: [] };
  let imports = 0;
  const markers = () => (fs.existsSync(o.markersDir) ? fs.readdirSync(o.markersDir) : []);
  const lib = {
    LlamaLogLevel: { warn: 'warn' },
    NoBinaryFoundError,
    LlamaCompletion: class {},
    LlamaChatSession: class {},
    async getLlamaGpuTypes() {
      return [...(o.drivers ?? (o.gpu ? [o.gpu] : [])), false];
    },
    async getLlama(options: { gpu: 'auto' | false }) {
      calls.getLlama.push(options.gpu);
      calls.inits.push({ markers: markers() });
      if (options.gpu === false && o.noCpuBuild) throw new NoBinaryFoundError('NoBinaryFoundError');
      const gpu: GpuType = options.gpu === false ? false : o.gpu;
      // VRAM in use: each model on the GPU takes VRAM_PER_MODEL while it is loaded.
      let vramUsed = 0;
      return {
        gpu,
        async dispose() {},
        async getVramState() {
          return { total: 8 * VRAM_PER_MODEL, used: vramUsed, free: 8 * VRAM_PER_MODEL - vramUsed };
        },
        async loadModel(m: { modelPath: string; gpuLayers?: number }) {
          const asked = m.gpuLayers ?? 'auto';
          calls.loads.push({ gpuLayers: asked, markers: markers() });
          const onGpu = gpu !== false && asked !== 0;
          if (o.loadFails) throw new Error('Failed to load model');
          if (onGpu && o.gpuOutOfMemory) throw new Error('ggml_vulkan: Device memory allocation of size 2147483648 failed: ErrorOutOfDeviceMemory');
          if (onGpu) vramUsed += VRAM_PER_MODEL;
          return {
            gpuLayers: onGpu ? TOTAL_LAYERS : 0,
            fileInsights: { totalLayers: TOTAL_LAYERS },
            trainContextSize: 512,
            async createContext() {
              return { async dispose() {}, getSequence() {} };
            },
            async dispose() {
              if (onGpu) vramUsed -= VRAM_PER_MODEL;
            },
          };
        },
      };
    },
  };
  return {
    library: async () => {
      imports++;
      return lib as unknown as LlamaLibrary;
    },
    calls,
    imported: () => imports,
  };
}

describe('LlmRuntime: GPU when there is one, the CPU when the GPU fails or crashed', function () {
  let home: string;
  let markersDir: string;
  let logs: { level: LogLevel; message: string }[];
  let gpu: GpuFallback;
  let runtimes: LlmRuntime[];
  let live: ChildProcess | undefined;

  const log = (level: LogLevel, message: string) => logs.push({ level, message });

  function runtime(library: () => Promise<LlamaLibrary>): LlmRuntime {
    const r = new LlmRuntime({ threads: 2, idleUnloadMs: 60_000, log, library, gpu });
    runtimes.push(r);
    return r;
  }

  before(function () {
    if (!fs.existsSync(stories)) throw new Error(`${stories} missing: the shared models folder is expected beside the repository`);
  });

  beforeEach(function () {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-gpu-fallback-'));
    markersDir = path.join(home, 'gpu-attempts');
    logs = [];
    runtimes = [];
    gpu = new GpuFallback(new GpuCrashGuard(markersDir), log);
  });

  afterEach(async function () {
    for (const r of runtimes) await r.dispose();
    live?.kill('SIGKILL');
    live = undefined;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('a GPU that fits: every layer on it, a crash marker only while the GPU steps run', async function () {
    const fake = fakeLibrary({ gpu: 'vulkan', markersDir });
    const info = await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, ['auto']);
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      ['auto'],
    );
    assert.equal(fake.calls.inits[0]!.markers.length, 1, 'a marker while llama.cpp starts on the GPU');
    assert.equal(fake.calls.loads[0]!.markers.length, 1, 'a marker while the model loads on the GPU');
    assert.deepEqual(fs.readdirSync(markersDir), [], 'no marker once the load is done');
    assert.equal(info.gpuLayers, TOTAL_LAYERS);
    assert.equal(info.totalLayers, TOTAL_LAYERS);
    assert.equal(info.vramBytes, VRAM_PER_MODEL, 'the VRAM the load took');
    assert.deepEqual(gpu.status(), { backend: 'vulkan' });
    assert.equal(logs.filter((l) => l.level === 'warn').length, 0);
  });

  it('out of GPU memory: loads the model again with no layers on the GPU, logs one line, and keeps later loads on the CPU', async function () {
    const fake = fakeLibrary({ gpu: 'vulkan', gpuOutOfMemory: true, markersDir });
    const first = runtime(fake.library);
    const info = await first.preload(stories);
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      ['auto', 0],
      'the GPU load, then the same model with gpuLayers 0',
    );
    assert.equal(info.gpuLayers, 0);
    assert.equal(info.totalLayers, TOTAL_LAYERS);
    const warnings = logs.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 1, `one line: ${JSON.stringify(warnings)}`);
    assert.match(warnings[0]!.message, /on Vulkan failed: .*ErrorOutOfDeviceMemory.*; loading it on the CPU instead/);
    const status = gpu.status();
    assert.equal(status.backend, 'vulkan');
    assert.match(status.fallback ?? '', /ErrorOutOfDeviceMemory.*Chat models run on the CPU until the worker restarts/);
    assert.deepEqual(fs.readdirSync(markersDir), []);

    // Another model in the same runtime goes straight to the CPU.
    const other = path.join(home, 'other.gguf');
    fs.copyFileSync(stories, other);
    await first.preload(other);
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      ['auto', 0, 0],
    );

    // So does a runtime re-created by a settings change, on the same llama.cpp build.
    await first.dispose();
    await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, ['auto', 'auto'], 'the process keeps its GPU build: the CPU build cannot share the process');
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      ['auto', 0, 0, 0],
    );
    assert.equal(logs.filter((l) => l.level === 'warn').length, 1, 'still one line');
  });

  it('a load that fails on the CPU as well is the model\'s fault: an error, and no fallback remembered', async function () {
    const fake = fakeLibrary({ gpu: 'vulkan', loadFails: true, markersDir });
    await assert.rejects(runtime(fake.library).preload(stories), (err: { code?: string }) => err.code === 'model-corrupt');
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      ['auto', 0],
    );
    assert.equal(gpu.status().fallback, undefined);
    assert.deepEqual(fs.readdirSync(markersDir), []);
  });

  it('a marker left by a process that died in a GPU step: starts the CPU build and says why, in the log and the status', async function () {
    writeMarker(markersDir, deadPid(), { step: 'load', backend: 'vulkan', offload: true, model: '/models/big.gguf' });
    const fake = fakeLibrary({ gpu: 'vulkan', markersDir });
    const status = gpu.status();
    assert.equal(status.backend, 'unknown');
    assert.match(status.fallback ?? '', /crashed at .* while loading big\.gguf on Vulkan; chat models stay off the GPU until/);
    assert.equal(fake.imported(), 0, 'the status does not load llama.cpp');
    const warnings = logs.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /crashed .* while loading big\.gguf on Vulkan/);

    const info = await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, [false], 'the CPU build, GPU never touched');
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      ['auto'],
    );
    assert.equal(info.gpuLayers, 0);
    assert.equal(gpu.status().backend, 'cpu');
    assert.equal(fs.readdirSync(markersDir).length, 1, 'the crash stays remembered; the CPU build writes no marker');
    assert.equal(logs.filter((l) => l.level === 'warn').length, 1, 'the crash is logged once');
  });

  it('a marker of a process that is still running is not a crash: the GPU is used', async function () {
    live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    writeMarker(markersDir, live.pid!);
    const fake = fakeLibrary({ gpu: 'vulkan', markersDir });
    const info = await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, ['auto']);
    assert.equal(info.gpuLayers, TOTAL_LAYERS);
    assert.equal(gpu.status().fallback, undefined);
  });

  it('after a crash, with no CPU-only build (macOS arm64): the Metal build with no layers offloaded, under a marker', async function () {
    writeMarker(markersDir, deadPid(), { step: 'load', backend: 'metal', offload: true });
    const fake = fakeLibrary({ gpu: 'metal', noCpuBuild: true, markersDir });
    const info = await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, [false, 'auto']);
    assert.deepEqual(
      fake.calls.loads.map((l) => l.gpuLayers),
      [0],
    );
    assert.equal(fake.calls.loads[0]!.markers.length, 2, 'the old crash and this load');
    assert.equal(info.gpuLayers, 0);
    assert.equal(gpu.status().backend, 'metal');
  });

  it('when even the run with no layers offloaded crashed and there is no CPU-only build, local chat models are off', async function () {
    writeMarker(markersDir, deadPid(), { step: 'load', backend: 'metal', offload: false });
    const fake = fakeLibrary({ gpu: 'metal', noCpuBuild: true, markersDir });
    await assert.rejects(runtime(fake.library).preload(stories), /no CPU-only llama\.cpp build/);
    assert.deepEqual(fake.calls.getLlama, [false], 'the Metal build is not started again');
  });

  it('retryGpu() (the user restarted the worker) forgets the crash: the next start uses the GPU', async function () {
    writeMarker(markersDir, deadPid());
    assert.ok(gpu.status().fallback);
    gpu.retryGpu();
    assert.equal(gpu.status().fallback, undefined);
    assert.deepEqual(fs.readdirSync(markersDir), []);
    const fake = fakeLibrary({ gpu: 'vulkan', markersDir });
    await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, ['auto']);
  });

  it('a process that started the CPU build keeps it after retryGpu(): one llama.cpp build per process', async function () {
    writeMarker(markersDir, deadPid());
    const fake = fakeLibrary({ gpu: 'vulkan', markersDir });
    const first = runtime(fake.library);
    await first.preload(stories);
    gpu.retryGpu();
    await first.dispose();
    await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, [false, false]);
  });

  it('node-llama-cpp picked its CPU build though GPU drivers are there (its Vulkan build did not start): the status says why', async function () {
    const fake = fakeLibrary({ gpu: false, drivers: ['vulkan'], markersDir });
    const info = await runtime(fake.library).preload(stories);
    assert.deepEqual(fake.calls.getLlama, ['auto']);
    assert.equal(info.gpuLayers, 0);
    const status = gpu.status();
    assert.equal(status.backend, 'cpu');
    assert.match(status.fallback ?? '', /^Vulkan drivers are installed, but no llama\.cpp build for them could start here/);
  });

  it('no GPU drivers at all: the CPU build, with no fallback to explain', async function () {
    const fake = fakeLibrary({ gpu: false, markersDir });
    await runtime(fake.library).preload(stories);
    assert.deepEqual(gpu.status(), { backend: 'cpu' });
    assert.equal(logs.filter((l) => l.level === 'warn').length, 0);
  });
});
