// The worker's `tasks/summaryNarrative`: the short paragraph on top of a task summary, written by a
// model on the task model's tier (the capability taskParsing: the same model, server and cloud that
// parse tasks and re-rank Next). It mirrors tasks/nextRerank (validatedModelTiers.ts): cloud, local
// and a model server are asked for the narrative schema (the local model and the server its
// bounded form), the answer is validated against the summary's facts (validateNarrative.ts), and
// the degraded tier is no paragraph: the rules summary stands alone. A refused paragraph falls to
// the next tier with the reason.
import { LocalFocusError } from '../../core/errors';
import { MAX_NARRATIVE_TASKS, type NarrativeFacts } from '../../core/tasks/summary/narrativeFacts';
import { buildNarrativePrompt } from '../../core/tasks/summary/narrativePrompt';
import { narrativeJsonSchema } from '../../core/tasks/summary/narrativeSchema';
import { validateNarrative } from '../../core/tasks/summary/validateNarrative';
import type { SummaryNarrativeParams, SummaryNarrativeResult } from '../../core/tasksProtocol';
import type { TieredModelDeps } from './tieredModels';
import { runValidatedTiers, validatedQuestion, type Verdict } from './validatedModelTiers';

/** A 400-character paragraph is about 100 tokens, thirty keys about 150; room for the JSON around them. */
export const NARRATIVE_ANSWER_TOKENS = 500;

interface Narrative {
  paragraph?: string;
  keys: string[];
}

function checkParams(params: SummaryNarrativeParams): NarrativeFacts {
  const facts = params?.facts;
  if (!facts || !Array.isArray(facts.tasks) || typeof facts.counts !== 'object' || facts.counts === null) {
    throw new LocalFocusError('bad-input', 'tasks/summaryNarrative needs the summary\'s facts: its period, counts and tasks.');
  }
  if (facts.tasks.length > MAX_NARRATIVE_TASKS) throw new LocalFocusError('bad-input', `tasks/summaryNarrative takes at most ${MAX_NARRATIVE_TASKS} tasks.`);
  const keys = new Set<string>();
  for (const t of facts.tasks) {
    if (typeof t?.key !== 'string' || !t.key || typeof t.title !== 'string') throw new LocalFocusError('bad-input', 'Each task needs a key and a title.');
    if (keys.has(t.key)) throw new LocalFocusError('bad-input', `The key ${t.key} is listed twice.`);
    keys.add(t.key);
  }
  return facts;
}

/** Writes the paragraph through the tiers; see the file comment for the fallback rules. */
export async function narrateSummaryTiered(params: SummaryNarrativeParams, signal: AbortSignal, deps: TieredModelDeps): Promise<SummaryNarrativeResult> {
  const started = Date.now();
  const facts = checkParams(params);
  // Nothing happened and nothing waits: there is no task to tell of, and no model is woken for it.
  if (facts.tasks.length === 0) return { tasks: [], tier: 'degraded', tokens: 0, ms: Date.now() - started };
  const keys = facts.tasks.map((t) => t.key);
  const run = await runValidatedTiers<Narrative>(
    deps,
    {
      request: 'tasks/summaryNarrative',
      question: validatedQuestion(buildNarrativePrompt(facts), (opts) => narrativeJsonSchema(keys, opts), NARRATIVE_ANSWER_TOKENS, params),
      validate: (answer): Verdict<Narrative> => {
        const verdict = validateNarrative(answer, facts);
        return verdict.ok ? { ok: true, value: { paragraph: verdict.paragraph, keys: verdict.keys } } : verdict;
      },
      refused: 'the model\'s paragraph was refused',
      rules: { keys: [] },
      ...(params.tier ? { tier: params.tier } : {}),
      ...(params.modelPath ? { modelPath: params.modelPath } : {}),
    },
    signal,
  );
  const { paragraph, keys: named } = run.value;
  return {
    ...(paragraph ? { paragraph } : {}),
    tasks: named,
    tier: run.tier,
    ...(run.reason && !paragraph ? { fallbackReason: run.reason } : {}),
    ...(run.modelAnswer !== undefined ? { modelAnswer: run.modelAnswer } : {}),
    tokens: run.tokens,
    ms: Date.now() - started,
  };
}
