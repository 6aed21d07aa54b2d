// The worker's `review/run`: one review of one file through the mode policy's tiers. Cloud, local
// and a model server share the chunk → prompt → generate → validate path of
// src/core/review/modelReview.ts and differ only in who generates (a server's findings count as
// local ones: the model runs on this machine); the degraded tier runs the deterministic checks. Each chunk's
// findings go to the host as they exist (worker/progress with `partial`), the result closes it.
import * as fs from 'node:fs';
import { LocalFocusError, toLocalFocusError } from '../../core/errors';
import { ggufModelInfo, readGgufHeaderFromFile } from '../../core/models/gguf';
import type { JsonSchema, ModelTier, ProgressParams, Tier } from '../../core/protocol';
import { codeBudgetForContext, estimateTokens } from '../../core/review/chunking';
import { findFileDiff, parseUnifiedDiff } from '../../core/review/diff';
import { goDirective } from '../../core/review/goModuleVersion';
import { compareFindings, findingsJsonSchema, type DropReason, type DroppedFinding, type Finding } from '../../core/review/findings';
import { runHeuristics } from '../../core/review/heuristics';
import { languageIdForPath } from '../../core/review/language';
import { splitLines } from '../../core/review/lines';
import { reviewWithModel, type ChunkReviewed, type ReviewJsonRequest } from '../../core/review/modelReview';
import { checkProjectRules } from '../../core/review/projectReviewFiles';
import { DEFAULT_MAX_FINDINGS, projectRulesBlock } from '../../core/review/prompt';
import { applyReviewSettings, checkReviewSettings, enabledChecks, type ReviewSettings } from '../../core/review/reviewSettings';
import type { ReviewFindingsPartial, ReviewRunParams, ReviewRunResult } from '../../core/reviewProtocol';
import { llmContextSize } from '../llm';
import type { FeatureHost } from '../featureHost';
import type { JsonAnswer, TieredModelDeps } from './tieredModels';

export const DEFAULT_REVIEW_CONTEXT_TOKENS = 8192;
export const DEFAULT_REVIEW_ANSWER_TOKENS = 1024;
/** What the fixed instructions of a review prompt take, besides the code and the project rules. */
const INSTRUCTION_TOKENS = 800;

const TIERS: readonly Tier[] = ['cloud', 'server', 'local', 'degraded'];

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

interface LineRange {
  startLine: number;
  endLine: number;
}

/** A review/run request with what it names checked against the text. */
interface ReviewJob {
  params: ReviewRunParams;
  deps: ReviewEngineDeps;
  languageId: string;
  /** The selection to review, ending at the text's last line at most. */
  range?: LineRange;
  /** Diff review: the lines that may get findings, all within the text. */
  changedLines?: Set<number>;
  /** The request's settings, checked; applied to every finding before the host sees it. */
  settings?: ReviewSettings;
  /** Why there is nothing to review, for the result. */
  note?: string;
}

interface TierFailure {
  tier: Tier;
  reason: string;
}

export async function runReview(params: ReviewRunParams, signal: AbortSignal, deps: ReviewEngineDeps): Promise<ReviewRunResult> {
  const started = Date.now();
  checkParams(params);
  const settings = params.settings !== undefined ? checkReviewSettings(params.settings, 'The review settings') : undefined;
  const job = { ...reviewJob(params, deps), ...(settings ? { settings } : {}) };
  // Each tier's failure is kept so the summary can say why a better tier did not serve.
  const failures: TierFailure[] = [];
  const forceTier = params.tier ?? (params.modelPath ? 'local' : undefined);
  const { value, tier } = await deps.runTiered<TierOutcome>(
    {
      cloud: recordingFailure(failures, 'cloud', (s) => reviewWithTierModel(job, 'cloud', s)),
      local: recordingFailure(failures, 'local', (s) => reviewWithTierModel(job, 'local', s)),
      // A model file named in the request is the in-process model's; no server has it.
      ...(deps.serverJson && !params.modelPath ? { server: recordingFailure(failures, 'server', (s) => reviewWithTierModel(job, 'server', s)) } : {}),
      degraded: recordingFailure(failures, 'degraded', () => reviewWithHeuristics(job)),
    },
    { signal, ...(forceTier ? { forceTier } : {}) },
  );
  const fallbackReason = failures.length
    ? failures.map((f) => `${f.tier} failed: ${f.reason}`).join('; ')
    : tier === 'degraded' && !forceTier
      ? deps.tierReason?.()
      : undefined;
  const result = reviewResult({ ...value, findings: applyReviewSettings(value.findings, job.settings) }, tier, Date.now() - started, fallbackReason, job.note);
  logReview(deps, params.path, result);
  return result;
}

