// The notes index's BM25 index on disk (core/notes/bm25Segment.ts): read whole and used in place,
// written by streaming the index's postings to the temp file, so a save never holds a second copy
// of them.

import { readFileSync } from 'node:fs';
import { prepareAtomicWriteBy } from '../../core/atomicWrite';
import { Bm25Index, type Bm25Postings } from '../../core/notes/bm25';
import { bm25SegmentVersion, Bm25SegmentWriter, decodeBm25Segment } from '../../core/notes/bm25Segment';
import { writeParts } from './segmentParts';

/** The saved index and its segment's version (1 is read, then to be written again as 2). */
export async function readBm25Segment(file: string): Promise<{ index: Bm25Index; version: 1 | 2 }> {
  // Read in one synchronous call: an awaited readFile goes through the thread pool half a megabyte
  // at a time, which on a busy 2-core machine left a `local-focus search` at 50k chunks idle for a
  // tenth of a second; this runs while the index opens, when nothing else is served anyway.
  const bytes = readFileSync(file);
  return { index: Bm25Index.fromRows(decodeBm25Segment(bytes)), version: bm25SegmentVersion(bytes) };
}

/**
 * Writes the postings as a version 2 segment, atomically (a temp file, fsync, rename), and returns
 * the index read back from it: its posting lists views on one buffer, which is far smaller than
 * an index grown document by document (a build holds that only until its next checkpoint).
 */
export async function writeBm25Segment(file: string, postings: Bm25Postings): Promise<Bm25Index> {
  const prepared = await prepareAtomicWriteBy(file, async (handle) => {
    const writer = new Bm25SegmentWriter(postings);
    const prefix = writer.prefixLength;
    await writeParts(handle, writer.parts(), prefix);
    await writeParts(handle, [writer.prefix()], 0);
  });
  await prepared.commit();
  return (await readBm25Segment(file)).index;
}
