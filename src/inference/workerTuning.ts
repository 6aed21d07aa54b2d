// Settings that change how the worker behaves in tests and nowhere else: a smaller machine than
// the real one, faster probes and checkpoints, requests that crash or hang the process. They come
// as one JSON object in LOCAL_FOCUS_WORKER_TUNING, parsed once where the process starts (worker.ts,
// the CLI) and passed down, so production code never reads a test variable of its own. A user who
// never sets it gets the defaults of every component.

export const WORKER_TUNING_ENV = 'LOCAL_FOCUS_WORKER_TUNING';

export interface WorkerTuning {
  /** The memory a model estimate assumes instead of os.totalmem(), to make a tiny model "too big". */
  totalRamBytes?: number;
  /** First cloud re-probe delay (the orchestrator's default is seconds). */
  probeBaseMs?: number;
  /** Longest time between notes-index saves, so a kill lands between saves. */
  notesCheckpointMs?: number;
  /** Registers `test/exit` and `test/hang`, which crash or hang the worker mid-request. */
  faultRequests?: boolean;
}

/** Reads the tuning object; a malformed one is an error at start-up, never silently ignored. */
export function parseWorkerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const text = env[WORKER_TUNING_ENV]?.trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${WORKER_TUNING_ENV} is not JSON: ${text}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${WORKER_TUNING_ENV} must be a JSON object`);
  const raw = value as Record<string, unknown>;
  const tuning: WorkerTuning = {};
  for (const key of ['totalRamBytes', 'probeBaseMs', 'notesCheckpointMs'] as const) {
    if (raw[key] === undefined) continue;
    const n = raw[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) throw new Error(`${WORKER_TUNING_ENV}.${key} must be a positive number`);
    tuning[key] = n;
  }
  if (raw.faultRequests !== undefined) tuning.faultRequests = raw.faultRequests === true;
  const unknown = Object.keys(raw).filter((k) => !['totalRamBytes', 'probeBaseMs', 'notesCheckpointMs', 'faultRequests'].includes(k));
  if (unknown.length > 0) throw new Error(`${WORKER_TUNING_ENV} has unknown keys: ${unknown.join(', ')}`);
  return tuning;
}

/** The environment entry that gives a worker or CLI process this tuning. */
export function workerTuningEnv(tuning: WorkerTuning): Record<string, string> {
  return { [WORKER_TUNING_ENV]: JSON.stringify(tuning) };
}
