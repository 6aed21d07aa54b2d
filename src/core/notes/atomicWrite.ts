// Index files are replaced, never edited in place: the new bytes go to a temporary file in the
// same folder, are flushed to disk, and are renamed over the old file. A crash leaves either the
// old or the new file, never half of one (rename is atomic within one file system).

import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value));
}

/** Removes temporary files a crash left behind in `folder`. */
export async function removeStaleTempFiles(folder: string): Promise<number> {
  let removed = 0;
  for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
    if (name.startsWith('.') && name.endsWith('.tmp')) {
      await fs.rm(path.join(folder, name), { force: true });
      removed++;
    }
  }
  return removed;
}
