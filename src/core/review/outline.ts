// A language-light outline: where blocks start and end and whether each is a function, a
// container (class, struct, namespace, impl) or a control statement. Braces decide the extent in
// the C family, indentation in Python; keywords in the header decide the kind. It is not a parser:
// it is right for ordinary code and degrades to "other" blocks, never to a crash, on odd code.

import { lexCode, type LexedCode } from '../lexing/lexCode';
import { languageInfo, type LanguageFamily, type LanguageInfo } from './language';
import { LineIndex } from './lines';

export type BlockKind = 'function' | 'container' | 'control' | 'other';

export interface CodeBlock {
  kind: BlockKind;
  name?: string;
  /** 1-based line where the block starts, decorators and annotations included. */
  startLine: number;
  /** 1-based line of the header itself (`def f(` rather than its `@decorator`). */
  headerLine: number;
  /** 1-based line of the closing brace, or of the last line of the indented body. */
  endLine: number;
  /** 1-based line of the opening brace or of the Python header's ':'. */
  openLine: number;
  /** Header text with whitespace collapsed, masked (no strings or comments). */
  header: string;
  children: CodeBlock[];
}

export interface CodeOutline {
  language: LanguageInfo;
  lexed: LexedCode;
  lines: LineIndex;
  /** Top-level blocks; nested blocks hang off `children`. */
  blocks: CodeBlock[];
}

const CONTROL_WORDS = new Set([
  'if', 'else', 'elif', 'for', 'while', 'do', 'switch', 'try', 'catch', 'except', 'finally', 'with', 'foreach', 'lock',
  'using', 'synchronized', 'unsafe', 'loop', 'match', 'select', 'defer', 'go', 'checked', 'unchecked', 'fixed', 'case',
  'default', 'async with', 'async for',
]);
// The keyword must be followed by a name, generics or nothing: `module.exports = {` is not a module.
const CONTAINER_PATTERN = /\b(class|interface|struct|enum|namespace|impl|trait|module|mod|object|record|union|extension|protocol)\b(?=\s+[A-Za-z_$]|\s*<|\s*$)/;
const FUNCTION_KEYWORD_PATTERN = /\b(function|func|fn|fun|def)\b/;

export function outlineCode(text: string, languageId: string): CodeOutline {
  const language = languageInfo(languageId);
  const lexed = lexCode(text, language.syntax);
  const lines = new LineIndex(text);
  const blocks = language.blockStyle === 'indentation' ? pythonBlocks(lexed, lines) : braceBlocks(lexed, lines, language.family);
  return { language, lexed, lines, blocks };
}

export function flattenBlocks(blocks: readonly CodeBlock[]): CodeBlock[] {
  const all: CodeBlock[] = [];
  const visit = (list: readonly CodeBlock[]): void => {
    for (const b of list) {
      all.push(b);
      visit(b.children);
    }
  };
  visit(blocks);
  return all;
}

// ---------------------------------------------------------------------------------------------
// Brace languages

const CONTINUATION_LINE_END = /(?:[,([=+\-*/%&|^!?:.]|=>|->)$/;
const CONTINUATION_SEGMENT_START = /^(?:[.?:)+]|&&|\|\||->|=>|extends\b|implements\b|throws\b|where\b|with\b)/;

/** Offset where the header of the block opened at `open` begins. */
function headerStart(masked: string, open: number, family: LanguageFamily): number {
  let depth = 0;
  let k = open - 1;
  for (; k >= 0; k--) {
    const c = masked[k];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === '{' || c === '}' || c === ',' || (c === ';' && family !== 'go'))) break;
    else if (depth === 0 && c === '\n') {
      const segment = masked.slice(k + 1, open).trim();
      if (segment === '') continue;
      const lineStart = masked.lastIndexOf('\n', k - 1) + 1;
      const previous = masked.slice(lineStart, k).trim();
      const previousIsPreprocessor = previous.startsWith('#') && family !== 'python';
      if (previous === '' || previousIsPreprocessor) break;
      if (CONTINUATION_LINE_END.test(previous) || CONTINUATION_SEGMENT_START.test(segment)) continue;
      break;
    }
  }
  let start = k + 1;
  while (start < open && /\s/.test(masked[start])) start++;
  return start;
}

