// The baseline on disk, .localfocus/review-baseline.json: read and checked, and changed by
// applying a change to the file as it is at that moment and writing it atomically. A file that
// does not parse or has a wrong entry is an error that names the place, and it is never written
// over: it may hold the dismissals of a whole team, and a merge conflict or a typo in it is
// theirs to fix.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { removeOrphanedTempFiles, writeFileAtomicIfUnchanged } from '../atomicWrite';
import { LocalFocusError } from '../errors';
import { parseJsonText } from '../jsonText';
import { BASELINE_VERSION, serializeBaseline, type BaselineEntry } from './baseline';
import { BASELINE_FILE } from './projectReviewFiles';

const FIX_IT = `Fix it by hand or take it back from git (git checkout -- ${BASELINE_FILE}); Local Focus does not write over it while it is broken.`;

const ENTRY_FIELDS = ['path', 'rule', 'context', 'code', 'message'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The entries of a baseline file's text; bad-input naming the first wrong place. */
export function parseBaseline(text: string): BaselineEntry[] {
  const value = parseJsonText(text, BASELINE_FILE, FIX_IT);
  const broken = (what: string): never => {
    throw new LocalFocusError('bad-input', `${BASELINE_FILE}: ${what}. ${FIX_IT}`);
  };
  if (!isRecord(value)) return broken('it must be an object with "version" and "findings"');
  if (value.version !== BASELINE_VERSION) {
    return broken(
      typeof value.version === 'number' && value.version > BASELINE_VERSION
        ? `it has version ${value.version}, written by a newer Local Focus; update Local Focus to read it`
        : `"version" must be ${BASELINE_VERSION}`,
    );
  }
  if (!Array.isArray(value.findings)) return broken('"findings" must be a list');
  return value.findings.map((item: unknown, i): BaselineEntry => {
    const where = `findings[${i}]`;
    if (!isRecord(item)) return broken(`${where} must be an object with ${ENTRY_FIELDS.join(', ')}`);
    for (const field of ENTRY_FIELDS) {
      // The message is for people and may be left out by one who writes an entry by hand.
      if (field === 'message' && item[field] === undefined) continue;
      if (typeof item[field] !== 'string') broken(`${where}.${field} must be a string`);
    }
    const file = item.path as string;
    if (file === '' || path.posix.isAbsolute(file) || path.win32.isAbsolute(file) || file.split('/').includes('..')) {
      broken(`${where}.path must be a file's path inside the project folder, with '/' between folders, not ${JSON.stringify(file)}`);
    }
    return { path: file, rule: item.rule as string, context: item.context as string, code: item.code as string, message: (item.message as string | undefined) ?? '' };
  });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The baseline at `file`; empty when there is none. */
export async function readBaseline(file: string): Promise<BaselineEntry[]> {
  const text = await readText(file);
  return text === undefined ? [] : parseBaseline(text);
}

/**
 * Applies `change` to the baseline as it is on disk now and writes the result atomically. When the
 * file changed between the read and the write (a second window, a CLI run, a git checkout) the
 * change is applied again to the new content, so neither side's entries are lost.
 */
export async function updateBaseline(file: string, change: (entries: BaselineEntry[]) => BaselineEntry[]): Promise<BaselineEntry[]> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await removeOrphanedTempFiles(file).catch(() => 0);
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await readText(file);
    const entries = change(before === undefined ? [] : parseBaseline(before));
    const next = serializeBaseline(entries);
    if (next === before) return entries;
    if (await writeFileAtomicIfUnchanged(file, next, async () => (await readText(file)) === before)) return entries;
  }
  throw new LocalFocusError('bad-input', `${BASELINE_FILE} kept changing on disk while it was being saved; nothing was written. Try again.`);
}
