// The passages Ask Notes answers from: a notes search's top results, each as the model sees it
// (its source "file:line", its heading, its text) and as the front end links it (the folder, the
// file and the line a citation opens). Lines are 1-based here, as editors and grep show them.
import type { AskPassage } from '../../notesAskProtocol';
import type { NoteSearchResult } from '../../notesProtocol';

/** How many of the search's top results an answer is asked from: enough to cover a question, few enough for a 4k context. */
export const ASK_PASSAGE_COUNT = 6;
/** Characters of each passage: about one chunk, so six fit a small model's context with the answer. */
export const ASK_PASSAGE_CHARS = 1000;

export interface SourcedPassage extends AskPassage {
  /** 1-based: the number the answer cites it by. */
  n: number;
  /** The folder's absolute path; `file` is relative to it. */
  folder: string;
  file: string;
  /** 1-based first line of the passage. */
  line: number;
  /** [start, end) of the question's words in `text`, for the extractive view. */
  highlights: Array<[number, number]>;
}

/** `folderLabel` prefixes the source when results come from several folders. */
export function askPassages(hits: readonly { folder: string; folderLabel?: string; result: NoteSearchResult }[]): SourcedPassage[] {
  return hits.map(({ folder, folderLabel, result }, i) => {
    const heading = result.headingPath.length > 0 ? result.headingPath.join(' › ') : result.title;
    return {
      n: i + 1,
      source: `${folderLabel ? `${folderLabel}/` : ''}${result.file}:${result.startLine + 1}`,
      ...(heading ? { heading } : {}),
      text: result.snippet.text,
      folder,
      file: result.file,
      line: result.startLine + 1,
      highlights: result.snippet.highlights,
    };
  });
}

/** What the worker needs of a passage: no paths of this machine beyond the source shown. */
export function promptPassages(passages: readonly SourcedPassage[]): AskPassage[] {
  return passages.map((p) => ({ source: p.source, ...(p.heading ? { heading: p.heading } : {}), text: p.text }));
}
