// The [n] citations of a model's answer, checked against the passages it was given: a number
// outside 1..k cites nothing the user can open, so it is taken out of the text and reported, never
// shown as a link. "[1, 3]" and "[1][3]" both cite 1 and 3; "[1-3]" is not a citation form the
// prompt asks for and is left as text.

export interface CitedAnswer {
  /** The answer with each out-of-range citation removed (a group keeps its valid numbers). */
  text: string;
  /** The passage numbers cited, each once, in the order they first appear. */
  cited: number[];
  /** Numbers that were cited but name no passage, each once. */
  removed: number[];
}

/** "[1]", "[2, 3]", "[4 ,5]": one citation group. */
const CITATION_GROUP = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]/g;

export function validateCitations(answer: string, passageCount: number): CitedAnswer {
  const cited: number[] = [];
  const removed: number[] = [];
  const replaced = answer.replace(CITATION_GROUP, (_group, list: string) => {
    const numbers = list.split(',').map((s) => Number(s.trim()));
    const valid = numbers.filter((n) => Number.isInteger(n) && n >= 1 && n <= passageCount);
    for (const n of numbers) {
      const into = valid.includes(n) ? cited : removed;
      if (!into.includes(n)) into.push(n);
    }
    return valid.length > 0 ? `[${[...new Set(valid)].join(', ')}]` : '';
  });
  // A removed citation leaves "claim ." or a double space behind; an answer with none is left as written.
  const text = removed.length === 0 ? answer.trim() : replaced.replace(/[ \t]+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ').trim();
  return { text, cited, removed };
}

/** One piece of an answer for display: text, or a citation of passage n. */
export type AnswerPart = { text: string } | { cite: number };

/** The answer split into text and single citations, for front ends that link each [n]. */
export function answerParts(answer: string): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let at = 0;
  for (const m of answer.matchAll(CITATION_GROUP)) {
    if (m.index > at) parts.push({ text: answer.slice(at, m.index) });
    for (const n of m[1]!.split(',').map((s) => Number(s.trim()))) parts.push({ cite: n });
    at = m.index + m[0].length;
  }
  if (at < answer.length) parts.push({ text: answer.slice(at) });
  return parts;
}
