// How a task reads in the CodeLens, the tree and the preview: "fix login redirect · due tomorrow
// 15:00 · high". Dates near today are named (today, tomorrow, Fri 13 Mar) because that is how
// the TODO was written. Pure: no vscode, unit-tested.

import type { Task, TaskFields } from '../../core/tasks/task';
import { formatDuration } from '../../core/tasks/taskFile';
import { addDays, compareDates, type CivilDateTime } from '../../core/tasks/timeZone';
import { parseDue } from './taskGroups';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03-11T15:00` seen on 2026-03-10 → `tomorrow 15:00`. Unreadable values come back as they are. */
export function formatDue(due: string, now: CivilDateTime): string {
  const parsed = parseDue(due);
  if (!parsed) return due;
  const { date, minutes } = parsed;
  const time = minutes === undefined ? '' : ` ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const cmp = (days: number) => compareDates(date, addDays(now, days)) === 0;
  let day: string;
  if (cmp(0)) day = 'today';
  else if (cmp(1)) day = 'tomorrow';
  else if (cmp(-1)) day = 'yesterday';
  else {
    const weekday = WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()];
    const near = compareDates(date, addDays(now, -6)) >= 0 && compareDates(date, addDays(now, 6)) <= 0;
    day = `${near ? `${weekday} ` : ''}${date.day} ${MONTHS[date.month - 1]}${date.year === now.year ? '' : ` ${date.year}`}`;
  }
  return day + time;
}

/** The fields after the title, joined with " · ": due, priority, tags, assignee, estimate. */
export function fieldsSummary(f: Omit<TaskFields, 'title'>, now: CivilDateTime, opts: { priorityWord?: boolean } = {}): string {
  const parts: string[] = [];
  if (f.due) parts.push(`due ${formatDue(f.due, now)}`);
  if (f.priority) parts.push(opts.priorityWord ? f.priority : `!${f.priority}`);
  if (f.tags.length) parts.push(f.tags.map((t) => `#${t}`).join(' '));
  if (f.assignee) parts.push(`@${f.assignee}`);
  if (f.estimateMinutes) parts.push(`est ${formatDuration(f.estimateMinutes)}`);
  return parts.join(' · ');
}

/** The CodeLens above a captured TODO: "Task: <title> · due … · priority". */
export function codeLensTitle(task: Task, now: CivilDateTime): string {
  const state = task.status === 'done' ? ' (done)' : task.status === 'resolved-in-code' ? ' (resolved in code)' : '';
  const parts = [`Task${state}: ${task.title}`];
  if (task.due) parts.push(`due ${formatDue(task.due, now)}`);
  if (task.priority) parts.push(task.priority);
  return parts.join(' · ');
}
