// Benchmark: due dates of the rules tier (degraded) on hand-labelled English expressions, per
// class, on the dev set (tuned on) and the held-out set (never tuned on).
//
//   npx tsx bench/due-dates.ts [--set PATH ...] [--failures [dev|heldout|all]]
//
// The sets and their labelling conventions: test/fixtures/due-dates/README.md. Each item is parsed
// by parseTaskRules with its own reference time, zone and locale.
// - A due date given is right when its calendar date equals the label's and, when the label has a
//   time (the expression names one), its hour and minute equal the label's. A date given where the
//   label has none (the neg-* classes) is wrong.
// - precision = right / given (of the due dates given, how many are right);
//   recall = right / items whose label has a date.
// - "words left" counts the right dates whose words stay in the title ("@" of "@ 3pm").
// Targets for the held-out set: precision >= 90%, recall >= 70%. The exit status is 1 when the
// held-out set misses either.
// --failures lists the wrong items of the dev set (or of the named set, or of both).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { dateWordsLeft, isRightDue, parseLabelledDue, scoreDues, type DueScore, type LabelledDue, type ScoredDue } from '../src/core/tasks/dueDateAccuracy';
import { parseTaskRules } from '../src/core/tasks/parseTaskRules';

const args = process.argv.slice(2);
const FIXTURES = path.resolve(__dirname, '..', 'test', 'fixtures', 'due-dates');
const DEFAULT_SETS = [path.join(FIXTURES, 'dev.jsonl'), path.join(FIXTURES, 'heldout.jsonl')];
const named = args.flatMap((a, i) => (a === '--set' && args[i + 1] ? [path.resolve(args[i + 1]!)] : []));
const sets = named.length > 0 ? named : DEFAULT_SETS;
const failuresAt = args.indexOf('--failures');
const failuresOf = failuresAt < 0 ? undefined : /^(dev|heldout|all)$/.test(args[failuresAt + 1] ?? '') ? args[failuresAt + 1]! : 'dev';

interface Row extends ScoredDue {
  title: string;
  wordsLeft: string[];
}

function load(file: string): LabelledDue[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map(parseLabelledDue);
}

function run(items: readonly LabelledDue[]): Row[] {
  return items.map((item) => {
    const parsed = parseTaskRules(item.text, { now: new Date(item.now), timeZone: item.timeZone, locale: item.locale });
    const right = isRightDue(item.due, parsed.due);
    return { item, actual: parsed.due, right, title: parsed.title, wordsLeft: right ? dateWordsLeft(item, parsed.title) : [] };
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function line(name: string, s: DueScore, extra = ''): string {
  const cells = [name.padEnd(18), String(s.items).padStart(5), String(s.dated).padStart(6), String(s.given).padStart(6), String(s.right).padStart(6)];
  return `${cells.join(' ')}   ${pct(s.precision).padStart(7)}   ${(s.dated ? pct(s.recall) : '-').padStart(7)}${extra}`;
}

function report(file: string, rows: readonly Row[], ms: number): DueScore {
  const { byClass, overall } = scoreDues(rows);
  const left = rows.filter((r) => r.wordsLeft.length > 0).length;
  console.log(`\n${path.relative(process.cwd(), file)}   ${rows.length} items   ${(ms / rows.length).toFixed(2)} ms/item`);
  console.log(`${'class'.padEnd(18)} items  dated  given  right   precision    recall`);
  for (const [cls, s] of byClass) {
    const falseDates = cls.startsWith('neg-') ? `   (${s.given} false dates)` : '';
    console.log(line(cls, s, falseDates));
  }
  console.log(line('overall', overall, `   words left in the title: ${left} of ${overall.right}`));
  return overall;
}

function listFailures(rows: readonly Row[]): void {
  for (const r of rows) {
    if (r.right && r.wordsLeft.length === 0) continue;
    if (!r.right && r.item.due === null && r.actual === undefined) continue;
    const why = r.right ? `words left: ${r.wordsLeft.join(' ')} in "${r.title}"` : `${r.item.due ?? '-'} ≠ ${r.actual ?? '-'}`;
    console.log(`- [${r.item.class}] ${JSON.stringify(r.item.text)} @ ${r.item.now} ${r.item.timeZone}: ${why}`);
  }
}

console.log('due dates, rules tier: right = same date, and same hh:mm when the label has a time');
let heldOut: DueScore | undefined;
for (const file of sets) {
  const items = load(file);
  const started = performance.now();
  const rows = run(items);
  const overall = report(file, rows, performance.now() - started);
  const kind = path.basename(file).startsWith('heldout') ? 'heldout' : 'dev';
  if (kind === 'heldout') heldOut = overall;
  if (failuresOf === kind || failuresOf === 'all') listFailures(rows);
}
if (heldOut) {
  const ok = heldOut.precision >= 0.9 && heldOut.recall >= 0.7;
  console.log(`\nheld-out: precision ${pct(heldOut.precision)} (target >= 90%), recall ${pct(heldOut.recall)} (target >= 70%)   ${ok ? 'PASS' : 'FAIL'}`);
  process.exitCode = ok ? 0 : 1;
}
