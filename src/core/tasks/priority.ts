// Priority markers in a TODO. Explicit markers (`!high`, `p1`, `P1:`, `#p0`, `priority: low`,
// `(low priority)`) beat exclamation runs (`!!!` high, `!!` medium, a lone `!` low, as Apple
// Reminders reads them), which beat words (`urgent`, `asap`, `nice to have`). The P levels of
// issue trackers: P0 and P1 high, P2 medium, P3 and P4 low, with or without `#`. Markers are
// consumed from the title; an adjective in the middle of a sentence ("fix the critical bug") sets
// the priority but stays.

import { correctTypo } from './fuzzy';
import type { Priority } from './task';

export interface PriorityMatch {
  priority: Priority;
  /** Spans to remove from the title (markers); empty when the priority came from a kept word. */
  spans: { start: number; end: number }[];
}

interface Candidate {
  priority: Priority;
  rank: number;
  start: number;
  end: number;
  consume: boolean;
}

const LEVEL_WORDS: Record<string, Priority> = {
  high: 'high', hi: 'high', hoch: 'high', hohe: 'high', hoher: 'high', hohen: 'high', alta: 'high', alto: 'high',
  haute: 'high', haut: 'high', élevée: 'high', elevee: 'high', critical: 'high', urgent: 'high', top: 'high',
  medium: 'medium', med: 'medium', mid: 'medium', normal: 'medium', mittel: 'medium', mittlere: 'medium',
  mittlerer: 'medium', media: 'medium', medio: 'medium', moyenne: 'medium', moyen: 'medium',
  low: 'low', lo: 'low', niedrig: 'low', niedrige: 'low', niedriger: 'low', niedrigen: 'low', baja: 'low',
  bajo: 'low', basse: 'low', bas: 'low', faible: 'low',
};
const LEVELS = Object.keys(LEVEL_WORDS).sort((a, b) => b.length - a.length).join('|');

const BANG_LEVELS: Record<string, Priority> = {
  high: 'high', hi: 'high', h: 'high', urgent: 'high', crit: 'high', critical: 'high',
  medium: 'medium', med: 'medium', mid: 'medium', m: 'medium',
  low: 'low', lo: 'low', l: 'low',
};

const BANG_WORD_RE = /(?<![\p{L}\p{N}!])!(high|hi|h|medium|med|mid|m|low|lo|l|urgent|crit|critical)(?![\p{L}\p{N}])/giu;
const P_NUMBER_RE = /(?<![\p{L}\p{N}#])#?[pP]([0-4])(?![\p{L}\p{N}])/gu;
const PRIO_THEN_LEVEL_RE = new RegExp(String.raw`(?<![\p{L}])prio[\p{L}]*\s*(?:[:=]\s*)?(${LEVELS}|[0-4])(?![\p{L}\p{N}])`, 'giu');
const LEVEL_THEN_PRIO_RE = new RegExp(String.raw`(?<![\p{L}])(${LEVELS})[\s-]*prio[\p{L}]*(?![\p{L}])`, 'giu');
const BANGS_ALONE_RE = /(?<=^|\s)(!{1,3})(?=\s|$)/gu;
const BANGS_ATTACHED_RE = /(?<=[\p{L}\p{N})\]])(!{2,3})(?=\s|$)/gu;
const LOW_PHRASE_RE = /(?<![\p{L}])(nice[\s-]to[\s-]have|some ?day|whenever|eventually|when possible|if time permits|irgendwann|algún día)(?![\p{L}])/giu;

/** Words that mean "high" when they stand as a marker: at the start, at the end, in brackets, in capitals, or before `:`/`!`. */
const URGENT_WORDS = [
  'urgent', 'urgently', 'asap', 'critical', 'blocker', 'blocking', 'important', 'immediately', 'dringend',
  'wichtig', 'sofort', 'urgente', 'importante', 'crítico', 'critico', 'critique', 'prioritaire',
];
/** The subset that still means "high" as an adjective mid-sentence ("fix the critical bug"). */
const URGENT_ADJECTIVES = new Set(['urgent', 'critical', 'asap', 'crítico', 'critique']);

const WORD_RE = /[\p{L}][\p{L}.]*/gu;

