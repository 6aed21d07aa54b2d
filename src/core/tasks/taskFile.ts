// TASKS.md: a Markdown task list that reads well on GitHub and in a diff, one line per task:
//
//   - [ ] Fix login redirect — due 2026-03-11 15:00 · !high · #auth · @ana · est 2h · [src/login.ts#L42](src/login.ts#L42) <!-- lf:id=k3x9a2p1 tier=degraded created=2026-03-10T08:30:00.000Z src="fix login redirect tomorrow 3pm !high #auth" -->
//   - [x] Ship the exporter — due 2026-03-20 <!-- lf:id=q81mz0c4 ... started=2026-03-12T09:00:00.000Z done=2026-03-13T16:20:00.000Z -->
//   - [x] ~~Drop IE11 polyfills~~ (resolved in code) — [src/app.ts#L7](src/app.ts#L7) <!-- lf:id=... status=resolved-in-code ... -->
//
// The HTML comment is invisible on GitHub and carries what identity tracking needs, and the times
// a task was created, first started and done (taskStatusChange.ts stamps them). Every line the
// parser does not understand (headings, notes, other lists) is kept verbatim, and a task line that
// was not changed is written back exactly as it was read, hand formatting included.
// The estimate is written `est 2h` rather than `~2h`: two single tildes on a line would render as
// strikethrough on GitHub. `~2h` is still read.

import { createHash } from 'node:crypto';
import type { Tier } from '../protocol';
import { normalizeAssignee, normalizeTag, type Priority, type Task, type TaskStatus } from './task';

export interface TaskLine {
  kind: 'task';
  task: Task;
  /** The line as read (without its end of line); written back unchanged unless `dirty`. */
  raw: string;
  /** Leading whitespace of the list item, kept on rewrite (nested lists). */
  indent: string;
  dirty: boolean;
}

export interface TextLine {
  kind: 'text';
  raw: string;
}

export type TaskFileLine = TaskLine | TextLine;

export interface TaskFileDocument {
  lines: TaskFileLine[];
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

export interface TaskFileFormatOptions {
  /** The task file's folder relative to the workspace folder ('' at the root): source links are
   *  written relative to it so they work on GitHub, and read back to workspace-relative paths. */
  linkBase?: string;
}

export const RESOLVED_MARKER = '(resolved in code)';
const META_SEPARATOR = ' — ';
const ITEM_SEPARATOR = ' · ';
const TASK_LINE_RE = /^(\s*)[-*+] \[([ xX])\] (.*)$/;
const COMMENT_RE = /\s*<!--\s*lf:(.*?)\s*-->\s*$/;
const ATTR_RE = /([\w-]+)=("(?:[^"\\]|\\.)*"|\S+)/g;

/** An id for hand-written task lines that have none yet: stable while the line is unchanged. */
export function handWrittenId(raw: string): string {
  return `h-${createHash('sha1').update(raw.trim()).digest('hex').slice(0, 8)}`;
}

function escapeAttr(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/--/g, '-\\-');
}

function unescapeAttr(value: string): string {
  const inner = value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  return inner.replace(/\\(.)/g, '$1');
}

function escapeTitle(title: string): string {
  // " — " separates the title from its metadata, and "<!--" would open a comment.
  return title.replace(/\s+/g, ' ').trim().replace(/ — /g, ' – ').replace(/<!--/g, '&lt;!--');
}

function unescapeTitle(title: string): string {
  return title.replace(/&lt;!--/g, '<!--').trim();
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}

export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$/.exec(text.trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  const minutes = Number(m[1] ?? 0) * 8 * 60 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return minutes > 0 ? Math.round(minutes) : undefined;
}

