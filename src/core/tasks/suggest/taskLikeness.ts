// How much a finished task has in common with a new one, for the estimate (suggestEstimate.ts):
// the title words (Porter stems, English stop words dropped) and tags the two share, counted
// once each. A title's first word counts FIRST_WORD_WEIGHT more when both begin with it, because
// it is usually the verb that says what kind of work the task is ("bump", "fix", "move",
// "add"), which tells its size better than a topic word such as "auth" or "api" does. The new
// task's tags are the ones written with it, so a task captured without tags is compared by its
// words alone.

import { analyze } from '../../notes/analyzer';

/** What a first word in common adds beside a shared word (1). Tuned on the dev set. */
export const FIRST_WORD_WEIGHT = 2;

export type TaskTerms = ReadonlyMap<string, number>;

export function taskTerms(title: string, tags: readonly string[] = []): TaskTerms {
  const words = analyze(title);
  const terms = new Map<string, number>();
  for (const w of words) terms.set(w, 1);
  if (words[0]) terms.set(`^${words[0]}`, FIRST_WORD_WEIGHT);
  for (const t of tags) terms.set(`#${t}`, 1);
  return terms;
}

/** The weight of the terms both have; 0 when they share none. */
export function sharedWeight(a: TaskTerms, b: TaskTerms): number {
  let shared = 0;
  for (const [term, weight] of a) if (b.has(term)) shared += weight;
  return shared;
}
