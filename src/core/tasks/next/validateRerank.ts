// Reads a model's re-rank answer against the candidates it was given. The rules' order is the
// safe answer, so this accepts only what can be trusted as a whole and refuses the rest:
//
//   accepted  `order` names some or all of the candidates' ids, each once; the ids it leaves out
//             follow in the rules' order, with no model reason (a subset is a valid ranking: the
//             model put first what it put first, and the rules still place the rest)
//   refused   not an object with an `order` list; an empty list; an entry that is not {id,
//             reason}; an id that was not a candidate (the model did not read the list); an id
//             named twice; a reason that is empty once trimmed
//   trimmed   a reason over MAX_RERANK_REASON_CHARS is cut at a word and marked with "…", not
//             refused: the schema bounds the local and server tiers, and only the cloud (whose
//             strict mode takes no maxLength) can send one, whose order is still good
//
// A refusal carries why, which the worker reports as the fallback reason.

import { MAX_RERANK_REASON_CHARS } from './rerankSchema';

export interface RankedByModel {
  id: string;
  /** The model's reason; absent for a candidate the model left out. */
  reason?: string;
}

export type RerankVerdict = { ok: true; order: RankedByModel[] } | { ok: false; reason: string };

export function validateRerank(answer: unknown, candidateIds: readonly string[]): RerankVerdict {
  const order = isRecord(answer) ? answer.order : undefined;
  if (!Array.isArray(order)) return refuse('the answer has no "order" list');
  if (order.length === 0) return refuse('the "order" list is empty');
  const known = new Set(candidateIds);
  const ranked: RankedByModel[] = [];
  const seen = new Set<string>();
  for (const entry of order) {
    if (!isRecord(entry) || typeof entry.id !== 'string' || typeof entry.reason !== 'string') return refuse('an entry is not {"id", "reason"}');
    if (!known.has(entry.id)) return refuse(`it names ${JSON.stringify(entry.id.slice(0, 40))}, which is not one of the tasks`);
    if (seen.has(entry.id)) return refuse(`it names ${entry.id} twice`);
    const reason = shortReason(entry.reason);
    if (!reason) return refuse(`it gives ${entry.id} no reason`);
    seen.add(entry.id);
    ranked.push({ id: entry.id, reason });
  }
  const rest = candidateIds.filter((id) => !seen.has(id)).map((id) => ({ id }));
  return { ok: true, order: [...ranked, ...rest] };
}

function shortReason(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_RERANK_REASON_CHARS) return flat;
  const cut = flat.slice(0, MAX_RERANK_REASON_CHARS - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > MAX_RERANK_REASON_CHARS / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

function refuse(reason: string): RerankVerdict {
  return { ok: false, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
