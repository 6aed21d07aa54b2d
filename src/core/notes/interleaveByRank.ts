// Results of several note indexes (workspace folders, notes folders) as one list, for the editor's
// quick pick and the CLI alike.

/**
 * One list from each folder's ranked results: scores of different indexes do not compare (BM25
 * depends on the collection), ranks do, so the folders take turns by rank.
 */
export function interleaveByRank<T>(lists: readonly (readonly T[])[], limit = Infinity): T[] {
  const out: T[] = [];
  for (let rank = 0; out.length < limit && lists.some((l) => rank < l.length); rank++) {
    for (const list of lists) {
      if (rank < list.length && out.length < limit) out.push(list[rank]!);
    }
  }
  return out;
}
