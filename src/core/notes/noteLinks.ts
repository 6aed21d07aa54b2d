// What one note says about its place among the others: its tags (front matter `tags:` and
// #tags in the text) and the notes it links to ([[wikilinks]] and Markdown links). The index keeps
// these per file (manifest.ts) for the `#tag` filter and for Find Related Notes' links and
// backlinks. Links and inline tags are read from Markdown and plain text only: in Org and
// reStructuredText `#` and brackets mean other things.

import { formatForPath } from './chunker';
import { parseFrontMatter } from './frontMatter';
import { parseInlineTags } from './inlineTags';
import { parseMarkdownLinks } from './markdownLinks';
import { proseLines } from './proseText';
import { parseWikilinks } from './wikilinks';

export interface NoteLinks {
  /** Each tag once, as first written, without `#`. */
  tags: string[];
  /**
   * Each link target once, in order: a wikilink's note name as written (`Project Alpha`,
   * `folder/note`), a Markdown link's path relative to the notes folder (`journal/day.md`).
   * Which note a target means is decided at search time (linkResolution.ts).
   */
  links: string[];
}

/** The tags and links of the note at `file` (relative to its notes folder, '/' separated). */
export function readNoteLinks(file: string, text: string): NoteLinks {
  const format = formatForPath(file);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const front = parseFrontMatter(lines, format);
  const tags = new Uniques(front.tags);
  const links = new Uniques([]);
  if (format === 'markdown' || format === 'text') {
    for (const line of proseLines(lines, front.bodyStartLine)) {
      for (const tag of parseInlineTags(line)) tags.add(tag);
      for (const link of parseWikilinks(line)) links.add(link.target);
      for (const target of parseMarkdownLinks(line, file)) links.add(target);
    }
  }
  return { tags: tags.values, links: links.values };
}

/** Keeps the first spelling of each value, comparing case-insensitively (`#Idea` and `#idea` are one tag). */
class Uniques {
  readonly values: string[] = [];
  private readonly seen = new Set<string>();

  constructor(initial: readonly string[]) {
    for (const value of initial) this.add(value);
  }

  add(value: string): void {
    const key = value.toLowerCase();
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.values.push(value);
  }
}
