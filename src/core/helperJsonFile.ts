// A small JSON file that is a help to Local Focus rather than the user's data (the hidden Next
// suggestions, the open tasks last seen in a task file): a missing, unreadable or broken one reads
// as nothing, since the worst it costs is a help missed once, and the next write replaces it
// atomically, creating its folder.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { writeJsonAtomic } from './atomicWrite';

/** The parsed file; undefined when it is missing, cannot be read or is not JSON. */
export async function readHelperJson(filePath: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(filePath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function writeHelperJson(filePath: string, value: unknown): Promise<void> {
  await fsp.mkdir(path.dirname(filePath), { recursive: true });
  await writeJsonAtomic(filePath, value);
}
