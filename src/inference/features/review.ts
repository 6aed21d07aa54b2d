// The worker's `review/run`: one review of one file through the mode policy's tiers. Cloud and
// local share the chunk → prompt → generate → validate path of src/core/review/modelReview.ts and
// differ only in who generates; the degraded tier runs the deterministic checks. Each chunk's
// findings go to the host as they exist (worker/progress with `partial`), the result closes it.
import * as fs from 'node:fs';
import { LocalFocusError, toLocalFocusError } from '../../core/errors';
import { ggufModelInfo, readGgufHeaderFromFile } from '../../core/models/gguf';
import type { JsonSchema, ProgressParams, Tier } from '../../core/protocol';
import { codeBudgetForContext } from '../../core/review/chunking';
import { findFileDiff, parseUnifiedDiff } from '../../core/review/diff';
import { compareFindings, findingsJsonSchema, type DropReason, type DroppedFinding, type Finding } from '../../core/review/findings';
import { runHeuristics } from '../../core/review/heuristics';
import { languageIdForPath } from '../../core/review/language';
import { splitLines } from '../../core/review/lines';
import { reviewWithModel, type ChunkReviewed } from '../../core/review/modelReview';
import { DEFAULT_MAX_FINDINGS } from '../../core/review/prompt';
import type { ReviewFindingsPartial, ReviewRunParams, ReviewRunResult } from '../../core/reviewProtocol';
import { llmContextSize } from '../llm';
import type { WorkerService } from '../service';
import type { JsonAnswer, TieredModelDeps } from './tieredModels';

export const DEFAULT_REVIEW_CONTEXT_TOKENS = 8192;
export const DEFAULT_REVIEW_ANSWER_TOKENS = 1024;

const TIERS: readonly Tier[] = ['cloud', 'local', 'degraded'];

/** What a review needs from the worker; injected so tests can script the models. */
export interface ReviewEngineDeps extends TieredModelDeps {
  progress(p: ProgressParams): void;
  /** The context the local model runs with (its trained context, capped by the runtime); undefined when unknown. */
  localContextTokens(modelPath: string | undefined): Promise<number | undefined>;
}

interface TierOutcome {
  findings: Finding[];
  dropped: DroppedFinding[];
  chunks: number;
  chunksReviewed: number;
  generatedTokens: number;
}

