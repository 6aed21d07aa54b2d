// Where a notes index is rebuilt aside, and how the rebuilt one replaces it. The rebuild is a
// whole index of its own in <indexDir>/rebuild/, so the old one stays searchable, and is kept
// whole when the rebuild fails or is paused, until the rebuild is complete.
//
// The swap is made safe against a crash the same way a save is: a marker says the rebuilt index
// is complete, the old manifest goes first (no manifest reads as "empty"), then each store is
// moved over, the manifest last. Opening an index whose folder holds the marker finishes the swap;
// every step does nothing when it was already done, so finishing it twice is harmless. (An open
// does not take the write lock, so two processes could finish one swap at once; a store the other
// already moved is skipped, but the two are not fully ordered.)

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomicWrite';
import { MANIFEST_FILE, STORE_FILES_MANIFEST_LAST } from './storeFiles';
import { fileExists } from './fileExists';

const REBUILD_DIR = 'rebuild';
const COMPLETE_MARKER = 'complete';

export function rebuildDirOf(indexDir: string): string {
  return path.join(indexDir, REBUILD_DIR);
}

/** Replaces the stores in indexDir with the complete rebuilt ones. */
export async function swapInRebuilt(indexDir: string): Promise<void> {
  await writeFileAtomic(path.join(rebuildDirOf(indexDir), COMPLETE_MARKER), new Date().toISOString());
  await finishSwap(indexDir);
}

/** Finishes a swap that a crash interrupted; true when there was one. */
export async function finishInterruptedSwap(indexDir: string): Promise<boolean> {
  if (!(await fileExists(path.join(rebuildDirOf(indexDir), COMPLETE_MARKER)))) return false;
  await finishSwap(indexDir);
  return true;
}

/** Drops a rebuild that is no longer wanted (the source it was for is not the one in use now). */
export async function discardRebuild(indexDir: string): Promise<boolean> {
  const dir = rebuildDirOf(indexDir);
  if (!(await fileExists(dir))) return false;
  await fs.rm(dir, { recursive: true, force: true });
  return true;
}

async function finishSwap(indexDir: string): Promise<void> {
  const rebuilt = rebuildDirOf(indexDir);
  if (await fileExists(path.join(rebuilt, MANIFEST_FILE))) await fs.rm(path.join(indexDir, MANIFEST_FILE), { force: true });
  for (const name of STORE_FILES_MANIFEST_LAST) {
    const from = path.join(rebuilt, name);
    if (!(await fileExists(from))) continue;
    await fs.rm(path.join(indexDir, name), { recursive: true, force: true });
    await fs.rename(from, path.join(indexDir, name)).catch(movedByAnother);
  }
  await fs.rm(rebuilt, { recursive: true, force: true });
}

function movedByAnother(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
