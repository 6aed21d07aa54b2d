// An estimate for a new task from what similar finished tasks took (taskDuration.ts): the
// geometric mean of their minutes, each weighted by its similarity, so the nearest task counts
// most and durations are compared as ratios (30 minutes against an hour is as far off as a day
// against two). The task file's median duration joins with the weight of half a nearest task
// (FILE_MEDIAN_WEIGHT): a task like only one or two odd ones is pulled toward the usual size, and
// a task like none gets the median. With no finished task there is no estimate. The figure is
// rounded to a step one would write (roundEstimate).

import type { SimilarTask } from './similarTasks';

export interface EstimateSuggestion {
  minutes: number;
  /** 'similar': from similar finished tasks; 'all': the median of every finished task. */
  basis: 'similar' | 'all';
  /** How many finished tasks it came from. */
  tasks: number;
}

/** The file median's weight beside the nearest similar task's (1). Tuned on the dev set. */
export const FILE_MEDIAN_WEIGHT = 0.5;

export function suggestEstimate(similar: readonly SimilarTask[], allMinutes: readonly number[]): EstimateSuggestion | undefined {
  if (allMinutes.length === 0) return undefined;
  const fileMedian = weightedMedian(allMinutes.map((value) => ({ value, weight: 1 })));
  const done = similar.filter((s) => s.example.minutes !== undefined);
  if (done.length === 0) return { minutes: roundEstimate(fileMedian), basis: 'all', tasks: allMinutes.length };
  let logSum = FILE_MEDIAN_WEIGHT * Math.log(fileMedian);
  let weights = FILE_MEDIAN_WEIGHT;
  for (const s of done) {
    logSum += s.similarity * Math.log(s.example.minutes!);
    weights += s.similarity;
  }
  return { minutes: roundEstimate(Math.exp(logSum / weights)), basis: 'similar', tasks: done.length };
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