/** The language, the selection and the changed lines of a request, kept within the text. */
function reviewJob(params: ReviewRunParams, deps: ReviewEngineDeps): ReviewJob {
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
  return { params, deps, languageId, ...(range ? { range } : {}), ...(changedLines ? { changedLines } : {}), ...(note ? { note } : {}) };
}

/** Runs a tier, keeping why it failed (a cancel is no failure). */
function recordingFailure(failures: TierFailure[], tier: Tier, run: (s: AbortSignal) => Promise<TierOutcome>) {
  return async (s: AbortSignal): Promise<TierOutcome> => {
    try {
      return await run(s);
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code !== 'cancelled') failures.push({ tier, reason: e.message });
      throw err;
    }
  };
}

async function reviewWithHeuristics(job: ReviewJob): Promise<TierOutcome> {
  const { params, languageId, range, changedLines } = job;
  let findings = runHeuristics(params.text, { languageId, rules: enabledChecks(job.settings), ...(changedLines ? { changedLines } : {}), ...(params.goVersion ? { goVersion: params.goVersion } : {}), testCode: params.testCode === true });
  if (range) findings = findings.filter((f) => overlaps(f, range));
  sendFindings(job, 'degraded', { index: 0, total: 1, findings, dropped: [] });
  return { findings, dropped: [], chunks: 1, chunksReviewed: 0, generatedTokens: 0 };
}

async function reviewWithTierModel(job: ReviewJob, tier: ModelTier, tierSignal: AbortSignal): Promise<TierOutcome> {
  const { params, deps, range, changedLines } = job;
  let contextTokens = params.contextTokens ?? DEFAULT_REVIEW_CONTEXT_TOKENS;
  if (tier === 'local') {
    const modelContext = await deps.localContextTokens(params.modelPath);
    if (modelContext !== undefined) contextTokens = Math.min(contextTokens, modelContext);
  }
  const maxFindings = params.maxFindingsPerChunk ?? DEFAULT_MAX_FINDINGS;
  const answerTokens = params.answerTokens ?? DEFAULT_REVIEW_ANSWER_TOKENS;
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
    languageId: job.languageId,
    path: params.path,
    source: tier === 'cloud' ? 'cloud' : 'local',
    maxTokens: codeBudgetForContext(contextTokens, answerTokens, INSTRUCTION_TOKENS + (params.projectRules ? estimateTokens(projectRulesBlock(params.projectRules)) : 0)),
    maxFindingsPerChunk: maxFindings,
    signal: tierSignal,
    ...(params.projectRules ? { projectRules: params.projectRules } : {}),
    ...(localChanged ? { changedLines: localChanged } : {}),
    generate: async (request) => {
      const answer = await askModel(job, tier, request, localSchema, request.signal ?? tierSignal);
      generatedTokens += answer.tokens;
      return answer.value;
    },
    onChunk: (event) => sendFindings(job, tier, { ...event, findings: event.findings.map((f) => shiftFinding(f, shift)) }),
  });
  return {
    findings: result.findings.map((f) => shiftFinding(f, shift)),
    dropped: result.dropped,
    chunks: result.chunks,
    chunksReviewed: result.chunksReviewed,
    generatedTokens,
  };
}

/** One chunk's prompt to the tier's model; local models (in process or on a server) get `localSchema`, which caps the findings. */
function askModel(job: ReviewJob, tier: ModelTier, request: ReviewJsonRequest, localSchema: JsonSchema, signal: AbortSignal): Promise<JsonAnswer> {
  const { params, deps } = job;
  const maxTokens = params.answerTokens ?? DEFAULT_REVIEW_ANSWER_TOKENS;
  if (tier === 'cloud') return deps.cloudJson({ system: request.system, prompt: request.prompt, schema: request.schema, maxTokens, signal });
  if (tier === 'server') return deps.serverJson!({ system: request.system, prompt: request.prompt, schema: localSchema, maxTokens, signal });
  // A base model has no chat template: the instructions lead the one prompt instead.
  return deps.localJson({
    ...(params.modelPath ? { modelPath: params.modelPath } : {}),
    ...(params.completion ? { prompt: `${request.system}\n\n${request.prompt}\n`, completion: true } : { system: request.system, prompt: request.prompt }),
    schema: localSchema,
    maxTokens,
    signal,
  });
}