export function classifyHeader(header: string): { kind: BlockKind; name?: string } {
  const h = header.replace(/\s+/g, ' ').replace(/^[}\s]+/, '').trim();
  const firstWord = /^[A-Za-z_]\w*/.exec(h)?.[0] ?? '';
  const firstTwo = /^[A-Za-z_]\w* [A-Za-z_]\w*/.exec(h)?.[0] ?? '';
  if (CONTROL_WORDS.has(firstWord) || CONTROL_WORDS.has(firstTwo)) return { kind: 'control' };
  if (/(?:=>|->)$/.test(h)) return functionBlock(h);
  if (FUNCTION_KEYWORD_PATTERN.test(h)) return functionBlock(h);
  const container = CONTAINER_PATTERN.exec(h);
  if (container && !h.slice(0, container.index).includes('(')) {
    const name = /^\s+([A-Za-z_$][\w$]*)/.exec(h.slice(container.index + container[0].length))?.[1];
    return name ? { kind: 'container', name } : { kind: 'container' };
  }
  const beforeParams = h.split('(')[0];
  const isAssignment = /(?:^|[^=!<>])=(?![=>])/.test(beforeParams);
  if (h.includes('(') && /\)[^(){}]*$/.test(h) && !isAssignment && !/^(?:new|return|throw|await|yield)\b/.test(h)) {
    return functionBlock(h);
  }
  return { kind: 'other' };
}

const NOT_NAMES = new Set([
  'function', 'func', 'fn', 'fun', 'def', 'async', 'new', 'typeof', 'await', 'static', 'public', 'private', 'protected',
  'return', 'throw', 'yield',
]);

function functionBlock(h: string): { kind: BlockKind; name?: string } {
  const name = functionName(h);
  return name ? { kind: 'function', name } : { kind: 'function' };
}

function functionName(h: string): string | undefined {
  const patterns = [
    /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)/,
    /\bfunc\b\s*(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/,
    /\b(?:fn|fun|def)\s+([A-Za-z_]\w*)/,
    /\b(?:const|let|var|val|auto)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=/,
    /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s*)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/,
    /([A-Za-z_$~][\w$]*)\s*(?:<[^()]*>)?\s*\(/,
  ];
  for (const p of patterns) {
    const m = p.exec(h);
    if (m && !CONTROL_WORDS.has(m[1]) && !NOT_NAMES.has(m[1])) return m[1];
  }
  return undefined;
}

function braceBlocks(lexed: LexedCode, lines: LineIndex, family: LanguageFamily): CodeBlock[] {
  const masked = lexed.masked;
  const roots: CodeBlock[] = [];
  const stack: { open: number; children: CodeBlock[] }[] = [];
  const close = (frame: { open: number; children: CodeBlock[] }, endLine: number): void => {
    const start = headerStart(masked, frame.open, family);
    const header = masked.slice(start, frame.open).replace(/\s+/g, ' ').trim();
    const { kind, name } = classifyHeader(header);
    const startLine = lines.lineAt(start);
    const block: CodeBlock = { kind, startLine, headerLine: startLine, endLine, openLine: lines.lineAt(frame.open), header, children: frame.children };
    if (name) block.name = name;
    (stack.length > 0 ? stack[stack.length - 1].children : roots).push(block);
  };
  for (let k = 0; k < masked.length; k++) {
    if (masked[k] === '{') stack.push({ open: k, children: [] });
    else if (masked[k] === '}' && stack.length > 0) close(stack.pop()!, lines.lineAt(k));
  }
  // Unclosed braces (a selection cut mid-function) run to the end of the text.
  while (stack.length > 0) close(stack.pop()!, lines.lineCount);
  return roots;
}

// ---------------------------------------------------------------------------------------------
// Python

