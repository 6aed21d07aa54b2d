// The worker's `notes/ask`: an answer to a question from the passages a notes search found, on the
// task model's tiers (the mode policy picks the local model, a model server or the cloud, as for
// tasks/parse). The prompt fences the passages as data (core/notes/ask/askPrompt.ts); the model
// writes {"answer": "…"} and the answer text streams to the host as it comes (worker/progress with
// a NotesAnswerPartial) from every model tier (the cloud one as server-sent events).
// Citations outside 1..k are taken out of the answer and reported. An empty answer is unusable:
// the local and server tiers throw so the policy tries the next one; the degraded tier is no
// answer at all, and the front end shows the passages themselves with the query words marked.
import { LocalFocusError, toLocalFocusError } from '../../core/errors';
import { buildAskPrompt } from '../../core/notes/ask/askPrompt';
import { validateCitations } from '../../core/notes/ask/citations';
import { partialAnswerText } from '../../core/notes/ask/partialAnswer';
import { MAX_ASK_PASSAGES, MAX_PASSAGE_CHARS, MAX_QUESTION_CHARS, type NotesAnswerPartial, type NotesAskParams, type NotesAskResult } from '../../core/notesAskProtocol';
import type { JsonSchema, ModelTier, ProgressParams, Tier } from '../../core/protocol';
import type { FeatureHost } from '../featureHost';
import { runModelTiers, UnusableAnswerError } from './runModelTiers';
import type { JsonAnswer, TieredModelDeps } from './tieredModels';

/** A few sentences with their citations; room for the JSON around them. */
export const ASK_ANSWER_TOKENS = 600;
const ANSWER_MAX_CHARS = 2400;

/** The task model's tiers, with the streaming hooks a text answer needs. */
export interface AskDeps extends TieredModelDeps {
  localText(request: { system: string; prompt: string; schema: JsonSchema; maxTokens: number; signal: AbortSignal; onText: (text: string) => void }): Promise<JsonAnswer>;
  serverText(request: { system: string; prompt: string; schema: JsonSchema; maxTokens: number; signal: AbortSignal; onToken: (text: string) => void }): Promise<JsonAnswer>;
  cloudText(request: { system: string; prompt: string; schema: JsonSchema; maxTokens: number; signal: AbortSignal; onToken: (text: string) => void }): Promise<JsonAnswer>;
  progress(p: ProgressParams): void;
}

interface TierOutcome {
  answer?: string;
  tokens: number;
  unusable?: string;
}

function answerSchema(bounded: boolean): JsonSchema {
  return {
    type: 'object',
    properties: { answer: { type: 'string', ...(bounded ? { maxLength: ANSWER_MAX_CHARS } : {}) } },
    required: ['answer'],
    additionalProperties: false,
  };
}

function checkParams(params: NotesAskParams): void {
  const question = params?.question;
  if (typeof question !== 'string' || !question.trim()) throw new LocalFocusError('bad-input', 'notes/ask needs a question, e.g. "When does the payment key rotate?".');
  if (question.length > MAX_QUESTION_CHARS) throw new LocalFocusError('bad-input', `The question is ${question.length} characters; ask in at most ${MAX_QUESTION_CHARS}.`);
  if (!Array.isArray(params.passages)) throw new LocalFocusError('bad-input', 'notes/ask needs the passages a notes search found (an empty list when it found none).');
  if (params.passages.length > MAX_ASK_PASSAGES) throw new LocalFocusError('bad-input', `notes/ask takes at most ${MAX_ASK_PASSAGES} passages; send the search's top ${MAX_ASK_PASSAGES}.`);
  params.passages.forEach((p, i) => {
    if (typeof p?.text !== 'string' || typeof p.source !== 'string') throw new LocalFocusError('bad-input', `Passage ${i + 1} needs its text and its source (file:line).`);
    if (p.text.length > MAX_PASSAGE_CHARS) throw new LocalFocusError('bad-input', `Passage ${i + 1} is ${p.text.length} characters; send at most ${MAX_PASSAGE_CHARS} (search with a smaller snippetChars).`);
  });
}

