// What the TODOs view shows, computed without the editor: each TODO with the task it became (the
// same identity matching the scans use), the filter, and the two arrangements — by folder and
// file, or by tag. The view turns these nodes into tree items; tests check them directly.
import * as path from 'node:path';
import type { Task } from '../../core/tasks/task';
import { reconcileTodos } from '../../core/tasks/taskIdentity';
import type { TodoMatch } from '../../core/todos/findTodos';

export type TodoGrouping = 'folder' | 'tag';

export interface TodoEntry {
  /** The workspace folder's key (its URI as a string) and name. */
  folderKey: string;
  folderName: string;
  /** Relative to the workspace folder, forward slashes. */
  relPath: string;
  todo: TodoMatch;
  /** The task this TODO became, when it was captured. */
  task?: { id: string; title: string; status: Task['status'] };
}

export type TodoNode =
  | { kind: 'workspace'; id: string; label: string; count: number; children: TodoNode[] }
  | { kind: 'dir'; id: string; label: string; count: number; children: TodoNode[] }
  | { kind: 'file'; id: string; label: string; dir: string; folderKey: string; relPath: string; count: number; children: TodoNode[] }
  | { kind: 'tag'; id: string; label: string; count: number; children: TodoNode[] }
  | { kind: 'todo'; id: string; entry: TodoEntry };

/** A folder's TODOs, in path and line order, each with its task when it has one. */
export function entriesOf(folderKey: string, folderName: string, files: ReadonlyMap<string, readonly TodoMatch[]>, tasks: readonly Task[]): TodoEntry[] {
  const refs = new Map([...files].map(([rel, todos]) => [rel, todos.map((t) => ({ path: rel, line: t.line, text: t.text }))]));
  const { matches } = reconcileTodos(refs, tasks, { complete: true });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const entries: TodoEntry[] = [];
  for (const rel of [...files.keys()].sort(comparePaths)) {
    files.get(rel)!.forEach((todo, i) => {
      const task = byId.get(matches.get(rel)?.get(i) ?? '');
      entries.push({ folderKey, folderName, relPath: rel, todo, ...(task ? { task: { id: task.id, title: task.title, status: task.status } } : {}) });
    });
  }
  return entries;
}

/**
 * The filter as typed: words that must all appear (case-insensitive) in the TODO's tag, owner,
 * text or path, and `tag:NAME` terms, of which the TODO's tag must be one.
 */
export function todoFilter(text: string): (entry: TodoEntry) => boolean {
  const terms = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const tags = terms.filter((t) => t.startsWith('tag:') && t.length > 4).map((t) => t.slice(4));
  const words = terms.filter((t) => !t.startsWith('tag:'));
  return (entry) => {
    const { tag, owner, text: body } = entry.todo;
    if (tags.length && !tags.includes(tag.toLowerCase())) return false;
    const haystack = `${tag} ${owner ?? ''} ${body} ${entry.relPath}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  };
}

/** The view's top-level nodes: per workspace folder when there are several, then by folder and file or by tag. */
export function buildTodoTree(entries: readonly TodoEntry[], grouping: TodoGrouping, tagOrder: readonly string[] = []): TodoNode[] {
  const folders = groupBy(entries, (e) => e.folderKey);
  if (grouping === 'tag') return byTag(entries, tagOrder);
  if (folders.size <= 1) return byDirectory(entries, '');
  return [...folders].map(([key, list]) => ({ kind: 'workspace', id: `ws:${key}`, label: list[0]!.folderName, count: list.length, children: byDirectory(list, `ws:${key}`) }));
}

/** Folders first (each with its files), then the files at the top of the workspace folder. */
function byDirectory(entries: readonly TodoEntry[], idPrefix: string): TodoNode[] {
  const dirs = groupBy(entries, (e) => path.posix.dirname(e.relPath));
  const fileNodes = (list: readonly TodoEntry[]) => [...groupBy(list, (e) => e.relPath)].map(([rel, todos]): TodoNode => fileNode(rel, todos, idPrefix));
  const nodes: TodoNode[] = [];
  for (const [dir, list] of [...dirs].sort(([a], [b]) => comparePaths(a, b))) {
    if (dir === '.') continue;
    nodes.push({ kind: 'dir', id: `${idPrefix}dir:${dir}`, label: dir, count: list.length, children: fileNodes(list) });
  }
  return [...nodes, ...fileNodes(dirs.get('.') ?? [])];
}

function fileNode(rel: string, todos: readonly TodoEntry[], idPrefix: string): TodoNode {
  const dir = path.posix.dirname(rel);
  return { kind: 'file', id: `${idPrefix}file:${rel}`, label: path.posix.basename(rel), dir, folderKey: todos[0]!.folderKey, relPath: rel, count: todos.length, children: todos.map(todoNode) };
}

/** One node per tag, in the configured order, then any other tag alphabetically; TODOs in path order. */
function byTag(entries: readonly TodoEntry[], tagOrder: readonly string[]): TodoNode[] {
  const tags = groupBy(entries, (e) => e.todo.tag);
  const rank = (tag: string) => (tagOrder.includes(tag) ? tagOrder.indexOf(tag) : tagOrder.length);
  return [...tags]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([tag, list]) => ({ kind: 'tag', id: `tag:${tag}`, label: tag, count: list.length, children: list.map(todoNode) }));
}

function todoNode(entry: TodoEntry): TodoNode {
  return { kind: 'todo', id: `todo:${entry.folderKey}:${entry.relPath}:${entry.todo.line}:${entry.todo.column}`, entry };
}

/** Leaves under a node, for counts and the badge. */
export function countTodos(nodes: readonly TodoNode[]): number {
  return nodes.reduce((sum, n) => sum + (n.kind === 'todo' ? 1 : n.count), 0);
}

/** `src/auth.ts:8` (1-based, as editors print it), with the workspace folder's name when there are several. */
export function placeOf(entry: TodoEntry, multiRoot: boolean): string {
  return `${multiRoot ? `${entry.folderName}/` : ''}${entry.relPath}:${entry.todo.line + 1}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Paths compare folder by folder, so `src/a.ts` sorts before `src-old/b.ts`. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = pa[i]!.localeCompare(pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}
