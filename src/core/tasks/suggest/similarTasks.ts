// The existing tasks most like a new one, by BM25 over titles (the notes index's BM25 and
// analyzer: Porter stems, English stop words). A similarity is the hit's BM25 score over the best
// hit's, so the nearest task weighs 1 and the others less, whatever the query's length.

import { Bm25Index } from '../../notes/bm25';
import type { SuggestionExample } from './suggestionExamples';

export interface SimilarTask {
  example: SuggestionExample;
  /** In (0, 1]: 1 for the best match. */
  similarity: number;
}

export class SimilarTasks {
  private readonly index = new Bm25Index();
  private readonly byId = new Map<string, SuggestionExample>();

  constructor(examples: readonly SuggestionExample[]) {
    for (const e of examples) {
      if (this.byId.has(e.id)) continue;
      this.byId.set(e.id, e);
      this.index.add(e.id, e.title);
    }
  }

  /** Up to `k` tasks like `title`, best first; none when no title shares a word with it. */
  find(title: string, k: number): SimilarTask[] {
    const hits = this.index.search(title, k);
    const best = hits[0]?.score ?? 0;
    if (best <= 0) return [];
    return hits.filter((h) => h.score > 0).map((h) => ({ example: this.byId.get(h.id)!, similarity: h.score / best }));
  }
}
