// The finder of models already on the disk: every GGUF model in Ollama's store and in LM Studio's
// models folders (and folders the user adds), with the warnings and notes of each, so that the
// Model Manager can offer them for use in place, after verifyInPlace, instead of a second copy.
import * as fsp from 'node:fs/promises';
import { readLmStudioFolder } from './lmStudioFolder';
import { readOllamaStore } from './ollamaStore';
import { lmStudioHomePointerFile, storeFolders, type DiskModelsWhere, type StoreFolders } from './storeFolders';
import { emptyScan, type DiskScan, type DiskScanMessage, type ModelOnDisk } from './types';

export interface FindModelsOnDiskOptions extends DiskModelsWhere {
  /** More folders laid out like LM Studio's: one chosen in LM Studio's settings, or the user's own. */
  extraFolders?: readonly string[];
  signal?: AbortSignal;
}

/** The stores and folders searched: the defaults, $OLLAMA_MODELS, and where LM Studio's pointer file says it moved. */
export async function foldersToSearch(where: DiskModelsWhere): Promise<StoreFolders> {
  return storeFolders(where, await textIfThere(lmStudioHomePointerFile(where)));
}

export async function findModelsOnDisk(options: FindModelsOnDiskOptions): Promise<DiskScan> {
  const folders = await foldersToSearch(options);
  const found = emptyScan<ModelOnDisk>();
  for (const store of await distinctFolders(folders.ollama)) addScan(found, await readOllamaStore(store, options.signal));
  for (const folder of await distinctFolders([...folders.lmStudio, ...(options.extraFolders ?? [])])) {
    addScan(found, await readLmStudioFolder(folder, options.signal));
  }
  return withoutRepeats(found);
}

/** A small text file's content, or undefined when it is not there or cannot be read. */
async function textIfThere(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The folders with links resolved and each real folder once: the default and a configured folder
 *  are often the same one, reached by two names. Folders that are not there stay as given. */
async function distinctFolders(folders: readonly string[]): Promise<string[]> {
  const real = await Promise.all(folders.map((f) => fsp.realpath(f).catch(() => f)));
  return [...new Set(real)];
}

function addScan(into: DiskScan, scan: DiskScan): void {
  into.models.push(...scan.models);
  into.warnings.push(...scan.warnings);
  into.notes.push(...scan.notes);
}

/**
 * One entry per model file: a folder inside another (an extra folder below LM Studio's) lists the
 * same files twice under two names, and the first, from the outer folder, is kept. Ollama models are
 * kept whole: two tags of one model share a blob and Ollama lists both.
 */
function withoutRepeats(scan: DiskScan): DiskScan {
  const seenFiles = new Set<string>();
  const models = scan.models.filter((m) => {
    if (m.source === 'ollama') return true;
    if (seenFiles.has(m.path)) return false;
    seenFiles.add(m.path);
    return true;
  });
  return { models, warnings: uniqueMessages(scan.warnings), notes: uniqueMessages(scan.notes) };
}

/** One message a file: the same file reached through two folders is said once. */
function uniqueMessages(messages: DiskScanMessage[]): DiskScanMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = `${m.source}:${m.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
