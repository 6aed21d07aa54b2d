// Whether a path can be reached: the index's stores ask before they read an optional file.
import { promises as fs } from 'node:fs';

export async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