export async function runReview(params: ReviewRunParams, signal: AbortSignal, deps: ReviewEngineDeps): Promise<ReviewRunResult> {
  const started = Date.now();
  checkParams(params);
  const languageId = params.languageId || languageIdForPath(params.path);
  const lineCount = splitLines(params.text).length;
  const range = params.range ? { startLine: params.range.startLine, endLine: Math.min(params.range.endLine, lineCount) } : undefined;

  let note: string | undefined;
  let changedLines: Set<number> | undefined;
  if (params.changedLines) {
    changedLines = new Set(params.changedLines.filter((l) => Number.isInteger(l) && l >= 1 && l <= lineCount));
  } else if (params.diff !== undefined) {
    const fileDiff = findFileDiff(parseUnifiedDiff(params.diff), params.path);
    changedLines = new Set([...(fileDiff?.changedLines ?? [])].filter((l) => l <= lineCount));
    if (!fileDiff) note = `The diff has no change to ${params.path}.`;
  }
  if (changedLines && changedLines.size === 0) note ??= 'No added or changed lines to review.';

  const maxFindings = params.maxFindingsPerChunk ?? DEFAULT_MAX_FINDINGS;
  const answerTokens = params.answerTokens ?? DEFAULT_REVIEW_ANSWER_TOKENS;
  const send = (tier: Tier, event: Pick<ChunkReviewed, 'index' | 'total' | 'findings' | 'dropped'>): void => {
    const partial: ReviewFindingsPartial = {
      kind: 'review/findings',
      tier,
      findings: event.findings,
      chunk: event.index,
      chunks: event.total,
      dropped: event.dropped.length,
    };
    deps.progress({
      requestId: params.requestId,
      message: `${tier === 'degraded' ? 'heuristics' : `${tier} model`}: part ${event.index + 1} of ${event.total}`,
      done: event.index + 1,
      total: event.total,
      partial,
    });
  };

  const heuristics = async (): Promise<TierOutcome> => {
    let findings = runHeuristics(params.text, { languageId, ...(changedLines ? { changedLines } : {}) });
    if (range) findings = findings.filter((f) => overlaps(f, range));
    send('degraded', { index: 0, total: 1, findings, dropped: [] });
    return { findings, dropped: [], chunks: 1, chunksReviewed: 0, generatedTokens: 0 };
  };

  const withModel = (source: 'local' | 'cloud') => async (tierSignal: AbortSignal): Promise<TierOutcome> => {
    let contextTokens = params.contextTokens ?? DEFAULT_REVIEW_CONTEXT_TOKENS;
    if (source === 'local') {
      const modelContext = await deps.localContextTokens(params.modelPath);
      if (modelContext !== undefined) contextTokens = Math.min(contextTokens, modelContext);
    }
    // A selection is reviewed on its own: the model numbers its lines from 1, shifted back after.
    const shift = range ? range.startLine - 1 : 0;
    const text = range ? splitLines(params.text).slice(range.startLine - 1, range.endLine).join('\n') : params.text;
    const localChanged = changedLines && shift ? new Set([...changedLines].map((l) => l - shift).filter((l) => l >= 1)) : changedLines;
    const localSchema = findingsJsonSchema({
      maxFindings,
      ...(params.maxMessageChars !== undefined ? { maxMessageChars: params.maxMessageChars } : {}),
    }) as unknown as JsonSchema;
    let generatedTokens = 0;
    const result = await reviewWithModel(text, {
      languageId,
      path: params.path,
      source,
      maxTokens: codeBudgetForContext(contextTokens, answerTokens),
      maxFindingsPerChunk: maxFindings,
      signal: tierSignal,
      ...(localChanged ? { changedLines: localChanged } : {}),
      generate: async (request) => {
        const requestSignal = request.signal ?? tierSignal;
        let answer: JsonAnswer;
        if (source === 'cloud') {
          answer = await deps.cloudJson({ system: request.system, prompt: request.prompt, schema: request.schema, maxTokens: answerTokens, signal: requestSignal });
        } else {
          // A base model has no chat template: the instructions lead the one prompt instead.
          answer = await deps.localJson({
            ...(params.modelPath ? { modelPath: params.modelPath } : {}),
            ...(params.completion ? { prompt: `${request.system}\n\n${request.prompt}\n`, completion: true } : { system: request.system, prompt: request.prompt }),
            schema: localSchema,
            maxTokens: answerTokens,
            signal: requestSignal,
          });
        }
        generatedTokens += answer.tokens;
        return answer.value;
      },
      onChunk: (event) => send(source, { ...event, findings: event.findings.map((f) => shiftFinding(f, shift)) }),
    });
    return {
      findings: result.findings.map((f) => shiftFinding(f, shift)),
      dropped: result.dropped,
      chunks: result.chunks,
      chunksReviewed: result.chunksReviewed,
      generatedTokens,
    };
  };

  // Each tier's failure is kept so the summary can say why a better tier did not serve.
  const failures: { tier: Tier; reason: string }[] = [];
  const recorded = (tier: Tier, run: (s: AbortSignal) => Promise<TierOutcome>) => async (s: AbortSignal) => {
    try {
      return await run(s);
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code !== 'cancelled') failures.push({ tier, reason: e.message });
      throw err;
    }
  };
  const forceTier = params.tier ?? (params.modelPath ? 'local' : undefined);
  const { value, tier } = await deps.runTiered<TierOutcome>(
    {
      cloud: recorded('cloud', withModel('cloud')),
      local: recorded('local', withModel('local')),
      degraded: recorded('degraded', heuristics),
    },
    { signal, ...(forceTier ? { forceTier } : {}) },
  );

  const droppedByReason: Partial<Record<DropReason, number>> = {};
  for (const d of value.dropped) droppedByReason[d.reason] = (droppedByReason[d.reason] ?? 0) + 1;
  const fallbackReason = failures.length
    ? failures.map((f) => `${f.tier} failed: ${f.reason}`).join('; ')
    : tier === 'degraded' && !forceTier
      ? deps.tierReason?.()
      : undefined;
  const result: ReviewRunResult = {
    findings: value.findings.sort(compareFindings),
    dropped: value.dropped.length,
    droppedByReason,
    tier,
    chunks: value.chunks,
    chunksReviewed: value.chunksReviewed,
    ms: Date.now() - started,
    generatedTokens: value.generatedTokens,
    ...(fallbackReason ? { fallbackReason } : {}),
    ...(note ? { note } : {}),
  };
  if (result.dropped > 0) {
    const reasons = Object.entries(droppedByReason).map(([r, n]) => `${r} ${n}`).join(', ');
    deps.log('info', `review ${params.path}: dropped ${result.dropped} invalid ${tier} findings (${reasons}); they are not shown`);
  }
  deps.log(
    'info',
    `review ${params.path}: ${tier} tier, ${result.findings.length} findings, ${result.chunksReviewed}/${result.chunks} chunks to a model, ${result.generatedTokens} tokens, ${result.ms} ms`,
  );
  return result;
}

