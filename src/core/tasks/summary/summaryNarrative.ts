// A summary's narrative paragraph as the host shows it: the worker's answer with its keys turned
// back into the summary's tasks, for the Markdown (the paragraph on top), the JSON (the paragraph,
// the tasks it names, the tier) and the editor's log. No paragraph is a normal outcome: the rules
// tier writes none, and a model's refused paragraph leaves the reason.

import type { Tier } from '../../protocol';
import type { SummaryNarrativeResult } from '../../tasksProtocol';
import type { Task } from '../task';

export interface SummaryNarrative {
  paragraph?: string;
  /** The tasks the paragraph names, each one of the summary's. */
  tasks: Task[];
  tier: Tier;
  fallbackReason?: string;
}

export function summaryNarrativeOf(result: SummaryNarrativeResult, taskOf: ReadonlyMap<string, Task>): SummaryNarrative {
  const tasks = result.tasks.map((key) => taskOf.get(key)).filter((t): t is Task => t !== undefined);
  return {
    ...(result.paragraph ? { paragraph: result.paragraph } : {}),
    tasks,
    tier: result.tier,
    ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
  };
}
