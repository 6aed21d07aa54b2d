// Trailing punctuation cut by scanning back from the end. A pattern such as /[.-]+$/ is tried from
// every position of a run of those characters that does not reach the end, so one long run of
// dashes inside a title cost the square of its length (seen by the parser's fuzz test).

/** `text` without the characters of `chars` (and whitespace, when `whitespace`) at its end. */
export function trimTrailing(text: string, chars: string, whitespace = false): string {
  let end = text.length;
  while (end > 0) {
    const ch = text.charAt(end - 1);
    if (!chars.includes(ch) && !(whitespace && /\s/.test(ch))) break;
    end--;
  }
  return text.slice(0, end);
}