function checkParams(params: ReviewRunParams): void {
  if (!params || typeof params !== 'object') throw new LocalFocusError('bad-input', 'review/run takes {path, text, requestId}.');
  if (typeof params.text !== 'string') throw new LocalFocusError('bad-input', 'review/run needs the file text as a string.');
  if (typeof params.path !== 'string' || params.path === '') throw new LocalFocusError('bad-input', 'review/run needs the file path.');
  if (typeof params.requestId !== 'string') throw new LocalFocusError('bad-input', 'review/run needs a requestId.');
  if (params.tier !== undefined && !TIERS.includes(params.tier)) throw new LocalFocusError('bad-input', `Unknown tier ${String(params.tier)}; use cloud, local or degraded.`);
  if (params.diff !== undefined && typeof params.diff !== 'string') throw new LocalFocusError('bad-input', 'The diff must be unified diff text.');
  if (params.changedLines !== undefined && !Array.isArray(params.changedLines)) throw new LocalFocusError('bad-input', 'changedLines must be a list of line numbers.');
  const r = params.range;
  if (r && !(Number.isInteger(r.startLine) && Number.isInteger(r.endLine) && r.startLine >= 1 && r.endLine >= r.startLine)) {
    throw new LocalFocusError('bad-input', 'The range must be 1-based lines with endLine ≥ startLine.');
  }
  for (const [name, v] of [
    ['contextTokens', params.contextTokens],
    ['answerTokens', params.answerTokens],
    ['maxFindingsPerChunk', params.maxFindingsPerChunk],
    ['maxMessageChars', params.maxMessageChars],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new LocalFocusError('bad-input', `${name} must be a positive integer.`);
  }
}

function overlaps(f: Finding, range: { startLine: number; endLine: number }): boolean {
  return f.line <= range.endLine && (f.endLine ?? f.line) >= range.startLine;
}

function shiftFinding(f: Finding, shift: number): Finding {
  if (!shift) return f;
  return { ...f, line: f.line + shift, ...(f.endLine !== undefined ? { endLine: f.endLine + shift } : {}) };
}

/** The trained context of a GGUF file, read once per file version from its header. */
class ModelContextCache {
  private readonly known = new Map<string, { fingerprint: string; tokens: number | undefined }>();

  async get(modelPath: string): Promise<number | undefined> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(modelPath);
    } catch {
      return undefined; // the load itself reports the missing file
    }
    const fingerprint = `${stat.size}:${stat.mtimeMs}`;
    const hit = this.known.get(modelPath);
    if (hit?.fingerprint === fingerprint) return hit.tokens;
    let tokens: number | undefined;
    try {
      const info = ggufModelInfo(await readGgufHeaderFromFile(modelPath, { stopAtModelInfo: true }));
      tokens = llmContextSize(info.contextLength);
    } catch {
      tokens = undefined; // a damaged file fails at load with its own sentence
    }
    this.known.set(modelPath, { fingerprint, tokens });
    return tokens;
  }
}

export function registerReview(service: WorkerService): void {
  const contexts = new ModelContextCache();
  service.register('review/run', (params, signal) =>
    runReview(params, signal, {
      runTiered: (handlers, opts) => service.runTiered('codeReview', handlers, opts),
      localJson: (request) => service.localJson({ capability: 'codeReview', ...request }),
      cloudJson: (request) => service.cloudClient.chatJson(request),
      progress: (p) => service.progress(p),
      log: (level, message) => service.log(level, message),
      localContextTokens: (modelPath) => contexts.get(modelPath ?? service.modelPath('codeReview')),
      tierReason: () => service.status().capabilities.find((c) => c.capability === 'codeReview')?.reason,
    }),
  );
}
