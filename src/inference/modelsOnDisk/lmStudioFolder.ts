// Lists the GGUF models in one LM Studio models folder (`<folder>/<publisher>/<repo>/<file>.gguf`,
// or any folder of GGUF files the user names). A vision projector is not a model of its own: it is
// noted and attached to the model beside it. A model split into parts is listed once, by its first
// part, and only when every part is there.
import * as path from 'node:path';
import { entryKind, fsErrorSentence, isHidden, listFolder, statIfThere, type EntryKind } from './folderReading';
import { isGgufFileName, isProjectorFileName, splitPartName, splitPartOf } from './ggufFileNames';
import { emptyScan, type DiskScan, type LmStudioModelOnDisk } from './types';

/** LM Studio keeps models two folders down; a bound keeps a wrongly chosen folder (a home folder,
 *  a drive's root) from walking the whole disk. */
const MAX_FOLDER_DEPTH = 4;
const MAX_ENTRIES = 20_000;

interface GgufFile {
  /** Below the models folder, "/" separated: the model's name when it is one. */
  name: string;
  path: string;
  size: number;
}

type LmStudioScan = DiskScan<LmStudioModelOnDisk>;

interface Walk {
  folder: string;
  /** GGUF files by the folder they are in: projectors and split parts only pair within one folder. */
  byFolder: Map<string, GgufFile[]>;
  entriesSeen: number;
  scan: LmStudioScan;
  signal?: AbortSignal;
}

export async function readLmStudioFolder(folder: string, signal?: AbortSignal): Promise<LmStudioScan> {
  const walk: Walk = { folder, byFolder: new Map(), entriesSeen: 0, scan: emptyScan(), ...(signal ? { signal } : {}) };
  await collectGgufFiles(walk, folder, '', 0);
  for (const files of walk.byFolder.values()) walk.scan.models.push(...modelsAmong(files, walk));
  walk.scan.models.sort((a, b) => a.name.localeCompare(b.name));
  return walk.scan;
}

function warn(walk: Walk, where: string, message: string): void {
  walk.scan.warnings.push({ source: 'lm-studio', path: where, message });
}

async function collectGgufFiles(walk: Walk, dir: string, relDir: string, depth: number): Promise<void> {
  walk.signal?.throwIfAborted();
  const listing = await listFolder(dir);
  if (listing.kind === 'unreadable') warn(walk, dir, `The models folder ${dir} cannot be read (${listing.why}); give your user read access to it to use its models.`);
  if (listing.kind !== 'entries') return;
  for (const entry of listing.entries) {
    if (isHidden(entry.name)) continue;
    if (++walk.entriesSeen > MAX_ENTRIES) {
      if (walk.entriesSeen === MAX_ENTRIES + 1) warn(walk, walk.folder, `${walk.folder} holds more than ${MAX_ENTRIES} files and folders; only the first were searched for models. Choose the folder that holds just the models.`);
      return;
    }
    const kind = await entryKind(dir, entry);
    const full = path.join(dir, entry.name);
    const name = relDir ? `${relDir}/${entry.name}` : entry.name;
    if (kind === 'folder' && depth < MAX_FOLDER_DEPTH) await collectGgufFiles(walk, full, name, depth + 1);
    else if (isGgufFileName(entry.name)) await addGgufFile(walk, dir, { name, path: full }, kind);
  }
}

async function addGgufFile(walk: Walk, dir: string, file: { name: string; path: string }, kind: EntryKind): Promise<void> {
  if (kind === 'broken-link') return warn(walk, file.path, `${file.path} is a link to a file that is not there.`);
  if (kind !== 'file') return;
  try {
    const stats = await statIfThere(file.path);
    if (!stats) return; // removed while the folder was being read
    const files = walk.byFolder.get(dir) ?? [];
    files.push({ ...file, size: stats.size });
    walk.byFolder.set(dir, files);
  } catch (err) {
    warn(walk, file.path, `${file.path} cannot be read: ${fsErrorSentence(err)}.`);
  }
}

/** The models among the GGUF files of one folder. */
function modelsAmong(files: GgufFile[], walk: Walk): LmStudioModelOnDisk[] {
  const projectors = files.filter((f) => isProjectorFileName(path.basename(f.path)));
  for (const p of projectors) {
    walk.scan.notes.push({ source: 'lm-studio', path: p.path, message: `${p.name} is a vision projector, not a chat model; it is not listed on its own.` });
  }
  // With several projectors in one folder, which one a model needs cannot be told from the names.
  const projectorPath = projectors.length === 1 ? projectors[0].path : undefined;
  const candidates = files.filter((f) => !projectors.includes(f));
  const wholeModels = [...candidates.filter((f) => !splitPartOf(path.basename(f.path))).map((f) => [f]), ...completeSplits(candidates, walk)];
  return wholeModels.map((parts) => ({
    source: 'lm-studio' as const,
    name: parts[0].name,
    path: parts[0].path,
    parts: parts.map((p) => p.path),
    sizeBytes: parts.reduce((sum, p) => sum + p.size, 0),
    ...(projectorPath ? { projectorPath } : {}),
    folder: walk.folder,
  }));
}

/** Split models whose parts are all there, each as its parts in order; a warning for the others. */
function completeSplits(files: GgufFile[], walk: Walk): GgufFile[][] {
  const groups = new Map<string, { count: number; parts: Map<number, GgufFile> }>();
  for (const file of files) {
    const part = splitPartOf(path.basename(file.path));
    if (!part) continue;
    const group = groups.get(part.key) ?? { count: part.count, parts: new Map<number, GgufFile>() };
    group.parts.set(part.index, file);
    groups.set(part.key, group);
  }
  const complete: GgufFile[][] = [];
  for (const { count, parts } of groups.values()) {
    const indexes = Array.from({ length: count }, (_, i) => i + 1);
    const missing = indexes.filter((i) => !parts.has(i));
    if (missing.length === 0) {
      complete.push(indexes.map((i) => parts.get(i) as GgufFile));
      continue;
    }
    const some = parts.values().next().value as GgufFile;
    const firstName = splitPartName(some.name, 1);
    const missingText = missing.length === 1 ? `part ${missing[0]} of ${count} is` : `parts ${missing.join(', ')} of ${count} are`;
    warn(walk, some.path, `${firstName} is split into ${count} files and ${missingText} missing; it is listed once LM Studio has downloaded every part.`);
  }
  return complete;
}
