// The suggestions a task preview offers and what accepting one does. A suggestion is offered only
// while it would change the task (a tag it does not have yet; an estimate while it has none), and
// nothing is applied until the user accepts that one suggestion.

import type { TaskFields } from '../task';
import type { TaskSuggestions } from './taskSuggester';

export type OfferedSuggestion =
  | { kind: 'tag'; tag: string; similarTasks: number; /** Proposed by a model and used by no task yet. */ isNew?: boolean }
  | { kind: 'estimate'; minutes: number; basis: 'similar' | 'all'; tasks: number };

export function offeredSuggestions(fields: TaskFields, suggestions: TaskSuggestions): OfferedSuggestion[] {
  const has = new Set(fields.tags);
  const tags: OfferedSuggestion[] = suggestions.tags.filter((t) => !has.has(t.tag)).map((t) => ({ kind: 'tag', tag: t.tag, similarTasks: t.similarTasks, ...(t.isNew ? { isNew: true } : {}) }));
  const estimate: OfferedSuggestion[] = suggestions.estimate && !fields.estimateMinutes ? [{ kind: 'estimate', ...suggestions.estimate }] : [];
  return [...tags, ...estimate];
}

/** `fields` with one accepted suggestion applied; `fields` itself is left as it was. */
export function acceptSuggestion(fields: TaskFields, s: OfferedSuggestion): TaskFields {
  if (s.kind === 'tag') return { ...fields, tags: fields.tags.includes(s.tag) ? [...fields.tags] : [...fields.tags, s.tag] };
  return { ...fields, tags: [...fields.tags], estimateMinutes: s.minutes };
}
