// Reads a model's narrative paragraph against the summary's facts. The rules summary is complete
// without it, so a paragraph is accepted only when every fact it states can be checked, and
// refused otherwise:
//
//   refused   not {paragraph, tasks}; an empty paragraph; a key in `tasks` that is not one of the
//             facts' (the model did not read the list); a key written in the text (t3 means nothing
//             to a reader); a quoted name that is not a task's title; a date or time that is not
//             the period's or a listed task's due; a number that is none of the summary's counts
//             (a section's, a tag's within a section, done and resolved together, all of them, the
//             period's days); a paragraph that names no task at all (it says nothing checkable)
//   trimmed   a paragraph over MAX_NARRATIVE_CHARS is cut after its last whole sentence that fits,
//             and refused when no sentence fits (only the cloud, whose strict mode takes no
//             maxLength, can send one)
//
// Which tasks it names: those whose title it quotes, and those it lists whose title is in its text.
// A listed task whose title the text does not hold is dropped from the list, not refused: naming
// fewer tasks states no false fact. A task the text describes in other words cannot be found; the
// prompt asks for exact titles in quotes, and a number or a quoted name that is not in the facts
// is what a made-up task brings along. A refusal carries why, which the worker reports as the
// fallback reason.

import type { NarrativeFacts, NarrativeTask } from './narrativeFacts';
import { promptTitle } from './narrativePrompt';
import { MAX_NARRATIVE_CHARS } from './narrativeSchema';
import { DUE_NEXT_DAYS, SUMMARY_SECTION_KINDS } from './taskSummary';

export type NarrativeVerdict = { ok: true; paragraph: string; keys: string[] } | { ok: false; reason: string };

const QUOTED_RE = /"([^"]*)"|“([^”]*)”/g;
const KEY_RE = /\bt\d+\b/gi;
const DATE_TIME_RE = /\b(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?\b|\b(\d{1,2}:\d{2})\b/g;
const NUMBER_RE = /\b\d+\b/g;
/** "one" also means "a task" ("the one due Friday"); from two on, a word is a count. */
const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const NUMBER_WORD_RE = new RegExp(`\\b(${NUMBER_WORDS.join('|')})\\b`, 'gi');

export function validateNarrative(answer: unknown, facts: NarrativeFacts): NarrativeVerdict {
  if (!isRecord(answer) || typeof answer.paragraph !== 'string') return refuse('the answer has no "paragraph" text');
  if (!Array.isArray(answer.tasks) || answer.tasks.some((k) => typeof k !== 'string')) return refuse('the answer has no "tasks" list of keys');
  const byKey = new Map(facts.tasks.map((t) => [t.key, t]));
  const unknown = (answer.tasks as string[]).find((k) => !byKey.has(k));
  if (unknown !== undefined) return refuse(`it lists ${JSON.stringify(unknown.slice(0, 40))}, which is not one of the summary's tasks`);
  const paragraph = fitted(answer.paragraph.replace(/\s+/g, ' ').trim());
  if (!paragraph) return refuse(answer.paragraph.trim() ? `the paragraph is over ${MAX_NARRATIVE_CHARS} characters with no sentence that fits` : 'the paragraph is empty');

  const quoted = quotedNames(paragraph);
  const named = new Set<string>();
  for (const name of quoted) {
    const task = facts.tasks.find((t) => sameName(name, t));
    if (!task) return refuse(`it names "${name.slice(0, 60)}", which is not a task in the summary`);
    named.add(task.key);
  }
  const text = paragraph.toLowerCase();
  for (const k of answer.tasks as string[]) if (text.includes(promptTitle(byKey.get(k)!.title).toLowerCase())) named.add(k);
  if (named.size === 0) return refuse('the paragraph names none of the summary\'s tasks by its title');

  // What the text says besides the titles it names: a title's own digits are no count.
  let unquoted = paragraph.replace(QUOTED_RE, ' ');
  for (const k of named) unquoted = replaceAllCaseless(unquoted, promptTitle(byKey.get(k)!.title), ' ');
  const key = unquoted.match(KEY_RE)?.[0];
  if (key) return refuse(`it writes the key ${key} in the text, where a task's title belongs`);
  const wrongDate = datesNotInFacts(unquoted, facts);
  if (wrongDate) return refuse(`it gives ${wrongDate}, which is neither the period's nor a listed task's due`);
  const wrongNumber = numbersNotCounts(unquoted.replace(DATE_TIME_RE, ' '), facts);
  if (wrongNumber) return refuse(`it says ${wrongNumber}, which is none of the summary's counts`);

  const order = facts.tasks.map((t) => t.key).filter((k) => named.has(k));
  return { ok: true, paragraph, keys: order };
}

/** The paragraph within MAX_NARRATIVE_CHARS: whole, or cut after its last sentence that fits; '' when none fits. */
function fitted(paragraph: string): string {
  if (paragraph.length <= MAX_NARRATIVE_CHARS) return paragraph;
  const head = paragraph.slice(0, MAX_NARRATIVE_CHARS);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '), /[.!?]$/.test(head) ? head.length - 1 : -1);
  return end > 0 ? head.slice(0, end + 1) : '';
}

function replaceAllCaseless(text: string, part: string, by: string): string {
  return part ? text.replace(new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), by) : text;
}

