// The worker's `tasks/nextRerank`: the rules tier's suggestions for "what to do next", re-ranked
// by a model with one short reason each, on the task model's tier (the capability taskParsing:
// the same model, server and cloud that parse tasks). It mirrors tasks/parse: cloud, local and a
// model server are asked for the re-rank schema (the local model and the server its bounded
// form), the answer is validated (validateRerank.ts; the shared run is validatedModelTiers.ts),
// and the degraded tier is the rules' order unchanged. An answer the validator refuses makes the local and server tiers throw, so the
// policy falls to the next tier and records why; the cloud did answer, so it is not marked
// unreachable and the rules' order comes back with the reason. The rules' choice always stands
// when no model ranks.
import { LocalFocusError } from '../../core/errors';
import type { Tier } from '../../core/protocol';
import { RERANK_CANDIDATES, type RerankCandidate } from '../../core/tasks/next/rerankCandidates';
import { buildRerankPrompt } from '../../core/tasks/next/rerankPrompt';
import { rerankJsonSchema } from '../../core/tasks/next/rerankSchema';
import { validateRerank, type RankedByModel } from '../../core/tasks/next/validateRerank';
import { isValidTimeZone, systemTimeZone } from '../../core/tasks/timeZone';
import type { NextRerankParams, NextRerankResult } from '../../core/tasksProtocol';
import type { TieredModelDeps } from './tieredModels';
import { runValidatedTiers, validatedQuestion, type Verdict } from './validatedModelTiers';

/** Ten entries of an id and an 80-character reason: about 400 tokens; room for the JSON around them. */
export const RERANK_ANSWER_TOKENS = 700;

function checkParams(params: NextRerankParams): { candidates: RerankCandidate[]; now: Date; timeZone: string } {
  const candidates = params?.candidates;
  if (!Array.isArray(candidates)) throw new LocalFocusError('bad-input', 'tasks/nextRerank needs the rules\' suggestions as candidates.');
  if (candidates.length > RERANK_CANDIDATES) throw new LocalFocusError('bad-input', `tasks/nextRerank takes at most ${RERANK_CANDIDATES} candidates, the rules' top ${RERANK_CANDIDATES}.`);
  const ids = new Set<string>();
  for (const c of candidates) {
    if (typeof c?.id !== 'string' || !c.id || typeof c.title !== 'string' || !Array.isArray(c.reasons)) throw new LocalFocusError('bad-input', 'Each candidate needs an id, a title and its reasons.');
    if (ids.has(c.id)) throw new LocalFocusError('bad-input', `The candidate ${c.id} is listed twice.`);
    ids.add(c.id);
  }
  const now = params.now !== undefined ? new Date(params.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new LocalFocusError('bad-input', `"${params.now}" is not an ISO date-time; give one like 2026-03-10T09:30:00+01:00.`);
  const timeZone = params.timeZone ?? systemTimeZone();
  if (!isValidTimeZone(timeZone)) throw new LocalFocusError('bad-input', `"${timeZone}" is not an IANA time zone such as Europe/Berlin.`);
  return { candidates, now, timeZone };
}

/** Re-ranks the candidates through the tiers; see the file comment for the fallback rules. */
export async function rerankNextTiered(params: NextRerankParams, signal: AbortSignal, deps: TieredModelDeps): Promise<NextRerankResult> {
  const started = Date.now();
  const { candidates, now, timeZone } = checkParams(params);
  const ids = candidates.map((c) => c.id);
  const rulesOrder: RankedByModel[] = ids.map((id) => ({ id }));
  // Nothing to choose between: the rules' order is the only one, and no model is woken for it.
  if (candidates.length < 2) return resultOf(rulesOrder, 'degraded', 0, started);
  const run = await runValidatedTiers<RankedByModel[]>(
    deps,
    {
      request: 'tasks/nextRerank',
      question: validatedQuestion(buildRerankPrompt(candidates, { now, timeZone }), (opts) => rerankJsonSchema(ids, opts), RERANK_ANSWER_TOKENS, params),
      validate: (answer): Verdict<RankedByModel[]> => {
        const verdict = validateRerank(answer, ids);
        return verdict.ok ? { ok: true, value: verdict.order } : verdict;
      },
      refused: 'the model\'s order was refused',
      rules: rulesOrder,
      ...(params.tier ? { tier: params.tier } : {}),
      ...(params.modelPath ? { modelPath: params.modelPath } : {}),
    },
    signal,
  );
  const result = resultOf(run.value, run.tier, run.tokens, started);
  if (run.modelAnswer !== undefined) result.modelAnswer = run.modelAnswer;
  if (run.reason) result.fallbackReason = run.reason;
  return result;
}

function resultOf(order: readonly RankedByModel[], tier: Tier, tokens: number, started: number): NextRerankResult {
  const reasons: Record<string, string> = {};
  for (const r of order) if (r.reason) reasons[r.id] = r.reason;
  return { order: order.map((r) => r.id), reasons, tier, tokens, ms: Date.now() - started };
}
