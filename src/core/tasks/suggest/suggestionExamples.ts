// The tasks suggestions learn from: each task's title, its tags and, when it is finished, the
// minutes it took (taskDuration.ts). Every task teaches tags; only finished ones teach estimates.

import type { Task } from '../task';
import { recordedMinutes } from './taskDuration';

export interface SuggestionExample {
  id: string;
  title: string;
  tags: readonly string[];
  /** What the finished task took; absent for an open task or one that recorded nothing. */
  minutes?: number;
}

export function examplesOf(tasks: readonly Task[]): SuggestionExample[] {
  return tasks.map((t) => {
    const minutes = recordedMinutes(t);
    return { id: t.id, title: t.title, tags: t.tags, ...(minutes !== undefined ? { minutes } : {}) };
  });
}

/** How many examples carry each tag, most used first (ties by name, so the order is stable). */
export function tagUsage(examples: readonly SuggestionExample[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of examples) for (const tag of new Set(e.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
