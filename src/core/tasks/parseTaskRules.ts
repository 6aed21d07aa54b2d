// The degraded tier of task parsing: rules only, no model. Reads a TODO's text into a task's
// fields; the title is what is left after the consumed markers, cleaned of the words that only
// introduced them ("by", "due", "para el").

import { findDue } from './dueDate';
import { findEstimate } from './estimate';
import { findPriority } from './priority';
import { normalizeAssignee, normalizeTag, type ConsumedSpan, type ParsedTask } from './task';
import { systemLocale, systemTimeZone } from './timeZone';
import { trimTrailing } from './trimTrailing';

export interface ParseTaskRulesOptions {
  /** Reference time for relative dates ("tomorrow"). */
  now: Date;
  /** IANA zone the user lives in; default the system's. Due dates are wall times in it. */
  timeZone?: string;
  /** BCP 47 locale of the user (`en-US`, `en-GB`): which holidays apply; default the environment's. */
  locale?: string;
  /** Tags whose leading `TAG(owner):` is stripped; default TODO, FIXME, HACK, BUG, XXX, NOTE. */
  todoTags?: readonly string[];
}

const DEFAULT_PREFIX_TAGS = ['TODO', 'FIXME', 'HACK', 'BUG', 'XXX', 'NOTE'];

/**
 * The rules read this much of a text, cut at a word boundary; a longer title ends in "…". A task is
 * a sentence or two, and reading more costs more than it is worth: chrono's date search and some
 * patterns here grow faster than the text (20,000 characters took seconds, in the worker or, when
 * the worker is down, in the editor's own process). The local model reads as much (tasks.ts).
 */
export const MAX_RULES_INPUT_CHARS = 1000;
const ELLIPSIS = '…';

/** The text with whitespace runs collapsed, cut to MAX_RULES_INPUT_CHARS at a space when there is one. */
function rulesInput(text: string): { input: string; cut: boolean } {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= MAX_RULES_INPUT_CHARS) return { input: collapsed, cut: false };
  let end = collapsed.lastIndexOf(' ', MAX_RULES_INPUT_CHARS);
  if (end < MAX_RULES_INPUT_CHARS / 2) end = MAX_RULES_INPUT_CHARS;
  // Never between the halves of a surrogate pair.
  if (/[\ud800-\udbff]/.test(collapsed.charAt(end - 1))) end--;
  return { input: collapsed.slice(0, end).trimEnd(), cut: true };
}

/** Code, paths, addresses and identifiers: kept verbatim in the title and never read as markers. */
const PROTECTED_RE = new RegExp(
  [
    '`[^`]*`',
    String.raw`\bhttps?://\S+`,
    // e-mail, before @mentions get a chance; only from the start of a run of its characters, which
    // finds the same addresses: tried from every position, a long run without an @ costs its square
    String.raw`(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
    String.raw`(?<![\w.*-])(?=[\w.*/-]*[A-Za-z_])[\w.*-]*(?:/[\w.*-]+)+/?`, // paths, with a letter somewhere (12/01 is a date)
    String.raw`\b(?![ap]\.m\b)[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?`, // dotted names: Date.parse, app.ts (not a.m., p.m.)
    String.raw`\b[\w$]+\(\)`, // calls: init()
    String.raw`\bv\d+(?:\.\d+)+\b`, // versions: v2.3.0
    String.raw`\b\d+\.\d+\.\d{1,3}\b(?!\.)`, // versions: 1.2.3 (not 31.03.2026)
    // decimals (Kubernetes 1.31, 1.2GB) unless a clock reading follows "at", "um", "à" or a day
    // ("Tuesday 11.15"), or a count of hours or days ("in 2.5 hours"). The digit is checked first:
    // the look back over `\s+` from every position of a long blank run costs the run's square.
    String.raw`(?=\d)(?<![\d.])(?<!(?:\bat|\bum|\bà|\bby|\bbefore|\buntil|\bbis|\bgegen|\bvers|\ba las|day|\btomorrow|\btonight)\s+)\d+\.\d+(?![.\dA-Za-z])(?!\s*(?:h|hrs?|hours?|m|mins?|minutes?|d|days?|w|wks?|weeks?)\b)`,
    // string literals: a date inside quotes is mentioned, not meant ("parse("tomorrow")", 'Monday')
    String.raw`"[^"\n]{0,200}"|“[^”\n]{0,200}”|(?<![\w'])'(?=\S)[^'\n]{1,200}?(?<=\S)'(?!\w)`,
    String.raw`\b[A-Za-z_$][\w$]*\([^()\n]{1,200}\)`, // calls with arguments: isWeekend(saturday)
    String.raw`\b[A-Z][A-Z0-9]+-\d+(?:-\d+)*\b`, // ids: CVE-2026-1234, JIRA-42
    String.raw`(?<![\w-])--?[A-Za-z][\w-]*`, // flags: --dry-run
    String.raw`[A-Za-z]:\\\S*`, // Windows paths
  ].join('|'),
  'g',
);

