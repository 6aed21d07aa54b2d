// Scoring for the tag and estimate suggestions against labelled tasks (bench/task-suggestions.ts,
// the sets in test/fixtures/task-suggestions/). A set is one task a line, `minutes | tags |
// title`, `#` starting a comment line.
//
//   precision@k  of the suggested tags (at most k per task), the share the label has
//   recall@k     of the labels' tags, the share among the task's k suggestions
//   median / mean absolute error  of the estimate in minutes, over the tasks that got one (the
//                median first: one task that ran for days must not decide the figure; the mean
//                too, because durations written on 15- and 30-minute steps make the median jump
//                between a few values)

import type { SuggestionExample } from './suggestionExamples';

export interface LabelledTask extends SuggestionExample {
  minutes: number;
}

export function parseLabelledTasks(text: string, idPrefix: string): LabelledTask[] {
  const tasks: LabelledTask[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [minutes, tags, title, ...rest] = line.split('|').map((s) => s.trim());
    const m = Number(minutes);
    if (rest.length || !title || !tags || !Number.isInteger(m) || m <= 0) throw new Error(`line ${i + 1} is not "minutes | tags | title": ${line}`);
    tasks.push({ id: `${idPrefix}${i + 1}`, title, tags: tags.split(/\s+/), minutes: m });
  });
  return tasks;
}

export interface SuggestionScore {
  tasks: number;
  precision: number;
  recall: number;
  /** Median |suggested − labelled| minutes; NaN when no task got an estimate. */
  medianAbsError: number;
  /** Mean |suggested − labelled| minutes; NaN when no task got an estimate. */
  meanAbsError: number;
  /** Tasks that got an estimate. */
  estimated: number;
}

export interface ScoredSuggestion {
  labelTags: readonly string[];
  suggestedTags: readonly string[];
  labelMinutes: number;
  suggestedMinutes?: number;
}

export function scoreSuggestions(rows: readonly ScoredSuggestion[]): SuggestionScore {
  let suggested = 0;
  let labelled = 0;
  let right = 0;
  const errors: number[] = [];
  for (const r of rows) {
    const label = new Set(r.labelTags);
    suggested += r.suggestedTags.length;
    labelled += label.size;
    right += r.suggestedTags.filter((t) => label.has(t)).length;
    if (r.suggestedMinutes !== undefined) errors.push(Math.abs(r.suggestedMinutes - r.labelMinutes));
  }
  return { tasks: rows.length, precision: suggested ? right / suggested : 0, recall: labelled ? right / labelled : 0, medianAbsError: median(errors), meanAbsError: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : Number.NaN, estimated: errors.length };
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
