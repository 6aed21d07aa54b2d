// Two file operations the download's bookkeeping shares, both quiet about a file that is not there.
import * as fsp from 'node:fs/promises';

/** The size of a file, 0 when it does not exist. */
export async function fileSize(p: string): Promise<number> {
  try {
    return (await fsp.stat(p)).size;
  } catch {
    return 0;
  }
}

/** Deletes a file; one that is already gone is not an error. */
export async function removeQuietly(p: string): Promise<void> {
  await fsp.rm(p, { force: true });
}
