// Saves a summary as a note the notes index picks up: `notes/summary-YYYY-MM-DD.md` in the
// workspace folder, dated by the summary's last day. A note is never overwritten: when the name
// is taken, `-2`, `-3`… are tried. The file is created with O_EXCL ('wx'), so a name that another
// window takes between our look and our write is skipped too, not clobbered.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { formatDate, type CivilDate } from '../timeZone';

export const SUMMARY_NOTES_FOLDER = 'notes';

/** Beyond this many summaries of one day, something is looping: stop rather than fill the folder. */
const MAX_SAME_DAY = 100;

/** Writes `markdown` to the first free name and returns its absolute path. */
export async function saveSummaryNote(folder: string, day: CivilDate, markdown: string): Promise<string> {
  const dir = path.join(folder, SUMMARY_NOTES_FOLDER);
  await fs.mkdir(dir, { recursive: true });
  for (let n = 1; n <= MAX_SAME_DAY; n++) {
    const file = path.join(dir, summaryNoteName(day, n));
    try {
      await fs.writeFile(file, markdown, { flag: 'wx' });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`${dir} already holds ${MAX_SAME_DAY} summaries of ${formatDate(day)}; move some away`);
}

/** `summary-2026-03-10.md`, then `summary-2026-03-10-2.md` for the second of the day. */
export function summaryNoteName(day: CivilDate, n: number): string {
  return `summary-${formatDate(day)}${n > 1 ? `-${n}` : ''}.md`;
}
