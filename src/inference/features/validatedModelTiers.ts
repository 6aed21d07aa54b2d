// One question whose answer a validator checks, run through the task model's tiers: the shape
// tasks/nextRerank and tasks/summaryNarrative share. Each model tier is asked (askModelTier.ts);
// an answer the validator refuses is recorded as "<tier>: <refused>: <why>" and the rules'
// value stands in: the local and server tiers throw it (UnusableAnswerError), so the policy falls
// to the next tier, and the cloud, which did answer, returns it so that it is not marked
// unreachable (runModelTiers.ts). The degraded tier is the rules' value. The model's last answer
// comes back as it came, for the result's `modelAnswer`.
import type { JsonSchema, ModelTier, Tier } from '../../core/protocol';
import { askModelTier, type TierQuestion } from './askModelTier';
import { runModelTiers, UnusableAnswerError } from './runModelTiers';
import type { TieredModelDeps } from './tieredModels';

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ValidatedTierRun<T> {
  /** The request's name, for the log: tasks/nextRerank. */
  request: string;
  question: TierQuestion;
  /** Reads a model's answer into the value, or says why it cannot be used. */
  validate(answer: unknown): Verdict<T>;
  /** How a refusal starts: "the model's order was refused". */
  refused: string;
  /** The value without a model: the degraded tier's, and the stand-in for a refused answer. */
  rules: T;
  tier?: Tier;
  modelPath?: string;
}

export interface ValidatedTierResult<T> {
  value: T;
  tier: Tier;
  tokens: number;
  /** The failures of the tiers tried, or why the policy did not pick a better tier. */
  reason?: string;
  modelAnswer?: unknown;
}

interface TierOutcome<T> {
  value: T;
  tokens: number;
  unusable?: string;
}

/** The question for every tier: the cloud's schema unbounded, the others' bounded. */
export function validatedQuestion(
  prompt: { system: string; prompt: string },
  schema: (opts: { bounded: boolean }) => JsonSchema,
  maxTokens: number,
  params: { modelPath?: string; completion?: boolean },
): TierQuestion {
  return {
    ...prompt,
    cloudSchema: schema({ bounded: false }),
    cloudMaxTokens: maxTokens,
    boundedSchema: schema({ bounded: true }),
    maxTokens,
    ...(params.modelPath ? { modelPath: params.modelPath } : {}),
    ...(params.completion ? { completion: true } : {}),
  };
}

export async function runValidatedTiers<T>(deps: TieredModelDeps, run: ValidatedTierRun<T>, signal: AbortSignal): Promise<ValidatedTierResult<T>> {
  const failures: string[] = [];
  let modelAnswer: { value: unknown } | undefined;
  const withModel =
    (tier: ModelTier) =>
    async (tierSignal: AbortSignal): Promise<TierOutcome<T>> => {
      const answer = await askModelTier(deps, tier, run.question, tierSignal, failures);
      modelAnswer = { value: answer.value };
      const verdict = run.validate(answer.value);
      if (verdict.ok) return { value: verdict.value, tokens: answer.tokens };
      const reason = `${run.refused}: ${verdict.reason}`;
      failures.push(`${tier}: ${reason}`);
      const standIn: TierOutcome<T> = { value: run.rules, tokens: answer.tokens, unusable: reason };
      if (tier !== 'cloud') throw new UnusableAnswerError<TierOutcome<T>>(reason, standIn);
      return standIn;
    };
  const { outcome, tier, forced } = await runModelTiers<TierOutcome<T>>(
    deps,
    { model: withModel, rules: () => ({ value: run.rules, tokens: 0 }), ...(run.tier ? { tier: run.tier } : {}), ...(run.modelPath ? { modelPath: run.modelPath } : {}) },
    signal,
  );
  const reason = failures.length > 0 ? failures.join('; ') : forced ? undefined : deps.tierReason?.();
  if (failures.length > 0) deps.log('info', `${run.request} served by the ${tier} tier: ${reason}`);
  return { value: outcome.value, tier, tokens: outcome.tokens, ...(reason ? { reason } : {}), ...(modelAnswer ? { modelAnswer: modelAnswer.value } : {}) };
}
