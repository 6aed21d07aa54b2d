// The WorkerConfig a test or benchmark gives a worker (a forked dist/worker.js or a WorkerService in
// process): its models folder inside the given home, no model files, a cloud endpoint on a port
// nothing listens on and no key, no model server looked for (a server the developer runs must not
// change a test's tiers), and TEST_THREADS. Each caller overrides what its case is about.
import * as path from 'node:path';
import type { WorkerConfig } from '../../src/core/protocol';
import { TEST_THREADS } from './testThreads';

/** Loopback port 9 (discard): nothing answers there, so a cloud call fails at once. */
export const UNREACHABLE_CLOUD: WorkerConfig['cloud'] = { baseUrl: 'http://127.0.0.1:9/v1', model: 'test' };

export function workerConfigFor(home: string, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    mode: 'auto',
    modelsDir: path.join(home, 'models'),
    models: {},
    cloud: UNREACHABLE_CLOUD,
    localServer: { detect: false, allowHosts: [] },
    idleUnloadMinutes: 5,
    threads: TEST_THREADS,
    ...overrides,
  };
}
