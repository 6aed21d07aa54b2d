// The real worker process (dist/worker.js, built by `npm run build`) driven through the WorkerClient
// the extension uses, as every integration, stress and bench file that starts one does: its config
// from workerConfigFor, its own LOCAL_FOCUS_HOME, its test settings (workerTuning.ts) in the
// environment, and what it sends back (log lines, progress, status reports, outages) collected for
// the test to read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LogLevel, ProgressParams, StatusReport, WorkerConfig } from '../../src/core/protocol';
import { WorkerClient, type WorkerClientOptions } from '../../src/core/workerClient';
import type { WorkerMethod } from '../../src/core/workerRequests';
import { workerTuningEnv, type WorkerTuning } from '../../src/inference/workerTuning';
import { repoRoot } from './sharedModels.cjs';
import { workerConfigFor } from './workerConfig';

export const workerPath = path.join(repoRoot, 'dist', 'worker.js');

/** Throws, saying how to make it, when a built file (dist/worker.js unless named) is missing. */
export function assertBuilt(file = workerPath): void {
  if (!fs.existsSync(file)) throw new Error(`${file} missing: run 'npm run build' first`);
}

/** One outage as WorkerClient reports it. */
export type WorkerDown = Parameters<NonNullable<WorkerClientOptions['onDown']>>[0];

export interface RealWorkerOptions {
  /** LOCAL_FOCUS_HOME of the worker; when left out, a new temporary folder that stop() removes. */
  home?: string;
  /** What differs from workerConfigFor(home). */
  config?: Partial<WorkerConfig>;
  /** The worker's test settings: a smaller machine, faster probes and checkpoints, fault requests. */
  tuning?: WorkerTuning;
  /** More environment for the worker process; LOCAL_FOCUS_HOME and the tuning take precedence. */
  env?: NodeJS.ProcessEnv;
  /** Another script to fork instead of dist/worker.js (not required to exist). */
  workerPath?: string;
  backoff?: WorkerClientOptions['backoff'];
  /** Called for each log line besides collecting it. */
  onLog?: (level: LogLevel, message: string) => void;
  onProgress?: (p: ProgressParams) => void;
  onStatus?: (s: StatusReport) => void;
  onDown?: (down: WorkerDown) => void;
  onUp?: WorkerClientOptions['onUp'];
}

export class RealWorker {
  readonly client: WorkerClient;
  readonly home: string;
  /** Sent on every (re)start; reconfigure() replaces it. */
  config: WorkerConfig;
  /** "level: message", in order. */
  readonly logs: string[] = [];
  readonly progress: ProgressParams[] = [];
  readonly statuses: StatusReport[] = [];
  readonly downs: WorkerDown[] = [];
  private readonly ownsHome: boolean;

  constructor(opts: RealWorkerOptions = {}) {
    if (!opts.workerPath) assertBuilt();
    this.ownsHome = opts.home === undefined;
    this.home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lf-worker-'));
    this.config = workerConfigFor(this.home, opts.config);
    this.client = new WorkerClient({
      workerPath: opts.workerPath ?? workerPath,
      config: () => this.config,
      env: { ...opts.env, LOCAL_FOCUS_HOME: this.home, ...(opts.tuning ? workerTuningEnv(opts.tuning) : {}) },
      log: (level, message) => {
        this.logs.push(`${level}: ${message}`);
        opts.onLog?.(level, message);
      },
      onProgress: (p) => {
        this.progress.push(p);
        opts.onProgress?.(p);
      },
      onStatus: (s) => {
        this.statuses.push(s);
        opts.onStatus?.(s);
      },
      onDown: (down) => {
        this.downs.push(down);
        opts.onDown?.(down);
      },
      ...(opts.onUp ? { onUp: opts.onUp } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
    });
  }

  start(): Promise<void> {
    return this.client.start();
  }

  /** Sends `config` to the running worker, as a settings change does. */
  reconfigure(config: WorkerConfig = this.config): Promise<StatusReport | undefined> {
    this.config = config;
    return this.client.reconfigure();
  }

  async stop(): Promise<void> {
    await this.client.stop();
    if (this.ownsHome) fs.rmSync(this.home, { recursive: true, force: true });
  }
}

export async function startRealWorker(opts: RealWorkerOptions = {}): Promise<RealWorker> {
  const worker = new RealWorker(opts);
  await worker.start();
  return worker;
}

/** The requests a worker serves only with `tuning.faultRequests`: exit with `code`, or never answer. */
export interface FaultRequests {
  'test/exit': { code?: number };
  'test/hang': Record<string, never>;
}

export function sendFaultRequest<M extends keyof FaultRequests>(client: WorkerClient, method: M, params: FaultRequests[M]): Promise<unknown> {
  return client.request(method as WorkerMethod, params as never);
}
