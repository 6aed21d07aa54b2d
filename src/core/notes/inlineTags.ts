// #tags written in a note's text, as Obsidian reads them: `#` at the start of a line or after
// whitespace, then letters, digits, `_`, `-` and `/` (nested tags: `#project/alpha`), with at least
// one character that is not a digit. So `# Heading` (a space follows), `#123` (an issue number),
// `page#section` (a URL fragment: no whitespace before `#`) and code (blanked before: see
// proseText.ts) are not tags.

const TAG = /(?<=^|\s)#([\p{L}\p{N}_\-/]+)/gu;

/** The tags of one line of prose, without `#`, in order; a trailing `/` is not part of a tag. */
export function parseInlineTags(line: string): string[] {
  const tags: string[] = [];
  for (const match of line.matchAll(TAG)) {
    const tag = match[1]!.replace(/\/+$/, '');
    if (/[^\p{N}]/u.test(tag)) tags.push(tag);
  }
  return tags;
}
