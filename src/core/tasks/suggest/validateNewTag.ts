// Reads a model's new-tag answer. The rules' suggestions stand whatever it says; this decides only
// whether one more tag, marked new, joins them:
//
//   accepted  {"tag": ""}: no new tag (the tags in use cover the task);
//             {"tag": "t"} where t, without a leading #, lowercased, is a tag normalizeTag
//             accepts and at most MAX_NEW_TAG_CHARS long, and not in use (a tag in use is no new
//             idea: the rules already weigh those)
//   refused   anything else: not an object with a string `tag`; not a tag; one already in use
//
// A refusal carries why, which the worker reports as the fallback reason.

import { normalizeTag } from '../task';
import { MAX_NEW_TAG_CHARS } from './newTagSchema';

export type NewTagVerdict = { ok: true; tag?: string } | { ok: false; reason: string };

export function validateNewTag(answer: unknown, inUse: readonly string[]): NewTagVerdict {
  const raw = typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>).tag : undefined;
  if (typeof raw !== 'string') return { ok: false, reason: 'the answer has no "tag" string' };
  if (!raw.trim()) return { ok: true };
  const tag = normalizeTag(raw.toLowerCase());
  if (!tag || tag.length > MAX_NEW_TAG_CHARS) return { ok: false, reason: `${JSON.stringify(raw.slice(0, 40))} is not a tag of at most ${MAX_NEW_TAG_CHARS} letters, digits, - or _` };
  if (inUse.includes(tag)) return { ok: false, reason: `#${tag} is already in use, not new` };
  return { ok: true, tag };
}
