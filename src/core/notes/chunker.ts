// Cuts a note into chunks for search: each chunk stays inside one section (its heading path), holds
// whole blocks where it can, and is about minTokens–maxTokens long as the embedding model counts.
// Where a block is too long, lists are cut between top-level items and paragraphs between
// sentences (then between words); fenced code and tables are never cut, even when that makes an
// oversized chunk, because half a table or half a function is worse than a truncated embedding.

import { createHash } from 'node:crypto';
import { parseFrontMatter, type NoteFormat } from './frontMatter';
import { parseBlocks, type NoteBlock } from './noteBlocks';
import { approximateTokenCount } from './tokenEstimate';

export type { NoteFormat } from './frontMatter';

/** Bumped whenever chunk boundaries or ids change for the same input: indexes built before rebuild. */
export const CHUNKER_VERSION = 1;

export interface NoteChunk {
  /** Stable for the same file, title, heading path and text: 20 hex chars of a sha256. */
  id: string;
  /** As given to the chunker (the index passes the path relative to the workspace folder, with '/'). */
  file: string;
  /** Titles of the enclosing headings, outermost first; empty before the first heading. */
  headingPath: string[];
  /** 0-based, inclusive. The first chunk of a section starts at its heading line. */
  startLine: number;
  endLine: number;
  /** The source text of the chunk, heading lines left out (they are in headingPath). */
  text: string;
  /** Front matter title, else the first level-1 heading, else the file name without extension. */
  title: string;
  tags: string[];
}

export interface ChunkOptions {
  /** Tokens as the embedding model counts them; defaults to approximateTokenCount. */
  countTokens?: (text: string) => number;
  /** Default 200. */
  minTokens?: number;
  /** Default 400. */
  maxTokens?: number;
  /** Defaults to formatForPath(file). */
  format?: NoteFormat;
}

export const DEFAULT_MIN_TOKENS = 200;
export const DEFAULT_MAX_TOKENS = 400;

export function formatForPath(file: string): NoteFormat {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx' || ext === 'mdown' || ext === 'mkd') return 'markdown';
  if (ext === 'org') return 'org';
  if (ext === 'rst' || ext === 'rest') return 'rst';
  return 'text';
}

/** What BM25 and the embedder read for a chunk: its context (title, headings, tags), then its text. */
export function chunkIndexText(chunk: Pick<NoteChunk, 'title' | 'headingPath' | 'text' | 'tags'>): string {
  const context: string[] = [];
  for (const part of [chunk.title, ...chunk.headingPath]) if (part && !context.includes(part)) context.push(part);
  const head = context.join(' > ');
  const tags = chunk.tags.length > 0 ? `\n${chunk.tags.map((t) => `#${t}`).join(' ')}` : '';
  return `${head}${tags}\n\n${chunk.text}`.trim();
}

interface Unit {
  startLine: number;
  endLine: number;
  text: string;
  tokens: number;
  /** Joins this unit to the one before it inside a chunk. */
  separator: string;
}

interface Section {
  headingPath: string[];
  headingLine?: number;
  headingEndLine?: number;
  blocks: NoteBlock[];
}

/** Texts longer than this are counted word by word (see chunkNote). */
const LONG_TEXT_CHARS = 20_000;
const WORD_CACHE_LIMIT = 100_000;

