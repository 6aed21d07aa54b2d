// Reviews a text with a language model, piece by piece: chunk at declaration boundaries, build the
// data-not-instructions prompt, ask the model for schema-bound JSON, validate, report each chunk's
// findings as soon as they exist. The model call is injected, so the worker (node-llama-cpp, cloud)
// and the tests (a scripted fake) share this one path.

import { LocalFocusError } from '../errors';
import type { JsonSchema } from '../protocol';
import { chunkForReview, type ReviewChunk } from './chunking';
import { FINDINGS_JSON_SCHEMA, compareFindings, validateFindings, type DroppedFinding, type Finding } from './findings';
import { buildReviewPrompt, DEFAULT_MAX_FINDINGS } from './prompt';

export interface ReviewJsonRequest {
  system: string;
  prompt: string;
  schema: JsonSchema;
  signal?: AbortSignal;
}

/** Sends one prompt to the model and returns the parsed JSON value of its answer. */
export type GenerateReviewJson = (request: ReviewJsonRequest) => Promise<unknown>;

export interface ChunkReviewed {
  chunk: ReviewChunk;
  index: number;
  total: number;
  findings: Finding[];
  dropped: DroppedFinding[];
}

export interface ModelReviewOptions {
  languageId: string;
  path?: string;
  generate: GenerateReviewJson;
  source: 'local' | 'cloud';
  /** Diff review: file lines added or changed. Chunks without any are not sent to the model. */
  changedLines?: ReadonlySet<number>;
  /** Code tokens per chunk (see chunking.ts); default 4096. */
  maxTokens?: number;
  countTokens?: (text: string) => number;
  maxFindingsPerChunk?: number;
  /** The project's review instructions, put in every chunk's prompt. */
  projectRules?: string;
  signal?: AbortSignal;
  /** Called after each chunk, in file order, for streaming findings to the editor. */
  onChunk?: (event: ChunkReviewed) => void;
}

export interface ModelReviewResult {
  findings: Finding[];
  dropped: DroppedFinding[];
  /** Chunks the text was split into, and how many were sent to the model. */
  chunks: number;
  chunksReviewed: number;
}

export async function reviewWithModel(text: string, options: ModelReviewOptions): Promise<ModelReviewResult> {
  const chunks = chunkForReview(text, {
    languageId: options.languageId,
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.countTokens ? { countTokens: options.countTokens } : {}),
  });
  const maxFindings = options.maxFindingsPerChunk ?? DEFAULT_MAX_FINDINGS;
  const toReview = options.changedLines
    ? chunks.filter((c) => [...options.changedLines!].some((l) => l >= c.startLine && l <= c.endLine))
    : chunks;

  const findings: Finding[] = [];
  const dropped: DroppedFinding[] = [];
  for (let index = 0; index < toReview.length; index++) {
    if (options.signal?.aborted) throw new LocalFocusError('cancelled');
    const chunk = toReview[index];
    const prompt = buildReviewPrompt({
      code: chunk.text,
      languageId: options.languageId,
      startLine: chunk.startLine,
      partial: chunk.partial,
      maxFindings,
      ...(options.projectRules ? { projectRules: options.projectRules } : {}),
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.changedLines ? { changedLines: options.changedLines } : {}),
    });
    const value = await options.generate({
      system: prompt.system,
      prompt: prompt.prompt,
      schema: FINDINGS_JSON_SCHEMA as unknown as JsonSchema,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const result = validateFindings(value, {
      lineCount: prompt.lineCount,
      offset: prompt.lineOffset,
      source: options.source,
      ...(options.changedLines ? { changedLines: options.changedLines } : {}),
    });
    const kept = result.valid.slice(0, maxFindings);
    const chunkDropped = [...result.dropped, ...result.valid.slice(maxFindings).map((finding) => ({ finding, reason: 'over-limit' as const }))];
    findings.push(...kept);
    dropped.push(...chunkDropped);
    options.onChunk?.({ chunk, index, total: toReview.length, findings: kept, dropped: chunkDropped });
  }
  return { findings: findings.sort(compareFindings), dropped, chunks: chunks.length, chunksReviewed: toReview.length };
}
