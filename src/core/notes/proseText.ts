// The prose of a Markdown note, with code blanked out: links and #tags are read only from prose,
// since `#include` in a code span or `[[x]]` in a fenced example is code, not a link or a tag.
// Blanking (spaces, same length) rather than deleting keeps every other character on its line
// and column, so what is found there can still be placed.

/** Each line of `lines` from `fromLine` on, with fenced code blocks and inline code spans replaced by spaces. */
export function proseLines(lines: readonly string[], fromLine = 0): string[] {
  const prose: string[] = [];
  let fence: string | undefined;
  for (const line of lines.slice(fromLine)) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      prose.push(blank(line));
    } else if (marker) {
      fence = marker;
      prose.push(blank(line));
    } else {
      prose.push(blankCodeSpans(line));
    }
  }
  return prose;
}

/** A code span opens with a run of backticks and closes with a run of the same length. */
function blankCodeSpans(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, (span) => blank(span));
}

function blank(text: string): string {
  return ' '.repeat(text.length);
}
