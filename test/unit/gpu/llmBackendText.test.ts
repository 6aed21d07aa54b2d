// The status surfaces name the llama.cpp backend, the layers on the GPU and why not the GPU:
// the shared text (tooltip and CLI), `local-focus status` as text, and its --json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { llmBackendText } from '../../../src/core/llmBackendText';
import { LoadedModelInfo, StatusReport } from '../../../src/core/protocol';
import { formatStatus } from '../../../src/cli/statusCommand';
import { runCli } from '../../../src/cli/main';

const chatModel = (gpuLayers: number, totalLayers: number): LoadedModelInfo => ({
  path: path.join('models', 'Llama-3.2-1B-Instruct-Q4_K_M.gguf'),
  kind: 'llm',
  loadMs: 900,
  lastUsed: new Date(0).toISOString(),
  gpuLayers,
  totalLayers,
});

const embeddings: LoadedModelInfo = { path: '/models/all-MiniLM-L6-v2', kind: 'embeddings', loadMs: 50, lastUsed: new Date(0).toISOString() };

function report(llm: StatusReport['llm'], loadedModels: LoadedModelInfo[]): StatusReport {
  return {
    mode: 'auto',
    capabilities: [{ capability: 'taskParsing', tier: 'local' }],
    worst: 'local',
    cloud: { configured: false, reachable: 'unknown' },
    loadedModels,
    llm,
    workerPid: 1,
  };
}

describe('status: the llama.cpp backend and the layers on the GPU', function () {
  it('names the GPU backend and the layers each loaded chat model has on it', function () {
    const text = llmBackendText(report({ backend: 'vulkan' }, [chatModel(17, 17), embeddings]));
    assert.deepEqual(text, { summary: 'Vulkan · Llama-3.2-1B-Instruct-Q4_K_M.gguf: 17 of 17 layers on the GPU' });
    assert.equal(llmBackendText(report({ backend: 'metal' }, [chatModel(9, 29)])).summary, 'Metal · Llama-3.2-1B-Instruct-Q4_K_M.gguf: 9 of 29 layers on the GPU');
    assert.equal(llmBackendText(report({ backend: 'cuda' }, [])).summary, 'CUDA · no chat model loaded');
  });

  it('says the CPU, 0 layers and why, after a fallback', function () {
    const text = llmBackendText(report({ backend: 'vulkan', fallback: 'loading m.gguf on Vulkan failed: out of memory.' }, [chatModel(0, 17)]));
    assert.equal(text.summary, 'Vulkan · Llama-3.2-1B-Instruct-Q4_K_M.gguf: 0 of 17 layers on the GPU');
    assert.equal(text.fallback, 'loading m.gguf on Vulkan failed: out of memory.');
    assert.equal(llmBackendText(report({ backend: 'cpu' }, [chatModel(0, 6)])).summary, 'CPU · Llama-3.2-1B-Instruct-Q4_K_M.gguf: 0 of 6 layers on the GPU');
  });

  it('says the backend is not known before llama.cpp has started, with a crash reason already', function () {
    const text = llmBackendText(report({ backend: 'unknown', fallback: 'The inference process crashed.' }, []));
    assert.match(text.summary, /^not known yet/);
    assert.equal(text.fallback, 'The inference process crashed.');
  });

  it('`local-focus status` prints the backend line and the fallback under it', function () {
    const out = formatStatus(report({ backend: 'cpu', fallback: 'The inference process crashed.' }, [chatModel(0, 6)]), '/home', '/models');
    assert.match(out, /^llama\.cpp: CPU · Llama-3\.2-1B-Instruct-Q4_K_M\.gguf: 0 of 6 layers on the GPU$/m);
    assert.match(out, /^ {2}not on the GPU: The inference process crashed\.$/m);
    assert.doesNotMatch(formatStatus(report({ backend: 'vulkan' }, []), '/home', '/models'), /not on the GPU/);
  });

  it('`local-focus status` (text and --json) says "not known yet" without starting llama.cpp', async function () {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-status-backend-'));
    // The worker service finds its crash markers through the process environment, as the worker does.
    const previousHome = process.env.LOCAL_FOCUS_HOME;
    process.env.LOCAL_FOCUS_HOME = home;
    try {
      const run = async (args: string[]) => {
        let out = '';
        const code = await runCli(args, { out: (t) => (out += t), err: () => undefined, env: { LOCAL_FOCUS_HOME: home } });
        assert.equal(code, 0);
        return out;
      };
      const json = JSON.parse(await run(['status', '--json'])) as StatusReport;
      assert.deepEqual(json.llm, { backend: 'unknown' });
      assert.match(await run(['status']), /^llama\.cpp: not known yet/m);
    } finally {
      if (previousHome === undefined) delete process.env.LOCAL_FOCUS_HOME;
      else process.env.LOCAL_FOCUS_HOME = previousHome;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
