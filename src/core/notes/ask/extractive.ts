// The degraded answer: no model, so the passages themselves, with the question's words marked.
// A passage's text is split into plain and marked runs at the highlights the search computed (the
// same analyzer as the search, so "rotating" marks "rotation"), for front ends that draw each run
// as a text node: nothing of a note ever becomes markup.

export interface TextRun {
  text: string;
  marked: boolean;
}

/** `highlights` are [start, end) offsets into `text`, in order and not overlapping; bad ones are skipped. */
export function markedRuns(text: string, highlights: readonly (readonly [number, number])[]): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const [start, end] of highlights) {
    if (!(Number.isInteger(start) && Number.isInteger(end)) || start < at || end <= start || end > text.length) continue;
    if (start > at) runs.push({ text: text.slice(at, start), marked: false });
    runs.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), marked: false });
  return runs;
}

/** The degraded answer's first line: says plainly that no model wrote it, and why. */
export function extractiveNotice(reason: string | undefined): string {
  const why = reason?.trim().replace(/\.+$/, '');
  return `No model answered${why ? ` (${why})` : ''}. These are the passages of your notes that match best, with the question's words marked; read them for the answer.`;
}