export function chunkNote(file: string, content: string, options: ChunkOptions = {}): NoteChunk[] {
  const format = options.format ?? formatForPath(file);
  const minTokens = options.minTokens ?? DEFAULT_MIN_TOKENS;
  const maxTokens = Math.max(options.maxTokens ?? DEFAULT_MAX_TOKENS, 1);
  const rawCount = options.countTokens ?? approximateTokenCount;
  // A real tokenizer adds [CLS]/[SEP] to every call; subtracting that keeps piece counts additive.
  const overhead = rawCount('');
  // Tokenizers split at whitespace before anything else, so a text's count is the sum of its
  // words' counts. A long text is counted word by word through a cache (words repeat): a 3.9 MB
  // one-line note took ~7 s and hundreds of MB to tokenize whole and then word by word.
  const wordCounts = new Map<string, number>();
  const countWord = (word: string): number => {
    let n = wordCounts.get(word);
    if (n === undefined) {
      n = Math.max(0, rawCount(word) - overhead);
      if (wordCounts.size < WORD_CACHE_LIMIT) wordCounts.set(word, n);
    }
    return n;
  };
  const countTokens = (text: string): number => {
    if (text.length > LONG_TEXT_CHARS) {
      let n = 0;
      for (const m of text.matchAll(/\S+/g)) n += countWord(m[0]);
      return n;
    }
    // splitWords counts one word (and its trailing blanks) at a time.
    if (text.length <= 48 && !/\s\S/.test(text)) return countWord(text.trimEnd());
    return Math.max(0, rawCount(text) - overhead);
  };

  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const front = parseFrontMatter(lines, format);
  const blocks = parseBlocks(lines, front.bodyStartLine, format);
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  const title =
    front.title ??
    (firstHeading?.level === 1 && firstHeading.title ? firstHeading.title : undefined) ??
    baseName(file);

  const sections = groupSections(blocks);
  const chunks: Omit<NoteChunk, 'id'>[] = [];
  for (const section of sections) {
    const units = section.blocks.flatMap((block) => blockUnits(lines, block, countTokens, maxTokens));
    for (const [index, group] of packUnits(units, minTokens, maxTokens).entries()) {
      const startLine = index === 0 && section.headingLine !== undefined ? section.headingLine : group[0].startLine;
      chunks.push({
        file,
        headingPath: section.headingPath,
        startLine,
        endLine: group[group.length - 1].endLine,
        text: group.map((u, i) => (i === 0 ? u.text : u.separator + u.text)).join(''),
        title,
        tags: front.tags,
      });
    }
  }

  if (chunks.length === 0) {
    // A note of headings only is still findable by them.
    const headings = blocks.filter((b) => b.kind === 'heading');
    if (headings.length > 0) {
      chunks.push({
        file,
        headingPath: [],
        startLine: headings[0].startLine,
        endLine: headings[headings.length - 1].endLine,
        text: headings.map((h) => h.title ?? '').filter(Boolean).join('\n'),
        title,
        tags: front.tags,
      });
    }
  }
  return withIds(chunks);
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.[^.]+$/, '') || name;
}

function groupSections(blocks: readonly NoteBlock[]): Section[] {
  const sections: Section[] = [{ headingPath: [], blocks: [] }];
  const stack: { level: number; title: string }[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const level = block.level ?? 1;
      while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
      stack.push({ level, title: block.title ?? '' });
      sections.push({
        headingPath: stack.map((h) => h.title),
        headingLine: block.startLine,
        headingEndLine: block.endLine,
        blocks: [],
      });
    } else {
      sections[sections.length - 1].blocks.push(block);
    }
  }
  return sections.filter((s) => s.blocks.length > 0);
}

function linesText(lines: readonly string[], start: number, end: number): string {
  return lines.slice(start, end + 1).join('\n');
}

/** A block as one unit, or, when too long and cuttable, as items, sentences or word runs. */
function blockUnits(lines: readonly string[], block: NoteBlock, countTokens: (t: string) => number, maxTokens: number): Unit[] {
  const text = linesText(lines, block.startLine, block.endLine);
  const tokens = countTokens(text);
  const whole: Unit = { startLine: block.startLine, endLine: block.endLine, text, tokens, separator: '\n\n' };
  if (tokens <= maxTokens || block.kind === 'code' || block.kind === 'table') return [whole];

  if (block.kind === 'list' && block.itemStarts && block.itemStarts.length > 1) {
    const units: Unit[] = [];
    block.itemStarts.forEach((start, i) => {
      const end = i + 1 < block.itemStarts!.length ? block.itemStarts![i + 1] - 1 : block.endLine;
      const itemText = linesText(lines, start, end).replace(/\n+$/, '');
      const itemTokens = countTokens(itemText);
      const item: Unit = { startLine: start, endLine: end, text: itemText, tokens: itemTokens, separator: i === 0 ? '\n\n' : '\n' };
      if (itemTokens <= maxTokens || containsFence(itemText)) units.push(item);
      else units.push(...splitProse(lines, start, end, countTokens, maxTokens, item.separator));
    });
    return units;
  }
  if (containsFence(text)) return [whole];
  return splitProse(lines, block.startLine, block.endLine, countTokens, maxTokens, '\n\n');
}

