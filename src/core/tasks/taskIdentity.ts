// Which task belongs to which TODO, across edits. A TODO keeps its task when lines above it change
// or when it moves: matched first by an id marker written in the comment (`lf:k3x9a2p1`), then by
// its normalised text (same file first, nearest line first), then by close text in the same file
// (a word added or fixed). A task whose TODO is gone is marked resolved in code, never deleted.

import { randomBytes } from 'node:crypto';
import type { Tier } from '../protocol';
import type { Task, TaskFields } from './task';

/** A TODO as found in code, reduced to what identity needs. */
export interface TodoRef {
  /** Workspace-relative path, forward slashes. */
  path: string;
  /** 0-based line of the tag. */
  line: number;
  /** The TODO's text (after the tag), as findTodos returns it. */
  text: string;
}

/** A change to one task that a reconcile decided; apply it to the task file's current content. */
export interface TaskUpdate {
  id: string;
  changes: Partial<Pick<Task, 'status' | 'source'>>;
}

export interface ReconcileResult {
  /** Per scanned path: TODO index → task id, for the TODOs that have a task (CodeLens "Task: …"). */
  matches: Map<string, Map<number, string>>;
  /** Status and source changes to apply to the task file. */
  updates: TaskUpdate[];
}

const ID_MARKER_RE = /(?<![\w-])\[?lf:([a-z0-9-]{4,32})\]?/i;

export function newTaskId(): string {
  return randomBytes(5).toString('hex').slice(0, 8);
}

/** The id written into a TODO comment as `lf:<id>` or `[lf:<id>]`, if any. */
export function todoIdMarker(text: string): string | undefined {
  return ID_MARKER_RE.exec(text)?.[1];
}

/** Lower case, no tag prefix, no id marker, words only: the text that stays the same when only
 *  spacing, punctuation or the tag's spelling changes. */
export function normalizeTodoText(text: string): string {
  return text
    .replace(ID_MARKER_RE, ' ')
    .replace(/^\s*(?:todo|fixme|hack|bug|xxx|note)\b\s*(?:\([^)]*\))?\s*[:\-–—]?/i, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#@~!/._-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function words(text: string): Set<string> {
  return new Set(normalizeTodoText(text).split(' ').filter(Boolean));
}

/** Jaccard similarity of the word sets: 1 for the same words, 0 for none in common. */
export function textSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 && wb.size === 0) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / (wa.size + wb.size - common);
}

/** Close enough to be the same TODO edited (a word added, a typo fixed), within one file. */
const FUZZY_THRESHOLD = 0.6;

interface Pairing {
  todo: number;
  task: Task;
  score: number;
}

/** Greedy one-to-one assignment, best score first; each TODO and each task used once. */
function assign(pairs: Pairing[], todoTaken: Set<number>, taskTaken: Set<string>, into: Map<number, Task>): void {
  pairs.sort((a, b) => b.score - a.score);
  for (const p of pairs) {
    if (todoTaken.has(p.todo) || taskTaken.has(p.task.id)) continue;
    todoTaken.add(p.todo);
    taskTaken.add(p.task.id);
    into.set(p.todo, p.task);
  }
}

function lineScore(todo: TodoRef, task: Task): number {
  // Nearer lines first; the score only orders pairs with equal text.
  return 1 / (1 + Math.abs((task.source?.line ?? 0) - todo.line));
}

/**
 * Matches the TODOs of the scanned files to tasks. `files` maps each scanned path to all its TODOs.
 * Tasks of scanned paths whose TODO is gone become resolved in code; with `complete`, so do tasks
 * of paths the scan did not list (deleted or now ignored files). A TODO that reappears reopens its
 * resolved task; one that moved to another file keeps its task. Done tasks stay done.
 */
