// The k best-scoring ids of a keyword search, kept in a bounded min-heap as the scores come.

/** A bounded min-heap keeping the k highest scores; ties keep the earlier offer. */
export class TopK {
  private ids: string[] = [];
  private scores: number[] = [];
  constructor(private readonly k: number) {}

  wouldAccept(score: number): boolean {
    return this.ids.length < this.k || score > this.scores[0];
  }

  offer(id: string, score: number): void {
    if (this.ids.length < this.k) {
      this.ids.push(id);
      this.scores.push(score);
      this.siftUp(this.ids.length - 1);
    } else if (score > this.scores[0]) {
      this.ids[0] = id;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  sorted(): Array<{ id: string; score: number }> {
    return this.ids
      .map((id, i) => ({ id, score: this.scores[i] }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent] <= this.scores[i]) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.scores[l] < this.scores[smallest]) smallest = l;
      if (r < n && this.scores[r] < this.scores[smallest]) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
  }
}
