// One schema-shaped question to one model tier, as the task model's requests (tasks/parse,
// tasks/nextRerank, tasks/summaryNarrative) ask it: the cloud gets its plain schema, the model
// server and the in-process model the bounded one (a grammar or a `format` that a small model
// cannot write past). A base model has no chat template, so with `completion` the system prompt
// goes in front of the prompt.
// A tier that fails adds "<tier>: <why>" to the request's failures, its fallback reason.
import { toLocalFocusError } from '../../core/errors';
import type { JsonSchema, ModelTier } from '../../core/protocol';
import type { JsonAnswer, TieredModelDeps } from './tieredModels';

export interface TierQuestion {
  system: string;
  prompt: string;
  /** For the cloud: OpenAI's strict mode takes no maxLength or maxItems. */
  cloudSchema: JsonSchema;
  cloudMaxTokens: number;
  /** For the model server and the in-process model. */
  boundedSchema: JsonSchema;
  maxTokens: number;
  /** The in-process model's file, overriding the configured one (tests, benchmarks). */
  modelPath?: string;
  completion?: boolean;
}

export async function askModelTier(deps: TieredModelDeps, tier: ModelTier, q: TierQuestion, signal: AbortSignal, failures: string[]): Promise<JsonAnswer> {
  try {
    return await ask(deps, tier, q, signal);
  } catch (err) {
    failures.push(`${tier}: ${toLocalFocusError(err).message}`);
    throw err;
  }
}

function ask(deps: TieredModelDeps, tier: ModelTier, q: TierQuestion, signal: AbortSignal): Promise<JsonAnswer> {
  const { system, prompt } = q;
  if (tier === 'cloud') return deps.cloudJson({ system, prompt, schema: q.cloudSchema, maxTokens: q.cloudMaxTokens, signal });
  if (tier === 'server') return deps.serverJson!({ system, prompt, schema: q.boundedSchema, maxTokens: q.maxTokens, signal });
  return deps.localJson({
    ...(q.modelPath ? { modelPath: q.modelPath } : {}),
    system,
    prompt: q.completion ? `${system}\n\n${prompt}` : prompt,
    schema: q.boundedSchema,
    maxTokens: q.maxTokens,
    ...(q.completion ? { completion: true } : {}),
    signal,
  });
}