export function reconcileTodos(files: ReadonlyMap<string, readonly TodoRef[]>, tasks: readonly Task[], opts: { complete?: boolean } = {}): ReconcileResult {
  const all: TodoRef[] = [];
  const index = new Map<TodoRef, { path: string; i: number }>();
  for (const [path, todos] of files) todos.forEach((t, i) => {
    all.push(t);
    index.set(t, { path, i });
  });
  const tracked = tasks.filter((t) => t.source);
  const byId = new Map(tracked.map((t) => [t.id, t]));
  const todoTaken = new Set<number>();
  const taskTaken = new Set<string>();
  const matched = new Map<number, Task>();

  // 1. An id marker in the comment is the strongest tie.
  all.forEach((todo, k) => {
    const id = todoIdMarker(todo.text);
    const task = id ? byId.get(id) : undefined;
    if (task && !taskTaken.has(task.id)) {
      todoTaken.add(k);
      taskTaken.add(task.id);
      matched.set(k, task);
    }
  });
  // 2. Same normalised text in the same file, nearest line first.
  const sameText: Pairing[] = [];
  all.forEach((todo, k) => {
    const norm = normalizeTodoText(todo.text);
    for (const task of tracked) {
      if (task.source!.path === todo.path && normalizeTodoText(task.source!.text) === norm) sameText.push({ todo: k, task, score: lineScore(todo, task) });
    }
  });
  assign(sameText, todoTaken, taskTaken, matched);
  // 3. Close text in the same file: the TODO was edited.
  const similar: Pairing[] = [];
  all.forEach((todo, k) => {
    if (todoTaken.has(k)) return;
    for (const task of tracked) {
      if (taskTaken.has(task.id) || task.source!.path !== todo.path) continue;
      const s = textSimilarity(todo.text, task.source!.text);
      if (s >= FUZZY_THRESHOLD) similar.push({ todo: k, task, score: s + lineScore(todo, task) * 1e-3 });
    }
  });
  assign(similar, todoTaken, taskTaken, matched);
  // 4. Same text in another file, for tasks whose own file no longer has them: the TODO moved.
  const lostHere = (task: Task): boolean => {
    if (task.status === 'resolved-in-code') return true;
    return files.has(task.source!.path) || !!opts.complete;
  };
  const moved: Pairing[] = [];
  all.forEach((todo, k) => {
    if (todoTaken.has(k)) return;
    const norm = normalizeTodoText(todo.text);
    for (const task of tracked) {
      if (taskTaken.has(task.id) || task.source!.path === todo.path || !lostHere(task)) continue;
      if (normalizeTodoText(task.source!.text) === norm) moved.push({ todo: k, task, score: 1 });
    }
  });
  assign(moved, todoTaken, taskTaken, matched);

  const result: ReconcileResult = { matches: new Map(), updates: [] };
  for (const path of files.keys()) result.matches.set(path, new Map());
  for (const [k, task] of matched) {
    const todo = all[k]!;
    const { path, i } = index.get(todo)!;
    result.matches.get(path)!.set(i, task.id);
    const changes: TaskUpdate['changes'] = {};
    const src = task.source!;
    if (src.path !== todo.path || src.line !== todo.line || src.text !== todo.text) changes.source = { path: todo.path, line: todo.line, text: todo.text };
    if (task.status === 'resolved-in-code') changes.status = 'open';
    if (changes.source || changes.status) result.updates.push({ id: task.id, changes });
  }
  for (const task of tracked) {
    if (taskTaken.has(task.id) || task.status !== 'open') continue;
    if (files.has(task.source!.path) || opts.complete) result.updates.push({ id: task.id, changes: { status: 'resolved-in-code' } });
  }
  return result;
}

/** The task a single TODO belongs to, if any: by id marker, then text (same file first, nearest
 *  line), then close text in the same file, then same text of a task resolved elsewhere (moved). */
export function matchTodoToTask(todo: TodoRef, tasks: readonly Task[]): Task | undefined {
  const tracked = tasks.filter((t) => t.source);
  const id = todoIdMarker(todo.text);
  if (id) {
    const byMarker = tracked.find((t) => t.id === id);
    if (byMarker) return byMarker;
  }
  const norm = normalizeTodoText(todo.text);
  const nearest = (list: Task[]): Task | undefined => list.sort((a, b) => Math.abs(a.source!.line - todo.line) - Math.abs(b.source!.line - todo.line))[0];
  const exactHere = tracked.filter((t) => t.source!.path === todo.path && normalizeTodoText(t.source!.text) === norm);
  if (exactHere.length > 0) return nearest(exactHere);
  let best: Task | undefined;
  let bestScore = FUZZY_THRESHOLD;
  for (const t of tracked) {
    if (t.source!.path !== todo.path) continue;
    const s = textSimilarity(todo.text, t.source!.text);
    if (s > bestScore || (s === bestScore && best === undefined)) {
      best = t;
      bestScore = s;
    }
  }
  if (best) return best;
  return tracked.find((t) => t.source!.path !== todo.path && t.status === 'resolved-in-code' && normalizeTodoText(t.source!.text) === norm);
}

export interface CaptureOptions {
  now: Date;
  tier: Tier;
  newId?: () => string;
  /** All TODOs currently in the TODO's file. With them, two TODOs with the same text get one task
   *  each (paired by nearest line) instead of sharing the first one's. */
  fileTodos?: readonly TodoRef[];
}

/**
 * The task for a TODO being captured: the existing one when the TODO already has a task (so
 * capturing twice never duplicates; its source line is refreshed and a resolved task reopens),
 * otherwise a new open task from the parsed fields.
 */
export function captureTodo(todo: TodoRef, fields: TaskFields, tasks: readonly Task[], opts: CaptureOptions): { task: Task; created: boolean } {
  let existing: Task | undefined;
  const index = opts.fileTodos?.findIndex((t) => t.path === todo.path && t.line === todo.line && t.text === todo.text) ?? -1;
  if (opts.fileTodos && index >= 0) {
    const id = reconcileTodos(new Map([[todo.path, opts.fileTodos]]), tasks).matches.get(todo.path)?.get(index);
    existing = id === undefined ? undefined : tasks.find((t) => t.id === id);
  } else {
    existing = matchTodoToTask(todo, tasks);
  }
  if (existing) {
    const task: Task = { ...existing, source: { path: todo.path, line: todo.line, text: todo.text } };
    if (task.status === 'resolved-in-code') task.status = 'open';
    return { task, created: false };
  }
  const task: Task = {
    id: (opts.newId ?? newTaskId)(),
    title: fields.title,
    tags: [...fields.tags],
    status: 'open',
    source: { path: todo.path, line: todo.line, text: todo.text },
    tier: opts.tier,
    created: opts.now.toISOString(),
  };
  if (fields.due) task.due = fields.due;
  if (fields.priority) task.priority = fields.priority;
  if (fields.assignee) task.assignee = fields.assignee;
  if (fields.estimateMinutes) task.estimateMinutes = fields.estimateMinutes;
  return { task, created: true };
}
