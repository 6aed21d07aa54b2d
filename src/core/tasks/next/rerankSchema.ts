// The JSON schema a model tier must answer a re-rank with: `order`, a list of {id, reason}. The
// ids are an enum of the candidates' own ids, so a grammar (the in-process model) or a `format`
// (Ollama) cannot even write another one; the list holds at most as many entries as candidates
// and a reason at most MAX_RERANK_REASON_CHARS, so a small model that never closes a string stops
// in time. The cloud gets the same shape without the bounds (OpenAI's strict mode takes neither
// maxLength nor maxItems); validateRerank.ts checks them for every tier alike.

import type { JsonSchema } from '../../protocol';

/** One short reason a task: it shows beside the task's title in a tree row or a terminal line. */
export const MAX_RERANK_REASON_CHARS = 80;

export function rerankJsonSchema(ids: readonly string[], opts: { bounded: boolean }): JsonSchema {
  const entry: JsonSchema = {
    type: 'object',
    properties: {
      id: { type: 'string', enum: [...ids] },
      reason: opts.bounded ? { type: 'string', maxLength: MAX_RERANK_REASON_CHARS } : { type: 'string' },
    },
    required: ['id', 'reason'],
    additionalProperties: false,
  };
  const order: JsonSchema = opts.bounded ? { type: 'array', items: entry, minItems: 1, maxItems: ids.length } : { type: 'array', items: entry };
  return { type: 'object', properties: { order }, required: ['order'], additionalProperties: false };
}
