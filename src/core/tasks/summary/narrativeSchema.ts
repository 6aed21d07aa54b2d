// The JSON schema a model tier must answer a summary's narrative with: `paragraph`, the short text
// on top of the summary, and `tasks`, the keys of the tasks it names. The keys are an enum of the
// facts' own keys, so a grammar (the in-process model) or a `format` (Ollama) cannot list another
// task; the paragraph is bounded to MAX_NARRATIVE_CHARS and the list to the facts' length, so a
// small model that never closes a string stops in time. The cloud gets the same shape without the
// bounds (OpenAI's strict mode takes neither maxLength nor maxItems); validateNarrative.ts checks
// them for every tier alike.

import type { JsonSchema } from '../../protocol';

/** Three short sentences: a stand-up note's opening, not a report. */
export const MAX_NARRATIVE_CHARS = 400;

export function narrativeJsonSchema(keys: readonly string[], opts: { bounded: boolean }): JsonSchema {
  const key: JsonSchema = { type: 'string', enum: [...keys] };
  const paragraph: JsonSchema = opts.bounded ? { type: 'string', minLength: 1, maxLength: MAX_NARRATIVE_CHARS } : { type: 'string' };
  const tasks: JsonSchema = opts.bounded ? { type: 'array', items: key, maxItems: keys.length } : { type: 'array', items: key };
  return { type: 'object', properties: { paragraph, tasks }, required: ['paragraph', 'tasks'], additionalProperties: false };
}
