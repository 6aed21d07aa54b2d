// The worker's `tasks/newTag`: a model tier proposes one tag for a task being captured that the
// task file does not use yet, on the task model's tiers (as tasks/parse and tasks/nextRerank). The
// answer is schema-forced (newTagSchema.ts) and validated (validateNewTag.ts); a refused answer
// makes the local and server tiers throw, so the policy falls to the next tier and records why,
// and the cloud, which did answer, gives no tag with the reason. The degraded tier proposes
// nothing: the rules' tag suggestions, which the caller already has, stand alone.
import { LocalFocusError } from '../../core/errors';
import type { ModelTier, Tier } from '../../core/protocol';
import { buildNewTagPrompt } from '../../core/tasks/suggest/newTagPrompt';
import { newTagJsonSchema } from '../../core/tasks/suggest/newTagSchema';
import { validateNewTag } from '../../core/tasks/suggest/validateNewTag';
import type { NewTagParams, NewTagResult } from '../../core/tasksProtocol';
import { askModelTier, type TierQuestion } from './askModelTier';
import { runModelTiers, UnusableAnswerError } from './runModelTiers';
import type { TieredModelDeps } from './tieredModels';

/** `{"tag": "..."}` of at most 24 characters, with room for a model that pads. */
export const NEW_TAG_ANSWER_TOKENS = 60;

interface TierOutcome {
  tag?: string;
  tokens: number;
  unusable?: string;
}

function checkParams(params: NewTagParams): void {
  if (typeof params?.title !== 'string' || !params.title.trim()) throw new LocalFocusError('bad-input', 'tasks/newTag needs the task\'s title.');
  for (const [name, list] of [['suggested', params.suggested], ['inUse', params.inUse]] as const) {
    if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) throw new LocalFocusError('bad-input', `tasks/newTag needs ${name} as a list of tags (an empty list when there are none).`);
  }
}

export async function suggestNewTagTiered(params: NewTagParams, signal: AbortSignal, deps: TieredModelDeps): Promise<NewTagResult> {
  const started = Date.now();
  checkParams(params);
  const failures: string[] = [];
  let modelAnswer: { value: unknown } | undefined;
  const { system, prompt } = buildNewTagPrompt(params.title, params.suggested, params.inUse);
  const question: TierQuestion = {
    system,
    prompt,
    cloudSchema: newTagJsonSchema({ bounded: false }),
    cloudMaxTokens: NEW_TAG_ANSWER_TOKENS,
    boundedSchema: newTagJsonSchema({ bounded: true }),
    maxTokens: NEW_TAG_ANSWER_TOKENS,
    ...(params.modelPath ? { modelPath: params.modelPath } : {}),
    ...(params.completion ? { completion: true } : {}),
  };

  const withModel =
    (tier: ModelTier) =>
    async (tierSignal: AbortSignal): Promise<TierOutcome> => {
      const answer = await askModelTier(deps, tier, question, tierSignal, failures);
      modelAnswer = { value: answer.value };
      const verdict = validateNewTag(answer.value, params.inUse);
      if (verdict.ok) return { ...(verdict.tag ? { tag: verdict.tag } : {}), tokens: answer.tokens };
      const reason = `the model's tag was refused: ${verdict.reason}`;
      failures.push(`${tier}: ${reason}`);
      if (tier !== 'cloud') throw new UnusableAnswerError<TierOutcome>(reason, { tokens: answer.tokens, unusable: reason });
      return { tokens: answer.tokens, unusable: reason };
    };

  const { outcome, tier, forced } = await runModelTiers<TierOutcome>(
    deps,
    { model: withModel, rules: () => ({ tokens: 0 }), ...(params.tier ? { tier: params.tier } : {}), ...(params.modelPath ? { modelPath: params.modelPath } : {}) },
    signal,
  );
  const result: NewTagResult = { ...(outcome.tag ? { tag: outcome.tag } : {}), tier: tier satisfies Tier, tokens: outcome.tokens, ms: Date.now() - started };
  if (modelAnswer) result.modelAnswer = modelAnswer.value;
  const reason = failures.length > 0 ? failures.join('; ') : forced ? undefined : deps.tierReason?.();
  if (reason) result.fallbackReason = reason;
  if (failures.length > 0) deps.log('info', `tasks/newTag served by the ${tier} tier: ${reason}`);
  return result;
}
