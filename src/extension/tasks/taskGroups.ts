// Where a task sits in the Tasks view: Overdue, Today, This week, Later, No date, or Completed.
// Due dates are wall times in the user's zone, so the groups are computed from the wall-clock
// date there; the week runs Monday to Sunday (ISO), as the rules read "next week".
// Pure: no vscode, unit-tested.

import { PRIORITIES, type Task } from '../../core/tasks/task';
import { addDays, compareDates, type CivilDate, type CivilDateTime } from '../../core/tasks/timeZone';

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

/** `YYYY-MM-DD[THH:mm]` → its date and, when given, minutes after midnight. */
export function parseDue(due: string): { date: CivilDate; minutes?: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(due);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return m[4] === undefined ? { date } : { date, minutes: Number(m[4]) * 60 + Number(m[5]) };
}

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
  if (a.due !== b.due) {
    if (!a.due) return 1;
    if (!b.due) return -1;
    // A date without a time is due at the end of its day.
    const key = (d: string) => (d.length === 10 ? `${d}T24:00` : d);
    return key(a.due) < key(b.due) ? -1 : 1;
  }
  return priorityRank(a) - priorityRank(b) || a.title.localeCompare(b.title);
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