function posixJoin(base: string, rel: string): string {
  const parts = (base ? `${base}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

function posixRelative(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

function encodeLinkPath(p: string): string {
  return encodeURI(p).replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/#/g, '%23');
}

/** One task as a Markdown list item (no indentation, no end of line). */
export function formatTaskLine(task: Task, opts: TaskFileFormatOptions = {}): string {
  const resolved = task.status === 'resolved-in-code';
  const box = task.status === 'open' ? '[ ]' : '[x]';
  const title = escapeTitle(task.title) || 'Untitled';
  const head = resolved ? `~~${title}~~ ${RESOLVED_MARKER}` : title;
  const items: string[] = [];
  if (task.due) items.push(`due ${task.due.replace('T', ' ')}`);
  if (task.priority) items.push(`!${task.priority}`);
  if (task.tags.length > 0) items.push(task.tags.map((t) => `#${t}`).join(' '));
  if (task.assignee) items.push(`@${task.assignee}`);
  if (task.estimateMinutes) items.push(`est ${formatDuration(task.estimateMinutes)}`);
  if (task.source) {
    const rel = posixRelative(opts.linkBase ?? '', task.source.path);
    const label = `${task.source.path}#L${task.source.line + 1}`.replace(/[[\]]/g, '\\$&');
    items.push(`[${label}](${encodeLinkPath(rel)}#L${task.source.line + 1})`);
  }
  const attrs = [`lf:id=${task.id}`];
  if (resolved) attrs.push('status=resolved-in-code');
  attrs.push(`tier=${task.tier}`);
  if (task.created) attrs.push(`created=${task.created}`);
  if (task.started) attrs.push(`started=${task.started}`);
  if (task.done) attrs.push(`done=${task.done}`);
  if (task.source?.text) attrs.push(`src="${escapeAttr(task.source.text)}"`);
  const meta = items.length > 0 ? `${META_SEPARATOR}${items.join(ITEM_SEPARATOR)}` : '';
  return `- ${box} ${head}${meta} <!-- ${attrs.join(' ')} -->`;
}

interface Meta {
  due?: string;
  priority?: Priority;
  tags: string[];
  assignee?: string;
  estimateMinutes?: number;
  source?: { path: string; line: number };
}

/** Reads " · "-separated metadata; undefined when any item is not metadata (then it was title text). */
function parseMeta(text: string, opts: TaskFileFormatOptions): Meta | undefined {
  const meta: Meta = { tags: [] };
  for (const item of text.split(ITEM_SEPARATOR)) {
    const s = item.trim();
    let m: RegExpExecArray | null;
    if ((m = /^due (\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?$/.exec(s))) meta.due = m[2] ? `${m[1]}T${m[2]}` : m[1];
    else if ((m = /^!(high|medium|low)$/i.exec(s))) meta.priority = m[1]!.toLowerCase() as Priority;
    else if (/^#\S+(?:\s+#\S+)*$/.test(s)) {
      for (const t of s.split(/\s+/)) {
        const tag = normalizeTag(t);
        if (!tag) return undefined;
        meta.tags.push(tag);
      }
    } else if ((m = /^@(\S.*)$/.exec(s))) {
      const a = normalizeAssignee(m[1]!);
      if (!a) return undefined;
      meta.assignee = a;
    } else if ((m = /^(?:est\s+|~)(\S+)$/.exec(s))) {
      const minutes = parseDuration(m[1]!);
      if (minutes === undefined) return undefined;
      meta.estimateMinutes = minutes;
    } else if ((m = /^\[(?:[^\]\\]|\\.)*\]\(([^)\s]+)\)$/.exec(s))) {
      const target = m[1]!;
      const hash = target.lastIndexOf('#L');
      if (hash < 0) return undefined;
      const line = Number(target.slice(hash + 2));
      if (!Number.isInteger(line) || line < 1) return undefined;
      let rel: string;
      try {
        rel = decodeURI(target.slice(0, hash)).replace(/%28/g, '(').replace(/%29/g, ')').replace(/%23/g, '#');
      } catch {
        return undefined;
      }
      meta.source = { path: posixJoin(opts.linkBase ?? '', rel), line: line - 1 };
    } else return undefined;
  }
  return meta;
}

