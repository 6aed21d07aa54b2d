// Tasks grouped by tag, for a summary a reader scans by area of work. A task sits under its first
// tag only, so a stand-up note names it once; tags are in alphabetical order and the untagged
// group comes last, where it does not push the named areas down. Within a group, the order the
// caller gave is kept (each section sorts its tasks by what matters to it).

import type { Task } from '../task';

export interface TagGroup {
  /** Without the `#`; undefined for the tasks that have no tag. */
  tag?: string;
  tasks: Task[];
}

export function groupByTag(tasks: readonly Task[]): TagGroup[] {
  const byTag = new Map<string, Task[]>();
  const untagged: Task[] = [];
  for (const task of tasks) {
    const tag = task.tags[0];
    if (tag === undefined) untagged.push(task);
    else byTag.set(tag, [...(byTag.get(tag) ?? []), task]);
  }
  const groups: TagGroup[] = [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, tagged]) => ({ tag, tasks: tagged }));
  return untagged.length > 0 ? [...groups, { tasks: untagged }] : groups;
}
