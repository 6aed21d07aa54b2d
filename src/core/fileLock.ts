// An advisory lock file between processes that write the same files: the editor's worker and a
// `local-focus index` in a terminal both update a folder's notes index. The lock is a file created
// with O_EXCL holding "<pid> <token>"; a holder that died (kill -9, a crash) leaves it behind,
// and the next process takes it over once that pid is gone. Waiting honours an AbortSignal.

import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { LocalFocusError } from './errors';
import { processIsRunning } from './atomicWrite';

export interface LockOptions {
  signal?: AbortSignal;
  /** Called once, when the lock is found held by another live process, with its pid. */
  onWait?: (holderPid: number) => void;
  /** Poll interval while waiting (default 200 ms). */
  pollMs?: number;
  /** A lock file that cannot be read as "<pid> <token>" is stale after this long (default 10 s):
   *  a holder killed between creating and writing it. */
  unreadableStaleMs?: number;
}

/** Releases the lock; it removes the file only while it is still this holder's. */
export type ReleaseLock = () => Promise<void>;

async function readHolder(lockPath: string): Promise<{ pid: number; token: string } | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await fsp.readFile(lockPath, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  const m = /^(\d+) ([0-9a-f]+)\n?$/.exec(text);
  return m ? { pid: Number(m[1]), token: m[2]! } : 'unreadable';
}

/** Takes the lock at `lockPath`, waiting while another live holder has it. */
export async function acquireFileLock(lockPath: string, options: LockOptions = {}): Promise<ReleaseLock> {
  const token = randomBytes(8).toString('hex');
  const content = `${process.pid} ${token}\n`;
  const pollMs = options.pollMs ?? 200;
  let told = false;
  for (;;) {
    if (options.signal?.aborted) throw new LocalFocusError('cancelled', 'Stopped while waiting for another process to finish writing.');
    try {
      const handle = await fsp.open(lockPath, 'wx');
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      return async () => {
        const holder = await readHolder(lockPath);
        if (typeof holder === 'object' && holder.token === token) await fsp.rm(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(lockPath);
    if (holder === 'missing') continue;
    let stale: boolean;
    if (holder === 'unreadable') {
      const age = await fsp.stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      stale = age > (options.unreadableStaleMs ?? 10_000);
    } else {
      stale = holder.pid !== process.pid && !processIsRunning(holder.pid);
    }
    if (stale) {
      // Two processes may both find it stale: the rename makes only one of them remove it.
      // If what was moved aside is not the stale lock (another process took it over in between),
      // it is put back.
      const aside = `${lockPath}.${process.pid}.${token}.stale`;
      if (await fsp.rename(lockPath, aside).then(() => true, () => false)) {
        const moved = await readHolder(aside);
        const same = typeof holder === 'object' ? typeof moved === 'object' && moved.token === holder.token : moved === 'unreadable';
        if (!same) await fsp.link(aside, lockPath).catch(() => undefined);
        await fsp.rm(aside, { force: true });
      }
      continue;
    }
    if (!told && typeof holder === 'object') {
      told = true;
      options.onWait?.(holder.pid);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
