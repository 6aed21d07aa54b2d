// The task model's tiers through the real orchestrator with scripted models, for the worker's
// task requests that ask a model (tasks/nextRerank, tasks/summaryNarrative): a model server and a
// cloud that answer what the test scripts (an Error is thrown), no local model file, and the calls
// recorded in order.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../src/core/errors';
import type { JsonSchema } from '../../src/core/protocol';
import type { TieredModelDeps } from '../../src/inference/features/tieredModels';
import { Orchestrator } from '../../src/inference/orchestrator';

const OLLAMA = { name: 'Ollama 0.5.7', url: 'http://127.0.0.1:11434', model: 'llama3.2:3b' };

export interface TaskTierScript {
  server?: (schema: JsonSchema) => unknown;
  cloud?: () => unknown;
  mode?: 'localOnly' | 'auto';
}

export function scriptedTaskTiers(opts: TaskTierScript) {
  const calls: string[] = [];
  const available = { available: Boolean(opts.server), ...(opts.server ? { server: OLLAMA } : { reason: 'no local model server found' }) };
  const orchestrator = new Orchestrator({
    localAvailability: () => ({ available: false, loaded: false, reason: 'task-parsing model not found at /m.gguf' }),
    serverAvailability: () => ({ taskParsing: available, codeReview: available, notesSearch: available }),
    probeCloud: async () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  orchestrator.configure(opts.mode ?? 'localOnly', Boolean(opts.cloud), true);
  const answer = (tier: string, value: unknown) => {
    calls.push(tier);
    if (value instanceof Error) throw value;
    return { value, tokens: 40 };
  };
  const deps: TieredModelDeps = {
    runTiered: (handlers, o) => orchestrator.run('taskParsing', handlers, o),
    localJson: async () => answer('local', new LocalFocusError('model-missing', 'No model file at /m.gguf.')),
    cloudJson: async () => answer('cloud', opts.cloud ? opts.cloud() : assert.fail('no cloud')),
    serverJson: async (req) => answer('server', opts.server ? opts.server(req.schema) : assert.fail('no server')),
    log: () => undefined,
  };
  return { deps, calls, orchestrator };
}
