// The JSON schema a model tier answers a new-tag question with: `{"tag": "..."}`, one tag or ""
// for none. The model server and the in-process model get the bounded form (a tag of at most
// MAX_NEW_TAG_CHARS, so a small model that never closes the string stops in time); the cloud the
// plain one (OpenAI's strict mode takes no maxLength). validateNewTag.ts checks every tier alike.

import type { JsonSchema } from '../../protocol';

export const MAX_NEW_TAG_CHARS = 24;

export function newTagJsonSchema(opts: { bounded: boolean }): JsonSchema {
  const tag: JsonSchema = opts.bounded ? { type: 'string', maxLength: MAX_NEW_TAG_CHARS } : { type: 'string' };
  return { type: 'object', properties: { tag }, required: ['tag'], additionalProperties: false };
}