function quotedNames(paragraph: string): string[] {
  return [...paragraph.matchAll(QUOTED_RE)].map((m) => (m[1] ?? m[2] ?? '').replace(/[\s.,;:!?]+$/, '').trim());
}

/** The model quotes the title as the prompt gave it (promptTitle) or, for a cut one, whole. */
function sameName(name: string, task: NarrativeTask): boolean {
  const wanted = name.toLowerCase();
  return wanted === promptTitle(task.title).toLowerCase() || wanted === task.title.replace(/\s+/g, ' ').trim().toLowerCase();
}

function datesNotInFacts(text: string, facts: NarrativeFacts): string | undefined {
  const days = new Set([facts.firstDay, facts.lastDay]);
  const times = new Set<string>();
  for (const t of facts.tasks) {
    if (!t.due) continue;
    days.add(t.due.slice(0, 10));
    if (t.due.length > 10) times.add(t.due.slice(11));
  }
  for (const m of text.matchAll(DATE_TIME_RE)) {
    if (m[1] && !days.has(m[1])) return m[1];
    if (m[2] && !times.has(m[2])) return `${m[1]} ${m[2]}`;
    if (m[3] && !times.has(m[3].padStart(5, '0'))) return m[3];
  }
  return undefined;
}

function numbersNotCounts(text: string, facts: NarrativeFacts): string | undefined {
  const allowed = countsOf(facts);
  for (const m of text.matchAll(NUMBER_RE)) if (!allowed.has(Number(m[0]))) return m[0];
  for (const m of text.matchAll(NUMBER_WORD_RE)) if (!allowed.has(NUMBER_WORDS.indexOf(m[0].toLowerCase()) + 2)) return `"${m[0]}"`;
  return undefined;
}

/** Every number a true sentence about the summary may hold. */
function countsOf(facts: NarrativeFacts): Set<number> {
  const counts = SUMMARY_SECTION_KINDS.map((k) => facts.counts[k]);
  const allowed = new Set<number>([...counts, counts.reduce((a, b) => a + b, 0), facts.counts.done + facts.counts.resolved, facts.days, DUE_NEXT_DAYS]);
  const byTag = new Map<string, number>();
  for (const t of facts.tasks) {
    const k = `${t.section} ${t.tag ?? ''}`;
    byTag.set(k, (byTag.get(k) ?? 0) + 1);
  }
  for (const n of byTag.values()) allowed.add(n);
  return allowed;
}

function refuse(reason: string): NarrativeVerdict {
  return { ok: false, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
