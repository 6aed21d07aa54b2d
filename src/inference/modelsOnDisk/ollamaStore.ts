// Lists the GGUF models in one Ollama store (`~/.ollama/models`, or $OLLAMA_MODELS): every manifest
// at `manifests/<host>/<namespace>/<model>/<tag>` whose model layer's blob `blobs/sha256-<hex>` is
// on disk. A bad manifest or a missing blob becomes a warning and the other models are still listed.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { entryKind, fsErrorSentence, isHidden, listFolder, statIfThere } from './folderReading';
import { ollamaDisplayName, readOllamaManifest, type OllamaLayer } from './ollamaManifest';
import { emptyScan, type DiskScan, type OllamaModelOnDisk } from './types';

/** Real manifests are a few hundred bytes; a larger file there is not one and is not read whole. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** host, namespace, model, tag: the four folder levels of a manifest's path below `manifests/`. */
type ManifestParts = [string, string, string, string];

interface ManifestFile {
  file: string;
  parts: ManifestParts;
}

type OllamaScan = DiskScan<OllamaModelOnDisk>;

export async function readOllamaStore(modelsDir: string, signal?: AbortSignal): Promise<OllamaScan> {
  const scan = emptyScan<OllamaModelOnDisk>();
  const manifestsDir = path.join(modelsDir, 'manifests');
  const blobsDir = path.join(modelsDir, 'blobs');
  for (const manifest of await manifestFiles(manifestsDir, [], scan)) {
    signal?.throwIfAborted();
    const model = await modelOf(manifest, blobsDir, scan);
    if (model) scan.models.push(model);
  }
  scan.models.sort((a, b) => a.name.localeCompare(b.name));
  return scan;
}

/**
 * The files exactly four levels below `manifests/`, as Ollama finds them. Deeper paths (newer
 * Ollama keeps other kinds of manifests there) and hidden files are not model manifests.
 */
async function manifestFiles(dir: string, parts: string[], scan: OllamaScan): Promise<ManifestFile[]> {
  const listing = await listFolder(dir);
  if (listing.kind === 'unreadable') scan.warnings.push({ source: 'ollama', path: dir, message: `Ollama's folder ${dir} cannot be read (${listing.why}); give your user read access to it to use its models.` });
  if (listing.kind !== 'entries') return [];
  const found: ManifestFile[] = [];
  for (const entry of listing.entries) {
    if (isHidden(entry.name)) continue;
    const kind = await entryKind(dir, entry);
    const full = path.join(dir, entry.name);
    if (parts.length === 3 && kind === 'file') found.push({ file: full, parts: [...parts, entry.name] as ManifestParts });
    else if (parts.length < 3 && kind === 'folder') found.push(...(await manifestFiles(full, [...parts, entry.name], scan)));
  }
  return found;
}

async function manifestText(file: string): Promise<string> {
  const { size } = await fsp.stat(file);
  if (size > MAX_MANIFEST_BYTES) throw new Error(`it has ${size} bytes, far more than a manifest`);
  return fsp.readFile(file, 'utf8');
}

/** The model a manifest names, or undefined with the reason added to the scan. */
async function modelOf(manifest: ManifestFile, blobsDir: string, scan: OllamaScan): Promise<OllamaModelOnDisk | undefined> {
  const name = ollamaDisplayName(...manifest.parts);
  const warn = (message: string) => scan.warnings.push({ source: 'ollama', path: manifest.file, message: `Ollama's model ${name}: ${message}.` });
  let text: string;
  try {
    text = await manifestText(manifest.file);
  } catch (err) {
    warn(`its manifest ${manifest.file} cannot be read: ${fsErrorSentence(err)}`);
    return undefined;
  }
  const reading = readOllamaManifest(text);
  if (!reading.ok) {
    warn(`${reading.problem}, in ${manifest.file}`);
    return undefined;
  }
  if (!reading.model) {
    // Cloud models and models in other formats (safetensors layers) have no GGUF blob to use.
    scan.notes.push({ source: 'ollama', path: manifest.file, message: `Ollama's model ${name} has no GGUF model file on this computer; it is not listed.` });
    return undefined;
  }
  if (reading.extraModelLayers > 0) {
    scan.notes.push({ source: 'ollama', path: manifest.file, message: `Ollama's model ${name} has ${reading.extraModelLayers + 1} model files; only the first is used, as Ollama does.` });
  }
  const blob = await blobOf(reading.model, blobsDir, name, warn);
  if (!blob) return undefined;
  const projectorPath = reading.projector ? await presentBlob(reading.projector, blobsDir) : undefined;
  return {
    source: 'ollama',
    name,
    path: blob.path,
    sizeBytes: blob.size,
    digest: reading.model.digest,
    hasProjector: reading.projector !== undefined,
    ...(projectorPath ? { projectorPath } : {}),
    manifestPath: manifest.file,
  };
}

/**
 * The model layer's blob when it is whole on disk. Ollama writes a blob under another name and
 * renames it when complete, so a missing blob is an interrupted pull or a store cleaned by hand,
 * and a blob of another size than the manifest's is not the file the manifest means.
 */
async function blobOf(layer: OllamaLayer, blobsDir: string, name: string, warn: (message: string) => void): Promise<{ path: string; size: number } | undefined> {
  const blobPath = path.join(blobsDir, layer.blobFileName);
  const again = `run "ollama pull ${name}" to download it again`;
  try {
    const stats = await statIfThere(blobPath);
    if (!stats || !stats.isFile()) {
      warn(`its model file ${blobPath} is missing; ${again}`);
      return undefined;
    }
    if (stats.size !== layer.size) {
      warn(`its model file ${blobPath} has ${stats.size} bytes where the manifest says ${layer.size}; remove the model with "ollama rm ${name}" and ${again}`);
      return undefined;
    }
    return { path: blobPath, size: stats.size };
  } catch (err) {
    warn(`its model file ${blobPath} cannot be read: ${fsErrorSentence(err)}`);
    return undefined;
  }
}

async function presentBlob(layer: OllamaLayer, blobsDir: string): Promise<string | undefined> {
  const blobPath = path.join(blobsDir, layer.blobFileName);
  const stats = await statIfThere(blobPath).catch(() => undefined);
  return stats?.isFile() ? blobPath : undefined;
}
