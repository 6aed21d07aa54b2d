// Where a task sits in the Tasks view: Overdue, Today, This week, Later, No date, or Completed.
// Due dates are wall times in the user's zone, so the groups are computed from the wall-clock
// date there; the week runs Monday to Sunday (ISO), as the rules read "next week".
// Pure: no vscode, unit-tested.

import { compareDueValues, parseDue } from '../../core/tasks/dueValue';
import { PRIORITIES, type Task } from '../../core/tasks/task';
import { addDays, compareDates, type CivilDateTime } from '../../core/tasks/timeZone';

export { parseDue };

export type TaskGroup = 'overdue' | 'today' | 'thisWeek' | 'later' | 'noDate' | 'completed';

/** In the order the view shows them. */
export const TASK_GROUPS: readonly TaskGroup[] = ['overdue', 'today', 'thisWeek', 'later', 'noDate', 'completed'];

export const TASK_GROUP_LABELS: Record<TaskGroup, string> = {
  overdue: 'Overdue',
  today: 'Today',
  thisWeek: 'This week',
  later: 'Later',
  noDate: 'No date',
  completed: 'Completed',
};

export function groupOf(task: Task, now: CivilDateTime): TaskGroup {
  if (task.status !== 'open') return 'completed';
  const due = task.due ? parseDue(task.due) : undefined;
  if (!due) return 'noDate';
  const cmp = compareDates(due.date, now);
  if (cmp < 0) return 'overdue';
  if (cmp === 0) {
    // A time that has passed today is overdue; a plain date is due until the day ends.
    if (due.minutes !== undefined && due.minutes < now.hour * 60 + now.minute) return 'overdue';
    return 'today';
  }
  const sunday = addDays(now, (7 - now.weekday) % 7);
  return compareDates(due.date, sunday) <= 0 ? 'thisWeek' : 'later';
}

function priorityRank(task: Task): number {
  return task.priority ? PRIORITIES.indexOf(task.priority) : PRIORITIES.length;
}

/** Earliest due first (a dated task before an undated one), then higher priority, then title. */
export function compareTasks(a: Task, b: Task): number {
  return compareDueValues(a.due, b.due) || priorityRank(a) - priorityRank(b) || a.title.localeCompare(b.title);
}

/** Every group with its tasks, sorted; groups without tasks are left out. */
export function groupTasks(tasks: readonly Task[], now: CivilDateTime): { group: TaskGroup; tasks: Task[] }[] {
  const by = new Map<TaskGroup, Task[]>();
  for (const t of tasks) {
    const g = groupOf(t, now);
    let list = by.get(g);
    if (!list) by.set(g, (list = []));
    list.push(t);
  }
  return TASK_GROUPS.filter((g) => by.has(g)).map((group) => ({ group, tasks: by.get(group)!.sort(compareTasks) }));
}
