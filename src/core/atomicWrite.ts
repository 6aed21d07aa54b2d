// Atomic file replacement for the task file and the notes index: write a temporary file in the same folder, flush it to disk, then
// rename it over the target, so a reader (git, the editor, a crash) sees the old file or the new
// one, never half of each. Split in prepare/commit so a caller can check the target once more
// between the two (TaskStore's compare-and-swap).

import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface PreparedWrite {
  /** The temporary file holding the new content. */
  readonly tempPath: string;
  /** Renames the temporary file over the target and flushes the folder entry. */
  commit(): Promise<void>;
  /** Deletes the temporary file; safe to call after a failed commit. */
  abort(): Promise<void>;
}

async function existingMode(filePath: string): Promise<number | undefined> {
  try {
    return (await fsp.stat(filePath)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Writes `data` to a flushed temporary file next to `filePath`; nothing visible changes until commit. */
export function prepareAtomicWrite(filePath: string, data: string | Uint8Array): Promise<PreparedWrite> {
  return prepareAtomicWriteBy(filePath, (handle) => handle.writeFile(data));
}

/** As prepareAtomicWrite, the temporary file filled by `fill` (in pieces, so a large file need not be in memory whole). */
export async function prepareAtomicWriteBy(filePath: string, fill: (handle: fsp.FileHandle) => Promise<void>): Promise<PreparedWrite> {
  const dir = path.dirname(filePath);
  const tempPath = path.join(dir, `.${path.basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = (await existingMode(filePath)) ?? 0o666;
  const handle = await fsp.open(tempPath, 'wx', mode);
  try {
    await fill(handle);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fsp.unlink(tempPath).catch(() => undefined);
    throw err;
  }
  await handle.close();
  let settled = false;
  return {
    tempPath,
    async commit() {
      if (settled) throw new Error(`write of ${filePath} was already committed or aborted`);
      try {
        await fsp.rename(tempPath, filePath);
      } catch (err) {
        await fsp.unlink(tempPath).catch(() => undefined);
        settled = true;
        throw err;
      }
      settled = true;
      // The rename is durable only once the folder entry is on disk; some systems refuse to open a folder.
      try {
        const dirHandle = await fsp.open(dir, 'r');
        try {
          await dirHandle.sync();
        } finally {
          await dirHandle.close();
        }
      } catch {
        /* best effort: Windows and some network file systems cannot fsync a folder */
      }
    },
    async abort() {
      if (settled) return;
      settled = true;
      await fsp.unlink(tempPath).catch(() => undefined);
    },
  };
}

/** Replaces `filePath` with `data` atomically (temp file in the same folder, fsync, rename). */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const prepared = await prepareAtomicWrite(filePath, data);
  await prepared.commit();
}

/**
 * Compare-and-swap: writes `data` over `filePath` atomically unless `unchanged()`, asked after the
 * new content is on disk beside the target and just before the rename, says the target changed
 * since the caller read it. False when it did, and then nothing was written.
 */
export async function writeFileAtomicIfUnchanged(filePath: string, data: string | Uint8Array, unchanged: () => Promise<boolean>): Promise<boolean> {
  const prepared = await prepareAtomicWrite(filePath, data);
  try {
    if (!(await unchanged())) {
      await prepared.abort();
      return false;
    }
    await prepared.commit();
    return true;
  } catch (err) {
    await prepared.abort();
    throw err;
  }
}

export async function writeJsonAtomic(filePath: string, value: unknown): Promise<void> {
  await writeFileAtomic(filePath, JSON.stringify(value));
}

/** Temp names of prepareAtomicWrite: ".<target name>.<pid>.<8 hex>.tmp". */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temp files in `dir` whose writer no longer runs (killed between its temp file and
 * the rename), only those of `target` when given. A live writer's are kept: another process or
 * window writing the same folder (the editor's worker and the CLI share a notes index) may be
 * mid-write.
 */
async function removeDeadWritersTempFiles(dir: string, target?: string): Promise<number> {
  let removed = 0;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const m = TEMP_NAME.exec(name);
    if (!m || (target !== undefined && m[1] !== target) || processIsRunning(Number(m[2]))) continue;
    await fsp.rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** Removes the temp files a crash left behind in `folder`, for any target, whose writer is gone. */
export function removeStaleTempFiles(folder: string): Promise<number> {
  return removeDeadWritersTempFiles(folder);
}

/** Whether a process with this pid runs (as any user). */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files of `filePath` whose writer is gone, and no other file's: safe in a folder
 * shared with other programs (the workspace holding TASKS.md).
 */
export function removeOrphanedTempFiles(filePath: string): Promise<number> {
  return removeDeadWritersTempFiles(path.dirname(filePath), path.basename(filePath));
}
