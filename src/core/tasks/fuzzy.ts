// Typo tolerance for the few words the rules care about ("tomorow", "wendesday", "urgnet").

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring),
 *  giving up early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Edits a word of this length may carry and still count as a typo of a known word. */
export function typoBudget(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** The vocabulary word `word` most likely misspells, if it is close enough; exact words return themselves. */
export function correctTypo(word: string, vocabulary: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (vocabulary.includes(w)) return w;
  const budget = typoBudget(w.length);
  if (budget === 0) return undefined;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const v of vocabulary) {
    // The first letter is almost never the typo; requiring it keeps "monday" from matching "sunday".
    if (v[0] !== w[0]) continue;
    const d = editDistance(w, v, budget);
    if (d < bestDistance) {
      bestDistance = d;
      best = v;
    }
  }
  return best;
}
