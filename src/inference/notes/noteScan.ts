// The first step of a notes index update: looking at each listed file. A file whose size and mtime
// match its manifest entry is not read; one too large or binary is left out with the reason. A
// file that is read is hashed and its text dropped: the update reads it again when it chunks it,
// so a first indexing never holds every note's text at once (60 MB of a 50k-chunk build's peak).

import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { hashContent, type CurrentFile, type ManifestEntry } from '../../core/notes/manifest';
import type { SkippedNote } from '../../core/notes/searchTypes';
import type { NoteIndexLog, NoteUpdateOptions } from './noteIndexOptions';
import { cancelled, yieldToEventLoop } from './pausing';

const BINARY_SNIFF_CHARS = 8192;
/** Skipped notes listed in a result; the rest are counted. */
const MAX_SKIPPED_LISTED = 20;
/** Files looked at between progress reports (and turns of the event loop). */
const PROGRESS_EVERY = 256;

export interface ScannedNote extends CurrentFile {
  size: number;
  mtimeMs: number;
  /** True when the file was read and hashed: its size or mtime differ from the manifest's. */
  read?: true;
}

export interface NoteScan {
  files: ScannedNote[];
  /** The first notes left out, each with why. */
  skipped: SkippedNote[];
  /** How many were left out in all. */
  filesSkipped: number;
}

export interface NoteScanSettings {
  folder: string;
  maxFileBytes: number;
  /** The manifest entry of a file, if it is indexed. */
  indexed: (file: string) => ManifestEntry | undefined;
  log: NoteIndexLog;
}

/** A scanned note, a reason to leave the file out, or undefined for a file that is gone or not a file. */
type NoteVerdict = ScannedNote | { skip: string } | undefined;

/** Looks at the listed files (relative paths) in order; aborting the signal pauses with code 'cancelled'. */
export async function scanNotes(listed: ReadonlySet<string>, settings: NoteScanSettings, options: NoteUpdateOptions): Promise<NoteScan> {
  const { signal, onProgress } = options;
  const scan: NoteScan = { files: [], skipped: [], filesSkipped: 0 };
  let done = 0;
  for (const file of listed) {
    if (++done % PROGRESS_EVERY === 0) {
      onProgress?.({ phase: 'scanning', done, total: listed.size });
      await yieldToEventLoop();
      if (signal?.aborted) throw cancelled('Indexing was paused while scanning files.');
    }
    const verdict = await scanNote(file, settings);
    if (verdict && 'skip' in verdict) skip(scan, file, verdict.skip, settings.log);
    else if (verdict) scan.files.push(verdict);
  }
  onProgress?.({ phase: 'scanning', done: listed.size, total: listed.size });
  return scan;
}

async function scanNote(file: string, settings: NoteScanSettings): Promise<NoteVerdict> {
  const absolute = path.join(settings.folder, file);
  // Stat is synchronous: a few microseconds each, where an awaited one costs a trip through the
  // thread pool per note (a third of a second for 4k notes on a busy 2-core machine), and this
  // runs at every search from the CLI. The loop still yields every PROGRESS_EVERY files.
  let stat;
  try {
    stat = statSync(absolute, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stat?.isFile()) return undefined;
  if (stat.size > settings.maxFileBytes) return { skip: `is ${stat.size} bytes, over the ${settings.maxFileBytes}-byte limit for notes` };
  const entry = settings.indexed(file);
  if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs) {
    return { path: file, hash: entry.hash, size: stat.size, mtimeMs: stat.mtimeMs };
  }
  let text: string;
  try {
    text = await fs.readFile(absolute, 'utf8');
  } catch (err) {
    // Unreadable for now (locked, permissions): keep what the index has rather than dropping it.
    settings.log('warn', `Note index: could not read ${file} (${(err as Error).message}); ${entry ? 'keeping its indexed version' : 'skipped'}.`);
    return entry ? { path: file, hash: entry.hash, size: entry.size, mtimeMs: entry.mtimeMs } : undefined;
  }
  // A NUL in the first 8 KB means binary (an image or archive named .md), as the TODO scanner and
  // git decide it: its decoded bytes are noise that would match searches. Left out like a note
  // over the size limit, so an indexed file that became binary is dropped.
  if (text.slice(0, BINARY_SNIFF_CHARS).includes('\0')) return { skip: 'is a binary file, not text' };
  return { path: file, hash: hashContent(text), size: stat.size, mtimeMs: stat.mtimeMs, read: true };
}

function skip(scan: NoteScan, file: string, reason: string, log: NoteIndexLog): void {
  log('warn', `Note index: ${file} ${reason}; not indexed.`);
  if (++scan.filesSkipped <= MAX_SKIPPED_LISTED) scan.skipped.push({ file, reason });
}