/** Reads one list item; undefined for lines that are not task items. */
export function parseTaskLine(line: string, opts: TaskFileFormatOptions = {}): { task: Task; indent: string } | undefined {
  const m = TASK_LINE_RE.exec(line.replace(/\r$/, ''));
  if (!m) return undefined;
  const indent = m[1]!;
  const checked = m[2] !== ' ';
  let body = m[3]!;
  const attrs = new Map<string, string>();
  const comment = COMMENT_RE.exec(body);
  if (comment) {
    body = body.slice(0, comment.index);
    for (const a of comment[1]!.matchAll(ATTR_RE)) attrs.set(a[1]!, unescapeAttr(a[2]!));
  }
  // The metadata is the tail after the last " — " that reads entirely as metadata; a title may
  // itself contain " — " when written by hand.
  let title = body;
  let meta: Meta = { tags: [] };
  for (let cut = body.lastIndexOf(META_SEPARATOR); cut >= 0; cut = cut > 0 ? body.lastIndexOf(META_SEPARATOR, cut - 1) : -1) {
    const parsed = parseMeta(body.slice(cut + META_SEPARATOR.length), opts);
    if (parsed) {
      title = body.slice(0, cut);
      meta = parsed;
      break;
    }
  }
  let status: TaskStatus = checked ? 'done' : 'open';
  const resolvedMatch = /^~~(.*)~~\s*\(resolved in code\)\s*$/.exec(title.trim());
  if (resolvedMatch) title = resolvedMatch[1]!;
  if (checked && (resolvedMatch || attrs.get('status') === 'resolved-in-code')) status = 'resolved-in-code';
  const tier = attrs.get('tier');
  const task: Task = {
    id: attrs.get('id') ?? handWrittenId(line),
    title: unescapeTitle(title),
    tags: meta.tags,
    status,
    tier: tier === 'cloud' || tier === 'local' || tier === 'degraded' ? (tier as Tier) : 'degraded',
    created: attrs.get('created') ?? '',
  };
  const started = attrs.get('started');
  const done = attrs.get('done');
  if (started) task.started = started;
  if (done) task.done = done;
  if (meta.due) task.due = meta.due;
  if (meta.priority) task.priority = meta.priority;
  if (meta.assignee) task.assignee = meta.assignee;
  if (meta.estimateMinutes) task.estimateMinutes = meta.estimateMinutes;
  if (meta.source) task.source = { ...meta.source, text: attrs.get('src') ?? '' };
  return { task, indent };
}

export function parseTaskFile(text: string, opts: TaskFileFormatOptions = {}): TaskFileDocument {
  const eol: '\n' | '\r\n' = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = text.length === 0 || text.endsWith('\n');
  const body = finalNewline && text.length > 0 ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
  const lines: TaskFileLine[] = [];
  if (text.length > 0) {
    for (const raw of body.split(/\r?\n/)) {
      const parsed = parseTaskLine(raw, opts);
      lines.push(parsed ? { kind: 'task', task: parsed.task, raw, indent: parsed.indent, dirty: false } : { kind: 'text', raw });
    }
  }
  return { lines, eol, finalNewline };
}

export function serializeTaskFile(doc: TaskFileDocument, opts: TaskFileFormatOptions = {}): string {
  const out = doc.lines.map((l) => (l.kind === 'text' || !l.dirty ? l.raw : l.indent + formatTaskLine(l.task, opts)));
  if (out.length === 0) return '';
  return out.join(doc.eol) + (doc.finalNewline ? doc.eol : '');
}

export function tasksOf(doc: TaskFileDocument): Task[] {
  return doc.lines.filter((l): l is TaskLine => l.kind === 'task').map((l) => l.task);
}

export function findTaskLine(doc: TaskFileDocument, id: string): TaskLine | undefined {
  return doc.lines.find((l): l is TaskLine => l.kind === 'task' && l.task.id === id);
}

/** The heading a new task file starts with. */
export const NEW_TASK_FILE_HEADER = ['# Tasks', '', 'Captured by Local Focus from TODO comments; edit freely, one task per line.', ''];

/** Replaces the task with the same id, or appends it after the last task (or at the end). */
export function upsertTask(doc: TaskFileDocument, task: Task): 'added' | 'updated' {
  const existing = findTaskLine(doc, task.id);
  if (existing) {
    existing.task = task;
    existing.dirty = true;
    return 'updated';
  }
  const line: TaskLine = { kind: 'task', task, raw: '', indent: '', dirty: true };
  let lastTask = -1;
  doc.lines.forEach((l, i) => {
    if (l.kind === 'task' && l.indent === '') lastTask = i;
  });
  if (lastTask >= 0) {
    // After the last top-level task and whatever is nested under it.
    let at = lastTask + 1;
    while (at < doc.lines.length && /^\s+\S/.test(doc.lines[at]!.raw)) at++;
    doc.lines.splice(at, 0, line);
  } else {
    if (doc.lines.length === 0) doc.lines.push(...NEW_TASK_FILE_HEADER.map((raw): TextLine => ({ kind: 'text', raw })));
    else if (doc.lines[doc.lines.length - 1]!.raw.trim() !== '') doc.lines.push({ kind: 'text', raw: '' });
    doc.lines.push(line);
    doc.finalNewline = true;
  }
  return 'added';
}

export function removeTask(doc: TaskFileDocument, id: string): boolean {
  const i = doc.lines.findIndex((l) => l.kind === 'task' && l.task.id === id);
  if (i < 0) return false;
  doc.lines.splice(i, 1);
  return true;
}
