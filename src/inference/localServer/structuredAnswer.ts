// Turns the text a model streamed into the value a feature gets: JSON that matches the schema, or
// an error that says which of the three ways it failed. An answer the server cut off (Ollama's
// done_reason "length", OpenAI's finish_reason "length") that does not parse ran out of room:
// that is the context (or the token limit) being too small, not a model that cannot write JSON.
import type { JsonSchema } from '../../core/protocol';
import { localServerError } from './failures';
import { schemaMismatch } from './schemaCheck';

export interface StreamedText {
  text: string;
  /** The server stopped because the answer hit the length limit. */
  truncated: boolean;
}

export function structuredAnswer(answer: StreamedText, schema: JsonSchema, where: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(answer.text);
  } catch {
    if (answer.truncated) throw localServerError('context-too-small', where, 'the answer was cut off');
    throw localServerError('bad-output', where, answer.text.trim() === '' ? 'the answer is empty' : undefined);
  }
  const mismatch = schemaMismatch(value, schema);
  if (mismatch) throw localServerError('schema-mismatch', where, mismatch);
  return value;
}
