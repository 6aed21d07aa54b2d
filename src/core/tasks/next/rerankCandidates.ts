// What a model tier is shown when it re-ranks "what to do next": the rules tier's first
// RERANK_CANDIDATES suggestions, each reduced to what a person would weigh (id, title, due date,
// priority and the rules' reasons). The id is the task's own, so an answer can only name tasks
// that were on the list; nothing else of the task file leaves the host.

import type { NextSuggestion } from './rankNextTasks';

/** The rules' top 10 go to the model: enough to choose from, few enough for a 1B model's context. */
export const RERANK_CANDIDATES = 10;

export interface RerankCandidate {
  id: string;
  title: string;
  /** YYYY-MM-DD or YYYY-MM-DDTHH:mm, as in the task file. */
  due?: string;
  priority?: 'high' | 'medium' | 'low';
  /** The rules' reasons, strongest first: "overdue by 2 days", "high priority". */
  reasons: string[];
}

export function rerankCandidatesOf(suggestions: readonly NextSuggestion[]): RerankCandidate[] {
  return suggestions.slice(0, RERANK_CANDIDATES).map(({ task, reasons }) => ({
    id: task.id,
    title: task.title,
    ...(task.due ? { due: task.due } : {}),
    ...(task.priority ? { priority: task.priority } : {}),
    reasons: reasons.map((r) => r.text),
  }));
}
