// Saving a summary as notes/summary-YYYY-MM-DD.md: the folder is made, and a note of the same day
// is never overwritten; the next name gets -2, -3….
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveSummaryNote, summaryNoteName } from '../../../../src/core/tasks/summary/summaryNoteFile';

const DAY = { year: 2026, month: 3, day: 10 };

describe('summaries: saving as a note', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-summary-note-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('names the note by its day, with -2, -3… after the first', () => {
    assert.deepEqual([1, 2, 3].map((n) => summaryNoteName(DAY, n)), ['summary-2026-03-10.md', 'summary-2026-03-10-2.md', 'summary-2026-03-10-3.md']);
  });

  it('writes notes/summary-<day>.md, making the folder', async () => {
    const file = await saveSummaryNote(folder, DAY, '# one\n');
    assert.equal(file, path.join(folder, 'notes', 'summary-2026-03-10.md'));
    assert.equal(fs.readFileSync(file, 'utf8'), '# one\n');
  });

  it('never overwrites: a second and third save of the day take the next free names', async () => {
    const first = await saveSummaryNote(folder, DAY, '# one\n');
    fs.writeFileSync(path.join(folder, 'notes', 'summary-2026-03-10-2.md'), 'mine\n');
    const second = await saveSummaryNote(folder, DAY, '# two\n');
    const third = await saveSummaryNote(folder, DAY, '# three\n');
    assert.deepEqual([first, second, third].map((f) => path.basename(f)), ['summary-2026-03-10.md', 'summary-2026-03-10-3.md', 'summary-2026-03-10-4.md']);
    assert.equal(fs.readFileSync(first, 'utf8'), '# one\n');
    assert.equal(fs.readFileSync(path.join(folder, 'notes', 'summary-2026-03-10-2.md'), 'utf8'), 'mine\n');
    assert.equal(fs.readFileSync(third, 'utf8'), '# three\n');
  });
});
