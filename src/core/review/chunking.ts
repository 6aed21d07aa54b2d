// Splits a file that does not fit the model's context into pieces reviewed one by one. A piece
// ends only where a top-level declaration ends, so the model always sees whole functions; a class
// too big for one piece is split between its members; only a single function larger than the
// budget is cut inside, at blank lines, and such pieces are marked partial so the prompt can say so.

import { splitLines } from './lines';
import { outlineCode, pythonLogicalLines, type CodeBlock, type CodeOutline } from './outline';

export interface ReviewChunk {
  /** 1-based line of the file where the chunk starts; add `startLine - 1` to chunk-relative lines. */
  startLine: number;
  endLine: number;
  /** The chunk's lines joined with '\n'. */
  text: string;
  /** Estimated prompt tokens of the chunk, line-number overhead included. */
  tokens: number;
  /** The chunk is a fragment of one function that alone exceeds the budget. */
  partial: boolean;
  /** Even a single line of it exceeds the budget; it is sent whole anyway. */
  oversize: boolean;
}

export interface ChunkOptions {
  languageId: string;
  /** Token budget for the code of one chunk. Default 4096: fits an 8k context with prompt and answer. */
  maxTokens?: number;
  /** Counts the tokens of a text; default `ceil(chars / 4)`. Pass the model's tokenizer when at hand. */
  countTokens?: (text: string) => number;
  /** Tokens the prompt adds per line (the line-number gutter). Default 3. */
  lineOverheadTokens?: number;
}

export const DEFAULT_CHUNK_TOKENS = 4096;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The code budget left in a context window once the prompt's fixed part and the answer are reserved. */
export function codeBudgetForContext(contextTokens: number, answerTokens = 1024, instructionTokens = 800): number {
  return Math.max(256, contextTokens - answerTokens - instructionTokens);
}

interface Piece {
  start: number;
  end: number;
}

/**
 * Where statements of one body sit: brace depth and the paren/bracket depth around the body (an
 * IIFE's body is inside a parenthesis), or for Python the indentation in `depth`.
 */
interface Level {
  depth: number;
  nest: number;
}

interface LineFacts {
  /** Brace depth at the end of each line (index = 1-based line). */
  braceDepthEnd: number[];
  /** Paren and bracket depth at the end of each line. */
  nestDepthEnd: number[];
  lastSignificant: string[];
  firstSignificantText: string[];
  blank: boolean[];
  commentOnly: boolean[];
  /** The line's first character lies inside a multi-line string or comment. */
  startsInsideToken: boolean[];
  /** Python: indentation of the logical line starting here, or -1 when none starts here. */
  logicalIndent: number[];
  decorator: boolean[];
}

