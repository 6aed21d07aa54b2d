// A one-line excerpt of a chunk around the words that matched, with their positions so each
// front end marks them its own way (quick pick highlights, ** in the terminal, <mark> in HTML).
// Words match when they analyse to the same term as a query word, so "indexing" marks "indexed".

import { analyzeWithOffsets, type AnalyzerOptions } from './analyzer';

export interface Snippet {
  text: string;
  /** [start, end) offsets into `text` of each matched word, in order, not overlapping. */
  highlights: Array<[number, number]>;
}

export interface SnippetOptions {
  /** Longest snippet in characters, ellipses included (default 200). */
  maxChars?: number;
  /** Must be the analyzer the search used, so the same words match. */
  analyzer?: AnalyzerOptions;
}

const ELLIPSIS = '…';

export function makeSnippet(text: string, query: string, options: SnippetOptions = {}): Snippet {
  const maxChars = Math.max(20, options.maxChars ?? 200);
  const flat = text.replace(/\s+/g, ' ').trim();
  const queryTerms = new Set(analyzeWithOffsets(query, options.analyzer).map((t) => t.term));
  const matches = analyzeWithOffsets(flat, options.analyzer).filter((t) => queryTerms.has(t.term));

  if (flat.length <= maxChars) return { text: flat, highlights: mergeRanges(matches.map((m) => [m.start, m.end])) };

  // The window holding the most distinct query terms; the earliest one among equals.
  const budget = maxChars - 2 * ELLIPSIS.length;
  let bestStart = 0;
  let bestCount = 0;
  for (let i = 0; i < matches.length; i++) {
    const terms = new Set<string>();
    for (let j = i; j < matches.length && matches[j].end - matches[i].start <= budget; j++) terms.add(matches[j].term);
    if (terms.size > bestCount) {
      bestCount = terms.size;
      bestStart = matches[i].start;
    }
  }

  // Some words of context before the first match, cut at a word boundary.
  let start = bestCount > 0 ? Math.max(0, bestStart - Math.floor(budget / 5)) : 0;
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space >= 0 && space < bestStart ? space + 1 : bestStart;
  }
  let end = Math.min(flat.length, start + budget);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const prefix = start > 0 ? ELLIPSIS : '';
  const suffix = end < flat.length ? ELLIPSIS : '';
  const shift = prefix.length - start;
  const highlights = matches
    .filter((m) => m.start >= start && m.end <= end)
    .map((m): [number, number] => [m.start + shift, m.end + shift]);
  return { text: prefix + flat.slice(start, end).trimEnd() + suffix, highlights: mergeRanges(highlights) };
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of ranges) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The snippet with each highlight wrapped, e.g. in ** for a terminal or <mark> for HTML. */
export function markSnippet(snippet: Snippet, open = '**', close = '**'): string {
  let out = '';
  let at = 0;
  for (const [s, e] of snippet.highlights) {
    out += snippet.text.slice(at, s) + open + snippet.text.slice(s, e) + close;
    at = e;
  }
  return out + snippet.text.slice(at);
}
