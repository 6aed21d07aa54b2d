// Benchmark: the estimate suggestion (src/core/tasks/suggest/suggestEstimate.ts) on effort that
// teams really recorded, not on the written guesses of test/fixtures/task-suggestions: the story
// points of 23,313 issues from 16 open-source projects' Jira trackers, the dataset of
// Choetkiertikul et al., "A deep learning model for estimating story points" (IEEE TSE, 2018),
// github.com/SEAnalytics/datasets, folder `storypoint/IEEE TSE2018/dataset` (one CSV a project:
// issuekey, title, description, storypoint; issues in the order they were created).
//
//   LOCAL_FOCUS_STORYPOINTS=<that folder> npx tsx bench/task-estimates-storypoints.ts
//   npx tsx bench/task-estimates-storypoints.ts --dir <that folder>
//
// The data is not in this repository (it comes with no licence), so the bench is skipped, with
// the reason printed, when the folder is not given.
//
// It replays each project as a task file grows: every issue in turn is the new task, estimated
// from the WINDOW issues created before it (a task file's worth of finished tasks), by its title
// alone, as a TODO's text is all a captured task has. The estimator is the product's, untouched
// and not tuned on this data: the weighted median over the finished tasks weighted by the words
// they share (taskLikeness.ts), before rounding to a written number of minutes (points are not
// minutes; the median does not depend on the unit). The baseline in the same run is the median
// of the same window, whatever the title says: the "Median" baseline of the story-point
// literature. Printed per project: the mean and median absolute error of each, and over all
// issues how often each was the closer. The estimate beats the baseline when its mean absolute
// error, averaged over the projects, is lower and it is lower in most projects; the exit status
// is 1 when it does not.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { median } from '../src/core/tasks/suggest/suggestionAccuracy';
import { unroundedEstimate, type FinishedTask } from '../src/core/tasks/suggest/suggestEstimate';
import { taskTerms } from '../src/core/tasks/suggest/taskLikeness';
import { csvRows } from './csvRows';

/** Finished tasks an estimate is made from: about a task file's worth. */
const WINDOW = 300;
/** Issues at a project's start with too few before them to estimate from; not scored. */
const WARM_UP = 20;

const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
const dir = dirArg >= 0 ? args[dirArg + 1] : process.env.LOCAL_FOCUS_STORYPOINTS;

interface Issue {
  finished: FinishedTask;
  points: number;
}

function readProject(file: string): Issue[] {
  const [header, ...rows] = csvRows(fs.readFileSync(file, 'utf8'));
  const title = header?.indexOf('title') ?? -1;
  const points = header?.indexOf('storypoint') ?? -1;
  if (title < 0 || points < 0) throw new Error(`${file}: no "title" and "storypoint" columns; is this the storypoint dataset's folder?`);
  return rows.flatMap((r) => {
    const p = Number(r[points]);
    return r[title] && p > 0 ? [{ finished: { terms: taskTerms(r[title]!), minutes: p }, points: p }] : [];
  });
}

interface ProjectScore {
  name: string;
  issues: number;
  ours: number[];
  base: number[];
}

function replay(name: string, issues: readonly Issue[]): ProjectScore {
  const score: ProjectScore = { name, issues: 0, ours: [], base: [] };
  for (let i = WARM_UP; i < issues.length; i++) {
    const before = issues.slice(Math.max(0, i - WINDOW), i);
    const issue = issues[i]!;
    const estimate = unroundedEstimate(issue.finished.terms, before.map((b) => b.finished))!.minutes;
    score.ours.push(Math.abs(estimate - issue.points));
    score.base.push(Math.abs(median(before.map((b) => b.points)) - issue.points));
    score.issues++;
  }
  return score;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function main(): void {
  if (!dir) {
    console.log('task-estimates-storypoints: skipped. Give the story-point dataset\'s folder (SEAnalytics/datasets, "storypoint/IEEE TSE2018/dataset") with --dir or LOCAL_FOCUS_STORYPOINTS.');
    return;
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
  if (files.length === 0) throw new Error(`${dir} holds no .csv files; give the dataset's "storypoint/IEEE TSE2018/dataset" folder.`);
  console.log(`Story points, each issue estimated from the ${WINDOW} before it, by its title (mean / median absolute error in points)\n`);
  console.log(`  ${'project'.padEnd(20)} ${'issues'.padStart(6)}   ${'estimate'.padStart(13)}   ${'baseline'.padStart(13)}`);
  const scores = files.map((f) => replay(path.basename(f, '.csv'), readProject(path.join(dir, f))));
  let closer = 0;
  let fartherOff = 0;
  for (const s of scores) {
    const cell = (e: number[]): string => `${mean(e).toFixed(2).padStart(6)} / ${median(e).toFixed(1).padStart(4)}`;
    console.log(`  ${s.name.padEnd(20)} ${String(s.issues).padStart(6)}   ${cell(s.ours)}   ${cell(s.base)}${mean(s.ours) < mean(s.base) ? '' : '   (not lower)'}`);
    s.ours.forEach((e, i) => (e < s.base[i]! ? closer++ : e > s.base[i]! ? fartherOff++ : 0));
  }
  const issues = scores.reduce((n, s) => n + s.issues, 0);
  const ours = mean(scores.map((s) => mean(s.ours)));
  const base = mean(scores.map((s) => mean(s.base)));
  const lowerIn = scores.filter((s) => mean(s.ours) < mean(s.base)).length;
  console.log(`\n  mean absolute error averaged over the ${scores.length} projects: estimate ${ours.toFixed(2)}, baseline ${base.toFixed(2)}; lower in ${lowerIn} of ${scores.length} projects`);
  console.log(`  over all ${issues} issues: the estimate was closer on ${closer}, the baseline on ${fartherOff}, the same on ${issues - closer - fartherOff}`);
  const beaten = ours < base && lowerIn > scores.length / 2;
  console.log(`  beats the baseline: ${beaten ? 'yes' : 'NO'}`);
  process.exitCode = beaten ? 0 : 1;
}

main();
