// Merging the dense and keyword rankings, and keeping one hit per note section.
//
// Reciprocal rank fusion is the default because it needs no score calibration: BM25 scores are
// unbounded and corpus-dependent, cosine scores cluster in a narrow band per model, so a weighted
// sum of raw scores would need re-tuning for every workspace. The weighted sum is here for
// benchmarks that want to tune one on labelled data.

export interface ScoredId {
  id: string;
  score: number;
}

export interface FusedHit {
  id: string;
  score: number;
  /** 1-based rank in each input list, undefined where the list did not return the id. */
  ranks: (number | undefined)[];
}

export interface RrfOptions {
  /** The rank offset; 60 is the value from Cormack et al. (2009) that most systems use. */
  k?: number;
  /** One weight per list (default 1 each). */
  weights?: readonly number[];
}

function sortFused(hits: FusedHit[]): FusedHit[] {
  const bestRank = (h: FusedHit): number => Math.min(...h.ranks.map((r) => r ?? Infinity));
  return hits.sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** score(id) = Σ weight_i / (k + rank_i(id)); ids missing from a list get nothing from it. */
export function reciprocalRankFusion(lists: readonly (readonly ScoredId[])[], options: RrfOptions = {}): FusedHit[] {
  const k = options.k ?? 60;
  const fused = new Map<string, FusedHit>();
  lists.forEach((list, listIndex) => {
    const weight = options.weights?.[listIndex] ?? 1;
    const seen = new Set<string>();
    let rank = 0;
    for (const { id } of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      rank++;
      let hit = fused.get(id);
      if (!hit) {
        hit = { id, score: 0, ranks: lists.map(() => undefined) };
        fused.set(id, hit);
      }
      hit.ranks[listIndex] = rank;
      hit.score += weight / (k + rank);
    }
  });
  return sortFused([...fused.values()]);
}

/**
 * score(id) = Σ weight_i · minmax_i(score), each list's scores scaled to [0, 1] over that list;
 * ids missing from a list get 0 from it.
 */
export function weightedScoreFusion(lists: readonly (readonly ScoredId[])[], weights: readonly number[]): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  lists.forEach((list, listIndex) => {
    if (list.length === 0) return;
    const weight = weights[listIndex] ?? 1;
    let min = Infinity;
    let max = -Infinity;
    for (const { score } of list) {
      if (score < min) min = score;
      if (score > max) max = score;
    }
    const span = max - min;
    list.forEach(({ id, score }, position) => {
      let hit = fused.get(id);
      if (!hit) {
        hit = { id, score: 0, ranks: lists.map(() => undefined) };
        fused.set(id, hit);
      }
      if (hit.ranks[listIndex] !== undefined) return;
      hit.ranks[listIndex] = position + 1;
      hit.score += weight * (span > 0 ? (score - min) / span : 1);
    });
  });
  return sortFused([...fused.values()]);
}

/** Keeps the first (best) hit of each section, in order; `limit` stops early. */
export function onePerSection<T>(hits: readonly T[], sectionOf: (hit: T) => string, limit = Infinity): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const hit of hits) {
    if (out.length >= limit) break;
    const key = sectionOf(hit);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(hit);
  }
  return out;
}

/** The section key the index uses: file plus heading path. */
export function sectionKey(hit: { file: string; headingPath: readonly string[] }): string {
  return `${hit.file}\u0000${hit.headingPath.join('\u001f')}`;
}
