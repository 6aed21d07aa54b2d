// The task model shared by the parser tiers, the task file, the tree view and the CLI.

import type { Tier } from '../protocol';
import { trimTrailing } from './trimTrailing';

export type Priority = 'high' | 'medium' | 'low';
export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

export type TaskStatus = 'open' | 'done' | 'resolved-in-code';

/** Where a task came from in code. */
export interface TaskSource {
  /** Path relative to the workspace folder, forward slashes. */
  path: string;
  /** 0-based line of the TODO tag (the task file shows it 1-based, as `#L43`). */
  line: number;
  /** The TODO's text when it was captured; matched against TODOs later to keep the task's identity. */
  text: string;
}

export interface Task {
  /** Short stable id, kept in the task file as `<!-- lf:id=... -->`. */
  id: string;
  title: string;
  /** Local wall time in the user's zone: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm` when a time was given. */
  due?: string;
  priority?: Priority;
  /** Without the leading `#`. */
  tags: string[];
  /** Without the leading `@`. */
  assignee?: string;
  estimateMinutes?: number;
  status: TaskStatus;
  source?: TaskSource;
  /** The tier that parsed the task's fields. */
  tier: Tier;
  /** ISO date-time of capture; empty for hand-written lines that never said. */
  created: string;
  /** ISO date-time work on the task first began (`started=` in the task file); absent until then. */
  started?: string;
  /** ISO date-time the task left open, done or resolved in code (`done=`); absent while open. */
  done?: string;
}

/** The fields a parser tier produces from a TODO's text. */
export interface TaskFields {
  title: string;
  due?: string;
  priority?: Priority;
  tags: string[];
  assignee?: string;
  estimateMinutes?: number;
}

export type TaskField = keyof TaskFields;

type ClearableField = 'due' | 'priority' | 'assignee' | 'estimateMinutes' | 'source';

/** A change to a task: the fields it names replace the task's, and an optional field set to undefined is cleared. */
export type TaskPatch = Partial<Omit<Task, 'id' | ClearableField>> & { [K in ClearableField]?: Task[K] | undefined };

/** `task` with `patch` applied; the id stays. */
export function patchTask(task: Task, patch: TaskPatch): Task {
  const { due, priority, assignee, estimateMinutes, source, ...rest } = { ...task, ...patch, id: task.id };
  return {
    ...rest,
    ...(due !== undefined ? { due } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(assignee !== undefined ? { assignee } : {}),
    ...(estimateMinutes !== undefined ? { estimateMinutes } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}

/** A piece of the input text a rule consumed, in the coordinates of `ParsedTask.input`. */
export interface ConsumedSpan {
  field: Exclude<TaskField, 'title'> | 'prefix';
  start: number;
  end: number;
}

export interface ParsedTask extends TaskFields {
  tier: Tier;
  /** The text the spans refer to (the input with whitespace runs collapsed). */
  input: string;
  spans: ConsumedSpan[];
  /** Fields that came from the model rather than the rules, after a merge. */
  fromModel?: TaskField[];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Whether a due value is `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` and names a real calendar day and time. */
export function isValidDue(due: string): boolean {
  const m = DATE_TIME_RE.exec(due) ?? DATE_RE.exec(due);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    if (h > 23 || mi > 59) return false;
  }
  return true;
}

/** `#auth` → `auth`; letters, digits, `_`, `-`, `/` and `.` inside; undefined when nothing is left. */
export function normalizeTag(tag: string): string | undefined {
  const t = trimTrailing(tag.trim().replace(/^#+/, ''), '.-/');
  return /^[\p{L}][\p{L}\p{N}_\-/.]*$/u.test(t) && t.length <= 40 ? t : undefined;
}

/** `@ana` → `ana`; a handle or a short name, undefined for anything else. */
export function normalizeAssignee(name: string): string | undefined {
  // Trailing blanks go with trailing dots and dashes, so "ana -" is "ana", not "ana ".
  const a = trimTrailing(name.trim().replace(/^@+/, ''), '.-', true);
  return /^[\p{L}\p{N}][\p{L}\p{N}_.\- ]*$/u.test(a) && a.length <= 40 ? a : undefined;
}
