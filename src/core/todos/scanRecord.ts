// The persisted record of a workspace TODO scan: every file the scan read, with the size, mtime
// and ctime it had and what reading it found (its TODOs, or binary, too large, no known
// language), and every folder it listed, with its own stamp, the stamps of the ignore files that
// shaped its listing and what the walk took from it. A scan after a restart takes an unchanged
// file's TODOs from here and reads only the files that changed; it lists again only the folders
// whose entries or ignore files changed (a folder's mtime changes when an entry is added, removed
// or renamed, not when a file's content changes). The record holds for one scanner and one set of scan settings: a record
// written by another scanner version or under other tags, excludes or limits is not used, since
// the same file could yield other TODOs under those rules. ctime is kept beside mtime because
// copying tools (rsync -t, cp -p, tar) set mtime back but cannot set ctime.

import { createHash } from 'node:crypto';
import { commentSyntaxFor, commentSyntaxForFileName, knownExtensions, knownFileNames } from '../lexing/syntaxLookup';
import { SYNTAXES } from '../lexing/syntaxTable';
import type { TodoMatch } from './todoCollector';

/** Raised whenever the scanner's code could find other TODOs in the same bytes (the comment walk,
 *  the collector, the `#!` rules, the verdicts). The syntax and name tables need no raise: the
 *  record's key holds their fingerprint. A record of another version is not used. */
export const TODO_SCANNER_VERSION = 1;

/** The layout of the record file itself. */
const RECORD_FORMAT = 1;

/** What identifies a file's content without reading it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** What reading a file found: its TODOs (maybe none), or why it had none to find. */
export type RecordedVerdict = TodoMatch[] | 'binary' | 'large' | 'unknown';

export interface RecordedFile {
  stamp: FileStamp;
  verdict: RecordedVerdict;
}

/** The settings that decide what a scan finds in a file or which files it reads. */
export interface ScanRecordSettings {
  tags: readonly string[];
  exclude: readonly string[];
  respectGitignore: boolean;
  maxFileBytes: number;
}

/** A folder the walk listed, and what it took from it. */
export interface RecordedFolder {
  stamp: FileStamp;
  /** The ignore files that shaped the listing, in a fixed order (the root: .git/info/exclude and
   *  .gitignore; any other folder: its .gitignore), each one's stamp or null where there is none. */
  rules: (FileStamp | null)[];
  /** Names of the files to scan and of the folders to walk, in the walk's order. */
  files: string[];
  folders: string[];
  /** What the walk passed over here, for the scan's statistics. */
  ignored: number;
  unknown: number;
}

export interface ScanRecord {
  /** The scanned folder, absolute. */
  root: string;
  /** recordKey() of the scanner and settings the record was made with. */
  key: string;
  /** Files by path relative to the root, with forward slashes. */
  files: Map<string, RecordedFile>;
  /** Folders by path relative to the root ('' for the root itself). */
  folders: Map<string, RecordedFolder>;
}

let tablesFingerprint: string | undefined;

/** A digest of the syntax table and the names and extensions that choose from it. */
function syntaxTablesFingerprint(): string {
  tablesFingerprint ??= createHash('sha256')
    .update(JSON.stringify([SYNTAXES, knownExtensions().map((e) => [e, commentSyntaxFor(e)?.id]), knownFileNames().map((n) => [n, commentSyntaxForFileName(n)?.id])]))
    .digest('hex')
    .slice(0, 16);
  return tablesFingerprint;
}

/** The scanner version and the settings as one string: a record is used only under an equal key. */
export function recordKey(settings: ScanRecordSettings): string {
  return JSON.stringify({
    scanner: TODO_SCANNER_VERSION,
    tables: syntaxTablesFingerprint(),
    tags: settings.tags,
    exclude: [...settings.exclude].sort(),
    respectGitignore: settings.respectGitignore,
    maxFileBytes: settings.maxFileBytes,
  });
}

/** One file on disk: [path, size, mtimeMs, ctimeMs, verdict]. Arrays, not objects: a record of
 *  ten thousand files parses in a few milliseconds. */
type FileRow = [string, number, number, number, RecordedVerdict];

/** [size, mtimeMs, ctimeMs], or 0 for an ignore file that is not there. */
type StampRow = [number, number, number] | 0;

/** One folder: [path, size, mtimeMs, ctimeMs, rules, files, folders, ignored, unknown]. */
type FolderRow = [string, number, number, number, StampRow[], string[], string[], number, number];

interface RecordFile {
  format: number;
  root: string;
  key: string;
  files: FileRow[];
  folders: FolderRow[];
}