export function chunkForReview(text: string, options: ChunkOptions): ReviewChunk[] {
  const budget = options.maxTokens ?? DEFAULT_CHUNK_TOKENS;
  const count = options.countTokens ?? estimateTokens;
  const perLine = options.lineOverheadTokens ?? 3;
  const lines = splitLines(text);
  if (text.trim() === '') return [];

  const tokensOf = (p: Piece): number => count(lines.slice(p.start - 1, p.end).join('\n')) + perLine * (p.end - p.start + 1);
  const whole = { start: 1, end: lines.length };
  const wholeTokens = tokensOf(whole);
  if (wholeTokens <= budget) return [makeChunk(lines, whole, wholeTokens, false, false)];

  const outline = outlineCode(text, options.languageId);
  const facts = lineFacts(outline, lines);
  const indentation = outline.language.blockStyle === 'indentation';

  const cutAllowedBefore = (line: number, level: Level): boolean => {
    if (facts.startsInsideToken[line]) return false;
    if (indentation) return facts.logicalIndent[line] === level.depth && !facts.decorator[previousStatementStart(line)];
    const prev = line - 1;
    if (facts.braceDepthEnd[prev] !== level.depth || facts.nestDepthEnd[prev] !== level.nest) return false;
    const last = facts.lastSignificant[prev];
    // ',' ends a member of an object literal or an enum, the body of which is split like a class's.
    if (!(facts.blank[prev] || (last !== '' && ';{},'.includes(last)))) return false;
    return !/^(?:[.?:,)\]+*/=|&]|else\b|catch\b|finally\b)/.test(facts.firstSignificantText[line]);
  };

  const previousStatementStart = (line: number): number => {
    let l = line - 1;
    while (l >= 1 && facts.logicalIndent[l] < 0) l--;
    return Math.max(l, 0);
  };

  // Python comments directly above a statement belong to it: move the cut above them.
  const countCommentsAbove = (line: number): number => {
    let n = 0;
    while (line - 1 - n >= 1 && facts.commentOnly[line - 1 - n]) n++;
    return n;
  };

  const splitAtLevel = (range: Piece, level: Level): Piece[] => {
    const cuts: number[] = [];
    for (let line = range.start + 1; line <= range.end; line++) {
      if (!cutAllowedBefore(line, level)) continue;
      const cut = indentation ? line - countCommentsAbove(line) : line;
      if (cut > range.start && (cuts.length === 0 || cut > cuts[cuts.length - 1])) cuts.push(cut);
    }
    return piecesFromCuts(range, cuts);
  };

  const splitAtBlankLines = (range: Piece): Piece[] => {
    const cuts: number[] = [];
    for (let line = range.start + 1; line <= range.end; line++) {
      if (facts.blank[line - 1] && !facts.blank[line] && !facts.startsInsideToken[line]) cuts.push(line);
    }
    return piecesFromCuts(range, cuts);
  };

  const chunks: ReviewChunk[] = [];
  let current: Piece | undefined;
  let currentTokens = 0;
  let currentPartial = false;
  const flush = (): void => {
    if (current) chunks.push(makeChunk(lines, current, currentTokens, currentPartial, false));
    current = undefined;
    currentTokens = 0;
    currentPartial = false;
  };
  const add = (p: Piece, tokens: number, partial: boolean): void => {
    if (current && (currentTokens + tokens > budget || currentPartial !== partial)) flush();
    if (current) {
      current = { start: current.start, end: p.end };
      currentTokens += tokens;
    } else {
      current = { ...p };
      currentTokens = tokens;
      currentPartial = partial;
    }
  };

  const packLines = (range: Piece): void => {
    for (let line = range.start; line <= range.end; line++) {
      const single = { start: line, end: line };
      const tokens = tokensOf(single);
      if (tokens > budget) {
        flush();
        chunks.push(makeChunk(lines, single, tokens, true, true));
      } else add(single, tokens, true);
    }
  };

  // Inside a function too big for one chunk, cut where the least is broken: blank lines directly
  // in its body (between statement groups, so a nested function or loop stays whole), then other
  // statement ends in its body, then any blank line, and single lines as the last resort.
  const bodyLevelOf = (block: CodeBlock): Level | undefined => {
    if (!indentation) return { depth: facts.braceDepthEnd[block.openLine], nest: facts.nestDepthEnd[block.openLine] };
    const depth = bodyIndent(facts, block);
    return depth >= 0 ? { depth, nest: 0 } : undefined;
  };

  const blankLineCutsAtLevel = (range: Piece, level: Level): Piece[] => {
    const cuts: number[] = [];
    for (let line = range.start + 1; line <= range.end; line++) {
      if (!facts.blank[line - 1] || facts.blank[line] || facts.startsInsideToken[line]) continue;
      if (indentation) {
        let next = line;
        while (next <= range.end && facts.commentOnly[next]) next++;
        if (facts.logicalIndent[next] === level.depth) cuts.push(line);
      } else if (facts.braceDepthEnd[line - 1] === level.depth && facts.nestDepthEnd[line - 1] === level.nest) cuts.push(line);
    }
    return piecesFromCuts(range, cuts);
  };

  const packFragments = (range: Piece, splitters: readonly ((p: Piece) => Piece[])[]): void => {
    if (splitters.length === 0) {
      packLines(range);
      return;
    }
    const [split, ...finer] = splitters;
    for (const piece of split(range)) {
      const tokens = tokensOf(piece);
      if (tokens <= budget) add(piece, tokens, true);
      else packFragments(piece, finer);
    }
  };

  const fitOr = (piece: Piece, otherwise: (p: Piece) => void): void => {
    const tokens = tokensOf(piece);
    if (tokens <= budget) add(piece, tokens, true);
    else otherwise(piece);
  };

  const packFunctionBody = (range: Piece, block: CodeBlock | undefined): void => {
    const level = block ? bodyLevelOf(block) : undefined;
    if (!block || !level) {
      packFragments(range, [splitAtBlankLines]);
      return;
    }
    // A statement too big on its own (a module wrapper's IIFE, a long loop) is cut inside its block.
    const descend = (piece: Piece): void => {
      const inner = largestBlockIn(block.children, piece);
      if (inner && inner.openLine < inner.endLine) packFunctionBody(piece, inner);
      else packFragments(piece, [splitAtBlankLines]);
    };
    for (const group of blankLineCutsAtLevel(range, level)) {
      fitOr(group, (g) => {
        for (const statement of splitAtLevel(g, level)) fitOr(statement, descend);
      });
    }
  };

  const pack = (pieces: Piece[], blocks: readonly CodeBlock[]): void => {
    for (const piece of pieces) {
      const tokens = tokensOf(piece);
      if (tokens <= budget) {
        add(piece, tokens, false);
        continue;
      }
      flush();
      const main = largestBlockIn(blocks, piece);
      if (main && main.kind !== 'function' && main.openLine < main.endLine) {
        const level = bodyLevelOf(main);
        const inner = level ? splitAtLevel(piece, level) : [piece];
        if (inner.length > 1) {
          pack(inner, main.children);
          flush();
          continue;
        }
      }
      packFunctionBody(piece, main);
      flush();
    }
  };

  pack(splitAtLevel(whole, { depth: 0, nest: 0 }), outline.blocks);
  flush();
  return chunks;
}

