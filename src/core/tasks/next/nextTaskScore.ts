// The rules tier's score of one open task for "what to do next": the sum of the points of four
// factors, each with the short reason it gives the user:
//
//   due       overdue              150, +5 a day late up to +50   "overdue by 3 days", "overdue since 09:00"
//             due today            120                            "due today", "due today 15:00"
//             due in 1, 2, 3 days  60, 45, 30                     "due tomorrow", "due in 2 days"
//   priority  high 50, medium 20, low −10                          "high priority", "medium priority"
//   branch    its TODO's file changed on the current branch: 30    "file changed on this branch"
//   age       1 a day since it was captured, at most 20            "waiting 12 days"
//
// The weights keep the order a person plans a day by: a task without a due date never outranks
// one due today or overdue (at most 50 + 30 + 20 = 100, below 120); among tasks equally due, high
// priority counts most, then the branch being worked on, then a medium priority; age adds at most
// 20, so it only decides between tasks that are otherwise close, and lets one that has waited
// long rise among its equals. A low priority subtracts and gives no reason. Pure and
// deterministic: the same tasks, clock and files give the same score.

import type { Task } from '../task';
import { civilInZone, type CivilDateTime } from '../timeZone';
import { dueUrgency, type DueUrgency } from './dueUrgency';

export type NextFactor = 'due' | 'priority' | 'branch' | 'age';

export interface NextReason {
  factor: NextFactor;
  points: number;
  /** What the user reads: "due today", "high priority", "file changed on this branch". */
  text: string;
}

export interface NextTaskScore {
  score: number;
  /** The factors that speak for the task, the strongest first. */
  reasons: NextReason[];
}

export interface NextScoreContext {
  now: Date;
  /** The user's zone: due dates are wall times there. */
  timeZone: string;
  /** Files changed on the current branch, relative to the task file's workspace folder. */
  changedFiles?: ReadonlySet<string>;
}

export const NEXT_WEIGHTS = {
  overdue: 150,
  overduePerDay: 5,
  overdueDaysCounted: 10,
  today: 120,
  /** Due in 1, 2, 3 days. */
  soon: [60, 45, 30],
  priority: { high: 50, medium: 20, low: -10 },
  branch: 30,
  agePerDay: 1,
  ageDaysCounted: 20,
} as const;

const DAY_MS = 86_400_000;

export function scoreNextTask(task: Task, ctx: NextScoreContext): NextTaskScore {
  const wallClock = civilInZone(ctx.now, ctx.timeZone);
  const factors = [dueFactor(task, wallClock), priorityFactor(task), branchFactor(task, ctx.changedFiles), ageFactor(task, ctx.now)];
  const present = factors.filter((f): f is NextReason => f !== undefined);
  return {
    score: present.reduce((sum, f) => sum + f.points, 0),
    reasons: present.filter((f) => f.points > 0).sort((a, b) => b.points - a.points),
  };
}

function dueFactor(task: Task, now: CivilDateTime): NextReason | undefined {
  const urgency = dueUrgency(task.due, now);
  if (!urgency) return undefined;
  return { factor: 'due', points: duePoints(urgency), text: dueText(urgency, task.due ?? '') };
}

function duePoints(urgency: DueUrgency): number {
  if (urgency.kind === 'overdue') return NEXT_WEIGHTS.overdue + NEXT_WEIGHTS.overduePerDay * Math.min(urgency.days, NEXT_WEIGHTS.overdueDaysCounted);
  if (urgency.kind === 'today') return NEXT_WEIGHTS.today;
  return NEXT_WEIGHTS.soon[urgency.days - 1] ?? 0;
}

function dueText(urgency: DueUrgency, due: string): string {
  const time = due.length > 10 ? due.slice(11) : '';
  if (urgency.kind === 'overdue') return urgency.days === 0 ? `overdue since ${time}` : `overdue by ${plural(urgency.days, 'day')}`;
  if (urgency.kind === 'today') return time ? `due today ${time}` : 'due today';
  return urgency.days === 1 ? 'due tomorrow' : `due in ${urgency.days} days`;
}

function priorityFactor(task: Task): NextReason | undefined {
  if (!task.priority) return undefined;
  return { factor: 'priority', points: NEXT_WEIGHTS.priority[task.priority], text: `${task.priority} priority` };
}

function branchFactor(task: Task, changedFiles: ReadonlySet<string> | undefined): NextReason | undefined {
  if (!task.source || !changedFiles?.has(task.source.path)) return undefined;
  return { factor: 'branch', points: NEXT_WEIGHTS.branch, text: 'file changed on this branch' };
}

function ageFactor(task: Task, now: Date): NextReason | undefined {
  const created = Date.parse(task.created);
  // A hand-written line has no capture time: its age is unknown, not zero days and not forever.
  if (Number.isNaN(created)) return undefined;
  const days = Math.floor((now.getTime() - created) / DAY_MS);
  if (days < 1) return undefined;
  return { factor: 'age', points: NEXT_WEIGHTS.agePerDay * Math.min(days, NEXT_WEIGHTS.ageDaysCounted), text: `waiting ${plural(days, 'day')}` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