export async function askNotesTiered(params: NotesAskParams, signal: AbortSignal, deps: AskDeps): Promise<NotesAskResult> {
  const started = Date.now();
  checkParams(params);
  const k = params.passages.length;
  // No passage, no answer: a model asked with nothing to cite could only make one up.
  if (k === 0) return { tier: 'degraded', cited: [], removedCitations: [], fallbackReason: 'the search found no passage to answer from', tokens: 0, ms: Date.now() - started };
  const { system, prompt } = buildAskPrompt(params.question, params.passages);
  const failures: string[] = [];

  const stream = (tier: Tier) => {
    let json = '';
    let sent = '';
    return (piece: string) => {
      json += piece;
      const text = partialAnswerText(json);
      if (text === sent || !params.requestId) return;
      sent = text;
      const partial: NotesAnswerPartial = { kind: 'notes/answer', tier, text };
      deps.progress({ requestId: params.requestId, message: `${tier} model: answering`, partial });
    };
  };

  const withModel =
    (tier: ModelTier) =>
    async (tierSignal: AbortSignal): Promise<TierOutcome> => {
      const request = { system, prompt, maxTokens: ASK_ANSWER_TOKENS, signal: tierSignal };
      let answer: JsonAnswer;
      try {
        if (tier === 'cloud') answer = await deps.cloudText({ ...request, schema: answerSchema(false), onToken: stream(tier) });
        else if (tier === 'server') answer = await deps.serverText({ ...request, schema: answerSchema(true), onToken: stream(tier) });
        else answer = await deps.localText({ ...request, schema: answerSchema(true), onText: stream(tier) });
      } catch (err) {
        failures.push(`${tier}: ${toLocalFocusError(err).message}`);
        throw err;
      }
      const text = (answer.value as { answer?: unknown })?.answer;
      if (typeof text === 'string' && text.trim()) return { answer: text, tokens: answer.tokens };
      const reason = 'the model gave an empty answer';
      failures.push(`${tier}: ${reason}`);
      if (tier !== 'cloud') throw new UnusableAnswerError<TierOutcome>(reason, { tokens: answer.tokens, unusable: reason });
      // The cloud endpoint did answer: throwing would mark it unreachable.
      return { tokens: answer.tokens, unusable: reason };
    };

  const { outcome, tier, forced } = await runModelTiers<TierOutcome>(deps, { model: withModel, rules: () => ({ tokens: 0 }), ...(params.tier ? { tier: params.tier } : {}) }, signal);
  const result: NotesAskResult = { tier, cited: [], removedCitations: [], tokens: outcome.tokens, ms: Date.now() - started };
  if (outcome.answer !== undefined && tier !== 'degraded') {
    const checked = validateCitations(outcome.answer, k);
    Object.assign(result, { answer: checked.text, cited: checked.cited, removedCitations: checked.removed });
  }
  const reason = failures.length > 0 ? failures.join('; ') : forced ? undefined : deps.tierReason?.();
  if (reason) result.fallbackReason = reason;
  if (tier === 'degraded' && !result.fallbackReason) result.fallbackReason = 'no model is set up for answers: get one in the Model Manager, run a model server, or allow the cloud';
  if (failures.length > 0) deps.log('info', `notes/ask served by the ${tier} tier: ${reason}`);
  return result;
}

/** The task model's tiers, as tasks/parse uses them, with the answer streamed. */
function askDeps(service: FeatureHost): AskDeps {
  return {
    runTiered: (handlers, opts) => service.runTiered('taskParsing', handlers, opts),
    localJson: (request) => service.localJson({ capability: 'taskParsing', ...request }),
    localText: (request) => service.localJson({ capability: 'taskParsing', ...request }),
    cloudJson: (request) => service.cloudClient.chatJson(request),
    cloudText: (request) => service.cloudClient.chatJson(request),
    serverJson: (request) => service.serverJson('taskParsing', request),
    serverText: (request) => service.serverJson('taskParsing', request),
    progress: (p) => service.progress(p),
    log: (level, message) => service.log(level, message),
    tierReason: () => service.status().capabilities.find((c) => c.capability === 'taskParsing')?.reason,
  };
}

export function registerNotesAsk(service: FeatureHost): void {
  service.register('notes/ask', (params, signal) => askNotesTiered(params, signal, askDeps(service)));
}