function piecesFromCuts(range: Piece, cuts: number[]): Piece[] {
  const pieces: Piece[] = [];
  let start = range.start;
  for (const cut of cuts) {
    pieces.push({ start, end: cut - 1 });
    start = cut;
  }
  pieces.push({ start, end: range.end });
  return pieces;
}

function makeChunk(lines: string[], p: Piece, tokens: number, partial: boolean, oversize: boolean): ReviewChunk {
  return { startLine: p.start, endLine: p.end, text: lines.slice(p.start - 1, p.end).join('\n'), tokens, partial, oversize };
}

function largestBlockIn(blocks: readonly CodeBlock[], piece: Piece): CodeBlock | undefined {
  let best: CodeBlock | undefined;
  for (const b of blocks) {
    if (b.startLine < piece.start || b.endLine > piece.end) continue;
    if (!best || b.endLine - b.startLine > best.endLine - best.startLine) best = b;
  }
  return best;
}

function bodyIndent(facts: LineFacts, block: CodeBlock): number {
  for (let line = block.openLine + 1; line <= block.endLine; line++) if (facts.logicalIndent[line] >= 0) return facts.logicalIndent[line];
  return -1;
}

function lineFacts(outline: CodeOutline, lines: string[]): LineFacts {
  const { lexed, lines: index } = outline;
  const n = lines.length;
  const facts: LineFacts = {
    braceDepthEnd: new Array(n + 1).fill(0),
    nestDepthEnd: new Array(n + 1).fill(0),
    lastSignificant: new Array(n + 1).fill(''),
    firstSignificantText: new Array(n + 1).fill(''),
    blank: new Array(n + 1).fill(true),
    commentOnly: new Array(n + 1).fill(false),
    startsInsideToken: new Array(n + 2).fill(false),
    logicalIndent: new Array(n + 2).fill(-1),
    decorator: new Array(n + 2).fill(false),
  };
  let braces = 0;
  let nest = 0;
  for (let line = 1; line <= n; line++) {
    const masked = lexed.masked.slice(index.lineStart(line), index.lineEnd(line));
    for (const c of masked) {
      if (c === '{') braces++;
      else if (c === '}') braces = Math.max(0, braces - 1);
      else if (c === '(' || c === '[') nest++;
      else if ((c === ')' || c === ']') && nest > 0) nest--;
    }
    facts.braceDepthEnd[line] = braces;
    facts.nestDepthEnd[line] = nest;
    const trimmed = masked.trim();
    facts.lastSignificant[line] = trimmed.slice(-1);
    facts.firstSignificantText[line] = trimmed;
    facts.blank[line] = lines[line - 1].trim() === '';
    facts.commentOnly[line] = trimmed === '' && !facts.blank[line];
  }
  for (const token of lexed.tokens) {
    const first = index.lineAt(token.start);
    const last = index.lineAt(Math.max(token.start, token.end - 1));
    for (let line = first + 1; line <= last; line++) facts.startsInsideToken[line] = true;
    // A comment-only line must be a line whose only content is comments, not a string's inner line.
    if (token.kind !== 'comment') for (let line = first + 1; line <= last; line++) facts.commentOnly[line] = false;
  }
  if (outline.language.blockStyle === 'indentation') {
    for (const stmt of pythonLogicalLines(lexed, index)) {
      facts.logicalIndent[stmt.startLine] = stmt.indent;
      facts.decorator[stmt.startLine] = stmt.code.startsWith('@');
    }
  }
  return facts;
}
