// Tags for a new task, from the tasks most like it. Each similar task votes for its tags with its
// similarity (1 for the nearest); a tag's score is its votes plus a small prior for how often the
// tag is used in the whole task file (USAGE_PRIOR × its uses over the most used tag's), so among tags with
// equal votes the common one wins, and a task file's staple tags fill in when few tasks are alike.
// Tags the task already has are never suggested again.

import type { SimilarTask } from './similarTasks';

export interface TagSuggestion {
  tag: string;
  score: number;
  /** How many of the similar tasks carry it (0: suggested for its use in the file alone). */
  similarTasks: number;
  /** A model's proposal that no task uses yet (newTag*.ts); the rules never set it. */
  isNew?: boolean;
}

/** Weight of the whole-file usage next to a vote of the nearest task (1). Tuned on the dev set. */
export const USAGE_PRIOR = 0.3;

export function suggestTags(similar: readonly SimilarTask[], usage: ReadonlyMap<string, number>, opts: { count: number; has?: readonly string[] }): TagSuggestion[] {
  const has = new Set(opts.has ?? []);
  const total = Math.max(1, ...usage.values());
  const scores = new Map<string, TagSuggestion>();
  const entry = (tag: string): TagSuggestion => {
    let s = scores.get(tag);
    if (!s) scores.set(tag, (s = { tag, score: (USAGE_PRIOR * (usage.get(tag) ?? 0)) / total, similarTasks: 0 }));
    return s;
  };
  for (const { example, similarity } of similar) {
    for (const tag of new Set(example.tags)) {
      if (has.has(tag)) continue;
      const s = entry(tag);
      s.score += similarity;
      s.similarTasks++;
    }
  }
  for (const tag of usage.keys()) if (!has.has(tag)) entry(tag);
  return [...scores.values()].sort((a, b) => b.score - a.score || a.tag.localeCompare(b.tag)).slice(0, opts.count);
}