export interface LogicalLine {
  /** 1-based first and last physical line. */
  startLine: number;
  endLine: number;
  indent: number;
  /** Masked text of all its physical lines joined with spaces, trimmed. */
  code: string;
}

/** Python statements: physical lines joined while brackets are open or a line ends with '\'. */
export function pythonLogicalLines(lexed: LexedCode, lines: LineIndex): LogicalLine[] {
  const result: LogicalLine[] = [];
  let depth = 0;
  let current: LogicalLine | undefined;
  let continued = false;
  // Lines whose end lies inside a triple-quoted string continue into the next line.
  const insideString = new Set<number>();
  for (const t of lexed.tokens) {
    if (t.kind !== 'string') continue;
    const last = lines.lineAt(Math.max(t.start, t.end - 1));
    for (let l = lines.lineAt(t.start); l < last; l++) insideString.add(l);
  }
  for (let line = 1; line <= lines.lineCount; line++) {
    const raw = lexed.masked.slice(lines.lineStart(line), lines.lineEnd(line));
    const trimmed = raw.trim();
    if (!current) {
      if (trimmed === '') continue;
      current = { startLine: line, endLine: line, indent: indentWidth(raw), code: trimmed };
    } else {
      current.endLine = line;
      if (trimmed !== '') current.code += ' ' + trimmed;
    }
    for (const c of raw) {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    }
    continued = /\\\s*$/.test(raw) || insideString.has(line);
    if (depth === 0 && !continued) {
      result.push(current);
      current = undefined;
    }
  }
  if (current) result.push(current);
  return result;
}

function indentWidth(line: string): number {
  let width = 0;
  for (const c of line) {
    if (c === ' ') width++;
    else if (c === '\t') width += 8 - (width % 8);
    else break;
  }
  return width;
}

function pythonBlocks(lexed: LexedCode, lines: LineIndex): CodeBlock[] {
  const logical = pythonLogicalLines(lexed, lines);
  const roots: CodeBlock[] = [];
  const open: { block: CodeBlock; indent: number }[] = [];

  const closeUntil = (indent: number): void => {
    while (open.length > 0 && open[open.length - 1].indent >= indent) open.pop();
  };

  for (let index = 0; index < logical.length; index++) {
    const stmt = logical[index];
    closeUntil(stmt.indent);
    for (const frame of open) frame.block.endLine = Math.max(frame.block.endLine, stmt.endLine);
    if (!/:$/.test(stmt.code) && !isSingleLineSuite(stmt.code)) continue;
    const keyword = /^(?:async\s+)?([A-Za-z_]\w*)/.exec(stmt.code)?.[1] ?? '';
    let kind: BlockKind = 'other';
    let name: string | undefined;
    if (keyword === 'def') {
      kind = 'function';
      name = /\bdef\s+([A-Za-z_]\w*)/.exec(stmt.code)?.[1];
    } else if (keyword === 'class') {
      kind = 'container';
      name = /\bclass\s+([A-Za-z_]\w*)/.exec(stmt.code)?.[1];
    } else if (CONTROL_WORDS.has(keyword)) kind = 'control';
    else if (keyword === '' || !/:$/.test(stmt.code)) continue;
    let startLine = stmt.startLine;
    for (let d = index - 1; d >= 0 && logical[d].code.startsWith('@') && logical[d].indent === stmt.indent; d--) {
      startLine = logical[d].startLine;
    }
    const block: CodeBlock = { kind, startLine, headerLine: stmt.startLine, endLine: stmt.endLine, openLine: stmt.endLine, header: stmt.code, children: [] };
    if (name) block.name = name;
    (open.length > 0 ? open[open.length - 1].block.children : roots).push(block);
    if (/:$/.test(stmt.code)) open.push({ block, indent: stmt.indent });
  }
  return roots;
}

/** `if x: return y`: a compound statement whose suite sits on the header line. */
function isSingleLineSuite(code: string): boolean {
  return /^(?:if|elif|else|for|while|try|except|finally|with|def|class)\b[^:]*:\s*\S/.test(code) && !/:$/.test(code);
}
