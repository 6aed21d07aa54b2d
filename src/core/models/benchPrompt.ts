// The short prompt a bench runs on every model it compares: the same text for each, so their
// figures and outputs can be read side by side. One per chat role, shaped like that role's real
// work but small, so a bench of four models stays in seconds on a laptop's CPU.
import type { JsonSchema } from '../protocol';
import type { ModelRole } from './catalogTypes';

export interface BenchPrompt {
  system: string;
  prompt: string;
  schema: JsonSchema;
  maxTokens: number;
}

/** One short string field, capped, so even a model that never closes its string ends in time. */
const ANSWER_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { answer: { type: 'string', maxLength: 120 } },
  required: ['answer'],
};

const PROMPTS: Record<Exclude<ModelRole, 'embeddings'>, Omit<BenchPrompt, 'schema' | 'maxTokens'>> = {
  'task-parsing': {
    system: 'You turn a TODO comment into a short task title. Answer in JSON.',
    prompt: 'TODO(ana): retry the upload when the connection drops, before Friday',
  },
  review: {
    system: 'You review code and name its most important problem in one sentence. Answer in JSON.',
    prompt: 'function average(xs) {\n  let sum = 0;\n  for (const x of xs) sum += x;\n  return sum / xs.length;\n}',
  },
};

export function benchPrompt(role: ModelRole): BenchPrompt {
  if (role === 'embeddings') throw new Error('embedding models generate no text to time');
  return { ...PROMPTS[role], schema: ANSWER_SCHEMA, maxTokens: 64 };
}

/** The first non-empty line of the answer field, else of the raw text. */
export function firstLineOf(value: unknown, text: string): string {
  const answer = (value as { answer?: unknown } | null)?.answer;
  const source = typeof answer === 'string' && answer.trim() ? answer : text;
  return source.split(/\r?\n/).find((line) => line.trim())?.trim() ?? '';
}
