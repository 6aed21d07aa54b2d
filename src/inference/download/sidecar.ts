// The `<file>.partial.json` record kept next to a partial download: which file the bytes belong to
// (URL, name, size, hash) and the server's ETag for them, so that a later process (an editor
// restart) can resume the download, or start over when the record describes another file.
import type * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { resolveInside } from '../../core/models/safePath';
import { fileSize } from './files';
import type { DownloadRequest } from './request';

export interface Sidecar {
  version: 1;
  url: string;
  fileName: string;
  size: number | null;
  sha256: string | null;
  etag?: string;
  updatedAt: string;
}

/** What a sidecar says about the file: the request's identity, with unknown size and hash as null. */
export type SidecarFile = Pick<DownloadRequest, 'url' | 'fileName' | 'size' | 'sha256'>;

/** A download found on disk (a .partial with its sidecar), to offer resuming after a restart. */
export interface ResumableDownload extends DownloadRequest {
  bytes: number;
}

/** The record at `sidecarPath`, or undefined when there is none or it is not one we wrote. */
export async function readSidecar(sidecarPath: string): Promise<Sidecar | undefined> {
  try {
    const parsed = JSON.parse(await fsp.readFile(sidecarPath, 'utf8')) as Sidecar;
    return parsed && parsed.version === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the record atomically (written beside it, then renamed over it). */
export async function writeSidecar(sidecarPath: string, file: SidecarFile, etag: string | undefined): Promise<void> {
  const sidecar: Sidecar = {
    version: 1,
    url: file.url,
    fileName: file.fileName,
    size: file.size ?? null,
    sha256: file.sha256 ?? null,
    ...(etag ? { etag } : {}),
    updatedAt: new Date().toISOString(),
  };
  const tmp = sidecarPath + '.tmp';
  await fsp.writeFile(tmp, JSON.stringify(sidecar, null, 2));
  await fsp.rename(tmp, sidecarPath);
}

/** A partial file belongs to a download only if its sidecar describes the same file. */
export function describesSameFile(sidecar: Sidecar | undefined, file: SidecarFile): sidecar is Sidecar {
  return Boolean(
    sidecar && sidecar.url === file.url && sidecar.fileName === file.fileName && sidecar.size === (file.size ?? null) && sidecar.sha256 === (file.sha256 ?? null),
  );
}

/** Partial downloads left in a folder (recursively), e.g. by an editor that was closed mid-download. */
export async function findResumable(dir: string): Promise<ResumableDownload[]> {
  const found: ResumableDownload[] = [];
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.partial.json')) continue;
    const parent = (entry as fs.Dirent & { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
    const sidecarPath = path.join(parent, entry.name);
    try {
      const s = await readSidecar(sidecarPath);
      if (!s || typeof s.url !== 'string' || typeof s.fileName !== 'string') continue;
      const target = sidecarPath.slice(0, -'.partial.json'.length);
      const suffix = path.sep + s.fileName.split('/').join(path.sep);
      if (!target.endsWith(suffix)) continue;
      const destDir = target.slice(0, -suffix.length);
      resolveInside(destDir, s.fileName);
      found.push({ url: s.url, destDir, fileName: s.fileName, size: s.size, sha256: s.sha256, bytes: await fileSize(target + '.partial') });
    } catch {
      // A damaged sidecar is not a download we can resume; the model store can clean it up.
    }
  }
  return found;
}
