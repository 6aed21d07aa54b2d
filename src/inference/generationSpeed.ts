// How fast the in-process chat model was, measured around each load and generation: the totals the
// Model Manager shows for this process (modelRunStats), and the figures of one run that go to the
// speed records on disk. The first token waits for the prompt, so prompt speed is the prompt's
// tokens over the time to the first token, and generation speed is what follows the first token.
import type { SpeedFigures } from '../core/models/modelSpeed';
import type { ModelRunStats } from '../core/modelsProtocol';

type RunTotals = ModelRunStats & { decodeMs: number; decodeTokens: number };

/**
 * Per model file, measured from real loads and generations in this process. Kept outside the
 * runtime so a runtime re-created by a settings change does not forget what was measured.
 */
const runStats = new Map<string, RunTotals>();

function totalsFor(path: string): RunTotals {
  let s = runStats.get(path);
  if (!s) {
    s = { loads: 0, generations: 0, tokens: 0, decodeMs: 0, decodeTokens: 0 };
    runStats.set(path, s);
  }
  return s;
}

/** What was measured for a model file, or undefined when it never ran in this process. */
export function modelRunStats(path: string): ModelRunStats | undefined {
  const s = runStats.get(path);
  if (!s) return undefined;
  const { decodeMs, decodeTokens, ...rest } = s;
  return { ...rest, ...(decodeMs > 0 && decodeTokens > 0 ? { tokensPerSecond: (decodeTokens * 1000) / decodeMs } : {}) };
}

/** A finished load: its figures, added to the totals. */
export function measureLoad(path: string, load: { loadMs: number; rssBefore: number; gpuLayers?: number; totalLayers?: number; vramBytes?: number }): SpeedFigures {
  const s = totalsFor(path);
  s.loads++;
  s.loadMs = load.loadMs;
  s.loadRssBytes = Math.max(0, process.memoryUsage.rss() - load.rssBefore);
  s.peakRssBytes = s.loadRssBytes;
  return {
    loadMs: load.loadMs,
    peakRssBytes: s.loadRssBytes,
    ...(load.gpuLayers !== undefined ? { gpuLayers: load.gpuLayers } : {}),
    ...(load.totalLayers !== undefined ? { totalLayers: load.totalLayers } : {}),
    ...(load.vramBytes !== undefined ? { vramBytes: load.vramBytes } : {}),
  };
}

/** Times one generation: call token() per generated token with the prompt tokens evaluated so far, then finish(). */
export class GenerationClock {
  private readonly started = performance.now();
  private firstTokenAt: number | undefined;
  private promptTokens = 0;
  tokens = 0;

  constructor(
    private readonly path: string,
    /** Resident memory before the model's load: peak memory is counted from there. */
    private readonly rssBefore: number,
  ) {}

  token(inputTokensSoFar: number): void {
    this.tokens++;
    if (this.firstTokenAt === undefined) {
      this.firstTokenAt = performance.now();
      this.promptTokens = inputTokensSoFar;
    }
  }

  /** The generation's figures, added to the totals. */
  finish(): SpeedFigures {
    const ended = performance.now();
    const s = totalsFor(this.path);
    s.generations++;
    s.tokens += this.tokens;
    const peakRssBytes = Math.max(0, process.memoryUsage.rss() - this.rssBefore);
    s.peakRssBytes = Math.max(s.peakRssBytes ?? 0, peakRssBytes);
    if (this.firstTokenAt === undefined) return { peakRssBytes };
    const ttftMs = this.firstTokenAt - this.started;
    s.ttftMs = Math.round(ttftMs);
    const figures: SpeedFigures = { ttftMs, peakRssBytes };
    if (this.promptTokens > 0 && ttftMs > 0) figures.promptTokensPerSecond = (this.promptTokens * 1000) / ttftMs;
    if (this.tokens > 1 && ended > this.firstTokenAt) {
      s.decodeTokens += this.tokens - 1;
      s.decodeMs += ended - this.firstTokenAt;
      figures.genTokensPerSecond = ((this.tokens - 1) * 1000) / (ended - this.firstTokenAt);
    }
    return figures;
  }
}
