// What a model tier is told when it writes a summary's narrative paragraph: the period, each
// section's count, and the tasks of the summary, each reduced to a key (t1, t2… in the summary's
// order), its section, first tag, title, due date and priority. The keys are the model's only way
// to list the tasks it names, so its answer can be checked against the summary; the task ids of
// the file stay on the host (two workspace folders may share one). Nothing else of the task file
// is sent.

import { daysBetween, formatDate } from '../timeZone';
import type { Priority, Task } from '../task';
import { SUMMARY_SECTION_KINDS, type SummarySectionKind, type TaskSummary } from './taskSummary';

/** A week of a busy project fits; a small model's context does not take a longer list. */
export const MAX_NARRATIVE_TASKS = 30;

export interface NarrativeTask {
  /** t1, t2…: the summary's order. */
  key: string;
  section: SummarySectionKind;
  title: string;
  tag?: string;
  /** YYYY-MM-DD or YYYY-MM-DDTHH:mm, as in the task file. */
  due?: string;
  priority?: Priority;
}

export interface NarrativeFacts {
  /** The summary's first and last day, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  /** Calendar days the period covers, today included. */
  days: number;
  counts: Record<SummarySectionKind, number>;
  /** At most MAX_NARRATIVE_TASKS, in section order; the counts still count every task. */
  tasks: NarrativeTask[];
}

/** The facts, and which task of the summary each key stands for. */
export function narrativeFactsOf(summary: TaskSummary): { facts: NarrativeFacts; taskOf: Map<string, Task> } {
  const taskOf = new Map<string, Task>();
  const tasks: NarrativeTask[] = [];
  const counts = Object.fromEntries(SUMMARY_SECTION_KINDS.map((k) => [k, 0])) as Record<SummarySectionKind, number>;
  for (const section of summary.sections) {
    counts[section.kind] = section.count;
    for (const group of section.groups) {
      for (const task of group.tasks) {
        if (tasks.length >= MAX_NARRATIVE_TASKS) continue;
        const key = `t${tasks.length + 1}`;
        taskOf.set(key, task);
        tasks.push({
          key,
          section: section.kind,
          title: task.title,
          ...(group.tag ? { tag: group.tag } : {}),
          ...(task.due ? { due: task.due } : {}),
          ...(task.priority ? { priority: task.priority } : {}),
        });
      }
    }
  }
  const { firstDay, lastDay } = summary.period;
  const facts: NarrativeFacts = { firstDay: formatDate(firstDay), lastDay: formatDate(lastDay), days: daysBetween(firstDay, lastDay) + 1, counts, tasks };
  return { facts, taskOf };
}
