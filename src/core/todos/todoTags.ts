// The configured TODO tags: compiled once per tag list, found in a text with indexOf before any
// lexing, and tested for standing as whole words.

import { isWordCode } from '../lexing/delimiters';

// Under tsx (tests, benches) every use of an imported binding is a getter call; the candidate
// search below calls a local alias instead.
const isWord = isWordCode;

export interface TagForm {
  text: string;
  tag: string;
}

export interface CompiledTags {
  byFirst: Map<number, TagForm[]>;
  /** The tags, longest first, for the candidate search. */
  probes: string[];
}

const compiledTagSets = new Map<string, CompiledTags>();

export function compileTags(tags: readonly string[]): CompiledTags {
  const key = tags.join('\u0000');
  const cached = compiledTagSets.get(key);
  if (cached) return cached;
  const byFirst = new Map<number, TagForm[]>();
  const probes: string[] = [];
  for (const tag of tags) {
    if (!tag || probes.includes(tag)) continue;
    probes.push(tag);
    const c = tag.charCodeAt(0);
    const list = byFirst.get(c) ?? [];
    list.push({ text: tag, tag });
    byFirst.set(c, list);
  }
  // Longer tags first so that a tag that prefixes another (BUG, BUGFIX) cannot shadow it.
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  probes.sort((a, b) => b.length - a.length);
  const compiled = { byFirst, probes };
  compiledTagSets.set(key, compiled);
  return compiled;
}

/** Whether a tag found between `prev` and `next` (char or byte codes, -1 at the edges) stands as a
 *  whole word: `DEBUG`, `TODOS`, `TODO_LIST` and `TODO-list` do not. */
export function isTagBoundary(prev: number, next: number, nextNext: number): boolean {
  if (prev >= 0 && isWord(prev)) return false;
  if (next >= 0 && isWord(next)) return false;
  if (next === 45 && nextNext >= 0 && isWord(nextNext)) return false;
  return true;
}

/** Offsets where a tag stands as a word anywhere in the text, sorted; the comment walk only looks there. */
export function tagCandidates(text: string, probes: readonly string[]): number[] {
  const out: number[] = [];
  const n = text.length;
  for (const probe of probes) {
    let p = text.indexOf(probe);
    while (p >= 0) {
      const e = p + probe.length;
      // Distinct tags cannot both stand as words at one offset, so no duplicates arise here.
      if (isTagBoundary(p > 0 ? text.charCodeAt(p - 1) : -1, e < n ? text.charCodeAt(e) : -1, e + 1 < n ? text.charCodeAt(e + 1) : -1)) out.push(p);
      p = text.indexOf(probe, e);
    }
  }
  return out.sort((a, b) => a - b);
}
