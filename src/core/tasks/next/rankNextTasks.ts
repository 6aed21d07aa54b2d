// "What to do next": the open tasks ranked by their score (nextTaskScore.ts), the first few kept.
// A task is suggested only when something speaks for it (at least one reason) and the user has not
// hidden it (snoozed, or "not today"). Equal scores are ordered by the earlier due date, then the
// longer wait, then the title and id, so the list is the same on every run.

import { compareDueValues } from '../dueValue';
import type { Task } from '../task';
import { scoreNextTask, type NextReason, type NextScoreContext } from './nextTaskScore';

/** How many suggestions the Tasks view and the CLI show unless told otherwise. */
export const DEFAULT_NEXT_COUNT = 3;

export interface NextSuggestion {
  task: Task;
  score: number;
  reasons: NextReason[];
}

export interface RankNextOptions extends NextScoreContext {
  /** At most this many; default DEFAULT_NEXT_COUNT. */
  count?: number;
  /** Tasks the user put aside for now. */
  isHidden?: (task: Task) => boolean;
}

export function rankNextTasks(tasks: readonly Task[], opts: RankNextOptions): NextSuggestion[] {
  const candidates = tasks.filter((t) => t.status === 'open' && !opts.isHidden?.(t));
  return candidates
    .map((task) => ({ task, ...scoreNextTask(task, opts) }))
    .filter((s) => s.reasons.length > 0 && s.score > 0)
    .sort(compareSuggestions)
    .slice(0, opts.count ?? DEFAULT_NEXT_COUNT);
}

/**
 * The first `count` of several rankings (one per workspace folder, each scored with its own
 * branch files and hides) in the one order: a folder's third suggestion may beat another's first.
 */
export function mergeRankings<T extends { suggestion: NextSuggestion }>(rankings: readonly (readonly T[])[], count = DEFAULT_NEXT_COUNT): T[] {
  return rankings
    .flat()
    .sort((a, b) => compareSuggestions(a.suggestion, b.suggestion))
    .slice(0, count);
}

function compareSuggestions(a: NextSuggestion, b: NextSuggestion): number {
  return b.score - a.score || compareDueValues(a.task.due, b.task.due) || compareCreated(a.task, b.task) || a.task.title.localeCompare(b.task.title) || (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0);
}

/** The one captured earlier first; a task with no capture time after those that have one. */
function compareCreated(a: Task, b: Task): number {
  if (a.created === b.created) return 0;
  if (!a.created) return 1;
  if (!b.created) return -1;
  return a.created < b.created ? -1 : 1;
}
