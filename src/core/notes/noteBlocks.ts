// Splits a note's lines into blocks (headings, paragraphs, lists, code, tables) so the chunker can
// cut only between blocks, or between list items and sentences, and never inside code or a table.
// This is a line scanner, not a full CommonMark parser: it knows what decides where a cut may go.

import type { NoteFormat } from './frontMatter';

export type BlockKind = 'heading' | 'paragraph' | 'list' | 'code' | 'table' | 'quote';

export interface NoteBlock {
  kind: BlockKind;
  /** 0-based, inclusive, in the original file. */
  startLine: number;
  endLine: number;
  /** Headings: 1 = top level. */
  level?: number;
  /** Headings: the heading text without markup. */
  title?: string;
  /** Lists: the lines where each top-level item starts (the first is startLine). */
  itemStarts?: number[];
}

export function parseBlocks(lines: readonly string[], fromLine: number, format: NoteFormat): NoteBlock[] {
  switch (format) {
    case 'markdown':
      return parseMarkdown(lines, fromLine);
    case 'org':
      return parseOrg(lines, fromLine);
    case 'rst':
      return parseRst(lines, fromLine);
    default:
      return parseParagraphs(lines, fromLine);
  }
}

const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === '';
const indentOf = (line: string): number => {
  const m = /^[ \t]*/.exec(line)![0];
  let width = 0;
  for (const ch of m) width += ch === '\t' ? 4 - (width % 4) : 1;
  return width;
};

// ---------------------------------------------------------------- Markdown

const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_MARKER = /^(\s*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const QUOTE = /^ {0,3}>/;

/** The line index of the fence closing the one opened at `open`, or the last line when unclosed. */
function fenceEnd(lines: readonly string[], open: number): number {
  const m = FENCE_OPEN.exec(lines[open])!;
  const char = m[1][0];
  const length = m[1].length;
  const closing = new RegExp(`^\\s*\\${char}{${length},}\\s*$`);
  for (let i = open + 1; i < lines.length; i++) if (closing.test(lines[i])) return i;
  return lines.length - 1;
}

function isFenceOpen(line: string): boolean {
  const m = FENCE_OPEN.exec(line);
  // A backtick fence's info string may not contain a backtick (CommonMark), else it is inline code.
  return m !== null && !(m[1][0] === '`' && m[2].includes('`'));
}

function isTableStart(lines: readonly string[], i: number): boolean {
  return lines[i].includes('|') && i + 1 < lines.length && lines[i + 1].includes('-') && TABLE_DELIMITER.test(lines[i + 1]);
}

/** Lines that end a paragraph without a blank line in between. */
function interruptsParagraph(lines: readonly string[], i: number): boolean {
  const line = lines[i];
  if (ATX_HEADING.test(line) || isFenceOpen(line) || THEMATIC_BREAK.test(line) || QUOTE.test(line)) return true;
  const list = LIST_MARKER.exec(line);
  if (list && indentOf(line) <= 3 && line.trim().length > list[0].trim().length) {
    // CommonMark: an ordered list interrupts a paragraph only when it starts at 1.
    return !/^\d/.test(list[2]) || /^1[.)]$/.test(list[2]);
  }
  return isTableStart(lines, i);
}