export function serializeScanRecord(record: ScanRecord): string {
  const files: FileRow[] = [];
  for (const [rel, { stamp, verdict }] of record.files) files.push([rel, stamp.size, stamp.mtimeMs, stamp.ctimeMs, verdict]);
  const folders: FolderRow[] = [];
  for (const [rel, f] of record.folders) {
    const rules = f.rules.map((r): StampRow => (r ? [r.size, r.mtimeMs, r.ctimeMs] : 0));
    folders.push([rel, f.stamp.size, f.stamp.mtimeMs, f.stamp.ctimeMs, rules, f.files, f.folders, f.ignored, f.unknown]);
  }
  return JSON.stringify({ format: RECORD_FORMAT, root: record.root, key: record.key, files, folders } satisfies RecordFile);
}

/** Why a record cannot be used; `corrupt` when it is damaged rather than made under other rules. */
export interface UnusableRecord {
  unusable: string;
  corrupt: boolean;
}

/** The record in `text` when it was made for `root` under `key`; otherwise why it cannot be used. */
export function parseScanRecord(text: string, root: string, key: string): { record: ScanRecord } | UnusableRecord {
  let parsed: Partial<RecordFile>;
  try {
    parsed = JSON.parse(text) as Partial<RecordFile>;
  } catch (err) {
    return { unusable: `it is not JSON (${(err as Error).message})`, corrupt: true };
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.files) || !Array.isArray(parsed.folders)) return { unusable: 'it is not a scan record', corrupt: true };
  if (parsed.format !== RECORD_FORMAT) return { unusable: `it has layout ${String(parsed.format)}, not ${RECORD_FORMAT}`, corrupt: false };
  if (parsed.root !== root) return { unusable: `it was made for ${String(parsed.root)}`, corrupt: false };
  if (parsed.key !== key) return { unusable: 'it was made by another scanner version or under other TODO settings', corrupt: false };
  const files = new Map<string, RecordedFile>();
  for (const row of parsed.files) {
    if (!isFileRow(row)) return { unusable: `an entry is malformed: ${JSON.stringify(row).slice(0, 120)}`, corrupt: true };
    files.set(row[0], { stamp: { size: row[1], mtimeMs: row[2], ctimeMs: row[3] }, verdict: row[4] });
  }
  const folders = new Map<string, RecordedFolder>();
  for (const row of parsed.folders) {
    if (!isFolderRow(row)) return { unusable: `a folder entry is malformed: ${JSON.stringify(row).slice(0, 120)}`, corrupt: true };
    const rules = row[4].map((r) => (r === 0 ? null : { size: r[0], mtimeMs: r[1], ctimeMs: r[2] }));
    folders.set(row[0], { stamp: { size: row[1], mtimeMs: row[2], ctimeMs: row[3] }, rules, files: row[5], folders: row[6], ignored: row[7], unknown: row[8] });
  }
  return { record: { root, key, files, folders } };
}

function isFolderRow(row: unknown): row is FolderRow {
  if (!Array.isArray(row) || row.length !== 9) return false;
  if (typeof row[0] !== 'string' || typeof row[1] !== 'number' || typeof row[2] !== 'number' || typeof row[3] !== 'number') return false;
  if (typeof row[7] !== 'number' || typeof row[8] !== 'number' || !Array.isArray(row[4]) || !(row[4] as unknown[]).every(isStampRow)) return false;
  return isStringArray(row[5]) && isStringArray(row[6]);
}

function isStampRow(value: unknown): value is StampRow {
  return value === 0 || (Array.isArray(value) && value.length === 3 && value.every((n) => typeof n === 'number'));
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}

// The row checks index the arrays rather than destructure them: they run once per file and
// folder while a restarted worker's code is not yet optimised, where an iterator costs.
function isFileRow(row: unknown): row is FileRow {
  if (!Array.isArray(row) || row.length !== 5) return false;
  if (typeof row[0] !== 'string' || typeof row[1] !== 'number' || typeof row[2] !== 'number' || typeof row[3] !== 'number') return false;
  const verdict: unknown = row[4];
  return verdict === 'binary' || verdict === 'large' || verdict === 'unknown' || (Array.isArray(verdict) && verdict.every(isTodoMatch));
}

function isTodoMatch(value: unknown): value is TodoMatch {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  const numbers = typeof t.line === 'number' && typeof t.column === 'number' && typeof t.offset === 'number' && typeof t.endLine === 'number';
  return numbers && typeof t.tag === 'string' && typeof t.text === 'string' && (t.owner === undefined || typeof t.owner === 'string');
}

/** Whether two stamps describe the same content as far as the file system tells. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** sameStamp() for ignore files that may be missing (null) on either side. */
export function sameRules(a: readonly (FileStamp | null)[], b: readonly (FileStamp | null)[]): boolean {
  return a.length === b.length && a.every((s, i) => (s === null || b[i] === null ? s === b[i] : sameStamp(s, b[i]!)));
}
