// The places where a TODO tag may stand in one text, as a cursor that moves forward with the
// comment walk: most comments hold none and are skipped whole, and the walk stops after the last.

import { isTagBoundary, type CompiledTags, type TagForm } from './todoTags';

const CH_LPAREN = 40;
const CH_COLON = 58;
const CH_AT = 64;

export class TagCursor {
  /** Index of the first candidate not yet behind the walk. */
  private cand = 0;

  constructor(
    private readonly text: string,
    private readonly tags: CompiledTags,
    private readonly candidates: readonly number[],
  ) {}

  /** Offset of the last candidate: nothing after it can be a TODO. */
  get last(): number {
    return this.candidates[this.candidates.length - 1]!;
  }

  /** Whether a candidate offset lies in [from, to). */
  hasIn(from: number, to: number): boolean {
    const cands = this.candidates;
    while (this.cand < cands.length && cands[this.cand]! < from) this.cand++;
    return this.cand < cands.length && cands[this.cand]! < to;
  }

  /** The first candidate in [from, to) that stands as a TODO tag, moving the cursor up to `from`. */
  nextIn(from: number, to: number, contentStart: number): { at: number; form: TagForm } | undefined {
    const cands = this.candidates;
    while (this.cand < cands.length && cands[this.cand]! < from) this.cand++;
    for (let k = this.cand; k < cands.length; k++) {
      const at = cands[k]!;
      if (at >= to) break;
      const form = this.tagAt(at, to, contentStart);
      if (form) return { at, form };
    }
    return undefined;
  }

  /** The tag form that starts at `j` if it stands as a TODO tag there: first thing in the comment
   *  line (`@TODO` too), or anywhere when followed by `:` or `(`. */
  tagAt(j: number, segEnd: number, contentStart: number): TagForm | undefined {
    const { text } = this;
    const forms = this.tags.byFirst.get(text.charCodeAt(j));
    if (!forms) return undefined;
    const prev = j > 0 ? text.charCodeAt(j - 1) : -1;
    for (const form of forms) {
      if (!text.startsWith(form.text, j)) continue;
      const after = j + form.text.length;
      const next = after < segEnd ? text.charCodeAt(after) : -1;
      if (!isTagBoundary(prev, next, after + 1 < segEnd ? text.charCodeAt(after + 1) : -1)) continue;
      const atStart = j === contentStart || (prev === CH_AT && j - 1 === contentStart);
      if (atStart || next === CH_COLON || next === CH_LPAREN) return form;
    }
    return undefined;
  }
}
