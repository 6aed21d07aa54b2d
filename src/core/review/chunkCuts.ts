// Where a file under review may be cut into chunks: between statements of one body (a cut never
// falls inside a string or comment, nor before a line that continues the one above), or at blank
// lines. The facts about each line come from the lexer's masked code and the outline.

import { pythonLogicalLines, type CodeBlock, type CodeOutline } from './outline';

/** 1-based lines, both ends included. */
export interface Piece {
  start: number;
  end: number;
}

/**
 * Where statements of one body sit: brace depth and the paren/bracket depth around the body (an
 * IIFE's body is inside a parenthesis), or for Python the indentation in `depth`.
 */
export interface Level {
  depth: number;
  nest: number;
}

export const TOP_LEVEL: Level = { depth: 0, nest: 0 };

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

export class CutFinder {
  private readonly facts: LineFacts;
  private readonly indentation: boolean;

  constructor(outline: CodeOutline, lines: string[]) {
    this.facts = lineFacts(outline, lines);
    this.indentation = outline.language.blockStyle === 'indentation';
  }

  /** The range cut before each statement of `level`. */
  splitAtLevel(range: Piece, level: Level): Piece[] {
    const cuts: number[] = [];
    for (let line = range.start + 1; line <= range.end; line++) {
      if (!this.cutAllowedBefore(line, level)) continue;
      const cut = this.indentation ? line - this.countCommentsAbove(line) : line;
      if (cut > range.start && (cuts.length === 0 || cut > cuts[cuts.length - 1])) cuts.push(cut);
    }
    return piecesFromCuts(range, cuts);
  }

  /** The range cut after every blank line, at any depth. */
  splitAtBlankLines(range: Piece): Piece[] {
    const { facts } = this;
    const cuts: number[] = [];
    for (let line = range.start + 1; line <= range.end; line++) {
      if (facts.blank[line - 1] && !facts.blank[line] && !facts.startsInsideToken[line]) cuts.push(line);
    }
    return piecesFromCuts(range, cuts);
  }

  /** The range cut after the blank lines directly in a body of `level` (between its statement groups). */
  splitAtBlankLinesOfLevel(range: Piece, level: Level): Piece[] {
    const { facts } = this;
    const cuts: number[] = [];
    for (let line = range.start + 1; line <= range.end; line++) {
      if (!facts.blank[line - 1] || facts.blank[line] || facts.startsInsideToken[line]) continue;
      if (this.indentation) {
        let next = line;
        while (next <= range.end && facts.commentOnly[next]) next++;
        if (facts.logicalIndent[next] === level.depth) cuts.push(line);
      } else if (facts.braceDepthEnd[line - 1] === level.depth && facts.nestDepthEnd[line - 1] === level.nest) cuts.push(line);
    }
    return piecesFromCuts(range, cuts);
  }

  /** The level of the statements in a block's body; undefined for a Python block with no statement. */
  bodyLevelOf(block: CodeBlock): Level | undefined {
    const { facts } = this;
    if (!this.indentation) return { depth: facts.braceDepthEnd[block.openLine], nest: facts.nestDepthEnd[block.openLine] };
    const depth = bodyIndent(facts, block);
    return depth >= 0 ? { depth, nest: 0 } : undefined;
  }

  private cutAllowedBefore(line: number, level: Level): boolean {
    const { facts } = this;
    if (facts.startsInsideToken[line]) return false;
    if (this.indentation) return facts.logicalIndent[line] === level.depth && !facts.decorator[this.previousStatementStart(line)];
    const prev = line - 1;
    if (facts.braceDepthEnd[prev] !== level.depth || facts.nestDepthEnd[prev] !== level.nest) return false;
    const last = facts.lastSignificant[prev];
    // ',' ends a member of an object literal or an enum, the body of which is split like a class's.
    if (!(facts.blank[prev] || (last !== '' && ';{},'.includes(last)))) return false;
    return !/^(?:[.?:,)\]+*/=|&]|else\b|catch\b|finally\b)/.test(facts.firstSignificantText[line]);
  }

  private previousStatementStart(line: number): number {
    let l = line - 1;
    while (l >= 1 && this.facts.logicalIndent[l] < 0) l--;
    return Math.max(l, 0);
  }

  /** Python comments directly above a statement belong to it: the cut moves above them. */
  private countCommentsAbove(line: number): number {
    let n = 0;
    while (line - 1 - n >= 1 && this.facts.commentOnly[line - 1 - n]) n++;
    return n;
  }
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
