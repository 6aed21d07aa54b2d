// The rules tier's suggestions for a task being captured: tags from the tasks most like it (BM25)
// and an estimate from what finished tasks sharing its words and tags took. Built once from a task file's tasks, asked once
// per capture. Suggestions are only offered: the Add-as-task preview lists them and adds one only
// when the user picks it.

import { SimilarTasks } from './similarTasks';
import { suggestEstimate, type EstimateSuggestion, type FinishedTask } from './suggestEstimate';
import { tagUsage, type SuggestionExample } from './suggestionExamples';
import { taskTerms } from './taskLikeness';
import { suggestTags, type TagSuggestion } from './suggestTags';

export interface TaskSuggestions {
  tags: TagSuggestion[];
  /** Absent when the task has an estimate of its own or no task has finished yet. */
  estimate?: EstimateSuggestion;
}

/** Similar tasks that vote for tags. Tuned on the dev set. */
export const SIMILAR_TASKS = 20;
export const SUGGESTED_TAGS = 3;

export class TaskSuggester {
  private readonly similar: SimilarTasks;
  private readonly usage: Map<string, number>;
  private readonly finished: FinishedTask[];

  constructor(examples: readonly SuggestionExample[]) {
    this.similar = new SimilarTasks(examples);
    this.usage = tagUsage(examples);
    this.finished = examples.flatMap((e) => (e.minutes !== undefined ? [{ terms: taskTerms(e.title, e.tags), minutes: e.minutes }] : []));
  }

  suggest(task: { title: string; tags?: readonly string[]; estimateMinutes?: number }): TaskSuggestions {
    const similar = this.similar.find(task.title, SIMILAR_TASKS);
    const tags = suggestTags(similar, this.usage, { count: SUGGESTED_TAGS, has: task.tags ?? [] });
    const estimate = task.estimateMinutes ? undefined : suggestEstimate(taskTerms(task.title, task.tags), this.finished);
    return { tags, ...(estimate ? { estimate } : {}) };
  }
}
