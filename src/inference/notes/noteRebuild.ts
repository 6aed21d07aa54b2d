// Rebuilding a notes index aside, when its vectors cannot serve the embedding source in use (or
// its chunks the chunking rules): ordinary updates build a whole new index in the rebuild folder,
// and only an update of all the notes that finished there swaps it in. Until then the old index
// stays as it was; a rebuild that failed or was paused continues from what it saved.

import { LocalFocusError } from '../../core/errors';
import type { NoteUpdateResult } from '../../core/notes/searchTypes';
import { DimensionChangedError } from './chunkEmbedding';
import type { NoteUpdateOptions } from './noteIndexOptions';
import { NoteStores, type NoteStoreSettings } from './noteStores';
import { NoteUpdate, type IndexSettings } from './noteUpdate';
import { discardRebuild, rebuildDirOf, swapInRebuilt } from './rebuildFolder';

export interface RebuildOutcome {
  result: NoteUpdateResult;
  /** The rebuilt index replaced the old one (an update of all the notes finished). */
  swapped: boolean;
}

/** Brings the rebuild of `main` in line with the listed files; swaps it in when they are all the notes. */
export async function rebuildAside(
  main: NoteStores,
  settings: { index: IndexSettings; stores: NoteStoreSettings },
  listed: ReadonlySet<string>,
  options: NoteUpdateOptions,
): Promise<RebuildOutcome> {
  const reason = main.pendingRebuild!;
  const stores = await openRebuild(main.indexDir, settings.stores);
  const update = new NoteUpdate(stores, settings.index, { ...options, onProgress: (p) => options.onProgress?.({ ...p, rebuilding: reason }) });
  let result: NoteUpdateResult;
  try {
    result = await update.run(listed);
  } catch (err) {
    if (!(err instanceof DimensionChangedError)) throw err;
    await discardRebuild(main.indexDir);
    throw new LocalFocusError('internal', `${err.message} during the rebuild; it starts over at the next update.`);
  }
  // Only an update of every note makes the rebuilt index whole; a file event's update does not.
  if ((options.scope ?? 'all') !== 'all') return { result, swapped: false };
  await swapInRebuilt(main.indexDir);
  settings.index.log('info', `Note index ${settings.index.folder}: rebuilt (${reason}); the new index replaced the old one.`);
  return { result, swapped: true };
}

/** The rebuild's stores: what an earlier try saved when it was for the same source, else empty. */
async function openRebuild(indexDir: string, settings: NoteStoreSettings): Promise<NoteStores> {
  const stores = new NoteStores(rebuildDirOf(indexDir), settings);
  await stores.load();
  if (stores.pendingRebuild === undefined) return stores;
  // An earlier rebuild for another source: none of it can be kept.
  await discardRebuild(indexDir);
  const fresh = new NoteStores(rebuildDirOf(indexDir), settings);
  await fresh.load();
  return fresh;
}
