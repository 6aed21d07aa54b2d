// Scoring of a parser tier against hand-labelled TODOs: one definition shared by the rules bench
// and the model tiers' benches, so their figures compare.

import type { TaskFields } from './task';

export interface LabelledTodo {
  text: string;
  /** ISO date-time with offset: the reference time the label was written against. */
  now: string;
  timeZone: string;
  expected: TaskFields;
}

export interface FieldScores {
  due: boolean;
  priority: boolean;
  tags: boolean;
  assignee: boolean;
  estimate: boolean;
  /** Token F1 of the title, 0–1. */
  titleF1: number;
}

/** Lower-cased words with surrounding punctuation removed; inner punctuation (paths, calls) stays. */
export function titleTokens(title: string): string[] {
  return title
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.replace(/^[\s.,;:!?()[\]{}"'`«»“”‘’—–-]+|[\s.,;:!?()[\]{}"'`«»“”‘’—–-]+$/g, ''))
    .filter((t) => t.length > 0);
}

export function tokenF1(expected: string, actual: string): number {
  const e = titleTokens(expected);
  const a = titleTokens(actual);
  if (e.length === 0 && a.length === 0) return 1;
  if (e.length === 0 || a.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of e) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of a) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / a.length;
  const recall = overlap / e.length;
  return (2 * precision * recall) / (precision + recall);
}

function sameText(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

export function scoreFields(expected: TaskFields, actual: TaskFields): FieldScores {
  const tagSet = (tags: readonly string[]): string => [...new Set(tags.map((t) => t.toLowerCase()))].sort().join(' ');
  return {
    due: (expected.due ?? '') === (actual.due ?? ''),
    priority: (expected.priority ?? '') === (actual.priority ?? ''),
    tags: tagSet(expected.tags) === tagSet(actual.tags),
    assignee: sameText(expected.assignee, actual.assignee),
    estimate: (expected.estimateMinutes ?? 0) === (actual.estimateMinutes ?? 0),
    titleF1: tokenF1(expected.title, actual.title),
  };
}

export interface AccuracyReport {
  items: number;
  due: number;
  /** Exactness over the items whose label has a due date (how many dates were read right). */
  dueWhereLabelled: number;
  priority: number;
  tags: number;
  assignee: number;
  estimate: number;
  titleF1: number;
}

/** Per-field accuracy (fractions 0–1) over scored items. */
export function summarize(rows: readonly { expected: TaskFields; scores: FieldScores }[]): AccuracyReport {
  const n = rows.length || 1;
  const frac = (pick: (s: FieldScores) => boolean): number => rows.filter((r) => pick(r.scores)).length / n;
  const dated = rows.filter((r) => r.expected.due !== undefined);
  return {
    items: rows.length,
    due: frac((s) => s.due),
    dueWhereLabelled: dated.length ? dated.filter((r) => r.scores.due).length / dated.length : 1,
    priority: frac((s) => s.priority),
    tags: frac((s) => s.tags),
    assignee: frac((s) => s.assignee),
    estimate: frac((s) => s.estimate),
    titleF1: rows.reduce((a, r) => a + r.scores.titleF1, 0) / n,
  };
}

/** Parses one JSONL line of the dev set, throwing on a malformed entry. */
export function parseLabelledTodo(line: string): LabelledTodo {
  const v = JSON.parse(line) as LabelledTodo;
  if (typeof v.text !== 'string' || typeof v.now !== 'string' || typeof v.timeZone !== 'string' || !v.expected || typeof v.expected.title !== 'string') {
    throw new Error(`malformed dev-set entry: ${line.slice(0, 80)}`);
  }
  if (!Array.isArray(v.expected.tags)) v.expected.tags = [];
  return v;
}
