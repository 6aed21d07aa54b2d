// Retrieval metrics as BEIR reports them (pytrec_eval / trec_eval definitions), so our figures sit
// beside the published ones: nDCG@k with linear gain rel / log2(rank + 1), the ideal ranking built
// from all judged documents; Recall@k over documents judged relevant (> 0).

/** Judged documents of one query: document id → graded relevance (0 = judged not relevant). */
export type Judgements = ReadonlyMap<string, number>;

export function dcgAtK(gains: readonly number[], k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) dcg += gains[i] / Math.log2(i + 2);
  return dcg;
}

/** nDCG@k of a ranked list of document ids; 0 when the query has no relevant document. */
export function ndcgAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  const ideal = [...judgements.values()].filter((r) => r > 0).sort((a, b) => b - a);
  const idcg = dcgAtK(ideal, k);
  if (idcg === 0) return 0;
  const gains = ranked.slice(0, k).map((id) => Math.max(0, judgements.get(id) ?? 0));
  return dcgAtK(gains, k) / idcg;
}

/** Share of the relevant documents found in the first k; 0 when none is relevant. */
export function recallAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  let relevant = 0;
  for (const r of judgements.values()) if (r > 0) relevant++;
  if (relevant === 0) return 0;
  const seen = new Set<string>();
  let found = 0;
  for (const id of ranked.slice(0, k)) {
    if (seen.has(id)) continue;
    seen.add(id);
    if ((judgements.get(id) ?? 0) > 0) found++;
  }
  return found / relevant;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
