// Reads the metadata block at the top of a note: YAML (`---`) or TOML (`+++`) front matter in
// Markdown and text, `#+TITLE:` / `#+FILETAGS:` keywords in Org. Only flat keys, strings and string
// lists are understood: that covers title and tags, the two fields notes search uses, without a
// YAML dependency in core. Anything else is kept as raw strings.

export type NoteFormat = 'markdown' | 'org' | 'rst' | 'text';

export interface FrontMatter {
  title?: string;
  tags: string[];
  /** Every key read, lowercased: scalars as strings, lists as string arrays. */
  fields: Record<string, string | string[]>;
  /** First line (0-based) after the metadata block; 0 when there is none. */
  bodyStartLine: number;
}

const TITLE_KEYS = ['title'];
const TAG_KEYS = ['tags', 'tag', 'keywords', 'filetags'];

export function parseFrontMatter(lines: readonly string[], format: NoteFormat): FrontMatter {
  if (format === 'org') return parseOrgKeywords(lines);
  if (format === 'markdown' || format === 'text') {
    const first = lines[0]?.replace(/^\uFEFF/, '').trimEnd();
    if (first === '---') return parseDelimited(lines, /^(---|\.\.\.)\s*$/, parseYamlLines);
    if (first === '+++') return parseDelimited(lines, /^\+\+\+\s*$/, parseTomlLines);
  }
  return { tags: [], fields: {}, bodyStartLine: 0 };
}

function parseDelimited(
  lines: readonly string[],
  closing: RegExp,
  parse: (body: readonly string[]) => Record<string, string | string[]>,
): FrontMatter {
  for (let i = 1; i < lines.length; i++) {
    if (closing.test(lines[i])) return interpret(parse(lines.slice(1, i)), i + 1);
  }
  // No closing line: a document that merely starts with a thematic break.
  return { tags: [], fields: {}, bodyStartLine: 0 };
}

function interpret(fields: Record<string, string | string[]>, bodyStartLine: number): FrontMatter {
  const titleValue = TITLE_KEYS.map((k) => fields[k]).find((v) => v !== undefined);
  const title = Array.isArray(titleValue) ? titleValue.join(' ') : titleValue;
  const tags: string[] = [];
  for (const key of TAG_KEYS) {
    const value = fields[key];
    if (value === undefined) continue;
    const items = Array.isArray(value) ? value : value.split(/[,\s]+|:/);
    for (const item of items) {
      const tag = item.trim().replace(/^#/, '');
      if (tag && !tags.includes(tag)) tags.push(tag);
    }
  }
  return { ...(title ? { title: title.trim() } : {}), tags, fields, bodyStartLine };
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    const inner = v.slice(1, -1);
    return v.startsWith('"') ? inner.replace(/\\(["\\])/g, '$1') : inner.replace(/''/g, "'");
  }
  return v;
}

/** `[a, "b c", d]` → ['a', 'b c', 'd']; commas inside quotes are kept. */
function parseFlowList(value: string): string[] {
  const inner = value.trim().slice(1, -1);
  const items: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = undefined;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items.map(unquote).filter((s) => s.length > 0);
}

function stripComment(value: string): string {
  // A YAML comment needs whitespace before '#', so "C#" and "#tag" survive.
  const match = /\s#/.exec(value);
  return match ? value.slice(0, match.index) : value;
}

function parseYamlLines(body: readonly string[]): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  let listKey: string | undefined;
  let blockKey: string | undefined;
  let blockLines: string[] = [];
  const finishBlock = (): void => {
    if (blockKey !== undefined) fields[blockKey] = blockLines.join(' ').trim();
    blockKey = undefined;
    blockLines = [];
  };
  for (const line of body) {
    if (blockKey !== undefined) {
      if (/^\s+\S/.test(line) || line.trim() === '') {
        blockLines.push(line.trim());
        continue;
      }
      finishBlock();
    }
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey !== undefined) {
      const list = fields[listKey];
      const value = unquote(stripComment(item[1]));
      if (Array.isArray(list) && value) list.push(value);
      continue;
    }
    const pair = /^([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?\s*$/.exec(line);
    if (!pair) continue;
    const key = pair[1].toLowerCase();
    const raw = stripComment(pair[2] ?? '').trim();
    listKey = undefined;
    if (raw === '') {
      fields[key] = [];
      listKey = key;
    } else if (raw === '|' || raw === '>' || /^[|>][+-]?$/.test(raw)) {
      blockKey = key;
    } else if (raw.startsWith('[') && raw.endsWith(']')) {
      fields[key] = parseFlowList(raw);
    } else {
      fields[key] = unquote(raw);
    }
  }
  finishBlock();
  return fields;
}

function parseTomlLines(body: readonly string[]): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const line of body) {
    const pair = /^\s*([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!pair) continue;
    const raw = pair[2];
    fields[pair[1].toLowerCase()] = raw.startsWith('[') && raw.endsWith(']') ? parseFlowList(raw) : unquote(raw);
  }
  return fields;
}

/** Org keeps metadata as `#+KEY: value` lines before the first heading or paragraph. */
function parseOrgKeywords(lines: readonly string[]): FrontMatter {
  const fields: Record<string, string | string[]> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const keyword = /^\s*#\+([A-Za-z_][\w-]*):\s*(.*?)\s*$/.exec(line);
    if (!keyword || /^(begin|end)_/i.test(keyword[1])) break;
    fields[keyword[1].toLowerCase()] = keyword[2];
  }
  if (Object.keys(fields).length === 0) return { tags: [], fields: {}, bodyStartLine: 0 };
  return interpret(fields, i);
}
