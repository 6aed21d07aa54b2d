// What a model's speed is on this machine, measured from real use (loads, generations, benches)
// and kept in <home>/model-speed.json: one record per model, keyed by what runs (an in-process
// model's file path, a server model's `<server url>#<model>`). Pure: the file's reading and
// writing is src/inference/speedRecordFile.ts.

/** The figures one run can measure; each is absent when that run did not measure it. */
export interface SpeedFigures {
  /** Loading the model into memory, ms (for a server: the load it reported, 0 when it was loaded already). */
  loadMs?: number;
  /** From sending the prompt to the first generated token, ms (prompt evaluation included). */
  ttftMs?: number;
  /** Prompt tokens evaluated per second. */
  promptTokensPerSecond?: number;
  /** Generated tokens per second after the first one. */
  genTokensPerSecond?: number;
  /** The growth of the worker's resident memory from before the load to the end of the run, bytes. */
  peakRssBytes?: number;
  /** GPU backends: the layers offloaded, of all the model's layers. */
  gpuLayers?: number;
  totalLayers?: number;
  /** GPU backends: the VRAM the load took, bytes. */
  vramBytes?: number;
}

export const SPEED_FIGURE_KEYS = [
  'loadMs',
  'ttftMs',
  'promptTokensPerSecond',
  'genTokensPerSecond',
  'peakRssBytes',
  'gpuLayers',
  'totalLayers',
  'vramBytes',
] as const satisfies readonly (keyof SpeedFigures)[];

/** One run, as the runtime or the server client reports it. */
export interface SpeedMeasurement extends SpeedFigures {
  /** What the user calls the model: the catalog name, or the server's model name. */
  name: string;
  kind: 'in-process' | 'server';
  /** "CPU", "Vulkan", "Ollama" …: what ran it. */
  backend?: string;
}

export interface SpeedRecord extends SpeedMeasurement {
  /** When the newest of its figures was measured (ISO time). */
  measuredAt: string;
  /** Runs measured on this machine. */
  runs: number;
}

export interface SpeedRecordFile {
  version: 1;
  models: Record<string, SpeedRecord>;
}

export function emptySpeedRecords(): SpeedRecordFile {
  return { version: 1, models: {} };
}

/**
 * A run's figures replace the record's; the figures the run did not measure (a generation has no
 * load time) keep the earlier value, so the record always holds the newest value of each figure.
 */
export function mergeSpeed(previous: SpeedRecord | undefined, run: SpeedMeasurement, at: Date): SpeedRecord {
  const merged: SpeedRecord = { ...previous, name: run.name, kind: run.kind, measuredAt: at.toISOString(), runs: (previous?.runs ?? 0) + 1 };
  if (run.backend !== undefined) merged.backend = run.backend;
  for (const key of SPEED_FIGURE_KEYS) {
    const value = run[key];
    if (isFigure(value)) merged[key] = value;
  }
  return merged;
}

/**
 * The record file's text as records. Throws, saying what is wrong, when the file is not JSON or
 * not the record layout (the caller ignores such a file); a single entry with the wrong shape is
 * dropped and the others are kept.
 */
export function parseSpeedRecords(text: string): SpeedRecordFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`);
  }
  const file = json as { version?: unknown; models?: unknown };
  if (file?.version !== 1) throw new Error(`unknown version ${JSON.stringify(file?.version)}`);
  if (typeof file.models !== 'object' || file.models === null || Array.isArray(file.models)) throw new Error('no "models" object');
  const models: Record<string, SpeedRecord> = {};
  for (const [key, value] of Object.entries(file.models)) {
    const record = readRecord(value);
    if (record) models[key] = record;
  }
  return { version: 1, models };
}

function readRecord(value: unknown): SpeedRecord | undefined {
  const v = value as Partial<SpeedRecord> | null;
  if (typeof v?.name !== 'string' || (v.kind !== 'in-process' && v.kind !== 'server')) return undefined;
  if (typeof v.measuredAt !== 'string' || !isFigure(v.runs)) return undefined;
  const record: SpeedRecord = { name: v.name, kind: v.kind, measuredAt: v.measuredAt, runs: v.runs };
  if (typeof v.backend === 'string') record.backend = v.backend;
  for (const key of SPEED_FIGURE_KEYS) {
    if (isFigure(v[key])) record[key] = v[key];
  }
  return record;
}

/** Figures are finite and not negative; anything else was not measured. */
function isFigure(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
