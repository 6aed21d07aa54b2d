// Benchmark: tag and estimate suggestions for a task being captured (src/core/tasks/suggest/),
// leave-one-out over hand-labelled tasks: each task in turn is the new one, and the set's other
// tasks are the task file it is suggested from (its tags, and its minutes as the finished tasks'
// recorded durations).
//
//   npx tsx bench/task-suggestions.ts [--set PATH ...]
//
// The sets: test/fixtures/task-suggestions/README.md (dev tuned on, held-out never). Printed per
// set, for the suggester and for the baseline in the same run:
// - tag precision@3 and recall@3 (suggestionAccuracy.ts);
// - the estimate's median and mean absolute error in minutes.
// The baseline suggests the three most used tags of the task file and the median of all its
// durations, whatever the task says. The tags beat the baseline when their precision and recall
// are higher; the estimate, when its median error is lower (the mean error is printed beside it,
// not judged). Both verdicts are printed. The exit status is 1 when the tags do not beat it on the
// held-out set: these sets' minutes are written guesses, not recorded durations, so the estimate
// is judged on recorded effort by bench/task-estimates-storypoints.ts, and here it is shown only.
// A task is given by its title alone: its labelled tags are what the tag suggestions are scored
// on, so the estimate does not see them either.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, parseLabelledTasks, scoreSuggestions, type LabelledTask, type ScoredSuggestion, type SuggestionScore } from '../src/core/tasks/suggest/suggestionAccuracy';
import { roundEstimate } from '../src/core/tasks/suggest/suggestEstimate';
import { tagUsage } from '../src/core/tasks/suggest/suggestionExamples';
import { SUGGESTED_TAGS, TaskSuggester } from '../src/core/tasks/suggest/taskSuggester';

const args = process.argv.slice(2);
const FIXTURES = path.resolve(__dirname, '..', 'test', 'fixtures', 'task-suggestions');
const named = args.flatMap((a, i) => (a === '--set' && args[i + 1] ? [path.resolve(args[i + 1]!)] : []));
const sets = named.length > 0 ? named : [path.join(FIXTURES, 'dev.txt'), path.join(FIXTURES, 'heldout.txt')];

function leaveOneOut(tasks: readonly LabelledTask[]): { suggester: ScoredSuggestion[]; baseline: ScoredSuggestion[] } {
  const suggester: ScoredSuggestion[] = [];
  const baseline: ScoredSuggestion[] = [];
  for (const task of tasks) {
    const others = tasks.filter((t) => t !== task);
    const label = { labelTags: task.tags, labelMinutes: task.minutes };
    const s = new TaskSuggester(others).suggest({ title: task.title });
    suggester.push({ ...label, suggestedTags: s.tags.map((t) => t.tag), ...(s.estimate ? { suggestedMinutes: s.estimate.minutes } : {}) });
    const mostUsed = [...tagUsage(others).keys()].slice(0, SUGGESTED_TAGS);
    baseline.push({ ...label, suggestedTags: mostUsed, suggestedMinutes: roundEstimate(median(others.map((t) => t.minutes))) });
  }
  return { suggester, baseline };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

function line(name: string, s: SuggestionScore): string {
  const minutes = (x: number): string => `${x.toFixed(1).padStart(6)} min`;
  return `  ${name.padEnd(10)} ${pct(s.precision)} ${pct(s.recall)}   ${minutes(s.medianAbsError)}  ${minutes(s.meanAbsError)}   (${s.estimated}/${s.tasks} estimated)`;
}

let heldOutTagsBeat = true;
for (const file of sets) {
  const tasks = parseLabelledTasks(fs.readFileSync(file, 'utf8'), `${path.basename(file)}:`);
  const started = process.cpuUsage();
  const rows = leaveOneOut(tasks);
  const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
  const ours = scoreSuggestions(rows.suggester);
  const base = scoreSuggestions(rows.baseline);
  console.log(`${path.basename(file)}: ${tasks.length} tasks, leave-one-out (${cpuMs.toFixed(0)} ms CPU)`);
  console.log(`  ${''.padEnd(10)} ${'P@3'.padStart(7)} ${'R@3'.padStart(7)}   estimate error: median, mean`);
  console.log(line('suggester', ours));
  console.log(line('baseline', base));
  const tagsBeat = ours.precision > base.precision && ours.recall > base.recall;
  const estimateBeats = ours.medianAbsError < base.medianAbsError;
  console.log(`  tags beat the baseline: ${tagsBeat ? 'yes' : 'NO'}; the estimate: ${estimateBeats ? 'yes' : 'no'} (written minutes; recorded effort: bench/task-estimates-storypoints.ts)\n`);
  if (/heldout/.test(path.basename(file))) heldOutTagsBeat &&= tagsBeat;
}
process.exitCode = heldOutTagsBeat ? 0 : 1;
