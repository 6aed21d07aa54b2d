// Turns text into the terms BM25 and the snippet maker compare. Close to Lucene's EnglishAnalyzer
// (UAX#29-like words, possessive "'s" dropped, its 33 stop words, Porter stemming), because the
// published SciFact BM25 figure we compare against was measured with that analysis. Scripts
// written without spaces (Han, Kana, Hangul) are cut into overlapping character pairs so a
// Chinese or Japanese note is still searchable by any word inside a run.

import { porterStem } from './porterStemmer';

export interface AnalyzerOptions {
  /** 'porter' (default) folds "indexing" and "indexes" together; 'none' keeps words as written. */
  stem?: 'porter' | 'none';
  /** Drops the Lucene English stop words (default true). */
  stopWords?: boolean;
}

export interface TermAt {
  term: string;
  /** UTF-16 offsets of the word in the text the term came from, end exclusive. */
  start: number;
  end: number;
}

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was',
  'will', 'with',
]);

// A word is letters/digits/marks, joined across a single '.', or apostrophe ("3.5", "U.S", "don't").
const WORD = /[\p{L}\p{N}\p{M}_]+(?:[.'’][\p{L}\p{N}\p{M}_]+)*/gu;
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const ASCII_WORD = /^[a-z]+$/;
const POSSESSIVE = /['’]s$/;
const APOSTROPHES = /['’]/g;

// Words repeat heavily across a corpus; the stemmer is the costliest step, so remember results.
const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();

function stemCached(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = porterStem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

/** Terms with their positions in `text`, in order; one word may give several terms (bigrams). */
export function analyzeWithOffsets(text: string, options: AnalyzerOptions = {}): TermAt[] {
  const stem = (options.stem ?? 'porter') === 'porter';
  const dropStopWords = options.stopWords ?? true;
  const out: TermAt[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const raw = match[0];
    const end = start + raw.length;
    let word = raw.toLowerCase();
    if (UNSPACED_SCRIPT.test(word)) {
      pushBigrams(word, start, out);
      continue;
    }
    word = word.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
    if (word.length === 0 || (dropStopWords && ENGLISH_STOP_WORDS.has(word))) continue;
    if (stem && ASCII_WORD.test(word)) word = stemCached(word);
    out.push({ term: word, start, end });
  }
  return out;
}

/** The terms of `text`, in order, repeats kept (BM25 counts them). */
export function analyze(text: string, options: AnalyzerOptions = {}): string[] {
  return analyzeWithOffsets(text, options).map((t) => t.term);
}

function pushBigrams(word: string, start: number, out: TermAt[]): void {
  const chars = Array.from(word);
  if (chars.length === 1) {
    out.push({ term: word, start, end: start + word.length });
    return;
  }
  let offset = start;
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i] + chars[i + 1];
    out.push({ term: pair, start: offset, end: offset + pair.length });
    offset += chars[i].length;
  }
}
