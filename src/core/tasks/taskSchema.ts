// The task schema the model tiers answer in, the validator for what they return, and the merge
// with the rules: what a person wrote explicitly (a date expression, `!high`, `#tag`, `@name`,
// `~2h`) beats a model that disagrees, and a model may not invent what the text does not contain.

import type { JsonSchema, Tier } from '../protocol';
import { titleTokens } from './parseAccuracy';
import { isValidDue, normalizeAssignee, normalizeTag, PRIORITIES, type ParsedTask, type Priority, type TaskField, type TaskFields } from './task';
import { civilInZone, formatDateTime } from './timeZone';

/** JSON schema for one parsed task: accepted by node-llama-cpp's grammar and by OpenAI's strict json_schema. */
export const TASK_JSON_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', description: 'The task in a few words, without the date, priority, tags, assignee or estimate.' },
    due: {
      type: ['string', 'null'],
      description: 'Due date as YYYY-MM-DD, or YYYY-MM-DDTHH:mm when a time is given, in the user\u2019s local time; null when the text names no date.',
    },
    priority: { type: ['string', 'null'], enum: ['high', 'medium', 'low', null] },
    tags: { type: 'array', items: { type: 'string' }, description: 'Words written with a leading #, without the #.' },
    assignee: { type: ['string', 'null'], description: 'The person written as @name or TODO(name), without the @.' },
    estimateMinutes: { type: ['integer', 'null'], description: 'Effort estimate in minutes (~2h = 120), null when none is written.' },
  },
  required: ['title', 'due', 'priority', 'tags', 'assignee', 'estimateMinutes'],
  additionalProperties: false,
};

export interface ValidationContext {
  now: Date;
  timeZone: string;
}

export interface ValidatedModelTask {
  /** Only the fields that passed. */
  fields: Partial<TaskFields>;
  dropped: { field: TaskField | 'value'; reason: string }[];
}

const MAX_TITLE = 200;
const MAX_TAGS = 8;
const MAX_ESTIMATE_MINUTES = 100 * 8 * 60;

/** Reads a model's due value into local wall time, accepting an offset or Z by converting it. */
function normalizeDue(value: string, ctx: ValidationContext): string | undefined {
  const v = value.trim();
  if (isValidDue(v)) return v;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!m) return undefined;
  if (!m[3]) {
    const local = `${m[1]}T${m[2]}`;
    return isValidDue(local) ? local : undefined;
  }
  const instant = new Date(v.replace(' ', 'T'));
  if (Number.isNaN(instant.getTime())) return undefined;
  const c = civilInZone(instant, ctx.timeZone);
  return formatDateTime(c, c.hour, c.minute);
}

/** Whether a due date is one a TODO could mean: not years in the past, not a century ahead. */
function plausibleDue(due: string, ctx: ValidationContext): boolean {
  const year = Number(due.slice(0, 4));
  const nowYear = civilInZone(ctx.now, ctx.timeZone).year;
  return year >= nowYear - 1 && year <= nowYear + 10;
}