/** Streams one chunk's findings to the host, as a worker/progress event with `partial`. */
function sendFindings(job: ReviewJob, tier: Tier, event: Pick<ChunkReviewed, 'index' | 'total' | 'findings' | 'dropped'>): void {
  const partial: ReviewFindingsPartial = {
    kind: 'review/findings',
    tier,
    findings: applyReviewSettings(event.findings, job.settings),
    chunk: event.index,
    chunks: event.total,
    dropped: event.dropped.length,
  };
  job.deps.progress({
    requestId: job.params.requestId,
    message: `${tier === 'degraded' ? 'heuristics' : `${tier} model`}: part ${event.index + 1} of ${event.total}`,
    done: event.index + 1,
    total: event.total,
    partial,
  });
}

function reviewResult(value: TierOutcome, tier: Tier, ms: number, fallbackReason: string | undefined, note: string | undefined): ReviewRunResult {
  const droppedByReason: Partial<Record<DropReason, number>> = {};
  for (const d of value.dropped) droppedByReason[d.reason] = (droppedByReason[d.reason] ?? 0) + 1;
  return {
    findings: value.findings.sort(compareFindings),
    dropped: value.dropped.length,
    droppedByReason,
    tier,
    chunks: value.chunks,
    chunksReviewed: value.chunksReviewed,
    ms,
    generatedTokens: value.generatedTokens,
    ...(fallbackReason ? { fallbackReason } : {}),
    ...(note ? { note } : {}),
  };
}

function logReview(deps: ReviewEngineDeps, path: string, result: ReviewRunResult): void {
  const { tier } = result;
  if (result.dropped > 0) {
    const reasons = Object.entries(result.droppedByReason).map(([r, n]) => `${r} ${n}`).join(', ');
    deps.log('info', `review ${path}: dropped ${result.dropped} invalid ${tier} findings (${reasons}); they are not shown`);
  }
  deps.log(
    'info',
    `review ${path}: ${tier} tier, ${result.findings.length} findings, ${result.chunksReviewed}/${result.chunks} chunks to a model, ${result.generatedTokens} tokens, ${result.ms} ms`,
  );
}

function checkParams(params: ReviewRunParams): void {
  if (!params || typeof params !== 'object') throw new LocalFocusError('bad-input', 'review/run takes {path, text, requestId}.');
  if (typeof params.text !== 'string') throw new LocalFocusError('bad-input', 'review/run needs the file text as a string.');
  if (typeof params.path !== 'string' || params.path === '') throw new LocalFocusError('bad-input', 'review/run needs the file path.');
  if (typeof params.requestId !== 'string') throw new LocalFocusError('bad-input', 'review/run needs a requestId.');
  if (params.tier !== undefined && !TIERS.includes(params.tier)) throw new LocalFocusError('bad-input', `Unknown tier ${String(params.tier)}; use cloud, server, local or degraded.`);
  if (params.diff !== undefined && typeof params.diff !== 'string') throw new LocalFocusError('bad-input', 'The diff must be unified diff text.');
  if (params.changedLines !== undefined && !Array.isArray(params.changedLines)) throw new LocalFocusError('bad-input', 'changedLines must be a list of line numbers.');
  if (params.goVersion !== undefined && !(typeof params.goVersion === 'string' && goDirective(`go ${params.goVersion}`) === params.goVersion)) throw new LocalFocusError('bad-input', `goVersion must be a go.mod version such as "1.21", not ${JSON.stringify(params.goVersion)}.`);
  if (params.testCode !== undefined && typeof params.testCode !== 'boolean') throw new LocalFocusError('bad-input', 'testCode must be true or false.');
  if (params.projectRules !== undefined) {
    if (typeof params.projectRules !== 'string') throw new LocalFocusError('bad-input', 'projectRules must be the text of the project\'s review rules.');
    checkProjectRules(params.projectRules, 'The project rules');
  }
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

function overlaps(f: Finding, range: LineRange): boolean {
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

export function registerReview(service: FeatureHost): void {
  const contexts = new ModelContextCache();
  service.register('review/run', (params, signal) =>
    runReview(params, signal, {
      runTiered: (handlers, opts) => service.runTiered('codeReview', handlers, opts),
      localJson: (request) => service.localJson({ capability: 'codeReview', ...request }),
      cloudJson: (request) => service.cloudClient.chatJson(request),
      serverJson: (request) => service.serverJson('codeReview', request),
      progress: (p) => service.progress(p),
      log: (level, message) => service.log(level, message),
      localContextTokens: (modelPath) => contexts.get(modelPath ?? service.modelPath('codeReview')),
      tierReason: () => service.status().capabilities.find((c) => c.capability === 'codeReview')?.reason,
    }),
  );
}
