// Rewrites of a text that the date rules read instead of it, each with a map from the rewrite's
// offsets back to the text's, so that the span of a date found in the rewrite is the span of the
// words the user wrote.

import { correctTypo } from '../fuzzy';

const DATE_WORDS = ['tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ABBREVIATIONS: Partial<Record<string, string>> = {
  tmrw: 'tomorrow', tmr: 'tomorrow', tmw: 'tomorrow', tmrow: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow',
  nxt: 'next', tdy: 'today', tues: 'tuesday', weds: 'wednesday', thur: 'thursday', thurs: 'thursday',
};

export interface MappedText {
  text: string;
  /** The offset in the original text of an offset in `text`. */
  toOriginal: (i: number) => number;
}

/** The text with typos and abbreviations of date words written out. */
export function fixTypos(text: string): MappedText {
  const pieces: string[] = [];
  const map: number[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0];
    const lower = word.toLowerCase();
    let fixed: string | undefined = ABBREVIATIONS[lower];
    // "Fridays" is a plural, not a typo of "friday": the plural is a habit, and must not become a date.
    const plural = lower.endsWith('s') && DATE_WORDS.includes(lower.slice(0, -1));
    if (!fixed && !plural && /^\p{L}+$/u.test(word) && word.length >= 5 && !DATE_WORDS.includes(lower)) fixed = correctTypo(lower, DATE_WORDS);
    if (!fixed || fixed === lower) continue;
    const start = m.index!;
    pieces.push(text.slice(last, start));
    for (let k = last; k < start; k++) map.push(k);
    pieces.push(fixed);
    for (let k = 0; k < fixed.length; k++) map.push(k === 0 ? start : start + Math.min(word.length, k));
    last = start + word.length;
  }
  if (pieces.length === 0) return { text, toOriginal: (i) => i };
  pieces.push(text.slice(last));
  for (let k = last; k <= text.length; k++) map.push(k);
  return { text: pieces.join(''), toOriginal: (i) => (i >= map.length ? text.length : map[i]!) };
}

/**
 * The text with every run of spaces cut to two. The rules blank code spans, paths and consumed
 * markers to spaces, and some of chrono's patterns (its Spanish casual parser) backtrack
 * polynomially over a long run of them: "10" followed by 320 spaces took a second, 640 spaces
 * sixteen. Two spaces read the same to every pattern.
 */
export function squeezeSpaces(text: string): MappedText {
  if (!text.includes('   ')) return { text, toOriginal: (i) => i };
  const map: number[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/ {3,}/g)) {
    const start = m.index!;
    out += text.slice(last, start + 2);
    for (let k = last; k < start + 2; k++) map.push(k);
    last = start + m[0].length;
  }
  out += text.slice(last);
  for (let k = last; k < text.length; k++) map.push(k);
  return { text: out, toOriginal: (i) => map[i] ?? text.length };
}