/** Checks a model's answer field by field; anything malformed is dropped with its reason. */
export function validateModelTask(value: unknown, ctx: ValidationContext): ValidatedModelTask {
  const out: ValidatedModelTask = { fields: {}, dropped: [] };
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      out.dropped.push({ field: 'value', reason: 'not JSON' });
      return out;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    out.dropped.push({ field: 'value', reason: 'not an object' });
    return out;
  }
  const v = value as Record<string, unknown>;
  const drop = (field: TaskField, reason: string): void => {
    out.dropped.push({ field, reason });
  };

  if (typeof v.title === 'string' && /[\p{L}\p{N}]/u.test(v.title) && v.title.trim().length <= MAX_TITLE) out.fields.title = v.title.replace(/\s+/g, ' ').trim();
  else drop('title', 'missing, empty or too long');

  if (v.due !== null && v.due !== undefined && v.due !== '') {
    const due = typeof v.due === 'string' ? normalizeDue(v.due, ctx) : undefined;
    if (!due) drop('due', `not a date: ${JSON.stringify(v.due)}`);
    else if (!plausibleDue(due, ctx)) drop('due', `implausible date ${due}`);
    else out.fields.due = due;
  }

  if (v.priority !== null && v.priority !== undefined && v.priority !== '') {
    const p = typeof v.priority === 'string' ? v.priority.toLowerCase().trim() : '';
    if ((PRIORITIES as readonly string[]).includes(p)) out.fields.priority = p as Priority;
    else drop('priority', `not high, medium or low: ${JSON.stringify(v.priority)}`);
  }

  if (v.tags !== undefined && v.tags !== null) {
    if (!Array.isArray(v.tags)) drop('tags', 'not a list');
    else {
      const tags: string[] = [];
      let invalid = 0;
      for (const t of v.tags) {
        const tag = typeof t === 'string' ? normalizeTag(t) : undefined;
        if (!tag) invalid++;
        else if (!tags.some((x) => x.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      }
      if (invalid > 0) drop('tags', `${invalid} entries were not tags`);
      out.fields.tags = tags.slice(0, MAX_TAGS);
    }
  }

  if (v.assignee !== null && v.assignee !== undefined && v.assignee !== '') {
    const a = typeof v.assignee === 'string' ? normalizeAssignee(v.assignee) : undefined;
    if (a) out.fields.assignee = a;
    else drop('assignee', `not a name: ${JSON.stringify(v.assignee)}`);
  }

  if (v.estimateMinutes !== null && v.estimateMinutes !== undefined) {
    const e = v.estimateMinutes;
    if (typeof e === 'number' && Number.isFinite(e) && e > 0 && e <= MAX_ESTIMATE_MINUTES) out.fields.estimateMinutes = Math.round(e);
    else drop('estimateMinutes', `not a positive number of minutes: ${JSON.stringify(e)}`);
  }
  return out;
}

const TEMPORAL_WORDS =
  /(?<![\p{L}])(today|tonight|tomorrow|tmrw|yesterday|week|weekend|fortnight|month|quarter|year|easter|christmas|xmas|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|noon|midnight|morning|evening|afternoon|eod|eow|eom|heute|morgen|übermorgen|woche|monat|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|hoy|mañana|semana|lunes|martes|miércoles|jueves|viernes|demain|aujourd'hui|semaine|lundi|mardi|mercredi|jeudi|vendredi)(?![\p{L}])/iu;

/** Whether the text could hold a date at all; a model's date for text without one is invented. */
export function hasTemporalHint(text: string): boolean {
  return /\d/.test(text) || TEMPORAL_WORDS.test(text);
}

function mentions(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])[#@]?${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/** Share of the model title's words that occur in the input: low for nonsense or invention. */
function groundedShare(title: string, input: string): number {
  const words = titleTokens(title);
  if (words.length === 0) return 0;
  const inputWords = new Set(titleTokens(input));
  return words.filter((w) => inputWords.has(w)).length / words.length;
}

/**
 * Merges a model's validated answer with the rules' parse of the same text. Explicit markers the
 * rules consumed win; a model field fills a gap only when the text could support it. The result
 * keeps the model's tier when any of its answer was usable, and records which fields it supplied;
 * when nothing was usable the rules' result comes back as `degraded`.
 */
export function mergeWithRules(model: ValidatedModelTask, rules: ParsedTask, tier: Exclude<Tier, 'degraded'>): ParsedTask {
  const m = model.fields;
  const input = rules.input;
  const usable = Object.keys(m).length > 0;
  const merged: ParsedTask = { ...rules, tags: [...rules.tags], spans: [...rules.spans], tier: usable ? tier : 'degraded' };
  const fromModel: TaskField[] = [];
  const explicit = (field: TaskField): boolean => rules.spans.some((s) => s.field === field);

  if (m.title && groundedShare(m.title, input) >= 0.6) {
    merged.title = m.title;
    fromModel.push('title');
  }
  // An explicit date expression the rules read wins over a model that disagrees.
  if (!explicit('due') && m.due && hasTemporalHint(input)) {
    merged.due = m.due;
    fromModel.push('due');
  }
  if (!explicit('priority') && rules.priority === undefined && m.priority) {
    merged.priority = m.priority;
    fromModel.push('priority');
  }
  const extraTags = (m.tags ?? []).filter((t) => mentions(input, t) && !merged.tags.some((x) => x.toLowerCase() === t.toLowerCase()));
  if (extraTags.length > 0) {
    merged.tags.push(...extraTags);
    fromModel.push('tags');
  }
  if (rules.assignee === undefined && m.assignee && mentions(input, m.assignee)) {
    merged.assignee = m.assignee;
    fromModel.push('assignee');
  }
  if (!explicit('estimateMinutes') && m.estimateMinutes !== undefined && /\d|hour|minute|day|stunde|heure|hora/i.test(input)) {
    merged.estimateMinutes = m.estimateMinutes;
    fromModel.push('estimateMinutes');
  }
  if (fromModel.length > 0) merged.fromModel = fromModel;
  else delete merged.fromModel;
  return merged;
}
