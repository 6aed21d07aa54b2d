// The worker's notes/ask request: a question and the passages a notes search found for it; a model
// answers from them alone on the tier the mode policy picks (the task model's tiers: the local
// model, a model server, the cloud), or no model answers and the front end shows the passages
// (extractive). Passages are numbered from 1 in the order given; the answer cites them as [n].
import type { Tier } from './protocol';

export interface AskPassage {
  /** Where the passage comes from, as the model and the user see it: "journal/keys.md:12". */
  source: string;
  /** The note's heading path or title, when it has one. */
  heading?: string;
  /** The passage's text: data for the model, never instructions. */
  text: string;
}

export interface NotesAskParams {
  question: string;
  /** The search's top passages, best first; at most MAX_ASK_PASSAGES. */
  passages: AskPassage[];
  /** A tier the caller forces (CLI --tier); absent: the mode policy picks. */
  tier?: Tier;
  /** Names the worker/progress events that stream the answer (partial: NotesAnswerPartial). */
  requestId?: string;
}

export const MAX_ASK_PASSAGES = 12;
export const MAX_QUESTION_CHARS = 2000;
export const MAX_PASSAGE_CHARS = 4000;

export interface NotesAskResult {
  /** 'degraded': no model answered; the front end shows the passages instead. */
  tier: Tier;
  /** The model's answer, its out-of-range citations removed; absent on the degraded tier. */
  answer?: string;
  /** Passage numbers the answer cites. */
  cited: number[];
  /** Citations that named no passage and were taken out of the answer. */
  removedCitations: number[];
  /** Why no better tier answered (no model, a refused answer…). */
  fallbackReason?: string;
  tokens: number;
  ms: number;
}

/** The answer so far, sent as it streams in. */
export interface NotesAnswerPartial {
  kind: 'notes/answer';
  tier: Tier;
  text: string;
}

export function isNotesAnswerPartial(value: unknown): value is NotesAnswerPartial {
  const v = value as Partial<NotesAnswerPartial> | null;
  return !!v && typeof v === 'object' && v.kind === 'notes/answer' && typeof v.text === 'string';
}

export interface NotesAskRequests {
  'notes/ask': { params: NotesAskParams; result: NotesAskResult };
}
