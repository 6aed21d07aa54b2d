// Review speed through the extension's worker against bare node-llama-cpp, same model, same prompt,
// same grammar, same threads and context, in one run: what does the product's path (JSON-RPC over
// IPC, orchestrator, chunking, validation, streaming) cost? Prints generated tokens/s and the time
// to the first finding (the first part's findings reaching the caller), and the ratios; the target
// is ≥ 0.95× bare tokens/s.
//
//   node esbuild.mjs && npx tsx bench/review-speed.ts [--reps N] [--json]
//   LOCAL_FOCUS_REVIEW_MODEL=/path/model.gguf npx tsx bench/review-speed.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LlamaChatSession as LlamaChatSessionType } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { chunkForReview, codeBudgetForContext } from '../src/core/review/chunking';
import { findingsJsonSchema, validateFindings } from '../src/core/review/findings';
import { buildReviewPrompt } from '../src/core/review/prompt';
import { isReviewFindingsPartial } from '../src/core/reviewProtocol';
import { llmContextSize } from '../src/inference/llm';
import { assertBuilt, RealWorker } from '../test/support/realWorker';
import { sharedModelsDir, STORIES_260K } from '../test/support/sharedModels.cjs';

const modelPath = path.resolve(process.env.LOCAL_FOCUS_REVIEW_MODEL ?? path.join(sharedModelsDir, STORIES_260K));
const threads = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

/** The reviewed code: one function with a bug, one part at any context. */
const CODE = [
  'export function cartTotal(cart) {',
  '  let total = 0;',
  '  for (var i = 0; i <= cart.items.length; i++) {',
  '    total += cart.items[i].price * cart.items[i].qty;',
  '  }',
  '  if (total == NaN) return 0;',
  '  return total;',
  '}',
].join('\n');
const LANGUAGE = 'javascript';
const FILE = 'cart.js';
const MAX_FINDINGS = 3;
const ANSWER_TOKENS = 256;
/** The review's plan; the model's own context caps it, in the worker and here alike. */
const CONTEXT_TOKENS = 8192;

interface Sample {
  tokens: number;
  firstFindingMs: number;
  totalMs: number;
}

