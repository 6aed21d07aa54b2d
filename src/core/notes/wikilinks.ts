// [[wikilinks]] as Obsidian and Foam write them: `[[note]]`, `[[note|shown text]]`,
// `[[note#Heading]]`, `[[folder/note#Heading|shown text]]`, and embeds `![[note]]`, which link too.
// The target is the note's name (or a path to it); which file it means is decided later, at
// search time, by name (linkResolution.ts), so a renamed note's links resolve again once re-indexed.

export interface Wikilink {
  /** The note named, as written (without heading or alias), trimmed; never empty. */
  target: string;
  /** The heading after `#`, when given. */
  heading?: string;
  /** The text after `|`, when given. */
  alias?: string;
}

const WIKILINK = /!?\[\[([^\[\]\n]+?)\]\]/g;

/** The wikilinks of one line of prose (code already blanked: see proseText.ts), in order. */
export function parseWikilinks(line: string): Wikilink[] {
  const links: Wikilink[] = [];
  for (const match of line.matchAll(WIKILINK)) {
    const link = parseInner(match[1]!);
    if (link) links.push(link);
  }
  return links;
}

/** `target#heading|alias`; a link to a heading of the same note (`[[#Heading]]`) names no note, so none. */
function parseInner(inner: string): Wikilink | undefined {
  const bar = inner.indexOf('|');
  const reference = bar >= 0 ? inner.slice(0, bar) : inner;
  const alias = bar >= 0 ? inner.slice(bar + 1).trim() : '';
  const hash = reference.indexOf('#');
  const target = (hash >= 0 ? reference.slice(0, hash) : reference).trim();
  const heading = hash >= 0 ? reference.slice(hash + 1).trim() : '';
  if (target === '') return undefined;
  return { target, ...(heading ? { heading } : {}), ...(alias ? { alias } : {}) };
}
