// An estimate for a new task from what the finished tasks took (taskDuration.ts): the weighted
// median of their minutes, each task weighted by what it has in common with the new one
// (taskLikeness.ts) plus FILE_PRIOR_WEIGHT, so every finished task counts a little. A median,
// not a mean, because one task that ran for days must not drag the estimate, and the figure is
// then one that a similar task really took ("like 12 similar finished tasks"). Tasks that share
// nothing with the new one only fill in: with few alike, the usual size of the file's tasks pulls
// the estimate toward it; with none alike the estimate is the file's median. With no finished
// task there is no estimate. The figure is rounded to a step one would write (roundEstimate).

import { sharedWeight, type TaskTerms } from './taskLikeness';

export interface EstimateSuggestion {
  minutes: number;
  /** 'similar': from finished tasks like this one; 'all': the median of every finished task. */
  basis: 'similar' | 'all';
  /** How many finished tasks it came from (those alike for 'similar'). */
  tasks: number;
}

export interface FinishedTask {
  terms: TaskTerms;
  minutes: number;
}

/** Every finished task's weight beside one shared word (1). Tuned on the dev set. */
export const FILE_PRIOR_WEIGHT = 1 / 30;

export function suggestEstimate(task: TaskTerms, finished: readonly FinishedTask[]): EstimateSuggestion | undefined {
  const estimate = unroundedEstimate(task, finished);
  return estimate && { ...estimate, minutes: roundEstimate(estimate.minutes) };
}

/**
 * The weighted median itself, before rounding to a written step. It does not depend on the unit
 * of the finished tasks' figures, so bench/task-estimates-storypoints.ts gives it story points.
 */
export function unroundedEstimate(task: TaskTerms, finished: readonly FinishedTask[]): EstimateSuggestion | undefined {
  if (finished.length === 0) return undefined;
  const weighted = finished.map((f) => ({ value: f.minutes, shared: sharedWeight(task, f.terms) }));
  const alike = weighted.filter((w) => w.shared > 0).length;
  const minutes = weightedMedian(weighted.map((w) => ({ value: w.value, weight: FILE_PRIOR_WEIGHT + w.shared })));
  return alike ? { minutes, basis: 'similar', tasks: alike } : { minutes, basis: 'all', tasks: finished.length };
}

/** The value at which half the weight lies on each side (the lower one on an exact split). */
export function weightedMedian(items: readonly { value: number; weight: number }[]): number {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  const half = sorted.reduce((sum, i) => sum + i.weight, 0) / 2;
  let seen = 0;
  for (const i of sorted) {
    seen += i.weight;
    if (seen >= half) return i.value;
  }
  return sorted[sorted.length - 1]?.value ?? 0;
}

/** 5-minute steps up to an hour, quarter hours up to 4 hours, half hours up to a working day, then hours. */
export function roundEstimate(minutes: number): number {
  const step = minutes <= 60 ? 5 : minutes <= 240 ? 15 : minutes <= 480 ? 30 : 60;
  return Math.max(step, Math.round(minutes / step) * step);
}