function parseArgs(argv: string[]): { reps: number; json: boolean } {
  const out = { reps: 5, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reps') out.reps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--json') out.json = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  assertBuilt();
  if (!fs.existsSync(modelPath)) throw new Error(`no model at ${modelPath} (set LOCAL_FOCUS_REVIEW_MODEL)`);

  // Bare node-llama-cpp, set up as its documentation shows, with the worker's settings.
  const lib = await import('node-llama-cpp');
  const llama = await lib.getLlama({ gpu: 'auto', build: 'never', skipDownload: true, maxThreads: threads, logLevel: lib.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const contextSize = llmContextSize(model.trainContextSize);
  const context = await model.createContext({ contextSize, threads });
  const schema = findingsJsonSchema({ maxFindings: MAX_FINDINGS });
  const grammar = await llama.createGrammarForJsonSchema(schema as never);
  // The same part and prompt the worker builds (modelReview.ts): chunk at the same budget, same inputs.
  const chunks = chunkForReview(CODE, { languageId: LANGUAGE, maxTokens: codeBudgetForContext(Math.min(CONTEXT_TOKENS, contextSize), ANSWER_TOKENS) });
  if (chunks.length !== 1) throw new Error(`the bench input should be one part, it is ${chunks.length}`);
  const prompt = buildReviewPrompt({ code: chunks[0].text, languageId: LANGUAGE, path: FILE, startLine: 1, partial: false, maxFindings: MAX_FINDINGS });
  const promptTokens = model.tokenize(prompt.system).length + model.tokenize(prompt.prompt).length;

  const bare = async (): Promise<Sample> => {
    const sequence = context.getSequence();
    const session: LlamaChatSessionType = new lib.LlamaChatSession({ contextSequence: sequence, systemPrompt: prompt.system, autoDisposeSequence: false });
    let tokens = 0;
    const t0 = performance.now();
    const text = await session.prompt(prompt.prompt, { grammar, maxTokens: ANSWER_TOKENS, onToken: (t) => (tokens += t.length) });
    validateFindings(grammar.parse(text), { lineCount: prompt.lineCount, source: 'local' });
    const totalMs = performance.now() - t0;
    session.dispose({ disposeSequence: false });
    sequence.dispose();
    return { tokens, firstFindingMs: totalMs, totalMs };
  };

  // The extension's path: WorkerClient → dist/worker.js → review/run, findings streamed back.
  const firstPartAt = new Map<string, number>();
  const workerProcess = new RealWorker({
    config: { mode: 'localOnly', models: { codeReview: modelPath }, cloud: { baseUrl: 'http://127.0.0.1:9/v1', model: 'none' }, idleUnloadMinutes: 30, threads },
    onLog: (level, message) => {
      if (level === 'error') process.stderr.write(`[worker ${level}] ${message}\n`);
    },
    onProgress: (p) => {
      if (isReviewFindingsPartial(p.partial) && !firstPartAt.has(p.requestId)) firstPartAt.set(p.requestId, performance.now());
    },
  });
  const { client } = workerProcess;
  await workerProcess.start();
  let n = 0;
  const worker = async (): Promise<Sample> => {
    const requestId = `speed-${++n}`;
    const t0 = performance.now();
    const result = await client.request('review/run', {
      requestId,
      path: FILE,
      languageId: LANGUAGE,
      text: CODE,
      tier: 'local',
      contextTokens: CONTEXT_TOKENS,
      answerTokens: ANSWER_TOKENS,
      maxFindingsPerChunk: MAX_FINDINGS,
    });
    const totalMs = performance.now() - t0;
    if (result.tier !== 'local') throw new Error(`the worker used the ${result.tier} tier: ${result.fallbackReason ?? ''}`);
    return { tokens: result.generatedTokens, firstFindingMs: (firstPartAt.get(requestId) ?? performance.now()) - t0, totalMs };
  };

  try {
    // Warm-up: load the model in the worker, and let both paths settle their caches.
    await worker();
    await bare();
    const samples: { worker: Sample[]; bare: Sample[] } = { worker: [], bare: [] };
    // Interleaved in pairs, alternating which side goes first, so drift and other load on a shared
    // machine hit both sides alike; each pair gives one ratio.
    for (let rep = 0; rep < args.reps; rep++) {
      if (rep % 2 === 0) {
        samples.worker.push(await worker());
        samples.bare.push(await bare());
      } else {
        samples.bare.push(await bare());
        samples.worker.push(await worker());
      }
    }
    const summary = (s: Sample[]) => {
      const tokens = median(s.map((x) => x.tokens));
      const tokensPerSecond = median(s.map((x) => (x.tokens * 1000) / x.totalMs));
      return { tokens, tokensPerSecond, firstFindingMs: median(s.map((x) => x.firstFindingMs)), totalMs: median(s.map((x) => x.totalMs)) };
    };
    const w = summary(samples.worker);
    const b = summary(samples.bare);
    const pairRatios = samples.worker.map((ws, i) => (ws.tokens / ws.totalMs) / (samples.bare[i].tokens / samples.bare[i].totalMs)).sort((x, y) => x - y);
    const ratio = {
      /** Median over the pairs: robust to a burst of load that hits one pair. */
      tokensPerSecond: median(pairRatios),
      firstFinding: median(samples.worker.map((ws, i) => samples.bare[i].firstFindingMs / ws.firstFindingMs)),
      pairMin: pairRatios[0],
      pairMax: pairRatios[pairRatios.length - 1],
    };
    if (args.json) {
      console.log(JSON.stringify({ model: modelPath, threads, contextSize, promptTokens, reps: args.reps, worker: w, bare: b, ratio, samples }, null, 2));
      return;
    }
    console.log(`model ${path.basename(modelPath)} · threads ${threads} · context ${contextSize} · prompt ${promptTokens} tokens · answer ≤ ${ANSWER_TOKENS} tokens · ${args.reps} interleaved runs, medians`);
    const rows = [
      ['', 'generated tokens', 'tokens/s', 'first finding ms', 'total ms'],
      ['worker (review/run)', String(w.tokens), w.tokensPerSecond.toFixed(2), w.firstFindingMs.toFixed(0), w.totalMs.toFixed(0)],
      ['bare node-llama-cpp', String(b.tokens), b.tokensPerSecond.toFixed(2), b.firstFindingMs.toFixed(0), b.totalMs.toFixed(0)],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
    const verdict = ratio.tokensPerSecond >= 0.95 ? 'meets' : 'misses';
    console.log(
      `worker/bare, median of ${args.reps} paired runs: tokens/s ${ratio.tokensPerSecond.toFixed(3)}× (${verdict} the ≥ 0.95× target; pairs ranged ${ratio.pairMin.toFixed(2)}–${ratio.pairMax.toFixed(2)}×), time to first finding ${ratio.firstFinding.toFixed(3)}× as fast`,
    );
    console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    if (w.tokens !== b.tokens) console.log(`note: the two paths generated different token counts (${w.tokens} vs ${b.tokens}); tokens/s compares unlike answers`);
  } finally {
    await workerProcess.stop();
    await context.dispose();
    await model.dispose();
    await llama.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
