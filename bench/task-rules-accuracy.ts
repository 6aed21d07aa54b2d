// Benchmark: per-field accuracy of the rules tier (degraded) on the hand-labelled dev set.
//
//   npx tsx bench/task-rules-accuracy.ts [--devset PATH] [--failures]
//
// Labelling conventions of test/fixtures/todo-devset.jsonl (written by hand, not by the parser):
// - due is the local wall time in the item's timeZone: YYYY-MM-DD, or YYYY-MM-DDTHH:mm with a time;
//   "next week" = Monday of next week; EOD/COB = 17:00 that day; "end of week"/EOW = Friday of this week; "end of month" =
//   its last day; "next month" = its 1st; "next <weekday>" = that weekday of next week; "morning" =
//   09:00; dates without a year = their next occurrence; US month/day for "12/01", day.month. in German.
// - priority: `!!!`/p0/p1/urgent/asap/critical/blocker/important = high, `!!`/p2 = medium,
//   `!`/p3/"nice to have"/"someday" = low; explicit markers are removed from the title, an
//   adjective mid-sentence ("fix the critical bug") sets the priority and stays in the title.
// - tags without `#`, assignee without `@` (`TODO(name)` counts), estimate in minutes (1d = 8h).
// - title: what a person would write as the task, markers and the words introducing them removed.
// Targets for the rules tier: due ≥ 90% exact, priority ≥ 95%, title token-F1 ≥ 0.9.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLabelledTodo, scoreFields, summarize, type FieldScores } from '../src/core/tasks/parseAccuracy';
import { parseTaskRules } from '../src/core/tasks/parseTaskRules';
import type { TaskFields } from '../src/core/tasks/task';

const args = process.argv.slice(2);
const devsetPath = args.includes('--devset') ? args[args.indexOf('--devset') + 1]! : path.resolve(__dirname, '..', 'test', 'fixtures', 'todo-devset.jsonl');
const showFailures = args.includes('--failures');

const items = fs
  .readFileSync(devsetPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map(parseLabelledTodo);

const rows: { text: string; expected: TaskFields; actual: TaskFields; scores: FieldScores }[] = [];
const started = performance.now();
for (const item of items) {
  const actual = parseTaskRules(item.text, { now: new Date(item.now), timeZone: item.timeZone });
  rows.push({ text: item.text, expected: item.expected, actual, scores: scoreFields(item.expected, actual) });
}
const ms = performance.now() - started;
const r = summarize(rows);

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
console.log(`tier: rules (degraded)   dev set: ${path.relative(process.cwd(), devsetPath)}   items: ${r.items}   ${(ms / r.items).toFixed(2)} ms/item`);
console.log(`due exact        ${pct(r.due).padStart(7)}   target >= 90%    ${verdict(r.due >= 0.9)}   (items with a labelled due: ${pct(r.dueWhereLabelled)})`);
console.log(`priority         ${pct(r.priority).padStart(7)}   target >= 95%    ${verdict(r.priority >= 0.95)}`);
console.log(`title token-F1   ${r.titleF1.toFixed(3).padStart(7)}   target >= 0.9    ${verdict(r.titleF1 >= 0.9)}`);
console.log(`tags             ${pct(r.tags).padStart(7)}`);
console.log(`assignee         ${pct(r.assignee).padStart(7)}`);
console.log(`estimate         ${pct(r.estimate).padStart(7)}`);

const failures = rows.filter((x) => !x.scores.due || !x.scores.priority || !x.scores.tags || !x.scores.assignee || !x.scores.estimate || x.scores.titleF1 < 1);
if (showFailures) {
  for (const f of failures) {
    const diffs: string[] = [];
    const s = f.scores;
    if (!s.due) diffs.push(`due ${f.expected.due ?? '-'} ≠ ${f.actual.due ?? '-'}`);
    if (!s.priority) diffs.push(`priority ${f.expected.priority ?? '-'} ≠ ${f.actual.priority ?? '-'}`);
    if (!s.tags) diffs.push(`tags [${f.expected.tags}] ≠ [${f.actual.tags}]`);
    if (!s.assignee) diffs.push(`assignee ${f.expected.assignee ?? '-'} ≠ ${f.actual.assignee ?? '-'}`);
    if (!s.estimate) diffs.push(`estimate ${f.expected.estimateMinutes ?? '-'} ≠ ${f.actual.estimateMinutes ?? '-'}`);
    if (s.titleF1 < 1) diffs.push(`title "${f.expected.title}" ≠ "${f.actual.title}" (F1 ${s.titleF1.toFixed(2)})`);
    console.log(`- ${JSON.stringify(f.text)}: ${diffs.join('; ')}`);
  }
} else if (failures.length > 0) {
  console.log(`${failures.length} items differ in some field; --failures lists them`);
}
process.exitCode = r.due >= 0.9 && r.priority >= 0.95 && r.titleF1 >= 0.9 ? 0 : 1;