function levelOf(word: string): Priority | undefined {
  const w = word.toLowerCase();
  if (/^[0-4]$/.test(w)) return w === '0' || w === '1' ? 'high' : w === '2' ? 'medium' : 'low';
  return LEVEL_WORDS[w];
}

const SPACE_RE = /\s/u;
const TRAILING_PUNCTUATION = new Set([...'.!:;,)]-']);

/** The index of the nearest non-space character before `start`, or -1. */
function previousNonSpace(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && SPACE_RE.test(text[i]!)) i--;
  return i;
}

/** The index of the nearest non-space character from `end` on, or `text.length`. */
function nextNonSpace(text: string, end: number): number {
  let i = end;
  while (i < text.length && SPACE_RE.test(text[i]!)) i++;
  return i;
}

/** Whether nothing but spaces and closing punctuation follows `end`. */
function onlyPunctuationAfter(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (SPACE_RE.test(text[i]!) || TRAILING_PUNCTUATION.has(text[i]!))) i++;
  return i === text.length;
}

// Each test looks only at the characters next to the word, never at the whole text before or
// after it: this runs for every word, and a test over the whole rest of the text costs the square
// of the text's length.
function isMarkerPosition(text: string, start: number, end: number, word: string): boolean {
  const before = previousNonSpace(text, start);
  const after = nextNonSpace(text, end);
  if (before < 0) return true;
  if (onlyPunctuationAfter(text, end)) return true;
  if ((text[before] === '(' || text[before] === '[') && (text[after] === ')' || text[after] === ']')) return true;
  if (text[after] === ':' || text[after] === '!') return true;
  return word.length >= 4 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Finds the priority of a TODO in `text` (already stripped of code spans and other consumed parts). */
export function findPriority(text: string): PriorityMatch | undefined {
  const found: Candidate[] = [];
  const add = (priority: Priority | undefined, rank: number, start: number, end: number, consume = true): void => {
    if (priority) found.push({ priority, rank, start, end, consume });
  };
  for (const m of text.matchAll(BANG_WORD_RE)) add(BANG_LEVELS[m[1]!.toLowerCase()], 0, m.index!, m.index! + m[0].length);
  for (const m of text.matchAll(P_NUMBER_RE)) add(levelOf(m[1]!), 0, m.index!, m.index! + m[0].length);
  for (const m of text.matchAll(PRIO_THEN_LEVEL_RE)) add(levelOf(m[1]!), 0, m.index!, m.index! + m[0].length);
  for (const m of text.matchAll(LEVEL_THEN_PRIO_RE)) add(levelOf(m[1]!), 0, m.index!, m.index! + m[0].length);
  for (const m of [...text.matchAll(BANGS_ALONE_RE), ...text.matchAll(BANGS_ATTACHED_RE)]) {
    const n = m[1]!.length;
    add(n >= 3 ? 'high' : n === 2 ? 'medium' : 'low', 1, m.index!, m.index! + m[0].length);
  }
  for (const m of text.matchAll(LOW_PHRASE_RE)) add('low', 2, m.index!, m.index! + m[0].length);
  for (const m of text.matchAll(WORD_RE)) {
    const raw = m[0].replace(/\.$/, '');
    const start = m.index!;
    const end = start + raw.length;
    const lower = raw.toLowerCase().replace(/\./g, '');
    if (found.some((c) => c.start <= start && end <= c.end)) continue;
    const marker = isMarkerPosition(text, start, end, raw);
    // Typos only count where the word stands as a marker: "urgnet:" yes, any word mid-sentence no.
    const word = marker ? correctTypo(lower, URGENT_WORDS) : URGENT_WORDS.includes(lower) ? lower : undefined;
    if (!word) continue;
    if (marker) add('high', 2, start, end);
    else if (URGENT_ADJECTIVES.has(word)) add('high', 3, start, end, false);
  }
  if (found.length === 0) return undefined;
  let best = found[0]!;
  for (const c of found) if (c.rank < best.rank || (c.rank === best.rank && c.start < best.start)) best = c;
  const spans = found.filter((c) => c.consume).map(({ start, end }) => ({ start, end }));
  return { priority: best.priority, spans };
}
