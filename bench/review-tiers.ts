// Plugs the model tiers into bench/review-quixbugs.ts (which loads this file when it exists): each
// program goes through the worker's own review/run (WorkerService in process, as the CLI runs it),
// so the benchmark measures the code users run, chunking, prompt, grammar and validation included.
//
//   LOCAL_FOCUS_REVIEW_MODEL=/path/Llama-3.2-3B-Instruct-Q4_K_M.gguf npx tsx bench/review-quixbugs.ts --tier local
//   LOCAL_FOCUS_REVIEW_SERVER=http://127.0.0.1:11434 [LOCAL_FOCUS_REVIEW_SERVER_MODEL=llama3.2:3b] npx tsx bench/review-quixbugs.ts --tier server
//   LOCAL_FOCUS_CLOUD_BASE_URL=https://… LOCAL_FOCUS_API_KEY=… [LOCAL_FOCUS_CLOUD_MODEL=…] npx tsx bench/review-quixbugs.ts --tier cloud
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tier, WorkerConfig } from '../src/core/protocol';
import { WorkerService } from '../src/inference/service';
import { workerConfigFor } from '../test/support/workerConfig';
import { setReviewerFactories, type ReviewFn } from './review-quixbugs';

const EXTENSIONS: Record<string, string> = { python: 'py', javascript: 'js', java: 'java', cpp: 'cpp', go: 'go', rust: 'rs' };

function serviceFor(config: Partial<WorkerConfig>): WorkerService {
  const verbose = process.env.LOCAL_FOCUS_BENCH_VERBOSE === '1';
  const service = new WorkerService({
    log: (level, message) => {
      if (verbose || level === 'error' || level === 'warn') process.stderr.write(`[${level}] ${message}\n`);
    },
    status: () => undefined,
  });
  // Benchmarks never touch a user's data folder; threads: the worker's default, one per core.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-bench-review-'));
  const { threads: _testThreads, ...defaults } = workerConfigFor(home, { mode: 'localOnly', cloud: { baseUrl: 'http://127.0.0.1:9/v1', model: 'none' }, idleUnloadMinutes: 30 });
  service.configure({ ...defaults, ...config });
  let disposed = false;
  process.once('beforeExit', () => {
    if (!disposed) void service.dispose().finally(() => (disposed = true));
  });
  return service;
}

function reviewer(service: WorkerService, tier: Tier): ReviewFn {
  let n = 0;
  return async (code, languageId, signal) => {
    const result = await service.call(
      'review/run',
      { requestId: `bench-${tier}-${++n}`, path: `program.${EXTENSIONS[languageId] ?? 'txt'}`, languageId, text: code, tier },
      signal,
    );
    return result.findings;
  };
}

setReviewerFactories({
  local: async (modelPath) => reviewer(serviceFor({ models: { codeReview: path.resolve(modelPath) } }), 'local'),
  // Only the named server: detection off, so a server that happens to run on this machine is not measured instead.
  server: async (url, model) =>
    reviewer(serviceFor({ localServer: { detect: false, url, allowHosts: [], ...(model ? { chatModel: model } : {}) } }), 'server'),
  cloud: async () => {
    const apiKey = process.env.LOCAL_FOCUS_API_KEY?.trim();
    if (!apiKey) throw new Error('the cloud tier needs LOCAL_FOCUS_API_KEY');
    return reviewer(
      serviceFor({
        mode: 'cloudPreferred',
        cloud: {
          baseUrl: process.env.LOCAL_FOCUS_CLOUD_BASE_URL!,
          model: process.env.LOCAL_FOCUS_CLOUD_MODEL || 'meta-llama/llama-3.2-3b-instruct',
          apiKey,
        },
      }),
      'cloud',
    );
  },
});
