// Splits a file that does not fit the model's context into pieces reviewed one by one. A piece
// ends only where a top-level declaration ends, so the model always sees whole functions; a class
// too big for one piece is split between its members; only a single function larger than the
// budget is cut inside, at blank lines, and such pieces are marked partial so the prompt can say so.

import { splitLines } from './lines';
import { CutFinder, TOP_LEVEL, type Piece } from './chunkCuts';
import { outlineCode, type CodeBlock } from './outline';

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
  const cuts = new CutFinder(outline, lines);
  const packer = new ChunkPacker(lines, budget, tokensOf, cuts);
  packer.pack(cuts.splitAtLevel(whole, TOP_LEVEL), outline.blocks);
  return packer.finish();
}

/** Fills chunks with pieces in file order, each chunk within the budget, cutting a piece that does not fit. */
class ChunkPacker {
  private readonly chunks: ReviewChunk[] = [];
  private current: Piece | undefined;
  private currentTokens = 0;
  private currentPartial = false;

  constructor(
    private readonly lines: string[],
    private readonly budget: number,
    private readonly tokensOf: (p: Piece) => number,
    private readonly cuts: CutFinder,
  ) {}

  /** Pieces that fit go whole; a class too big is split between its members, a function inside its body. */
  pack(pieces: Piece[], blocks: readonly CodeBlock[]): void {
    for (const piece of pieces) {
      const tokens = this.tokensOf(piece);
      if (tokens <= this.budget) {
        this.add(piece, tokens, false);
        continue;
      }
      this.flush();
      const main = largestBlockIn(blocks, piece);
      if (main && main.kind !== 'function' && main.openLine < main.endLine) {
        const level = this.cuts.bodyLevelOf(main);
        const inner = level ? this.cuts.splitAtLevel(piece, level) : [piece];
        if (inner.length > 1) {
          this.pack(inner, main.children);
          this.flush();
          continue;
        }
      }
      this.packFunctionBody(piece, main);
      this.flush();
    }
  }

  finish(): ReviewChunk[] {
    this.flush();
    return this.chunks;
  }

  /**
   * Inside a function too big for one chunk, cut where the least is broken: blank lines directly
   * in its body (between statement groups, so a nested function or loop stays whole), then other
   * statement ends in its body, then any blank line, and single lines as the last resort.
   */
  private packFunctionBody(range: Piece, block: CodeBlock | undefined): void {
    const level = block ? this.cuts.bodyLevelOf(block) : undefined;
    const atBlankLines = (p: Piece): Piece[] => this.cuts.splitAtBlankLines(p);
    if (!block || !level) {
      this.packFragments(range, [atBlankLines]);
      return;
    }
    // A statement too big on its own (a module wrapper's IIFE, a long loop) is cut inside its block.
    const descend = (piece: Piece): void => {
      const inner = largestBlockIn(block.children, piece);
      if (inner && inner.openLine < inner.endLine) this.packFunctionBody(piece, inner);
      else this.packFragments(piece, [atBlankLines]);
    };
    for (const group of this.cuts.splitAtBlankLinesOfLevel(range, level)) {
      this.fitOr(group, (g) => {
        for (const statement of this.cuts.splitAtLevel(g, level)) this.fitOr(statement, descend);
      });
    }
  }

  /** Cuts the range with the first splitter, a piece still too big with the next ones, then line by line. */
  private packFragments(range: Piece, splitters: readonly ((p: Piece) => Piece[])[]): void {
    if (splitters.length === 0) {
      this.packLines(range);
      return;
    }
    const [split, ...finer] = splitters;
    for (const piece of split(range)) {
      const tokens = this.tokensOf(piece);
      if (tokens <= this.budget) this.add(piece, tokens, true);
      else this.packFragments(piece, finer);
    }
  }

  private packLines(range: Piece): void {
    for (let line = range.start; line <= range.end; line++) {
      const single = { start: line, end: line };
      const tokens = this.tokensOf(single);
      if (tokens > this.budget) {
        this.flush();
        this.chunks.push(makeChunk(this.lines, single, tokens, true, true));
      } else this.add(single, tokens, true);
    }
  }

  private fitOr(piece: Piece, otherwise: (p: Piece) => void): void {
    const tokens = this.tokensOf(piece);
    if (tokens <= this.budget) this.add(piece, tokens, true);
    else otherwise(piece);
  }

  /** Appends a piece to the open chunk, or starts the next chunk when it would overflow or mix whole and partial pieces. */
  private add(p: Piece, tokens: number, partial: boolean): void {
    if (this.current && (this.currentTokens + tokens > this.budget || this.currentPartial !== partial)) this.flush();
    if (this.current) {
      this.current = { start: this.current.start, end: p.end };
      this.currentTokens += tokens;
    } else {
      this.current = { ...p };
      this.currentTokens = tokens;
      this.currentPartial = partial;
    }
  }

  private flush(): void {
    if (this.current) this.chunks.push(makeChunk(this.lines, this.current, this.currentTokens, this.currentPartial, false));
    this.current = undefined;
    this.currentTokens = 0;
    this.currentPartial = false;
  }
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
