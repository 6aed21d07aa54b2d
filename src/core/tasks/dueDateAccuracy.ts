// Scoring of due dates against hand-labelled expressions (test/fixtures/due-dates/). A due date
// is right when its calendar date equals the label's and, when the label has a time, its hour
// and minute do too; a time the parser adds to a label without one is not judged. A date given
// where the label has none is wrong. Precision is right / given, recall right / labelled with a date.

export interface LabelledDue {
  text: string;
  /** ISO date-time with offset: the reference time the label was written against. */
  now: string;
  timeZone: string;
  /** BCP 47 tag of the user's locale: which holidays apply. */
  locale: string;
  /** What kind of expression it is; `neg-*` classes have no date. */
  class: string;
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, or null where no date must be given. */
  due: string | null;
  /** The words of `text` that make the date, with the word that introduces it. */
  expr?: string;
}

export interface DueScore {
  items: number;
  /** Items whose label has a date. */
  dated: number;
  /** Items the parser gave a date for. */
  given: number;
  right: number;
  /** right / given; 1 when nothing was given. */
  precision: number;
  /** right / dated; 1 when nothing is dated. */
  recall: number;
}

export interface ScoredDue {
  item: LabelledDue;
  actual: string | undefined;
  right: boolean;
}

const DUE_FORMAT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?$/;

/** Parses one JSONL line of a due-date set, throwing on a malformed entry. */
export function parseLabelledDue(line: string): LabelledDue {
  const v = JSON.parse(line) as LabelledDue;
  const malformed = (why: string): Error => new Error(`malformed due-date entry (${why}): ${line.slice(0, 80)}`);
  if (typeof v.text !== 'string' || typeof v.now !== 'string' || typeof v.timeZone !== 'string' || typeof v.class !== 'string') throw malformed('fields');
  if (typeof v.locale !== 'string') throw malformed('locale');
  if (v.due !== null && !(typeof v.due === 'string' && DUE_FORMAT.test(v.due))) throw malformed('due');
  if (v.due === null && v.expr !== undefined) throw malformed('expr without a date');
  if (v.due !== null && (typeof v.expr !== 'string' || !v.text.includes(v.expr))) throw malformed('expr not in text');
  return v;
}

export function isRightDue(expected: string | null, actual: string | undefined): boolean {
  if (expected === null || actual === undefined) return false;
  if (expected.slice(0, 10) !== actual.slice(0, 10)) return false;
  return expected.length === 10 || expected === actual;
}

function score(rows: readonly ScoredDue[]): DueScore {
  const dated = rows.filter((r) => r.item.due !== null).length;
  const given = rows.filter((r) => r.actual !== undefined).length;
  const right = rows.filter((r) => r.right).length;
  return { items: rows.length, dated, given, right, precision: given ? right / given : 1, recall: dated ? right / dated : 1 };
}

/** Scores per class, in the order classes first appear, and over all items. */
export function scoreDues(rows: readonly ScoredDue[]): { byClass: Map<string, DueScore>; overall: DueScore } {
  const groups = new Map<string, ScoredDue[]>();
  for (const r of rows) groups.set(r.item.class, [...(groups.get(r.item.class) ?? []), r]);
  const byClass = new Map<string, DueScore>();
  for (const [cls, group] of groups) byClass.set(cls, score(group));
  return { byClass, overall: score(rows) };
}

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[\s,;:()]+/)
    .map((w) => w.replace(/^[.!?'"]+|[.!?'"]+$/g, ''))
    .filter((w) => w.length > 0);

/**
 * Words of the date expression still in the title: each counts when the title holds it more
 * often than the text does outside the expression ("@" from "@ 3pm", "the 19th" from "Tuesday
 * the 19th"). A text that is all date ("due a week from monday") keeps itself as its title, since
 * a task needs one: nothing is counted there.
 */
export function dateWordsLeft(item: LabelledDue, title: string): string[] {
  if (!item.expr) return [];
  const at = item.text.indexOf(item.expr);
  const outside = words(item.text.slice(0, at) + ' ' + item.text.slice(at + item.expr.length));
  if (outside.every((w) => /^(?:due|by|on|at|deadline)$/.test(w))) return [];
  const inTitle = words(title);
  const count = (list: string[], w: string): number => list.filter((x) => x === w).length;
  return [...new Set(words(item.expr))].filter((w) => count(inTitle, w) > count(outside, w));
}