const TAG_RE = /(?<![\p{L}\p{N}_#&/])#(\p{L}[\p{L}\p{N}_\-/.]*)/gu;
const MENTION_RE = /(?<![\p{L}\p{N}_@.])@(\p{L}[\p{L}\p{N}_.\-]*|\p{N}[\p{L}\p{N}_.\-]*\p{L}[\p{L}\p{N}_.\-]*)/gu;
/** Decorators and doc tags that look like mentions. */
const NOT_PEOPLE = new Set([
  'deprecated', 'override', 'param', 'returns', 'return', 'throws', 'type', 'typedef', 'see', 'link', 'since', 'example',
  'internal', 'private', 'public', 'protected', 'ts-ignore', 'ts-expect-error', 'ts-nocheck', 'todo', 'input', 'output',
  'injectable', 'component', 'test', 'before', 'after', 'autowired', 'nullable', 'nonnull', 'suppresswarnings',
  'property', 'class', 'function', 'async', 'override', 'readonly', 'abstract', 'inheritdoc',
]);

/** Words a title must not end on once the thing they introduced is gone. */
const DANGLING_TAIL = /(?:\s+(?:by|due|on|at|before|until|till|deadline|bis|am|um|zum|para|antes|avant|pour))+\s*$/i;

class Work {
  readonly spans: ConsumedSpan[] = [];
  /** The input with protected and consumed ranges blanked; what the rules read. */
  masked: string;

  constructor(readonly input: string) {
    this.masked = input;
  }

  blank(start: number, end: number): void {
    this.masked = this.masked.slice(0, start) + ' '.repeat(end - start) + this.masked.slice(end);
  }

  consume(field: ConsumedSpan['field'], start: number, end: number): void {
    if (end <= start) return;
    this.spans.push({ field, start, end });
    this.blank(start, end);
  }
}

function stripPrefix(work: Work, tags: readonly string[]): string | undefined {
  const names = tags.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const m = new RegExp(String.raw`^\s*(?:(?:${names})\b\s*(?:\(([^)]*)\))?\s*[:\-–—]?\s*|\(([^)]*)\)\s*:\s*)`, 'i').exec(work.masked);
  if (!m || m[0].length === 0) return undefined;
  work.consume('prefix', 0, m[0].length);
  const owner = m[1] ?? m[2];
  return owner ? normalizeAssignee(owner) : undefined;
}

function protect(work: Work): void {
  PROTECTED_RE.lastIndex = 0;
  for (const m of work.masked.matchAll(PROTECTED_RE)) work.blank(m.index!, m.index! + m[0].length);
}

/** `#p0` … `#p4` are priorities (see priority.ts), not tags. */
const PRIORITY_TAG = /^p[0-4]$/i;

function takeTags(work: Work): string[] {
  const tags: string[] = [];
  for (const m of work.masked.matchAll(TAG_RE)) {
    if (PRIORITY_TAG.test(m[1]!)) continue;
    const tag = normalizeTag(m[1]!);
    if (!tag) continue;
    const start = m.index!;
    // Trailing punctuation is the sentence's, not the tag's.
    const end = start + 1 + trimTrailing(m[1]!, '.-/').length;
    work.consume('tags', start, end);
    if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  return tags;
}

/**
 * The assignee is an @mention that stands apart from the sentence: first ("@bob review the retry
 * logic") or last ("update fixtures @li") once the other markers are gone. A mention inside the
 * sentence ("ping @marco about the renewal") names someone the task is about and stays in the title.
 */
function takeAssignee(work: Work): string | undefined {
  const hasWords = (s: string): boolean => /[\p{L}\p{N}]/u.test(s);
  for (const m of work.masked.matchAll(MENTION_RE)) {
    const raw = trimTrailing(m[1]!, '.-');
    if (NOT_PEOPLE.has(raw.toLowerCase())) continue;
    const name = normalizeAssignee(raw);
    if (!name) continue;
    const start = m.index!;
    let end = start + 1 + raw.length;
    const first = !hasWords(work.masked.slice(0, start));
    const last = !hasWords(work.masked.slice(end));
    if (!first && !last) continue;
    // "@sara to check the strings": the "to" only linked the name to the verb.
    if (first) {
      const link = /^\s+(?:to|please|pls|should|will)\b/i.exec(work.masked.slice(end));
      if (link) end += link[0].length;
    }
    work.consume('assignee', start, end);
    return name;
  }
  return undefined;
}

function cleanTitle(work: Work): string {
  const { input, spans } = work;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.start > pos) out += input.slice(pos, s.start);
    out += ' ';
    pos = Math.max(pos, s.end);
  }
  out += input.slice(pos);
  let title = out
    .replace(/\(\s*(?:[,;:]\s*)?\)|\[\s*\]|\{\s*\}/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;.!?)\]])/g, '$1')
    .replace(/([([])\s+/g, '$1')
    .trim();
  // Separators and connectors left at either end once their neighbours were consumed.
  for (let i = 0; i < 4; i++) {
    const before = title;
    title = trimTrailing(title.replace(/^[\s:,;.!\-–—|/]+/, ''), ':,;-–—|/', true)
      .replace(DANGLING_TAIL, '')
      .replace(/\s+[:]\s+/g, ': ')
      .trim();
    if (title === before) break;
  }
  return title;
}

/**
 * Parses a TODO's text (with or without its `TODO(owner):` prefix) into task fields.
 * Pure and deterministic for a given `now` and zone. Reads at most MAX_RULES_INPUT_CHARS.
 */
export function parseTaskRules(text: string, opts: ParseTaskRulesOptions): ParsedTask {
  const { input, cut } = rulesInput(text);
  const timeZone = opts.timeZone ?? systemTimeZone();
  const work = new Work(input);

  const owner = stripPrefix(work, opts.todoTags ?? DEFAULT_PREFIX_TAGS);
  const readable = work.masked;
  protect(work);
  const tags = takeTags(work);

  const estimate = findEstimate(work.masked);
  if (estimate) work.consume('estimateMinutes', estimate.start, estimate.end);

  const priority = findPriority(work.masked);
  if (priority) for (const s of priority.spans) work.consume('priority', s.start, s.end);

  const due = findDue(work.masked, { now: opts.now, timeZone, locale: opts.locale ?? systemLocale() });
  if (due) work.consume('due', due.start, due.end);

  const mention = takeAssignee(work);

  let title = cleanTitle(work);
  if (!title) title = readable.replace(/\s+/g, ' ').trim() || input;
  if (cut) title += ELLIPSIS;

  const parsed: ParsedTask = { title, tags, tier: 'degraded', input, spans: work.spans.sort((a, b) => a.start - b.start) };
  if (due) parsed.due = due.due;
  if (priority) parsed.priority = priority.priority;
  const assignee = mention ?? owner;
  if (assignee) parsed.assignee = assignee;
  if (estimate) parsed.estimateMinutes = estimate.minutes;
  return parsed;
}
