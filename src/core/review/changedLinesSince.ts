// The lines a diff review may comment on: the lines of a text that are added or changed since
// the text it is measured from, or every line when there is none (a file that is new). The
// editor's reviews (uncommitted changes, branch changes) and `local-focus review --base` all ask
// here, so they agree on what changed; the texts are compared directly because an editor buffer
// with unsaved edits is not what `git diff` sees on disk.
import { changedLinesBetween } from './lineDiff';
import { splitLines } from './lines';

/** 1-based lines of `text` added or changed since `baseText`, ascending; all of them when `baseText` is undefined. */
export function changedLinesSince(baseText: string | undefined, text: string, signal?: AbortSignal): number[] {
  if (baseText === undefined) return splitLines(text).map((_, i) => i + 1);
  return [...changedLinesBetween(baseText, text, signal).after].sort((a, b) => a - b);
}
