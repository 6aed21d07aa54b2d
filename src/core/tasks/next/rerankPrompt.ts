// The prompt a model tier gets to re-rank the rules' suggestions for "what to do next". The
// reference time travels in the prompt because a model cannot know it; each task is one line with
// its id first, so the answer names ids, never titles, and the validator can check every one.

import { civilInZone, formatDateTime } from '../timeZone';
import type { RerankCandidate } from './rerankCandidates';
import { MAX_RERANK_REASON_CHARS } from './rerankSchema';

export interface RerankPrompt {
  system: string;
  prompt: string;
}

/** A title longer than this is cut for the model: ten tasks must fit a small model's context. */
const MAX_TITLE_CHARS = 120;

export function buildRerankPrompt(candidates: readonly RerankCandidate[], opts: { now: Date; timeZone: string }): RerankPrompt {
  const c = civilInZone(opts.now, opts.timeZone);
  const now = `${formatDateTime(c, c.hour, c.minute).replace('T', ' ')} (${opts.timeZone})`;
  const system = [
    'You help a developer choose what to work on next. Answer with JSON only.',
    'You get open tasks, each with its id, due date, priority and why a scoring rule suggested it.',
    'order: the tasks to do first, best first, each once, as {"id", "reason"}; use only the ids given.',
    `reason: why this task now, in at most ${MAX_RERANK_REASON_CHARS} characters. Never invent a date or a fact the list does not give.`,
  ].join('\n');
  const lines = candidates.map((t) => {
    const facts = [t.due ? `due ${t.due}` : 'no due date', t.priority ? `${t.priority} priority` : 'no priority', t.reasons.length ? `rules: ${t.reasons.join(', ')}` : ''];
    return `- id ${t.id}: ${oneLine(t.title)} (${facts.filter(Boolean).join('; ')})`;
  });
  return { system, prompt: `Now: ${now}\nTasks:\n${lines.join('\n')}\nJSON:` };
}

function oneLine(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TITLE_CHARS ? `${flat.slice(0, MAX_TITLE_CHARS - 1)}…` : flat;
}