function headingTitle(text: string): string {
  return text
    .replace(/\s+#+\s*$/, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .trim();
}

function parseMarkdown(lines: readonly string[], fromLine: number): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let i = fromLine;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (isFenceOpen(line)) {
      const end = fenceEnd(lines, i);
      blocks.push({ kind: 'code', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      blocks.push({ kind: 'heading', startLine: i, endLine: i, level: atx[1].length, title: headingTitle(atx[2] ?? '') });
      i++;
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      i++;
      continue;
    }
    if (isTableStart(lines, i)) {
      let end = i + 1;
      while (end + 1 < lines.length && !isBlank(lines[end + 1]) && lines[end + 1].includes('|')) end++;
      blocks.push({ kind: 'table', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    const list = LIST_MARKER.exec(line);
    if (list && indentOf(line) <= 3) {
      const block = scanMarkdownList(lines, i);
      blocks.push(block);
      i = block.endLine + 1;
      continue;
    }
    if (QUOTE.test(line)) {
      let end = i;
      while (end + 1 < lines.length && !isBlank(lines[end + 1]) && (QUOTE.test(lines[end + 1]) || !interruptsParagraph(lines, end + 1))) end++;
      blocks.push({ kind: 'quote', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    if (indentOf(line) >= 4) {
      // Indented code: runs until a non-blank line that is not indented by four.
      let end = i;
      for (let j = i + 1; j < lines.length; j++) {
        if (isBlank(lines[j])) continue;
        if (indentOf(lines[j]) < 4) break;
        end = j;
      }
      blocks.push({ kind: 'code', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    // Paragraph, possibly turned into a setext heading by an underline.
    let end = i;
    let setext: number | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      if (isBlank(lines[j])) break;
      const underline = SETEXT_UNDERLINE.exec(lines[j]);
      if (underline) {
        setext = underline[1][0] === '=' ? 1 : 2;
        end = j;
        break;
      }
      if (interruptsParagraph(lines, j)) break;
      end = j;
    }
    if (setext !== undefined) {
      const title = headingTitle(lines.slice(i, end).map((l) => l.trim()).join(' '));
      blocks.push({ kind: 'heading', startLine: i, endLine: end, level: setext, title });
    } else {
      blocks.push({ kind: 'paragraph', startLine: i, endLine: end });
    }
    i = end + 1;
  }
  return blocks;
}

/**
 * A list runs while lines are items, indented continuations (fenced code included, whatever it
 * contains) or lazy paragraph continuations; a blank line ends it unless the next line is indented
 * or is another item at the list's own indentation.
 */
function scanMarkdownList(lines: readonly string[], start: number): NoteBlock {
  const baseIndent = indentOf(lines[start]);
  const itemStarts = [start];
  let end = start;
  let i = start + 1;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      let next = i + 1;
      while (next < lines.length && isBlank(lines[next])) next++;
      if (next >= lines.length) break;
      const nextLine = lines[next];
      const nextIsItem = LIST_MARKER.test(nextLine) && indentOf(nextLine) <= baseIndent + 1 && indentOf(nextLine) >= baseIndent;
      if (indentOf(nextLine) > baseIndent + 1 || nextIsItem) {
        i = next;
        continue;
      }
      break;
    }
    if (isFenceOpen(line)) {
      // A fence at column 0 ends the list; an indented one belongs to the current item.
      if (indentOf(line) <= baseIndent && !LIST_MARKER.test(line)) break;
      end = fenceEnd(lines, i);
      i = end + 1;
      continue;
    }
    const indent = indentOf(line);
    if (LIST_MARKER.test(line) && indent <= baseIndent + 1 && indent >= baseIndent) {
      itemStarts.push(i);
    } else if (indent <= baseIndent && (ATX_HEADING.test(line) || THEMATIC_BREAK.test(line) || isTableStart(lines, i) || QUOTE.test(line))) {
      break;
    } else if (indent <= baseIndent && LIST_MARKER.test(line)) {
      // An item less indented than ours: a shallower list we were nested in; stay in one block.
      itemStarts.push(i);
    }
    end = i;
    i++;
  }
  return { kind: 'list', startLine: start, endLine: end, itemStarts };
}

// ---------------------------------------------------------------- Org

const ORG_HEADING = /^(\*+)\s+(.*)$/;
const ORG_BLOCK_BEGIN = /^\s*#\+begin_(\w+)/i;
const ORG_LIST = /^(\s*)([-+]|\d+[.)]|\s+\*)\s+/;
const ORG_KEYWORD = /^\s*#\+\w+:/;
const ORG_DRAWER_START = /^\s*:[A-Za-z_]+:\s*$/;

function orgHeadingTitle(text: string): string {
  return text
    .replace(/\s+:[\w@#%:]+:\s*$/, '')
    .replace(/^(TODO|DONE|NEXT|WAITING|CANCELLED)\s+/, '')
    .replace(/^\[#[A-Z]\]\s+/, '')
    .trim();
}

function parseOrg(lines: readonly string[], fromLine: number): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let i = fromLine;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const heading = ORG_HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', startLine: i, endLine: i, level: heading[1].length, title: orgHeadingTitle(heading[2]) });
      i++;
      continue;
    }
    const begin = ORG_BLOCK_BEGIN.exec(line);
    if (begin) {
      const closing = new RegExp(`^\\s*#\\+end_${begin[1]}\\b`, 'i');
      let end = lines.length - 1;
      for (let j = i + 1; j < lines.length; j++) if (closing.test(lines[j])) {
        end = j;
        break;
      }
      blocks.push({ kind: 'code', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    if (ORG_DRAWER_START.test(line)) {
      // Property drawers are metadata, not text to search.
      let end = i;
      for (let j = i + 1; j < lines.length; j++) if (/^\s*:END:\s*$/i.test(lines[j])) {
        end = j;
        break;
      }
      i = end + 1;
      continue;
    }
    if (ORG_KEYWORD.test(line)) {
      i++;
      continue;
    }
    if (/^\s*\|/.test(line)) {
      let end = i;
      while (end + 1 < lines.length && /^\s*\|/.test(lines[end + 1])) end++;
      blocks.push({ kind: 'table', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    if (ORG_LIST.test(line)) {
      const baseIndent = indentOf(line);
      const itemStarts = [i];
      let end = i;
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        if (isBlank(l)) {
          if (j + 1 < lines.length && !isBlank(lines[j + 1]) && indentOf(lines[j + 1]) > baseIndent) continue;
          if (j + 1 < lines.length && ORG_LIST.test(lines[j + 1]) && indentOf(lines[j + 1]) === baseIndent) continue;
          break;
        }
        if (ORG_HEADING.test(l)) break;
        if (ORG_LIST.test(l) && indentOf(l) === baseIndent) itemStarts.push(j);
        else if (indentOf(l) <= baseIndent) break;
        end = j;
      }
      blocks.push({ kind: 'list', startLine: i, endLine: end, itemStarts });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && !isBlank(lines[end + 1]) && !ORG_HEADING.test(lines[end + 1]) && !ORG_BLOCK_BEGIN.test(lines[end + 1])) end++;
    blocks.push({ kind: 'paragraph', startLine: i, endLine: end });
    i = end + 1;
  }
  return blocks;
}

// ---------------------------------------------------------------- reStructuredText

const RST_ADORNMENT = /^([=\-~^"'`#*+:.!$%&,/;<>?@\\_|])\1+\s*$/;
const RST_GRID_TABLE = /^\s*\+[-=]+(\+[-=]+)*\+\s*$/;
const RST_SIMPLE_TABLE = /^\s*=+(\s+=+)+\s*$/;
const RST_LIST = /^(\s*)([-*+•]|\d+[.)]|#\.|\(\d+\))\s+/;
const RST_DIRECTIVE = /^\.\.\s+([\w-]+)::/;

function parseRst(lines: readonly string[], fromLine: number): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  // rst has no fixed heading levels: the first adornment style seen is level 1, the next 2, ...
  const styles: string[] = [];
  const levelOf = (style: string): number => {
    let index = styles.indexOf(style);
    if (index < 0) index = styles.push(style) - 1;
    return index + 1;
  };
  const indentedBodyEnd = (start: number, minIndent: number): number => {
    let end = start;
    for (let j = start + 1; j < lines.length; j++) {
      if (isBlank(lines[j])) continue;
      if (indentOf(lines[j]) < minIndent) break;
      end = j;
    }
    return end;
  };
  let literalNext = false;
  let i = fromLine;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const next = lines[i + 1];
    const afterNext = lines[i + 2];
    // Over- and underlined title.
    if (RST_ADORNMENT.test(line) && next !== undefined && !isBlank(next) && afterNext !== undefined && afterNext.trim() === line.trim()) {
      blocks.push({ kind: 'heading', startLine: i, endLine: i + 2, level: levelOf(`over${line.trim()[0]}`), title: next.trim() });
      i += 3;
      literalNext = false;
      continue;
    }
    // Underlined title: the underline must be at least as long as the text.
    if (!RST_ADORNMENT.test(line) && next !== undefined && RST_ADORNMENT.test(next) && next.trim().length >= line.trim().length && indentOf(line) === 0) {
      blocks.push({ kind: 'heading', startLine: i, endLine: i + 1, level: levelOf(next.trim()[0]), title: line.trim() });
      i += 2;
      literalNext = false;
      continue;
    }
    if (literalNext && indentOf(line) > 0) {
      const end = indentedBodyEnd(i, 1);
      blocks.push({ kind: 'code', startLine: i, endLine: end });
      i = end + 1;
      literalNext = false;
      continue;
    }
    literalNext = false;
    const directive = RST_DIRECTIVE.exec(line);
    if (directive) {
      const end = indentedBodyEnd(i, 1);
      const isCode = /^(code|code-block|sourcecode|literalinclude|math)$/.test(directive[1]);
      blocks.push({ kind: isCode ? 'code' : 'quote', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    if (RST_GRID_TABLE.test(line) || RST_SIMPLE_TABLE.test(line)) {
      let end = i;
      while (end + 1 < lines.length && !isBlank(lines[end + 1])) end++;
      blocks.push({ kind: 'table', startLine: i, endLine: end });
      i = end + 1;
      continue;
    }
    if (RST_LIST.test(line)) {
      const baseIndent = indentOf(line);
      const itemStarts = [i];
      let end = i;
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        if (isBlank(l)) {
          const n = lines[j + 1];
          if (n !== undefined && !isBlank(n) && (indentOf(n) > baseIndent || (RST_LIST.test(n) && indentOf(n) === baseIndent))) continue;
          break;
        }
        if (RST_LIST.test(l) && indentOf(l) === baseIndent) itemStarts.push(j);
        else if (indentOf(l) <= baseIndent) break;
        end = j;
      }
      blocks.push({ kind: 'list', startLine: i, endLine: end, itemStarts });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && !isBlank(lines[end + 1])) {
      if (lines[end + 2] !== undefined && RST_ADORNMENT.test(lines[end + 2]) && !RST_ADORNMENT.test(lines[end + 1])) break;
      end++;
    }
    blocks.push({ kind: indentOf(line) > 0 ? 'quote' : 'paragraph', startLine: i, endLine: end });
    literalNext = /::\s*$/.test(lines[end]);
    i = end + 1;
  }
  return blocks;
}

// ---------------------------------------------------------------- plain text

function parseParagraphs(lines: readonly string[], fromLine: number): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let i = fromLine;
  while (i < lines.length) {
    if (isBlank(lines[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && !isBlank(lines[end + 1])) end++;
    blocks.push({ kind: 'paragraph', startLine: i, endLine: end });
    i = end + 1;
  }
  return blocks;
}