function containsFence(text: string): boolean {
  return /^\s*(`{3,}|~{3,})/m.test(text);
}

// A sentence ends at . ! ? plus closing quotes/brackets and whitespace ("3.5" does not end one),
// or at the CJK full stops, which need no space after them.
const SENTENCE_END = /[.!?]+["'”’)\]]*\s+|[。！？]+\s*/g;

/** Cuts lines [start, end] into pieces of at most maxTokens, at sentence ends, else between words. */
function splitProse(
  lines: readonly string[],
  start: number,
  end: number,
  countTokens: (t: string) => number,
  maxTokens: number,
  firstSeparator: string,
): Unit[] {
  const text = linesText(lines, start, end);
  const lineStarts: number[] = [];
  let offset = 0;
  for (let l = start; l <= end; l++) {
    lineStarts.push(offset);
    offset += lines[l].length + 1;
  }
  const lineAt = (charOffset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= charOffset) lo = mid;
      else hi = mid - 1;
    }
    return start + lo;
  };

  // Pieces are [from, to) character ranges that never exceed maxTokens on their own.
  const pieces: { from: number; to: number; tokens: number }[] = [];
  const addSentence = (from: number, to: number): void => {
    const tokens = countTokens(text.slice(from, to));
    if (tokens <= maxTokens) pieces.push({ from, to, tokens });
    else pieces.push(...splitWords(text, from, to, countTokens, maxTokens));
  };
  let sentenceFrom = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const to = match.index + match[0].length;
    addSentence(sentenceFrom, to);
    sentenceFrom = to;
  }
  if (sentenceFrom < text.length) addSentence(sentenceFrom, text.length);

  const units: Unit[] = [];
  let groupFrom = -1;
  let groupTo = -1;
  let groupTokens = 0;
  const flush = (): void => {
    if (groupFrom < 0) return;
    const raw = text.slice(groupFrom, groupTo);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) {
      units.push({
        startLine: lineAt(groupFrom + lead),
        endLine: lineAt(groupFrom + lead + trimmed.length - 1),
        text: trimmed,
        tokens: groupTokens,
        separator: units.length === 0 ? firstSeparator : ' ',
      });
    }
    groupFrom = -1;
    groupTokens = 0;
  };
  for (const piece of pieces) {
    if (groupFrom >= 0 && groupTokens + piece.tokens > maxTokens) flush();
    if (groupFrom < 0) groupFrom = piece.from;
    groupTo = piece.to;
    groupTokens += piece.tokens;
  }
  flush();
  return units;
}

function splitWords(
  text: string,
  from: number,
  to: number,
  countTokens: (t: string) => number,
  maxTokens: number,
): { from: number; to: number; tokens: number }[] {
  const pieces: { from: number; to: number; tokens: number }[] = [];
  const word = /\S+\s*/g;
  word.lastIndex = from;
  let pieceFrom = from;
  let pieceTo = from;
  let pieceTokens = 0;
  for (let m = word.exec(text); m && m.index < to; m = word.exec(text)) {
    const wordTo = Math.min(m.index + m[0].length, to);
    const tokens = countTokens(text.slice(m.index, wordTo));
    if (pieceTokens > 0 && pieceTokens + tokens > maxTokens) {
      pieces.push({ from: pieceFrom, to: pieceTo, tokens: pieceTokens });
      pieceFrom = m.index;
      pieceTokens = 0;
    }
    pieceTo = wordTo;
    pieceTokens += tokens;
  }
  if (pieceTo > pieceFrom) pieces.push({ from: pieceFrom, to: pieceTo, tokens: pieceTokens });
  return pieces;
}

/**
 * Packs a section's units into chunks: never over maxTokens unless one unit is, and balanced, so a
 * 450-token section becomes two chunks of ~225 rather than 400 + 50.
 */
function packUnits(units: readonly Unit[], minTokens: number, maxTokens: number): Unit[][] {
  if (units.length === 0) return [];
  const total = units.reduce((sum, u) => sum + u.tokens, 0);
  const target = Math.max(minTokens, total / Math.max(1, Math.ceil(total / maxTokens)));
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let currentTokens = 0;
  for (const unit of units) {
    if (current.length > 0 && (currentTokens + unit.tokens > maxTokens || currentTokens >= target)) {
      groups.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(unit);
    currentTokens += unit.tokens;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function withIds(chunks: Omit<NoteChunk, 'id'>[]): NoteChunk[] {
  const seen = new Map<string, number>();
  return chunks.map((chunk) => {
    const key = [chunk.file, chunk.title, chunk.tags.join(','), chunk.headingPath.join('\u001f'), chunk.text].join('\u0000');
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    const id = createHash('sha256').update(`${key}\u0000${ordinal}`).digest('hex').slice(0, 20);
    return { id, ...chunk };
  });
}
